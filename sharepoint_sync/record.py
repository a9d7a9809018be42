"""The LOC record (../shared/contracts/loc-record.md): the value extraction produces and the sync writes.

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

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object, keys in the contract's order."""
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
            contacts=tuple(person(c) for c in data.get("contacts") or ()),
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
        )


def refused(file: str, status: Literal["not_a_loc", "unreadable"], reason: str) -> LocRecord:
    """A `not_a_loc` or `unreadable:<kind>` record: every extracted field empty, one reason."""
    return LocRecord(file=file, status=status, review_reasons=(reason,))
