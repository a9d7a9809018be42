"""Where the district is written: a tagged content control, a "District:" field, the 2018 form's
contact block or partnership sentence, or a district-like line in the page header or a text box.
Never inferred from e-mail domains or school names in prose."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .lines import Doc, Line, TableView
from .name_candidates import Why, why_not_a_name
from .people import find_email, looks_like_title
from .sections import contact_spans
from .text import clean, fold, is_blank, remove_placeholders, strip_invisible

_LABEL_RE = re.compile(
    r"^(?:school\s+)?(?:district(?:\s+name)?|name of (?:the )?district|school district)\s*[:\-–—]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_PARTNERSHIP_RE = re.compile(
    r"between the kentucky department of education(?:\s*\(kde\))? and (?P<name>.+?) for the current school year",
    re.IGNORECASE,
)
_DISTRICTISH_RE = re.compile(r"\b(county|independent|ind\.|co\.|schools|school district|board of education)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Rejected:
    """A candidate that is not a name: what was written there and why it was passed over."""

    text: str
    why: Why


@dataclass(frozen=True)
class WrittenDistrict:
    """The district name as written (None when absent) and whether a placeholder stood in for it."""

    as_written: str | None = None
    placeholder: bool = False
    #: the line the name was read from (its evidence), None when no name was found
    line: int | None = None
    #: candidates passed over because they are labels, dates or references, in the order met
    rejected: tuple[Rejected, ...] = ()


def find_district(doc: Doc) -> WrittenDistrict:
    """The first district name the form gives, in order of how explicitly it is given. A candidate that
    is a label, a date or a reference back is passed over (and remembered) and the search goes on."""
    placeholder, rejected = False, []
    for finder in (_tagged, _labelled, _contact_block, _partnership, _header_or_textbox, _title, _standalone):
        for name, was_placeholder, at in finder(doc):
            placeholder = placeholder or was_placeholder
            if not name:
                continue
            why = why_not_a_name(name)
            if why is not None:
                rejected.append(Rejected(name, why))
                continue
            return WrittenDistrict(name, placeholder, at, tuple(rejected))
    return WrittenDistrict(None, placeholder, rejected=tuple(rejected))


def as_written(text: str) -> tuple[str | None, bool]:
    """A written name: white space folded, invisible characters dropped, placeholder removed."""
    rest, was_placeholder = remove_placeholders(text)
    name = fold(strip_invisible(rest)).strip(" :;,")
    return (_name_part(name) if name and not is_blank(name) else None), was_placeholder


#: what letterheads put between a name and its address: , ; | and spaced dashes, middots, bullets
_TAIL_RE = re.compile(r"\s*(?:[,;|]|\s[-–—·•]\s)\s*")


def _name_part(name: str) -> str:
    """The name without what follows it in the same field ("Hart County Schools, Superintendent
    Brent Mayfield", "Marion County Public Schools - Lebanon, KY"): the part before the first
    separator when that part reads as a district name and the rest does not."""
    parts = _TAIL_RE.split(name, maxsplit=1)
    if len(parts) == 2 and _DISTRICTISH_RE.search(parts[0]) and not _DISTRICTISH_RE.search(parts[1]):
        return parts[0]
    return name


#: a finder's candidate: (name or None, a placeholder stood in, the line it was read from)
Candidate = tuple["str | None", bool, int]


def _tagged(doc: Doc) -> Iterator[Candidate]:
    for line in doc.lines:
        runs = [r for r in line.runs if r.field_tag and "district" in r.field_tag.casefold()]
        if runs:
            if all(r.placeholder for r in runs):
                yield None, True, line.index
            else:
                yield *as_written("".join(r.text for r in runs if not r.placeholder)), line.index
            return


#: what `_LABEL_RE` (anchored, case-insensitive) can start with: s, d or n in any case, and the
#: long s (tests/extract/test_fast_paths.py checks this against the pattern on every code point)
_LABEL_FIRST = frozenset("sSdDnN\u017f")


def _labelled(doc: Doc) -> Iterator[Candidate]:
    for line in doc.lines:
        text = _shown(line)
        match = _LABEL_RE.match(text) if text[:1] in _LABEL_FIRST else None
        if match is None or len(text.split()) > 12 or not _label_ends(line, text, match):
            continue
        rest, at = match.group("rest"), line.index
        if not clean(rest):
            rest, at = _next_value(doc, line)
        yield *as_written(rest), at


def _label_ends(line: Line, text: str, match: re.Match[str]) -> bool:
    """The label is followed by a colon/dash/tab, set apart in bold, or stands alone
    (so "District Plan" or prose starting with "District" is no label)."""
    head = text[: match.start("rest")]
    if re.search(r"[:\-–—]\s*$", head) or not match.group("rest"):
        return True
    first = next((r for r in line.runs if r.text.strip()), None)
    if first is not None and first.bold and clean(first.text).rstrip(" :") == head.strip():
        return True
    written = "".join(r.text for r in line.runs).lstrip()
    return "\t" in written[: len(head) + 1]


def _shown(line: Line) -> str:
    """The line as written, minus invisible characters (what a reader sees, without NFKC)."""
    return fold(strip_invisible(line.raw))


def _next_value(doc: Doc, line: Line) -> tuple[str, int]:
    """The value beside a bare label and its line: the next cell in the row (the cell below when the
    label heads a column of a header row), else the next line."""
    table = doc.table_of(line)
    if table is not None:
        assert line.cell is not None   # a line in a table knows its cell
        _, r, c = line.cell
        if _is_header_row(doc, table, r) and r + 1 < len(table.rows) and c < len(table.rows[r + 1]):
            cell = table.rows[r + 1][c]
        elif c + 1 < len(table.rows[r]):
            cell = table.rows[r][c + 1]
        else:
            return "", line.index
        return " ".join(_shown(doc.lines[i]) for i in cell), cell[0] if cell else line.index
    nxt = doc.lines[line.index + 1] if line.index + 1 < len(doc.lines) else None
    if nxt is None or nxt.is_heading or ":" in nxt.text:
        return "", line.index
    return (_shown(nxt), nxt.index) if _DISTRICTISH_RE.search(nxt.text) else ("", line.index)


def _is_header_row(doc: Doc, table: TableView, r: int) -> bool:
    """Every filled cell of row `r` is a column label ("District | Superintendent | Date")."""
    texts = [doc.cell_text(table, r, c) for c in range(len(table.rows[r]))]
    filled = [t for t in texts if t.strip()]
    return len(filled) >= 2 and all(why_not_a_name(t) == "table_header" for t in filled)


def _contact_block(doc: Doc) -> Iterator[Candidate]:
    """The 2018 form writes the district on the first line of its contact block."""
    for start, end in contact_spans(doc):
        for line in doc.lines[start:end]:
            text = line.text
            if line.cell is None and text and ":" not in text and not find_email(text) and not looks_like_title(text) \
                    and _DISTRICTISH_RE.search(text):
                yield *as_written(_shown(line)), line.index
                return


def _partnership(doc: Doc) -> Iterator[Candidate]:
    for line in doc.lines:
        match = _PARTNERSHIP_RE.search(_shown(line))
        if match:  # "... and the Hart County School District for ...": the article is the sentence's
            yield *as_written(re.sub(r"^the\s+", "", match.group("name"))), line.index
            return


def _header_or_textbox(doc: Doc) -> Iterator[Candidate]:
    """A district-like letterhead line, alone or before its address ("HART COUNTY SCHOOLS | 511 Main St")."""
    for line in doc.lines:
        if line.source not in ("header", "textbox"):
            continue
        name = _name_part(line.text)
        if 0 < len(name.split()) <= 8 and _DISTRICTISH_RE.search(name):
            yield *as_written(_shown(line)), line.index


_TITLE_WORDS_RE = re.compile(r"\b(?:ky\s*iln|kentucky innovative learning network|letter of commitment|loc)\b|[():–—|-]", re.IGNORECASE)


def _title(doc: Doc) -> Iterator[Candidate]:
    """A title naming the district: "Marion County Public Schools – Letter of Commitment"."""
    for line in doc.lines[:6]:
        if line.cell is None and "letter of commitment" in line.key and len(line.text.split()) <= 14:
            rest = fold(_TITLE_WORDS_RE.sub(" ", _shown(line)))
            if rest and _DISTRICTISH_RE.search(rest):
                yield *as_written(rest), line.index


_SENTENCE_RE = re.compile(r"[:.!?]\s*$|[:;]")


def _standalone(doc: Doc) -> Iterator[Candidate]:
    """Last: a body line that is nothing but a district name ("Hart County Board of Education" alone
    under "the district named below", or a letterhead typed at the top of the body)."""
    for line in doc.lines:
        if line.source != "body" or line.cell is not None or line.list_level is not None:
            continue
        name = _name_part(line.text)
        if 0 < len(name.split()) <= 8 and _DISTRICTISH_RE.search(name) and not _SENTENCE_RE.search(name) \
                and name[:1].isupper():
            yield *as_written(_shown(line)), line.index
