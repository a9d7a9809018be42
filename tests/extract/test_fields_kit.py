"""Builders for hand-made DocViews (so field tests do not depend on the reader), and their self-checks.

Markup: "**bold**" marks bold runs; "{{placeholder}}" marks a content-control placeholder run.
"""
from __future__ import annotations

import datetime as dt
import re

from sharepoint_sync.extract.blocks import Cell, DocView, Paragraph, Run, Table
from sharepoint_sync.extract.fields import interpret
from sharepoint_sync.record import LocRecord
from sharepoint_sync.extract.registry import default_registry

TODAY = dt.date(2026, 11, 28)
_MARK = re.compile(r"(\*\*.+?\*\*|\{\{.+?\}\})")


def runs(markup: str) -> tuple[Run, ...]:
    """Runs from markup ("plain **bold** {{placeholder}}")."""
    out = []
    for piece in _MARK.split(markup):
        if not piece:
            continue
        if piece.startswith("**"):
            out.append(Run(piece[2:-2], bold=True))
        elif piece.startswith("{{"):
            out.append(Run(piece[2:-2], placeholder=True))
        else:
            out.append(Run(piece))
    return tuple(out)


def P(markup: str = "", **kw) -> Paragraph:  # noqa: N802 - reads like the block it builds
    """A paragraph from markup; keyword arguments are Paragraph fields (style, list_format, ...)."""
    return Paragraph(runs(markup), **kw)


def H(text: str) -> Paragraph:  # noqa: N802
    """A Heading 1 paragraph."""
    return Paragraph((Run(text, bold=True),), style="Heading1", heading_level=1)


def LI(markup: str, fmt: str = "decimal") -> Paragraph:  # noqa: N802
    """A Word list item."""
    return Paragraph(runs(markup), style="ListParagraph", list_level=0, list_format=fmt)


def T(*rows: list[str]) -> Table:  # noqa: N802
    """A table; each cell is markup, lines separated by newlines."""
    return Table(tuple(tuple(Cell(tuple(P(line) for line in cell.split("\n"))) for cell in row) for row in rows))


def view(*blocks, headers=()) -> DocView:
    """A DocView of the given body blocks."""
    return DocView(headers=tuple(headers), body=tuple(blocks))


# --- a kyiln-2019-shaped letter whose parts tests replace one at a time ---------------------------

TITLE = [P("**Kentucky Innovative Learning Network (KY ILN)**"), P("**Letter of Commitment**"),
         P("This Letter of Commitment (LOC) establishes the district named below as a member of the KY ILN.")]
DISTRICT = [P("**District: **Knox County Schools")]
CONTACTS = [H("District Contacts"), T(["**Role**", "**Name**", "**Title**", "**Email**"],
                                       ["Superintendent", "Olivia B. Keller", "Superintendent", "Olivia.Keller@knox.kyschools.us"],
                                       ["ILN Point of Contact", "Dwayne Isaacs", "Instructional Supervisor",
                                        "dwayne.isaacs@knox.kyschools.us"])]
PLAN = [H("District Plan"), P("Within the framework of the KY ILN priorities, identify two to four points of action."),
        LI("We want to grow **student agency** in every classroom."),
        LI("We are strengthening our **multi-tiered** **system of supports**.")]
AGREEMENT = [H("Agreement"), P("KDE and the district agree to work together in good faith. This agreement is effective "
                                "for the current school year (if signed between June 1 and December 31).")]
SIGNATURES = [H("Signatures"), P("**For the District (Superintendent or Designee)**"), P(""), P("____________"),
              P("Olivia B. Keller"), P("Superintendent"), P("Date: 11/15/2019"),
              P("**For the Kentucky Department of Education (KDE Designee)**"), P(""), P("____________"),
              P("Marcus Hale"), P("Date: 12/16/2019"),
              P("Please return the signed LOC by email to Ellen Marsh (ellen.marsh@education.ky.gov).")]


def letter(district=DISTRICT, contacts=CONTACTS, plan=PLAN, agreement=AGREEMENT, signatures=SIGNATURES,
           title=TITLE, extra=(), headers=()) -> DocView:
    """A kyiln-2019-shaped letter; pass a part to replace it."""
    return view(*title, *district, *contacts, *plan, *agreement, *signatures, *extra, headers=headers)


def read(doc: DocView, today: dt.date = TODAY, **kw) -> LocRecord:
    """The record field reading gives for `doc`."""
    return interpret(doc, "letter.docx", today=today, **{"registry": default_registry(), **kw})


def test_the_base_letter_reads_cleanly() -> None:
    """The builders' base letter is an ok kyiln-2019 LOC, so variants change one thing at a time."""
    record = read(letter())
    assert (record.template, record.status, record.district) == ("kyiln-2019", "ok", "Knox County")
    assert record.district_signed_on == "2019-11-15" and record.kde_signed_on == "2019-12-16"


def test_markup_builds_bold_and_placeholder_runs() -> None:
    """'**x**' is a bold run and '{{x}}' a placeholder run."""
    assert runs("a **b** {{c}}") == (Run("a "), Run("b", bold=True), Run(" "), Run("c", placeholder=True))
