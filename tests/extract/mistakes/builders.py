"""Letter builders for the mistake classes: the three form generations with the district, contacts,
academic year and signature parts swapped in, plus a table builder with merged cells.

Reuses the unseen letters' kit (tests/extract/unseen); every expected record is written by hand from
docs/contract/loc-record.md before the extractor ran on the letter.
"""
from __future__ import annotations

from tests.extract.unseen.common import (FOCUS, PA, PB, PC, POINTS, Y24, Letter, numbered, person, record, sig23,
                                         std_2019_contacts, std_2023_contacts)
from tests.extract.unseen.forms import form_2018, form_2019, form_2023, glyph_initiatives, signatures_2018, signatures_2019
from tests.extract.unseen.kit import _cell, package, p

SUP18 = ("Brent Mayfield", "Superintendent")
SUP19 = ("Rob Clayton", "Superintendent")
SUP23 = ("Brent Mayfield", "Superintendent")


def people_2018(slug: str = "hart") -> list[dict]:
    """The two contacts of the standard 2018 contact block."""
    return [person("Irene Caldwell", "Chief Academic Officer", f"irene.caldwell@{slug}.kyschools.us"),
            person("Misty Keller", "Director of Secondary Education", f"misty.keller@{slug}.kyschools.us")]


def contact_lines_2018(people: list[dict], district_line: str | None) -> list[str]:
    """The 2018 contact block: the heading line, the district line when given, one line per person."""
    first = [p("Contact information:")] + ([p(district_line)] if district_line else [])
    return first + [p(f"{x['name']} {x['title']} {x['email']}") for x in people]


def letter18(f: str, unusual: str, *, purpose: str, written: str | None, district: str | None,
             district_line: str | None = None, contacts: list[str] | None = None, people: list[dict] | None = None,
             poc: dict | None = None, header: list[str] | None = None, reasons=()) -> Letter:
    """A kyiln-2018 letter signed 9/9/2024 (term 2024-2025), varied where the arguments say."""
    if contacts is None:
        people = people_2018()
        contacts = contact_lines_2018(people, district_line)
    blocks = form_2018(purpose_district=purpose, contacts=contacts, points=numbered(PA, PB),
                       signatures=signatures_2018([p("Brent Mayfield, Superintendent"), p("Date: 9/9/2024")],
                                                  [p(""), p("Date:")]))
    return Letter(f, unusual, package(blocks, header=header),
                  record(f, "kyiln-2018", district, written, people, poc or people[0], SUP18, "2024-09-09", None,
                         None, *Y24, POINTS[:2], FOCUS[:2], reasons=reasons))


def letter19(f: str, unusual: str, *, written: str | None, district: str | None, district_blocks: list[str],
             contacts: list[str] | None = None, people: list[dict] | None = None, poc: dict | None = None,
             header: list[str] | None = None, intro_where: str = "below", reasons=()) -> Letter:
    """A kyiln-2019 letter signed 9/10/2024 (term 2024-2025), varied where the arguments say."""
    if contacts is None:
        contacts, people = std_2019_contacts("hart")
        poc = people[1]
    blocks = form_2019(district=district_blocks, contacts=contacts, points=numbered(PA, PB, PC),
                       signatures=signatures_2019([p("Rob Clayton"), p("Superintendent"), p("Date: 9/10/2024")],
                                                  [p("Date:")]), intro_where=intro_where)
    return Letter(f, unusual, package(blocks, header=header),
                  record(f, "kyiln-2019", district, written, people, poc or people[0], SUP19, "2024-09-10", None,
                         None, *Y24, POINTS, FOCUS, reasons=reasons))


def letter23(f: str, unusual: str, *, written: str | None = "Hart County Schools", district: str | None = "Hart County",
             district_blocks: list[str] | None = None, contacts: list[str] | None = None,
             people: list[dict] | None = None, poc: dict | None = None, header: list[str] | None = None,
             year_blocks: list[str] | None = None, year: str = "2024-2025", date: str = "10/1/2024",
             signed: str = "2024-10-01", before: list[str] = (), reasons=()) -> Letter:
    """A kyiln-2023 letter for 2024-2025 signed 10/1/2024, varied where the arguments say."""
    if contacts is None:
        contacts, people = std_2023_contacts("hart")
    blocks = form_2023(year=[p(f"Academic Year: {year}")] if year_blocks is None else year_blocks,
                       district=[p(f"District: {written}")] if district_blocks is None else district_blocks,
                       contacts=contacts, initiatives=glyph_initiatives("☐☒☐☐☐☐"), points=numbered(PA, PB),
                       signature_rows=sig23("Brent Mayfield\nSuperintendent", date), before=list(before))
    years = ([year], f"{year[5:]}-06-30")
    return Letter(f, unusual, package(blocks, header=header),
                  record(f, "kyiln-2023", district, written, people, poc or people[0], SUP23, signed, None, year,
                         *years, POINTS[:2], FOCUS[:2], ["Portrait of a Learner"], reasons=reasons))


def merged_table(*rows: list[tuple[str, int]] | list[str]) -> str:
    """A bordered table whose cells may span columns: a cell is markup, or (markup, gridSpan)."""
    def cell(spec) -> str:
        text, span = spec if isinstance(spec, tuple) else (spec, 1)
        props = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
        return f"<w:tc>{props}{_cell(text, '<w:b/>')}</w:tc>"
    body = "".join("<w:tr>" + "".join(cell(c) for c in row) + "</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{body}</w:tbl>'


def vmerged_table(rows: list[list[tuple[str, str | None]]]) -> str:
    """A table whose cells may merge vertically: each cell is (markup, "restart" | "continue" | None)."""
    def cell(text: str, merge: str | None) -> str:
        props = ""
        if merge == "restart":
            props = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
        elif merge == "continue":
            props = "<w:tcPr><w:vMerge/></w:tcPr>"
        return f"<w:tc>{props}{_cell(text, '<w:b/>')}</w:tc>"
    body = "".join("<w:tr>" + "".join(cell(*c) for c in row) + "</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{body}</w:tbl>'
