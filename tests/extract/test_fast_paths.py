"""The speed-ups in the text helpers, the reader and the initiative reader give exactly what the
plain definitions give (issue 11: "behaviour must not change"): each fast path is checked
against the slow definition it replaces, on generated text rich in the characters that matter."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sharepoint_sync.extract.blocks import Paragraph, Run, build
from sharepoint_sync.extract.fields import initiatives, text

#: pieces that exercise the fast paths' edges: placeholder words, case and look-alike letters
#: (dotless ı, dotted İ, long ſ, Kelvin sign), white space of every kind, bidi controls, boxes
_PIECES = st.sampled_from([
    "click", "Click", "CLİCK", "clıck", "here", "HERE", "to", "enter", "ENTER", "text", "Text", "a date",
    "choose", "chooſe", "an", "item", "ıtem", "type", "insert", "tap", "or", "K", "\u212a", " ", "  ", "\t",
    "\n", "\u00a0", "\u2003", "\u200b", "\u202e", "\u2067", ".", ":", "☒", "☐", "[x]", "[ ]", "(x)", "X",
    "Portrait of a Learner", "Deeper Learning", "l3", "\x1f", "é", "e\u0301",
])
_TEXTS = st.lists(_PIECES, max_size=12).map("".join) | st.text(max_size=40)


def _slow_fold(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_fold_fast_path_equals_the_regex_definition(s: str) -> None:
    """fold's ASCII shortcut returns what the white-space regex returns."""
    assert text.fold(s) == _slow_fold(s)


def test_str_split_and_the_regex_agree_on_white_space_everywhere_in_unicode() -> None:
    """fold's str.split() stands for the regex \\s: the two must agree on every code point."""
    import sys

    space = re.compile(r"\s")
    assert [c for c in range(sys.maxunicode + 1) if bool(space.match(chr(c))) != chr(c).isspace()] == []


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_bidi_check_equals_a_character_scan(s: str) -> None:
    """has_bidi_controls agrees with scanning every character for a bidi control."""
    assert text.has_bidi_controls(s) == any(ch in text.BIDI_CONTROLS for ch in s)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_placeholder_search_equals_the_plain_case_insensitive_search(s: str) -> None:
    """The lower-case pre-check never hides a placeholder phrase the IGNORECASE regex finds."""
    assert text.has_placeholder(s) == bool(text._PLACEHOLDER_RE.search(text.clean(s)))
    assert text.remove_placeholders(s)[1] == (
        text.is_bracket_prompt(text.clean(s)) or bool(text._PLACEHOLDER_RE.search(text.clean(s))))


def test_every_placeholder_phrase_holds_a_hint_word() -> None:
    """The cheapest pre-check (hint words) is a necessary condition for every phrase."""
    assert all(any(hint in phrase for hint in text._PLACEHOLDER_HINTS) for phrase in text._PLACEHOLDER_PHRASES)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_initiative_box_pre_check_equals_the_patterns(s: str) -> None:
    """Skipping the box patterns for box-less text changes no reading."""
    slow = initiatives._BOX_RE.match(s) or initiatives._BOX_AFTER_RE.match(s)
    if slow is None:
        assert initiatives._ticked_initiative(s) is None


def test_build_makes_the_same_value_as_the_constructor() -> None:
    """blocks.build gives an instance equal (and hashing alike) to the dataclass's own __init__."""
    run = build(Run, {"text": "Jane", "bold": True, "field_tag": "poc", "placeholder": False})
    assert run == Run("Jane", True, "poc", False) and hash(run) == hash(Run("Jane", True, "poc", False))
    values = dict(runs=(run,), style="Heading 1", list_level=None, list_format=None, heading_level=1, source="body")
    assert build(Paragraph, values) == Paragraph(**values) and repr(build(Paragraph, values)) == repr(Paragraph(**values))


def test_build_refuses_a_missing_field() -> None:
    """A call that forgets a field fails loudly instead of making a half-built value."""
    with pytest.raises(TypeError):
        build(Run, {"text": "x", "bold": False, "field_tag": None})


def _styled_letter(bold_style: bool, compression: int) -> bytes:
    """A one-paragraph letter in style "Strong", bold or not by its styles.xml, zipped as asked."""
    import io
    import zipfile

    from tests.extract.docx_factory import make_docx, zip_bytes

    bold = "<w:b/>" if bold_style else '<w:b w:val="0"/>'
    styles = f'<w:style w:type="paragraph" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr>{bold}</w:rPr></w:style>'
    data = make_docx('<w:p><w:pPr><w:pStyle w:val="Strong"/></w:pPr><w:r><w:t>Hello</w:t></w:r></w:p>', styles=styles)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return zip_bytes(parts, compression)


