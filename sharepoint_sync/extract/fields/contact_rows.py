"""Contact tables as people write them (issue 11), normalised before their columns are read:
title rows above the header ("District Contacts" merged across), role rows set as sub-headings
("Point of Contact" alone in a row, its person in the next), the role typed into the name cell
("Point of Contact: Ana Flores"), and a person stacked in one cell (name, title, e-mail lines).
Pure: lists of cell texts in, lists of cell texts out."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .name_candidates import why_not_a_name
from .people import find_email

_ROLE_RE = re.compile(
    r"point of contact|\bpoc\b|\bcontact\b|^superintendent$|additional( district)? contact", re.IGNORECASE)
_ROLE_PREFIX_RE = re.compile(r"^(?P<role>[^:@]{2,40}?)\s*:\s*(?P<rest>\S.*)$", re.DOTALL)


@dataclass(frozen=True)
class Rows:
    """The table's rows, normalised: `texts[i]` came from table row `origin[i]`; `roles[i]` is the
    role a sub-heading row gave row i ('' when none)."""

    texts: list[list[str]]
    origin: list[int]
    roles: list[str]


def normalise(texts: list[list[str]]) -> Rows:
    """Drop sub-heading rows (remembering their role for the rows under them) and split a typed
    "Role: Name" first cell into a role cell and a name cell."""
    kept, origin, roles, role = [], [], [], ""
    for r, row in enumerate(texts):
        filled = [t for t in row if t.strip()]
        if len(filled) == 1 and _ROLE_RE.search(filled[0]) and not find_email(filled[0]) and len(row) > 1:
            role = filled[0]
            continue
        kept.append(row)
        origin.append(r)
        roles.append(role)
    return Rows(_split_role_prefix(kept), origin, roles)


def _split_role_prefix(rows: list[list[str]]) -> list[list[str]]:
    """ "Point of Contact: Ana Flores" | title | e-mail -> "Point of Contact" | "Ana Flores" | ...,
    done only when every row with a filled first cell is written so (the columns stay aligned)."""
    firsts = [row[0] for row in rows if row and row[0].strip()]
    matches = [_ROLE_PREFIX_RE.match(t) for t in firsts]
    if not firsts or not all(m and _ROLE_RE.search(m.group("role")) for m in matches):
        return rows
    out = []
    for row in rows:
        match = _ROLE_PREFIX_RE.match(row[0]) if row else None
        out.append([match.group("role"), match.group("rest"), *row[1:]] if match else ["", *row])
    return out


def is_label_row(row: list[str]) -> bool:
    """Every filled cell is a column label or the row holds one title cell ("District Contacts"): no person."""
    filled = [t for t in row if t.strip()]
    if not filled:
        return False
    if len(filled) == 1 and not find_email(filled[0]) and _ROLE_RE.search(filled[0]) and len(filled[0].split()) <= 4:
        return "contacts" in filled[0].casefold()
    return all(why_not_a_name(t) == "table_header" for t in filled)


def stacked_person(cell: str) -> tuple[str | None, str | None] | None:
    """(name, title) from a cell holding a person on separate lines (name, title, e-mail), else None."""
    lines = [ln.strip() for ln in cell.split("\n") if ln.strip() and not find_email(ln)]
    if not find_email(cell) or not lines or len(lines) > 2:
        return None
    return lines[0], (lines[1] if len(lines) > 1 else None)
