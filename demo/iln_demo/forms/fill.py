"""Fill the official blank form (forms.blank) the way a district would, giving .docx bytes.

This is how the demo letters are made. Fields left as None are cleared (the district deleted the
prompt); tags listed in `leave_placeholders` keep Word's placeholder, as a careless submission does.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from iln_demo.forms import ooxml, tags
from iln_demo.forms.blank import FORM_DATE, KdeContact, open_blank_document
from iln_demo.forms.dates import format_date, format_year
from iln_demo.forms.truth import LetterFacts, segments
from sharepoint_sync.record import Person, Signatory


@dataclass(frozen=True)
class FormValues:
    """What a district types into the official form.

    Action points are markup: `**phrase**` is set in bold (the point's focus). Dates are written
    in `date_style` (see forms.dates.DATE_STYLES); the academic year as '2024-2025' with `year_dash`.
    """

    district: str | None = None
    academic_year: int | None = None
    point_of_contact: Person | None = None
    contacts: tuple[Person, ...] = ()
    initiatives: tuple[str, ...] = ()
    action_points: tuple[str, ...] = ()
    signatory: Signatory = Signatory()
    district_signed_on: date | None = None
    kde_name: str | None = None
    kde_signed_on: date | None = None
    date_style: str = "m/d/yyyy"
    year_dash: str = "-"
    leave_placeholders: frozenset[str] = frozenset()


def fill_form(values: FormValues, kde: KdeContact = KdeContact()) -> bytes:
    """The official form filled with `values`, as .docx bytes (deterministic)."""
    return ooxml.stable_bytes(filled_document(values, kde), FORM_DATE)


def filled_document(values: FormValues, kde: KdeContact = KdeContact()) -> DocxDocument:
    """The official form filled with `values`, as a python-docx Document."""
    document = open_blank_document(kde)
    ids = ooxml.ControlIds(start=200001)
    body = document.element.body
    _grow_contact_rows(body, len(values.contacts), ids)
    _fit_action_slots(body, len(values.action_points), ids)
    controls = ooxml.controls_by_tag(body)
    for tag, text in _texts(values).items():
        _put(controls[tag], tag, [(text, False)] if text else [], values.leave_placeholders)
    for index, markup in enumerate(values.action_points, start=1):
        _put(controls[tags.action_tag(index)], tags.action_tag(index), segments(markup), values.leave_placeholders)
    for tag, day in ((tags.DISTRICT_SIGNED_ON, values.district_signed_on), (tags.KDE_SIGNED_ON, values.kde_signed_on)):
        if day is not None and tag not in values.leave_placeholders:
            ooxml.set_control_date(controls[tag], day)
    for name, _, _ in tags.INITIATIVE_LINES:
        ooxml.set_checkbox(controls[tags.initiative_tag(name)], name in values.initiatives)
    return document


def _texts(values: FormValues) -> dict[str, str | None]:
    poc = values.point_of_contact or Person()
    sig = values.signatory
    texts: dict[str, str | None] = {
        tags.ACADEMIC_YEAR: format_year(values.academic_year, values.year_dash) if values.academic_year else None,
        tags.DISTRICT: values.district,
        tags.POC_NAME: poc.name, tags.POC_TITLE: poc.title, tags.POC_EMAIL: poc.email,
        tags.SIGNATORY_NAME: sig.name, tags.SIGNATORY_TITLE: sig.title,
        tags.DISTRICT_SIGNED_ON: _date_text(values.district_signed_on, values.date_style),
        tags.KDE_NAME: values.kde_name,
        tags.KDE_SIGNED_ON: _date_text(values.kde_signed_on, values.date_style),
    }
    rows = max(tags.ADDITIONAL_CONTACT_ROWS, len(values.contacts))
    for index in range(1, rows + 1):
        person = values.contacts[index - 1] if index <= len(values.contacts) else Person()
        for part in ("name", "title", "email"):
            texts[tags.contact_tag(index, part)] = getattr(person, part)
    return texts


def _date_text(day: date | None, style: str) -> str | None:
    return format_date(day, style) if day else None


def _put(sdt, tag: str, runs: list[tuple[str, bool]], leave: frozenset[str]) -> None:
    if tag not in leave:
        ooxml.set_control_segments(sdt, runs)


def _retag(element, ids: ooxml.ControlIds, rename) -> None:
    """Give every content control under `element` a new tag (rename(old) -> new) and a fresh id."""
    for sdt_pr in element.iter(qn("w:sdtPr")):
        tag = sdt_pr.find(qn("w:tag"))
        tag.set(qn("w:val"), rename(tag.get(qn("w:val"))))
        sdt_pr.find(qn("w:id")).set(qn("w:val"), str(ids.take()))


def _grow_contact_rows(body, wanted: int, ids: ooxml.ControlIds) -> None:
    """Add contact rows when the district lists more additional contacts than the form offers."""
    last_index = tags.ADDITIONAL_CONTACT_ROWS
    last_row = _row_of(body, tags.contact_tag(last_index, "name"))
    for index in range(last_index + 1, wanted + 1):
        clone = copy.deepcopy(last_row)
        _retag(clone, ids, lambda t, i=index: t.replace(f".{last_index}.", f".{i}."))
        last_row.addnext(clone)
        last_row = clone


def _fit_action_slots(body, wanted: int, ids: ooxml.ControlIds) -> None:
    """One list paragraph per point: extra empty slots are deleted (one stays when there are none)."""
    slots = [_paragraph_of(body, tags.action_tag(i)) for i in range(1, tags.ACTION_POINT_SLOTS + 1)]
    keep = max(wanted, 1)
    for paragraph in slots[keep:]:
        paragraph.getparent().remove(paragraph)
    last = slots[min(keep, len(slots)) - 1]
    for index in range(len(slots) + 1, wanted + 1):
        clone = copy.deepcopy(last)
        _retag(clone, ids, lambda _t, i=index: tags.action_tag(i))
        last.addnext(clone)
        last = clone


def _ancestor(body, tag: str, kind: str):
    element = ooxml.controls_by_tag(body)[tag]
    while element.tag != qn(kind):
        element = element.getparent()
    return element


def _row_of(body, tag: str):
    return _ancestor(body, tag, "w:tr")


def _paragraph_of(body, tag: str):
    return _ancestor(body, tag, "w:p")


def facts_of(values: FormValues, file_name: str, today: date, district: str | None) -> LetterFacts:
    """The truth about a filled form (`district`: the canonical name, None when unknown).

    A field left showing its placeholder counts as empty and, unless it is one of KDE's own
    fields (filled after the district returns the form), makes the letter `unfilled_placeholder`.
    """
    seen = _as_read(values)
    poc = seen.point_of_contact
    listed = ((poc,) if poc else ()) + seen.contacts
    contacts = tuple(p for p in listed if p.name or p.title or p.email)
    return LetterFacts(
        file_name=file_name, template="kyiln-2023", today=today,
        district_as_written=seen.district, district=district if seen.district else None,
        contacts=contacts, poc_index=0 if contacts and poc is contacts[0] else None,
        signatory=seen.signatory,
        district_signed_on=seen.district_signed_on, kde_signed_on=seen.kde_signed_on,
        academic_year_start=seen.academic_year,
        action_points=seen.action_points, initiatives=seen.initiatives,
        placeholder_left=bool(values.leave_placeholders - {tags.KDE_NAME, tags.KDE_SIGNED_ON}),
    )


def _without(person: Person | None, part: str) -> Person:
    person = person or Person()
    return replace(person, **{part: None})


def _as_read(values: FormValues) -> FormValues:
    """`values` with every field still showing its placeholder emptied (placeholder = empty)."""
    seen = values
    for tag in sorted(values.leave_placeholders):
        head, _, part = tag.rpartition(".")
        if tag in (tags.DISTRICT, tags.ACADEMIC_YEAR, tags.DISTRICT_SIGNED_ON, tags.KDE_NAME, tags.KDE_SIGNED_ON):
            field_name = {tags.DISTRICT: "district", tags.ACADEMIC_YEAR: "academic_year",
                          tags.DISTRICT_SIGNED_ON: "district_signed_on", tags.KDE_NAME: "kde_name",
                          tags.KDE_SIGNED_ON: "kde_signed_on"}[tag]
            cleared: dict[str, Any] = {field_name: None}
            seen = replace(seen, **cleared)
        elif head == "iln.poc":
            seen = replace(seen, point_of_contact=_without(seen.point_of_contact, part))
        elif head == "iln.signatory":
            seen = replace(seen, signatory=replace(seen.signatory, **{part: None}))
        elif head.startswith("iln.contact."):
            index = int(head.split(".")[2]) - 1
            people = list(seen.contacts) + [Person()] * (index + 1 - len(seen.contacts))
            people[index] = _without(people[index], part)
            seen = replace(seen, contacts=tuple(people))
        elif head == "iln.action":
            points = list(seen.action_points)
            if int(part) <= len(points):
                points[int(part) - 1] = ""
            seen = replace(seen, action_points=tuple(points))
    return seen
