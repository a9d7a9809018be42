"""The LOC record (docs/contract/loc-record.md): the value extraction produces and the sync writes.

Plain frozen dataclasses; `to_json()` gives the contract's JSON shape exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Template = Literal["kyiln-2018", "kyiln-2019", "kyiln-2023", "unknown"]
Status = Literal["ok", "needs_review", "not_a_loc", "unreadable"]

#: Review reason codes, in the contract's table order (records list them in this order).
REVIEW_REASONS: tuple[str, ...] = (
    "missing_district",
    "unknown_district",
    "missing_signature_date",
    "implausible_date",
    "date_year_mismatch",
    "missing_contact",
    "missing_action_points",
    "unfilled_placeholder",
)

UNREADABLE_KINDS: tuple[str, ...] = ("not_docx", "encrypted", "corrupt", "too_large", "macro_enabled", "legacy_doc",
                                     # issue 13 (beyond the shared contract's list): a person must look
                                     "template", "embedded_content")

INITIATIVES: tuple[str, ...] = (
    "Local Laboratories of Learning",
    "Portrait of a Learner",
    "Project-Based Learning",
    "Student Microcredentials",
    "Deeper Learning",
    "Innovative Teacher Fellowship",
)


@dataclass(frozen=True)
class Person:
    """A contact or point of contact; any field may be None."""

    name: str | None = None
    title: str | None = None
    email: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "email": self.email}


@dataclass(frozen=True)
class Signatory:
    """Who signed for the district (both None when the signature line is blank)."""

    name: str | None = None
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title}


#: how letters are read: remembered records of another reading are read again once (local state).
#: 3 = issue 11 (evidence, the mistake classes); bump it when reading changes what records say.
READING = 3

#: record fields the evidence may quote for, in the record's order (docs/contract/loc-record.md)
EVIDENCE_FIELDS: tuple[str, ...] = (
    "template", "district_as_written", "contacts", "point_of_contact", "signatory", "district_signed_on",
    "kde_signed_on", "academic_year_stated", "action_points", "focus_areas", "initiatives",
)
#: evidence fields that quote once per value of a list field (the others quote one text)
EVIDENCE_LISTS = frozenset({"contacts", "action_points", "focus_areas", "initiatives"})


@dataclass(frozen=True)
class Evidence:
    """What a careful reader would point at: per field, the text it was read from (a short quote of
    the paragraph or table row; for list fields one quote per value), and notes on candidates passed
    over ("district as written 'Role' looks like a table header")."""

    quotes: tuple[tuple[str, str | tuple[str, ...]], ...] = ()
    notes: tuple[str, ...] = ()

    def quote(self, name: str) -> str | tuple[str, ...] | None:
        """The quote(s) for one field, None when the field has none."""
        return dict(self.quotes).get(name)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.quotes}
        if self.notes:
            out["notes"] = list(self.notes)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Evidence":
        quotes = tuple((k, tuple(data[k]) if k in EVIDENCE_LISTS else data[k]) for k in EVIDENCE_FIELDS if k in data)
        return cls(quotes, tuple(data.get("notes") or ()))


@dataclass(frozen=True)
class LocRecord:
    """One Letter of Commitment as read, per the contract."""

    file: str
    template: Template = "unknown"
    is_loc: bool = False
    district: str | None = None
    district_as_written: str | None = None
    contacts: tuple[Person, ...] = ()
    point_of_contact: Person | None = None
    signatory: Signatory | None = None
    district_signed_on: str | None = None
    kde_signed_on: str | None = None
    academic_year_stated: str | None = None
    school_years: tuple[str, ...] = ()
    expires_on: str | None = None
    action_points: tuple[str, ...] = ()
    focus_areas: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()
    status: Status = "unreadable"
    review_reasons: tuple[str, ...] = ()
    #: where each field was read (optional in the contract); not part of the record's identity
    evidence: Evidence | None = field(default=None, compare=False)

    def to_json(self, *, evidence: bool = False) -> dict[str, Any]:
        """The contract's JSON object, keys in the contract's order; `evidence=True` adds the optional
        `evidence` object (when there is one)."""
        out = self._fields_json()
        if evidence and self.evidence is not None:
            out["evidence"] = self.evidence.to_json()
        return out

    def _fields_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "template": self.template,
            "is_loc": self.is_loc,
            "district": self.district,
            "district_as_written": self.district_as_written,
            "contacts": [c.to_json() for c in self.contacts],
            "point_of_contact": self.point_of_contact.to_json() if self.point_of_contact else None,
            "signatory": self.signatory.to_json() if self.signatory else None,
            "district_signed_on": self.district_signed_on,
            "kde_signed_on": self.kde_signed_on,
            "academic_year_stated": self.academic_year_stated,
            "school_years": list(self.school_years),
            "expires_on": self.expires_on,
            "action_points": list(self.action_points),
            "focus_areas": list(self.focus_areas),
            "initiatives": list(self.initiatives),
            "status": self.status,
            "review_reasons": list(self.review_reasons),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "LocRecord":
        """Inverse of `to_json` (used for records stored in SharePoint or state)."""
        person = lambda d: Person(d.get("name"), d.get("title"), d.get("email")) if d else None  # noqa: E731
        sig = data.get("signatory")
        return cls(
            file=data["file"],
            template=data.get("template", "unknown"),
            is_loc=bool(data.get("is_loc")),
            district=data.get("district"),
            district_as_written=data.get("district_as_written"),
            contacts=tuple(p for p in (person(c) for c in data.get("contacts") or ()) if p is not None),
            point_of_contact=person(data.get("point_of_contact")),
            signatory=Signatory(sig.get("name"), sig.get("title")) if sig else None,
            district_signed_on=data.get("district_signed_on"),
            kde_signed_on=data.get("kde_signed_on"),
            academic_year_stated=data.get("academic_year_stated"),
            school_years=tuple(data.get("school_years") or ()),
            expires_on=data.get("expires_on"),
            action_points=tuple(data.get("action_points") or ()),
            focus_areas=tuple(data.get("focus_areas") or ()),
            initiatives=tuple(data.get("initiatives") or ()),
            status=data.get("status", "unreadable"),
            review_reasons=tuple(data.get("review_reasons") or ()),
            evidence=Evidence.from_json(data["evidence"]) if isinstance(data.get("evidence"), dict) else None,
        )


def refused(file: str, status: Literal["not_a_loc", "unreadable"], reason: str) -> LocRecord:
    """A `not_a_loc` or `unreadable:<kind>` record: every extracted field empty, one reason."""
    return LocRecord(file=file, status=status, review_reasons=(reason,))
