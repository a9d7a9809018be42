"""The letters `iln-sync demo` uploads to the fake tenant, made with the project's own form code.

Dates are relative to `today`, so membership states mean something whenever the demo runs:
active letters for the current school year (some awaiting KDE's signature), expired ones, a
spring signature covering two school years, later letters superseding earlier ones for the same
district, letters that need review (missing signature date, unknown district, unfilled placeholder,
no points of action) and one document that is not an LOC at all (a convening agenda). Each comes
with its expected LOC record (forms.truth). Deterministic for a given `today`.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

import docx

from iln_demo.forms import content, ooxml, tags
from iln_demo.forms.blank import FORM_DATE
from iln_demo.forms.fill import FormValues, facts_of, fill_form
from iln_demo.forms.truth import expected_record, not_a_loc_record, school_year_of
from sharepoint_sync.record import Signatory

KDE_DESIGNEE = "Marcus Hale"


@dataclass(frozen=True)
class DemoLetter:
    """One file for the Letters of Commitment library.

    `path_in_library` is the folder relative to the library root ('' for the root, '/'-separated,
    no leading or trailing slash); `expected` is the LOC record the sync should produce for it.
    """

    path_in_library: str
    file_name: str
    data: bytes
    expected: dict


@dataclass(frozen=True)
class DemoSubmission:
    """One item for the LOC Submissions list: its columns plus the LOC attached to it."""

    title: str
    district: str
    submitter_email: str
    notes: str
    attachment_name: str
    data: bytes
    expected: dict


@dataclass(frozen=True)
class _Plan:
    """One letter to make: where it goes, which district, how it was filled."""

    folder: str
    file_name: str
    place: str
    independent: bool
    written: str
    year: int | None
    signed: date | None
    countersigned: bool = True
    points: int = 2
    change: dict | None = None
    canonical_known: bool = True


def _years(start: int) -> str:
    return f"{start}-{start + 1}"


def _between(today: date, start: date, fraction: float) -> date:
    """A day `fraction` of the way from `start` to yesterday (never after today)."""
    span = max((today - start).days - 1, 0)
    return start + timedelta(days=int(span * fraction))


def _plans(today: date) -> list[_Plan]:
    cur = school_year_of(today)
    now_folder, prev_folder, old_folder = _years(cur), _years(cur - 1), _years(cur - 2)
    opened = date(cur, 6, 1)  # LOCs for a school year arrive from June on

    def current(region: int, name: str, place: str, ind: bool, written: str, fraction: float, **kw) -> _Plan:
        return _Plan(f"{now_folder}/Region {region}", name, place, ind, written, cur,
                     _between(today, opened, fraction), **kw)

    def earlier(folder: str, year: int, name: str, place: str, ind: bool, written: str, month: int, day: int,
                **kw) -> _Plan:
        return _Plan(folder, name, place, ind, written, year, date(year, month, day), **kw)

    return [
        current(1, "Knox County LOC.docx", "Knox", False, "Knox County Schools", 0.10),
        current(1, "Harlan Independent - Letter of Commitment.docx", "Harlan", True, "Harlan Independent Schools", 0.15),
        current(1, "Metcalfe Co LOC signed.docx", "Metcalfe", False, "Metcalfe Co. Schools", 0.20, points=3),
        current(2, "Boone County Public Schools LOC.docx", "Boone", False, "Boone County Public Schools", 0.25),
        current(2, "OPS Letter of Commitment.docx", "Owensboro", True, "Owensboro Public Schools", 0.30, points=1),
        current(2, "FCPS_KYILN_LOC.docx", "Fayette", False, "Fayette County Public Schools", 0.35),
        current(3, "Pikeville Independent LOC.docx", "Pikeville", True, "Pikeville Independent Schools", 0.40),
        current(3, "Warren County LOC.docx", "Warren", False, "Warren County Schools", 0.45, points=3),
        current(3, "Danville Schools LOC.docx", "Danville", True, "Danville Schools", 0.50),
        current(4, "Kenton County LOC.docx", "Kenton", False, "Kenton County School District", 0.55),
        current(4, "Science Hill LOC.docx", "Science Hill", True, "Science Hill Independent School District", 0.60,
                points=4),
        current(4, "Pulaski County LOC.docx", "Pulaski", False, "Pulaski County Schools", 0.70, countersigned=False),
        current(4, "JCPS KY ILN LOC.docx", "Jefferson", False, "Jefferson County Public Schools", 0.80,
                countersigned=False),
        current(1, "Murray Ind LOC.docx", "Murray", True, "Murray Ind. Schools", 0.85, countersigned=False),
        current(2, "LaRue County LOC.docx", "LaRue", False, "LaRue County Board of Education", 0.90),
        # a spring signature with no academic year written: the term rule gives two school years
        _Plan(prev_folder, "Woodford County LOC (spring).docx", "Woodford", False, "Woodford County Public Schools",
              None, date(cur, 3, 10)),
        # needs review
        current(3, "Mason County LOC.docx", "Mason", False, "Mason County Schools", 0.30, countersigned=False,
                change={"district_signed_on": None}),
        current(3, "Shawnee Hills LOC.docx", "Shawnee Hills", False, "Shawnee Hills County Schools", 0.40,
                countersigned=False, canonical_known=False),
        current(2, "Hardin County LOC.docx", "Hardin", False, "Hardin County Schools", 0.50, countersigned=False,
                change={"leave_placeholders": frozenset({tags.POC_TITLE})}),
        current(1, "Wolfe County LOC.docx", "Wolfe", False, "Wolfe County Schools", 0.60, countersigned=False,
                points=0),
        # last year's letters: three superseded by this year's, three expired
        earlier(prev_folder, cur - 1, "Knox County LOC.docx", "Knox", False, "Knox County Schools", 9, 12),
        earlier(prev_folder, cur - 1, "Boone County Public Schools LOC.docx", "Boone", False,
                "Boone County Public Schools", 10, 3),
        earlier(prev_folder, cur - 1, "OPS Letter of Commitment.docx", "Owensboro", True, "Owensboro Public Schools",
                8, 27),
        earlier(prev_folder, cur - 1, "Bath County LOC.docx", "Bath", False, "Bath County Schools", 9, 18),
        earlier(prev_folder, cur - 1, "Corbin Independent LOC.docx", "Corbin", True, "Corbin Independent Schools",
                11, 6),
        earlier(prev_folder, cur - 1, "Shelby County LOC.docx", "Shelby", False, "Shelby County Public Schools",
                10, 21),
        earlier(old_folder, cur - 2, "Clark County LOC.docx", "Clark", False, "Clark County Public Schools", 9, 9),
        earlier(old_folder, cur - 2, "Ashland Independent LOC.docx", "Ashland", True, "Ashland Independent Schools",
                10, 14),
        earlier(old_folder, cur - 2, "Breathitt County LOC.docx", "Breathitt", False, "Breathitt County Schools",
                9, 30),
    ]


def _values(plan: _Plan, rng: random.Random, today: date) -> FormValues:
    slug = content.district(plan.place, plan.independent).email_slug
    staff = content.people(rng, slug, 3)
    extra_count = rng.choice((0, 1, 1, 2))
    signer = content.person(rng, slug, rng.choice(content.SIGNER_TITLES))
    kde_day = plan.signed + timedelta(days=rng.randint(7, 21)) if plan.signed else None
    countersigned = plan.countersigned and kde_day is not None and kde_day <= today
    values = FormValues(
        district=plan.written, academic_year=plan.year, point_of_contact=staff[0],
        contacts=staff[1:1 + extra_count], initiatives=tuple(sorted(rng.sample(content.INITIATIVE_NAMES, 2))),
        action_points=content.action_points(rng, plan.points),
        signatory=Signatory(signer.name, signer.title), district_signed_on=plan.signed,
        kde_name=KDE_DESIGNEE if countersigned else None, kde_signed_on=kde_day if countersigned else None,
        date_style=rng.choice(("m/d/yyyy", "m/d/yyyy", "mm/dd/yyyy", "month d, yyyy")),
    )
    return replace(values, **(plan.change or {}))


def demo_letters(today: date) -> list[DemoLetter]:
    """About thirty letters for the demo library, with their expected records (deterministic per `today`)."""
    rng = random.Random(20230601)
    letters = []
    for plan in _plans(today):
        values = _values(plan, rng, today)
        canonical = content.district(plan.place, plan.independent).canonical if plan.canonical_known else None
        expected = expected_record(facts_of(values, plan.file_name, today, canonical))
        letters.append(DemoLetter(plan.folder, plan.file_name, fill_form(values), expected))
    agenda_folder = f"{_years(school_year_of(today))}"
    agenda_name = "Fall Convening Agenda.docx"
    letters.append(DemoLetter(agenda_folder, agenda_name, agenda_docx(today), not_a_loc_record(agenda_name)))
    return letters


def demo_submissions(today: date) -> list[DemoSubmission]:
    """A few items for the LOC Submissions list, each with its LOC attached and its expected record."""
    rng = random.Random(20240901)
    cur = school_year_of(today)
    opened = date(cur, 6, 1)
    items = (
        ("Berea", True, "Berea Independent Schools", 0.5, None, "Signed copy attached."),
        ("Boyle", False, "Boyle County Schools", 0.7, None, "Resubmitting with our new point of contact."),
        ("Perry", False, "Perry County Schools", 0.6, {"district_signed_on": None},
         "Superintendent will sign at the next board meeting."),
    )
    submissions = []
    for place, independent, written, fraction, change, notes in items:
        entry = content.district(place, independent)
        plan = _Plan("", f"{place} LOC {_years(cur)}.docx", place, independent, written, cur,
                     _between(today, opened, fraction), countersigned=False, change=change)
        values = _values(plan, rng, today)
        expected = expected_record(facts_of(values, plan.file_name, today, entry.canonical))
        poc = values.point_of_contact
        assert poc is not None and poc.email   # `_values` makes the first staff member the point of contact
        submitter = poc.email
        submissions.append(DemoSubmission(f"{written} LOC", written, submitter, notes, plan.file_name,
                                          fill_form(values), expected))
    return submissions


def agenda_docx(today: date) -> bytes:
    """A KY ILN convening agenda: mentions LOCs and initiatives, but is not a Letter of Commitment."""
    document = docx.Document()
    convening = date(school_year_of(today), 10, 15)
    title = document.add_paragraph()
    title.add_run("KY Innovative Learning Network").bold = True
    document.add_paragraph().add_run("Fall Convening Agenda").bold = True
    document.add_paragraph(f"{convening.strftime('%B')} {convening.day}, {convening.year} | 9:00 a.m. - 3:00 p.m.")
    document.add_paragraph("Location: Barren County Area Technology Center, Glasgow, KY")
    sessions = (("Time", "Session", "Lead"), ("9:00", "Welcome and network updates", "KDE Division of Innovation"),
                ("10:30", "Letters of Commitment: timeline, points of action, and questions", KDE_DESIGNEE),
                ("11:15", "Portrait of a Learner roundtables", "Network districts"), ("12:00", "Lunch", ""),
                ("12:45", "Local Laboratories of Learning (L3s) breakout", "L3 coalition leads"),
                ("2:45", "Reflection and next steps", "All"))
    table = document.add_table(rows=len(sessions), cols=3)
    table._tbl.tblPr.style = "TableGrid"  # by id: python-docx name lookup is slow
    for row, values in zip(table.rows, sessions, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    document.add_paragraph().add_run("Before the Convening").bold = True
    for item in ("Bring a copy of your district's signed Letter of Commitment.",
                 "Identify two points of action you would like feedback on."):
        ooxml.paragraph(document, item, "ListBullet")
    document.add_paragraph(f"Questions: {KDE_DESIGNEE}, marcus.hale@education.ky.gov")
    return ooxml.stable_bytes(document, FORM_DATE)
