"""Text normalisation: invisible characters, white space, placeholders."""
from __future__ import annotations

import sys
import unicodedata

import pytest

from sharepoint_sync.extract.fields.text import clean, fold, has_bidi_controls, remove_placeholders, strip_invisible


def test_every_format_character_is_stripped() -> None:
    """All Unicode format characters (Cf: zero-width, soft hyphen, BOM, bidi controls) are removed."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
    assert strip_invisible("a" + every + "b") == "ab"


def test_clean_folds_spaces_and_applies_nfkc() -> None:
    """NBSP, tabs and runs of spaces fold to one space; full-width letters become ASCII."""
    assert clean("Ｍａｒｉｏｎ\u00a0 County\t\u200bSchools ") == "Marion County Schools"
    assert fold("a\u00a0\u00a0b\n c") == "a b c"


def test_bidi_controls_are_detected() -> None:
    """Bidi overrides and isolates are recognised (names carrying them are never matched)."""
    assert has_bidi_controls("\u202eabc") and has_bidi_controls("a\u2066b") and not has_bidi_controls("abc")


@pytest.mark.parametrize("text", ["Click or tap here to enter text.", "click here to enter text", "Enter text",
                                  "[District Name]", "<Name>", "Click or tap to enter a date."])
def test_placeholders_count_as_empty(text: str) -> None:
    """Word's prompts and bracketed prompts are removed and reported."""
    assert remove_placeholders(text) == ("", True)


def test_text_around_a_placeholder_is_kept() -> None:
    """Only the prompt goes: 'Title: Click or tap here to enter text.' keeps 'Title:'."""
    assert remove_placeholders("Title: Click or tap here to enter text.") == ("Title:", True)
    assert remove_placeholders("Real value") == ("Real value", False)
