"""Who signed, from the lines typed for one party: name and title, without the labels
("Signed:", "/s/", "Title:") and without what belongs to neither ("on behalf of X", "on DATE").

`signature` finds *where* a party's lines are; this module reads *what* they say.
"""
from __future__ import annotations

import re

from ...record import Signatory
from .dates import find_date
from .people import looks_like_name, looks_like_title, split_name_title, value

#: "Signed: /s/ Jane Roe" or "Signature: Jane Roe" is the signature itself, not a date label
SIGNATURE_LABEL_RE = re.compile(
    r"^(?:(?:docu|digitally |electronically )?signed by\s*:?\s*|(?:signed|signature|electronically signed)\s*:\s*|/?s/\s*)",
    re.IGNORECASE)
#: "... Brent Mayfield, Superintendent, on 9/5/2024": the signing date after a signature label
SIGNED_ON_RE = re.compile(r",?\s+on\s+(?P<when>.+)$", re.IGNORECASE)
#: "Ana Flores, Director of Innovation, on behalf of Rob Clayton": whom a designee signs for is no title
ON_BEHALF_RE = re.compile(r",?\s+(?:on behalf of|o/b/o|in place of)\s+.*$", re.IGNORECASE)
TITLE_LABEL_RE = re.compile(r"^(?:title|position)\s*:\s*", re.IGNORECASE)


def unlabelled(line: str) -> str:
    """A typed signature line without its "Signed:"/"/s/" labels."""
    previous = None
    while previous != line:
        previous, line = line, SIGNATURE_LABEL_RE.sub("", line).strip()
    signed_on = SIGNED_ON_RE.search(line)
    if signed_on and find_date(signed_on.group("when")).value:
        line = line[: signed_on.start()].strip()
    return ON_BEHALF_RE.sub("", line).strip()


def signatory_from_lines(lines: list[str]) -> Signatory:
    """Name and title from one line ("Name, Title") or two lines (name, then title)."""
    titled = [TITLE_LABEL_RE.sub("", ln).strip() for ln in lines if TITLE_LABEL_RE.match(ln)]
    lines = [unlabelled(ln) for ln in lines if value(ln) and not TITLE_LABEL_RE.match(ln)]
    lines = [ln for ln in lines if value(ln)]
    if titled and len(lines) == 1:  # "Signed: /s/ Jane Roe" then "Title: Superintendent"
        return Signatory(split_name_title(lines[0])[0] or value(lines[0]), value(titled[0]))
    lines = lines or [t for t in titled if value(t)]
    if not lines:
        return Signatory()
    if len(lines) == 1:
        name, title = split_name_title(lines[0])
        return Signatory(name, title)
    first, second = lines[0], lines[1]
    if looks_like_title(first) and not looks_like_title(second):
        first, second = second, first
    name, title = split_name_title(first)
    if title is None:
        title = value(second)
    elif name is None and looks_like_name(second):
        name = value(second)
    return Signatory(name, title)
