"""The academic year the form states ("Academic Year: 2024-2025"), normalised to YYYY-YYYY."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import find_academic_year
from .lines import Doc
from .text import has_placeholder, is_bracket_prompt

_LABEL_RE = re.compile(r"^(?:academic|school)\s+year\b\s*[:\-–—]?\s*(?P<rest>.*)$", re.IGNORECASE)
_TITLE_RE = re.compile(r"\bletter of commitment\b", re.IGNORECASE)


@dataclass(frozen=True)
class StatedYear:
    """The stated academic year (None when the form names none) and whether a placeholder stood in."""

    value: str | None = None
    placeholder: bool = False
    #: the labelled field holds something that is not an academic year ("2024-2026", "2024"):
    #: a date slot that cannot be read (contract: implausible_date)
    unreadable: bool = False
    #: the line the year was read from (its evidence)
    line: int | None = None


#: a sentence naming the year the letter is for ("... for the 2024-2025 academic year.",
#: "during the 2024–25 school year", "School Year 2024-2025"): the form names it in words
_SENTENCE_RE = re.compile(
    r"\b(?:for|during|in|throughout)\s+the\s+(?P<a>(?:19|20)\d{2}\s*[-–—/]\s*(?:19|20)?\d{2})\s+(?:academic|school)\s+year\b"
    r"|\b(?:academic|school)\s+year\s+(?:of\s+)?(?P<b>(?:19|20)\d{2}\s*[-–—/]\s*(?:19|20)?\d{2})\b",
    re.IGNORECASE)


def read_academic_year(doc: Doc, before: int | None = None) -> StatedYear:
    """The labelled academic year, else a year range in the LOC title line, else a sentence before the
    plan (`before`: its first line) naming the year the letter is for."""
    stated = _labelled_or_title(doc)
    if stated.value or stated.placeholder or stated.unreadable:
        return stated
    for line in doc.lines[:before]:
        # both alternatives hold a year "19xx"/"20xx": a line with neither pair of digits cannot match
        text = line.text
        match = _SENTENCE_RE.search(text) if line.list_level is None and ("20" in text or "19" in text) else None
        found = find_academic_year(match.group("a") or match.group("b")) if match else None
        if found:
            return StatedYear(found, line=line.index)
    return stated


def _labelled_or_title(doc: Doc) -> StatedYear:
    """The labelled academic year, else a year range in the LOC title line."""
    for line in doc.lines:
        match = _LABEL_RE.match(line.text)
        if match is None or len(line.text.split()) > 8:
            continue
        rest = match.group("rest") or _next_cell_or_line(doc, line.index)
        if has_placeholder(rest) or is_bracket_prompt(rest) or line.placeholder:
            return StatedYear(None, True)
        found = find_academic_year(rest) or _two_digit_year(rest)
        if found:
            return StatedYear(found, line=line.index)
        if re.search(r"\d", rest):
            return StatedYear(None, unreadable=True)
    for line in doc.lines[:8]:
        # a title, not a sentence that happens to name the letter ("Recommendation: approve the
        # attached Letter of Commitment for 2024-2025." in a cover memo)
        if _TITLE_RE.search(line.text) and len(line.text.split()) <= 12 and not line.text.rstrip().endswith("."):
            found = find_academic_year(line.text)
            if found:
                return StatedYear(found, line=line.index)
    return StatedYear()


_SHORT_YEAR_RE = re.compile(r"(?<!\d)(\d{2})\s*[-–—/]\s*(\d{2})(?!\d)")


def _two_digit_year(text: str) -> str | None:
    """ "24-25" in the labelled field: two-digit years are 20YY (the contract's date convention)."""
    match = _SHORT_YEAR_RE.search(text)
    if match and int(match.group(2)) == int(match.group(1)) + 1:
        return f"20{match.group(1)}-20{match.group(2)}"
    return None


def _next_cell_or_line(doc: Doc, index: int) -> str:
    line = doc.lines[index]
    table = doc.table_of(line)
    if table is not None:
        assert line.cell is not None   # a line in a table knows its cell
        _, r, c = line.cell
        return doc.cell_text(table, r, c + 1) if c + 1 < len(table.rows[r]) else ""
    return doc.lines[index + 1].text if index + 1 < len(doc.lines) else ""
