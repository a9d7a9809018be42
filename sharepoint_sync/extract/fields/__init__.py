"""Field reading: interpret a DocView (the accepted view of a Word document) as a LOC record.

Pure: no I/O, no clock. `interpret(view, file, today=..., registry=...)` is the one entry point;
each field has its own module (district, contacts, signature, actions, initiatives, dates,
template, review) working on the flattened line view from `lines`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ...record import LocRecord, refused
from ..blocks import DocView
from .actions import Plan, read_plan
from .contacts import Contacts, read_contacts
from .district import District, Registry, name_key
from .district_name import WrittenDistrict, find_district
from .evidence import gather
from .initiatives import read_initiatives
from .lines import Doc, flatten
from .review import Term, derive_term, ordered
from .sections import plan_span
from .signature import Signatures, read_signatures
from .template import detect_template, is_loc
from .academic_year import read_academic_year

__all__ = ["interpret", "Registry", "District", "name_key"]


def interpret(view: DocView, file: str, *, today: dt.date, registry: Registry) -> LocRecord:
    """The LOC record for one document (`file` is the bare file name); `registry` is the district
    registry, loaded at the edge (`extract.registry.default_registry()`), so this stays pure."""
    doc = flatten(view)
    if not is_loc(doc):
        return refused(file, "not_a_loc", "not_a_loc")
    return _record(doc, file, today, registry)


def _record(doc: Doc, file: str, today: dt.date, registry: Registry) -> LocRecord:
    written = find_district(doc)
    district = registry.match(written.as_written)
    plan = read_plan(doc)
    span = plan_span(doc)  # the signature block follows the plan
    signatures = read_signatures(doc, after=span[1] if span else 0)
    if not signatures.found_block:
        signatures = read_signatures(doc)
    contacts = read_contacts(doc, before=signatures.form_end)
    year = read_academic_year(doc, before=span[0] if span else None)
    term = derive_term(signatures.district_date, signatures.kde_date, year.value, today)
    reasons = _reasons(doc, written, district, signatures, contacts, plan, term)
    if year.placeholder:
        reasons.add("unfilled_placeholder")
    if year.unreadable:
        reasons.add("implausible_date")
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    record = LocRecord(
        file=file,
        template=detect_template(doc),
        is_loc=True,
        district=district,
        district_as_written=written.as_written,
        contacts=contacts.people,
        point_of_contact=contacts.point_of_contact,
        signatory=signatures.signatory,
        district_signed_on=iso(signatures.district_date.value),
        kde_signed_on=iso(signatures.kde_date.value),
        academic_year_stated=year.value,
        school_years=term.school_years,
        expires_on=iso(term.expires_on),
        action_points=plan.points,
        focus_areas=plan.focus_areas,
        initiatives=read_initiatives(doc, before=signatures.form_end),
        status="needs_review" if reasons else "ok",
        review_reasons=ordered(reasons),
    )
    found = gather(doc, record, written=written, year_line=year.line, plan=span, kde_lines=signatures.kde_lines)
    return replace(record, evidence=found)


def _reasons(doc: Doc, written: WrittenDistrict, district: str | None, signatures: Signatures, contacts: Contacts,
             plan: Plan, term: Term) -> set[str]:
    """The review reasons (contract table) that the read fields call for."""
    reasons = set()
    if not written.as_written:
        reasons.add("missing_district")
    elif district is None:
        reasons.add("unknown_district")
    if signatures.district_date.value is None and not signatures.district_date.unparseable:
        reasons.add("missing_signature_date")
    if term.implausible:
        reasons.add("implausible_date")
    if term.mismatch:
        reasons.add("date_year_mismatch")
    if not any(p.email for p in contacts.people):
        reasons.add("missing_contact")
    if not plan.points:
        reasons.add("missing_action_points")
    if written.placeholder or _placeholder_left(doc, plan_span(doc), signatures.kde_lines):
        reasons.add("unfilled_placeholder")
    return reasons


def _placeholder_left(doc: Doc, plan: tuple[int, int] | None, kde_lines: frozenset[int]) -> bool:
    """A district field still shows placeholder text. KDE's own fields are filled after the district
    returns the form, and unused point-of-action slots are covered by missing_action_points."""
    skip = set(kde_lines) | (set(range(*plan)) if plan else set())
    return any(ln.placeholder for ln in doc.lines if ln.index not in skip)
