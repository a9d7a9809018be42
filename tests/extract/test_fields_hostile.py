"""Hostile text: very long lines of separators, '@'s or keywords cost bounded work, never a hang."""
from __future__ import annotations

import pytest

from tests.extract.test_fields_kit import H, P, letter, read

PATTERNS = ["-," * 20000, "@a." * 20000, "a." * 20000 + "@", "list " * 20000, "superintendent " * 20000,
            "between the kentucky department of education and " * 400, "☒" * 20000, "[" * 20000]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", PATTERNS, ids=lambda t: repr(t[:6]))
def test_long_hostile_lines_anywhere(text: str) -> None:
    """The same hostile line in the district field, contacts, plan and signatures still yields a record."""
    for doc in (letter(district=[P("**District:** " + text)]), letter(contacts=[H("District Contacts"), P(text)]),
                letter(plan=[H("District Plan"), P(text)]),
                letter(signatures=[H("Signatures"), P("For the District (Superintendent or Designee)"), P(text), P("Date: " + text)])):
        record = read(doc)
        assert record.is_loc and record.status in ("ok", "needs_review")
