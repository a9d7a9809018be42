"""Column values: how record fields are written into columns, and how two values are compared.

The worker decides "no write" by comparing *normalized* values, never ETags: SharePoint may hand
back a value in another spelling than we sent (a date-only column comes back as a UTC datetime such
as "2019-06-30T04:00:00Z", a note with CRLF line ends, an empty text as null; see
tests/fixtures/sharepoint-responses/list-items-full-default-fields.verbose.json).
"""
from __future__ import annotations

from typing import Any, Mapping

from sharepoint_sync.ports import FieldKind
from sharepoint_sync.record import Person, Signatory


def normalize(kind: FieldKind, value: Any) -> Any:
    """The comparable form of a column value of this kind."""
    if kind == "boolean":
        return bool(value) and str(value).lower() not in {"0", "false", "no"}
    if kind == "number":
        return None if value in (None, "") else float(value)
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").strip()
    if kind == "date":
        return text[:10]
    if kind == "datetime":
        return text[:19].replace(" ", "T")
    return text


def changed_columns(current: Mapping[str, Any], desired: Mapping[str, Any],
                    kinds: Mapping[str, FieldKind]) -> dict[str, Any]:
    """The desired values whose normalized form differs from the current one (empty: no write)."""
    return {
        column: value for column, value in desired.items()
        if normalize(kinds.get(column, "text"), current.get(column)) != normalize(kinds.get(column, "text"), value)
    }


def person_text(person: Person | None) -> str | None:
    """'Name, Title <email>' with the missing parts left out; None when there is nobody."""
    if person is None:
        return None
    head = ", ".join(p for p in (person.name, person.title) if p)
    text = f"{head} <{person.email}>" if person.email else head
    return text.strip() or None


def signatory_text(signatory: Signatory | None) -> str | None:
    """'Name, Title' of the district signer, None when the line was blank."""
    if signatory is None:
        return None
    return ", ".join(p for p in (signatory.name, signatory.title) if p) or None


def lines(values: tuple[str, ...] | list[str]) -> str | None:
    """One value per line (multi-line note columns); None when there are none."""
    return "\n".join(values) if values else None


def years_text(school_years: tuple[str, ...]) -> str | None:
    """'2018-2019, 2019-2020'."""
    return ", ".join(school_years) if school_years else None