def test_styles_cache_tells_styles_apart_by_content_not_by_name() -> None:
    """Letters whose styles.xml differ read with their own styles, however each is zipped, and
    the same styles stored deflated or uncompressed read alike (the cache keys on the stored part)."""
    import zipfile

    from sharepoint_sync.extract.api import read_view

    def bold_of(data: bytes) -> bool:
        return read_view(data).body[0].runs[0].bold

    for compression in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        assert bold_of(_styled_letter(True, compression)) is True
        assert bold_of(_styled_letter(False, compression)) is False


def test_a_damaged_styles_part_is_refused_even_after_its_twin_was_cached() -> None:
    """A styles part whose stored bytes equal a cached one's but whose recorded CRC differs is not
    served from the cache: the read fails as corrupt, as it would without the cache."""
    import datetime
    import io
    import zipfile

    from sharepoint_sync.extract.api import extract_in_process, read_view

    good = _styled_letter(True, zipfile.ZIP_STORED)
    read_view(good)  # caches its styles
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        info = archive.getinfo("word/styles.xml")
    # flip the CRC recorded in styles.xml's central directory entry (APPNOTE 4.3.12: CRC at +16,
    # name length at +28, name at +46); the stored bytes stay the cached ones
    offset = good.find(b"PK\x01\x02")
    while offset >= 0:
        name_length = int.from_bytes(good[offset + 28: offset + 30], "little")
        if good[offset + 46: offset + 46 + name_length] == b"word/styles.xml":
            break
        offset = good.find(b"PK\x01\x02", offset + 4)
    crc = (info.CRC ^ 0xFFFFFFFF).to_bytes(4, "little")
    damaged = good[:offset + 16] + crc + good[offset + 20:]
    today = datetime.date(2026, 11, 28)
    assert extract_in_process(good, "good.docx", today).review_reasons != ("unreadable:corrupt",)
    assert extract_in_process(damaged, "damaged.docx", today).review_reasons == ("unreadable:corrupt",)


@settings(max_examples=400, deadline=None)
@given(_TEXTS | st.lists(st.sampled_from(sorted(text._CF_CHARS)) | _PIECES, max_size=12).map("".join))
def test_strip_invisible_equals_removing_every_format_character(s: str) -> None:
    """strip_invisible (set check + translate) drops exactly the characters of Unicode category Cf."""
    import unicodedata

    assert text.strip_invisible(s) == "".join(ch for ch in s if unicodedata.category(ch) != "Cf")


_CAPTION_PIECES = st.sampled_from([
    "Superintendent", "superintendent", "District", "DISTRICT", "designee", "Designee", "signature", "Signature of",
    "signatory", "name", "for the district", "participating district", "KDE", "kde", "Department of Education",
    "commissioner", "for the", "Date", ":", " ", "/", "Kentucky", "Jane Doe", "\u212a", "ſignature", "İ",
])
_CAPTIONS = st.lists(_CAPTION_PIECES, max_size=18).map(" ".join) | _TEXTS


def _line(s: str):
    from sharepoint_sync.extract.blocks import DocView
    from sharepoint_sync.extract.fields.lines import flatten

    return flatten(DocView(headers=(), body=(Paragraph(runs=(Run(s),)),))).lines[0]


@settings(max_examples=500, deadline=None)
@given(_CAPTIONS)
def test_caption_shortcuts_equal_the_caption_patterns(s: str) -> None:
    """The signature-caption tests (word pre-checks, memo) say what the plain pattern definitions say."""
    from sharepoint_sync.extract.fields import sections, signature as sig

    line = _line(s)
    key, words = line.key, len(line.key.split())
    district = 0 < words <= 14 and bool(sig._DISTRICT_CAPTION_RE.search(key)) and not sig._KDE_RE.search(key)
    kde = 0 < words <= 14 and bool(sig._KDE_RE.search(key)) and bool(sig._KDE_CAPTION_RE.search(key) or key == "kde")
    for _ in range(2):  # the second answer comes from the line's memo
        assert sig.is_district_caption(line) == district
        assert sig.is_kde_caption(line) == kde
    contact = bool(sections._CONTACT_RE.search(key)) and len(line.text.split()) <= 8 and (
        line.is_heading or line.text.rstrip().endswith(":") or line.all_bold)
    assert sections.is_contact_heading(line) == contact
    assert line.word_count == words


def test_case_folding_never_makes_or_removes_white_space() -> None:
    """A line's word count is taken from its text and used for its case-folded key: equal on every code point."""
    import sys

    assert [c for c in range(sys.maxunicode + 1) if len(chr(c).casefold().split()) != len(chr(c).split())] == []


