"""Whether a district candidate is a name at all (issue 11): a district name is a name, never a
table's column header ("Role", "District"), a date ("10/1/2024"), or a phrase referring back to a
name given elsewhere ("the district named above", "our district"). Pure."""
from __future__ import annotations

import re
from typing import Literal

from .dates import find_date

Why = Literal["table_header", "date", "reference"]

#: words forms print as column headers or field labels (a cell holding only these is a label)
_HEADER_WORDS = frozenset(
    "role district name title e-mail email mail address date signature superintendent designee position "
    "contact contacts phone telephone school member kde point of and / & # no. number type county".split())
_REFERENCE_RE = re.compile(
    r"^(?:(?:the|our|this|my|said|your|same)\s+)?(?:school\s+)?(?:district|school system|system|lea)"
    r"(?:\s+(?:named|listed|identified|shown|mentioned|given|stated|written|indicated))?"
    r"(?:\s+(?:above|below|here|herein|on (?:the|this) (?:letterhead|first page)))?$"
    r"|^(?:see|same as|as)\s+(?:above|below|letterhead)$|^(?:above|below|n/?a|none|tbd)$",
    re.IGNORECASE,
)
_DATE_WORDS_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\b(?:st|nd|rd|th|of|day)\b|[\d\s,./\-–—]",
    re.IGNORECASE)


def why_not_a_name(text: str) -> Why | None:
    """Why `text` cannot be a district name (None when it may be one)."""
    folded = re.sub(r"\s+", " ", text).strip(" :;,.").casefold()
    if not folded:
        return None
    words = re.findall(r"[\w/&#.-]+", folded)
    if words and len(words) <= 3 and all(w in _HEADER_WORDS for w in words):
        return "table_header"
    if _REFERENCE_RE.match(folded):
        return "reference"
    if find_date(folded).value is not None and not _DATE_WORDS_RE.sub("", folded).strip():
        return "date"
    return None


#: how a rejected candidate is described to staff (quoted in the review notes)
WHY_SENTENCE = {
    "table_header": "looks like a table header",
    "date": "is a date, not a name",
    "reference": "refers to a name given elsewhere",
}