def _with_crc_flipped(data: bytes, name: str) -> bytes:
    """`data` with the CRC recorded for `name` in the central directory inverted (APPNOTE 4.3.12:
    CRC at +16, name length at +28, name at +46); every stored byte of the part stays as it was."""
    offset = data.find(b"PK\x01\x02")
    while offset >= 0:
        name_length = int.from_bytes(data[offset + 28: offset + 30], "little")
        if data[offset + 46: offset + 46 + name_length] == name.encode():
            crc = (int.from_bytes(data[offset + 16: offset + 20], "little") ^ 0xFFFFFFFF).to_bytes(4, "little")
            return data[:offset + 16] + crc + data[offset + 20:]
        offset = data.find(b"PK\x01\x02", offset + 4)
    raise AssertionError(f"{name} is not in the package")


@pytest.mark.parametrize("part", ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"])
def test_a_damaged_small_part_is_refused_even_after_its_twin_was_cached(part: str) -> None:
    """The small package parts are remembered by their stored bytes: a twin whose recorded CRC differs
    is not served from that memory, and the read fails as corrupt, as it would without it."""
    import datetime

    from sharepoint_sync.extract.api import extract_in_process, read_view
    from tests.extract.docx_factory import make_docx

    good = make_docx()
    read_view(good)  # remembers its small parts
    today = datetime.date(2026, 11, 28)
    assert extract_in_process(good, "good.docx", today).review_reasons == ("not_a_loc",)
    damaged = _with_crc_flipped(good, part)
    assert extract_in_process(damaged, "damaged.docx", today).review_reasons == ("unreadable:corrupt",)


def test_the_content_type_is_read_from_each_package_not_from_a_remembered_one() -> None:
    """Two packages alike but for the main part's content type are told apart (macro-enabled vs document)."""
    import datetime

    from sharepoint_sync.extract.api import extract_in_process
    from tests.extract.docx_factory import make_docx

    today = datetime.date(2026, 11, 28)
    macro = "application/vnd.ms-word.document.macroEnabled.main+xml"
    for _ in range(2):
        assert extract_in_process(make_docx(), "a.docx", today).review_reasons == ("not_a_loc",)
        assert extract_in_process(make_docx(content_type=macro), "b.docm", today).review_reasons == (
            "unreadable:macro_enabled",)


_DATE_TEXTS = st.lists(st.sampled_from([
    "Date:", "11/15/2019", "2019-11-15", "Nov", "November", "15th", "15", ",", "2019", "of", "Sept.", " ", "/",
    "-", ".", "\u0661\u0665", "\u0968", "May", "signed", "x", "3", "31", "2", "12",
]), max_size=8).map(" ".join) | _TEXTS


@settings(max_examples=500, deadline=None)
@given(_DATE_TEXTS)
def test_find_date_digit_shortcut_equals_the_patterns(s: str) -> None:
    """find_date's no-digit shortcut gives what running every date pattern gives."""
    from sharepoint_sync.extract.fields import dates

    best = None
    for pattern in dates._PATTERNS:
        match = pattern.search(s)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), dates._build(match))
    slow = (dates.DateReading(best[1], unparseable=best[1] is None) if best is not None
            else dates.DateReading(None, unparseable=bool(dates._DATEISH_RE.search(s))))
    assert dates.find_date(s) == slow


def test_every_dtd_marker_holds_one_of_the_two_pre_check_sequences() -> None:
    """parse_part's two quick scans ("<!", "<\\0!") are a necessary condition for each DTD marker."""
    from sharepoint_sync.extract.preflight import _DTD_MARKERS

    assert _DTD_MARKERS and all(b"<!" in marker or b"<\x00!" in marker for marker in _DTD_MARKERS)


def test_the_district_label_pattern_starts_only_with_the_pre_checked_characters() -> None:
    """find_district's label pre-check: the label pattern begins with "school", "district" or "name
    of", and no code point outside _LABEL_FIRST matches s, d or n case-insensitively."""
    import sys

    from sharepoint_sync.extract.fields import district_name

    assert district_name._LABEL_RE.pattern.startswith(
        r"^(?:school\s+)?(?:district(?:\s+name)?|name of (?:the )?district|school district)")
    assert district_name._LABEL_RE.flags & re.IGNORECASE
    starts = {chr(c) for c in range(sys.maxunicode + 1) if re.match(r"[sdn]", chr(c), re.IGNORECASE)}
    assert starts == set(district_name._LABEL_FIRST)
