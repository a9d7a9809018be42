"""New letters for each class of mistake issue 11 lists, in all three form generations.

Expected records read off docs/contract/loc-record.md by hand, before the extractor ran on them
(judgement calls are commented). Classes:
  label     the district field's only candidate is a table header, a date or a phrase referring back
  header    the district stands only in the page header (letterhead); the body refers back to it
  board     "<Name> Board of Education" / "Board of Education of <Name> County" names the district
  contacts  a contacts table whose first data row is the point of contact (header row or not, role in a
            column or the first cell, merged cells)
  year      a signature date over a year away from the stated academic year: date_year_mismatch
"""
from __future__ import annotations

from tests.extract.unseen.common import Letter, person
from tests.extract.unseen.forms import contacts_2019
from tests.extract.unseen.kit import p, table, textbox

from .builders import letter18, letter19, letter23, merged_table, vmerged_table

HART = ("Hart County Schools", "Hart County")
LETTERHEAD = [p("**Hart County Schools**"), p("511 Main Street · Munfordville, KY 42765 · (270) 524-2631")]


def label_letters() -> list[Letter]:
    """The district field holds a label, a date or a reference; the name is elsewhere (or nowhere)."""
    return [
        # the district and its superintendent in a two-row table: "District" is the header, the name below it
        letter19("m01-2019-district-header-cell.docx", 'a District | Superintendent table: "District" is a header',
                 written="Hart County Schools", district="Hart County",
                 district_blocks=[table(["**District**", "**Superintendent**"], ["Hart County Schools", "Rob Clayton"])]),
        letter23("m02-2023-district-role-date-table.docx", "District | Role | Date header row, values in the next row",
                 district_blocks=[table(["**District**", "**Role**", "**Date**"],
                                        ["Hart County Schools", "Member district", "10/1/2024"])]),
        # the only thing after "District:" is a date: no name anywhere else, so missing_district
        letter23("m03-2023-district-field-holds-date.docx", 'the District field holds "10/1/2024" and nothing names one',
                 written=None, district=None, district_blocks=[p("District: 10/1/2024")],
                 reasons=("missing_district",)),
        letter19("m04-2019-our-district-no-name.docx", '"District: our district" and no name anywhere',
                 written=None, district=None, district_blocks=[p("**District: **our district")],
                 reasons=("missing_district",)),
        # a text-box letterhead names it; the District field refers back
        _named_above_in_textbox(),
        letter18("m06-2018-partnership-refers-back.docx", 'the purpose sentence says "the district named below"; '
                 "the contact block names it", purpose="the district named below", written="Hart County Schools",
                 district="Hart County", district_line="Hart County Schools"),
        letter18("m07-2018-contact-block-role-header.docx", "the contact block is a Role | Name table; the purpose "
                 "sentence names the district", purpose="Hart County Schools", written="Hart County Schools",
                 district="Hart County", contacts=[p("Contact information:"),
                                                   table(["**Role**", "**Name**", "**Title**", "**Email**"],
                                                         ["Point of Contact", "Irene Caldwell", "Chief Academic Officer",
                                                          "irene.caldwell@hart.kyschools.us"])],
                 people=[person("Irene Caldwell", "Chief Academic Officer", "irene.caldwell@hart.kyschools.us")]),
    ]


def _named_above_in_textbox() -> Letter:
    """A text-box letterhead names the district; the District field refers back to it."""
    return letter19("m05-2019-named-above-in-textbox.docx", 'a text-box letterhead, "District: the district named above"',
                    written="Hart County Schools", district="Hart County", intro_where="above",
                    district_blocks=[textbox(*LETTERHEAD), p("**District: **the district named above")])


def header_letters() -> list[Letter]:
    """The district stands only in the page header; the body refers back to it."""
    return [
        letter19("m10-2019-letterhead-named-above.docx", 'letterhead in the page header, "District: the district named above"',
                 written="Hart County Schools", district="Hart County", header=LETTERHEAD, intro_where="above",
                 district_blocks=[p("**District: **the district named above")]),
        letter23("m11-2023-letterhead-our-district.docx", 'letterhead in the page header, "District: Our district"',
                 header=LETTERHEAD, district_blocks=[p("District: Our district")]),
        letter23("m12-2023-letterhead-no-district-line.docx", "letterhead in the page header, no District line at all",
                 header=[p("HART COUNTY SCHOOLS"), p("511 Main Street, Munfordville, KY 42765")],
                 written="HART COUNTY SCHOOLS", district_blocks=[]),
        letter18("m13-2018-letterhead-purpose-named-above.docx", 'letterhead header; the purpose sentence says '
                 '"the district named above"; no district line in the contact block', purpose="the district named above",
                 written="Hart County Schools", district="Hart County", header=LETTERHEAD),
        letter23("m15-2023-body-letterhead-our-district.docx", 'the letterhead typed at the top of the body, '
                 '"District: our district"', before=LETTERHEAD, district_blocks=[p("District: our district")]),
        letter19("m16-2019-name-alone-under-intro.docx", 'the intro says "the district named below", the name stands '
                 "alone on the next line", written="Hart County Schools", district="Hart County",
                 district_blocks=[p("**Hart County Schools**")]),
        letter18("m14-2018-letterhead-our-district.docx", 'letterhead header; the purpose sentence says "our district"',
                 purpose="our district", written="Hart County Schools", district="Hart County", header=LETTERHEAD),
    ]


def board_letters() -> list[Letter]:
    """Districts naming themselves by their board of education."""
    return [
        letter19("m20-2019-county-board-of-education.docx", 'District: "Boyle County Board of Education"',
                 written="Boyle County Board of Education", district="Boyle County",
                 district_blocks=[p("**District: **Boyle County Board of Education")]),
        letter19("m21-2019-board-of-education-of-county.docx", 'District: "Board of Education of Boyle County"',
                 written="Board of Education of Boyle County", district="Boyle County",
                 district_blocks=[p("**District: **Board of Education of Boyle County")]),
        letter23("m22-2023-independent-board.docx", 'District: "Paris Independent Board of Education"',
                 written="Paris Independent Board of Education", district="Paris Independent"),
        letter23("m23-2023-board-in-letterhead.docx", 'letterhead "Board of Education of Hart County", '
                 '"District: the district named above"', written="Board of Education of Hart County",
                 header=[p("Board of Education of Hart County"), p("511 Main Street, Munfordville, KY 42765")],
                 district_blocks=[p("District: the district named above")]),
        letter18("m24-2018-partnership-board-of-education.docx", 'purpose sentence: "... and the Board of Education '
                 'of Hart County for ..."', purpose="the Board of Education of Hart County",
                 written="Board of Education of Hart County", district="Hart County"),
        letter18("m25-2018-contact-block-board.docx", 'contact block first line "Hart County Board of Education"',
                 purpose="our district", written="Hart County Board of Education", district="Hart County",
                 district_line="Hart County Board of Education"),
        letter19("m27-2019-board-line-alone.docx", '"Hart County Board of Education" alone under the intro, no label',
                 written="Hart County Board of Education", district="Hart County",
                 district_blocks=[p("Hart County Board of Education")]),
        letter23("m28-2023-board-of-education-of-line-alone.docx", '"Board of Education of Boyle County" alone, no label',
                 written="Board of Education of Boyle County", district="Boyle County",
                 district_blocks=[p("**Board of Education of Boyle County**")]),
        letter18("m26-2018-the-board-of-the-district.docx", 'purpose sentence: "the Board of Education of the Paris '
                 'Independent School District"', purpose="the Board of Education of the Paris Independent School District",
                 written="Board of Education of the Paris Independent School District", district="Paris Independent"),
    ]


POC = person("Ana Flores", "Director of Innovation", "ana.flores@hart.kyschools.us")
SUPT = person("Rob Clayton", "Superintendent", "rob.clayton@hart.kyschools.us")
EXTRA = person("Dale Pruitt", "Chief Academic Officer", "dale.pruitt@hart.kyschools.us")


def _row(role: str | None, who: dict) -> list[str]:
    return ([role] if role is not None else []) + [who["name"], who["title"], who["email"]]


def contact_table_letters() -> list[Letter]:
    """Contacts tables whose first data row is the point of contact."""
    def l19(f, unusual, contacts, people, poc=POC):
        return letter19(f, unusual, written=HART[0], district=HART[1], district_blocks=[p("**District: **Hart County Schools")],
                        contacts=contacts, people=people, poc=poc)

    def l23(f, unusual, contacts, people, poc=POC):
        return letter23(f, unusual, contacts=contacts, people=people, poc=poc)

    headerless = [table(_row("ILN Point of Contact", POC), _row("Superintendent", SUPT))]
    role_last = [table(["**Name**", "**Title**", "**Email**", "**Role**"], [*_row(None, POC), "Point of Contact"],
                       [*_row(None, EXTRA), "Additional Contact"])]
    merged = [merged_table([("**District Contacts**", 4)], ["**Role**", "**Name**", "**Title**", "**Email**"],
                           _row("ILN Point of Contact", POC), _row("Superintendent", SUPT))]
    merged_headerless = [merged_table([("**District Contacts**", 4)], _row("Point of Contact", POC),
                                      _row("Superintendent", SUPT))]
    vmerged = [vmerged_table([[("**Role**", None), ("**Name**", None), ("**Title**", None), ("**Email**", None)],
                              [("ILN Point of Contact", None), (POC["name"], None), (POC["title"], None), (POC["email"], None)],
                              [("Other contacts", "restart"), (SUPT["name"], None), (SUPT["title"], None), (SUPT["email"], None)],
                              [("", "continue"), (EXTRA["name"], None), (EXTRA["title"], None), (EXTRA["email"], None)]])]
    no_role = [table(["**Name**", "**Title**", "**Email**"], _row(None, POC), _row(None, SUPT))]
    return [
        l19("m30-2019-poc-first-with-header.docx", "Role | Name | Title | Email, the point of contact in the first data row",
            contacts_2019(tuple(_row("ILN Point of Contact", POC)), tuple(_row("Superintendent", SUPT))), [POC, SUPT]),
        l19("m31-2019-poc-first-headerless.docx", "no header row, the role in each row's first cell, POC first",
            headerless, [POC, SUPT]),
        l23("m32-2023-role-column-last.docx", "Name | Title | Email | Role, the point of contact first",
            role_last, [POC, EXTRA]),
        l19("m33-2019-merged-title-row.docx", "a merged title row over Role | Name | Title | Email, POC first",
            merged, [POC, SUPT]),
        l23("m34-2023-merged-title-headerless.docx", "a merged title row, then data rows with the role first, POC first",
            merged_headerless, [POC, SUPT]),
        l19("m35-2019-vertically-merged-role.docx", 'POC first, then a vertically merged "Other contacts" role cell',
            vmerged, [POC, SUPT, EXTRA]),
        # no role anywhere: the contract's "where none is labelled, the first contact"
        l23("m36-2023-no-role-column.docx", "Name | Title | Email only: the first data row is the point of contact",
            no_role, [POC, SUPT]),
        letter18("m37-2018-poc-first-table.docx", "2018 contact block as a headerless table, the POC row first",
                 purpose="Hart County Schools", written=HART[0], district=HART[1],
                 contacts=[p("Contact information:"), p("Hart County Schools"),
                           table(_row("Point of Contact", POC), _row("Superintendent", SUPT))],
                 people=[POC, SUPT], poc=POC),
        l19("m50-2019-contact-position-email-header.docx", "header row Contact | Position | E-mail Address, POC first",
            [table(["**Contact**", "**Position**", "**E-mail Address**"], _row(None, POC), _row(None, SUPT))], [POC, SUPT]),
        l23("m51-2023-person-stacked-in-one-cell.docx", "role in the first cell, name/title/e-mail stacked in the second",
            [table(["Point of Contact", _stacked(POC)], ["Superintendent", _stacked(SUPT)])], [POC, SUPT]),
        l19("m52-2019-name-and-title-column.docx", 'Role | "Name / Title" | Email, the name and title in one cell',
            [table(["**Role**", "**Name / Title**", "**Email**"],
                   ["Point of Contact", f"{POC['name']}, {POC['title']}", POC["email"]],
                   ["Superintendent", f"{SUPT['name']}, {SUPT['title']}", SUPT["email"]])], [POC, SUPT]),
        l23("m53-2023-role-rows-as-subheadings.docx", 'a "Point of Contact" row above its person, then "Additional Contact"',
            [table(["**Point of Contact**", "", ""], _row(None, POC), ["**Additional Contact**", "", ""], _row(None, EXTRA))],
            [POC, EXTRA]),
        letter18("m54-2018-role-label-in-name-cell.docx", '"**Point of Contact:** Ana Flores" in the first cell',
                 purpose="Hart County Schools", written=HART[0], district=HART[1],
                 contacts=[p("Contact information:"), p("Hart County Schools"),
                           table([f"**Point of Contact:** {POC['name']}", POC["title"], POC["email"]],
                                 [f"**Superintendent:** {SUPT['name']}", SUPT["title"], SUPT["email"]])],
                 people=[POC, SUPT], poc=POC),
        l19("m55-2019-merged-title-over-name-title-email.docx", "a merged title row over Name | Title | Email, POC first",
            [merged_table([("**District Contacts**", 3)], ["**Name**", "**Title**", "**Email**"], _row(None, POC),
                          _row(None, SUPT))], [POC, SUPT]),
    ]


def _stacked(who: dict) -> str:
    return f"{who['name']}\n{who['title']}\n{who['email']}"


def year_letters() -> list[Letter]:
    """Signature dates over a year away from the stated academic year (and one within it, as a control)."""
    return [
        letter23("m40-2023-signed-two-years-before.docx", "stated 2024-2025, signed 10/1/2022",
                 date="10/1/2022", signed="2022-10-01", reasons=("date_year_mismatch",)),
        letter23("m41-2023-signed-after-the-year.docx", "stated 2024-2025, signed 8/15/2026 (over a year after it ends)",
                 date="8/15/2026", signed="2026-08-15", reasons=("date_year_mismatch",)),
        letter23("m42-2023-short-year-form.docx", 'stated "2024-25", signed 10/3/2022',
                 year_blocks=[p("Academic Year: 2024-25")], date="10/3/2022", signed="2022-10-03",
                 reasons=("date_year_mismatch",)),
        letter23("m43-2023-year-in-table-cell.docx", "the academic year in a label | value table, signed 9/1/2022",
                 year_blocks=[table(["**Academic Year**", "2024–2025"])], date="9/1/2022", signed="2022-09-01",
                 reasons=("date_year_mismatch",)),
        letter23("m44-2023-year-in-title.docx", 'only the title states "2024-2025", signed 9/2/2022',
                 year_blocks=[], before=[p("**2024-2025 KY ILN Letter of Commitment**")], date="9/2/2022",
                 signed="2022-09-02", reasons=("date_year_mismatch",)),
        letter23("m45-2023-year-in-page-header.docx", "the academic year only in the page header, signed 9/3/2022",
                 year_blocks=[], header=[p("Academic Year: 2024-2025")], date="9/3/2022", signed="2022-09-03",
                 reasons=("date_year_mismatch",)),
        letter23("m46-2023-school-year-label.docx", '"School Year 2024-2025" typed, signed September 4, 2022',
                 year_blocks=[p("School Year 2024-2025")], date="September 4, 2022", signed="2022-09-04",
                 reasons=("date_year_mismatch",)),
        letter23("m48-2023-year-in-a-sentence.docx", '"This commitment is for the 2024-2025 academic year.", signed 10/1/2022',
                 year_blocks=[p("This commitment is for the 2024-2025 academic year.")], date="10/1/2022",
                 signed="2022-10-01", reasons=("date_year_mismatch",)),
        letter23("m49-2023-school-year-sentence-short-form.docx", '"... during the 2024–25 school year." in the intro, '
                 "signed 11/12/2022", year_blocks=[p("Hart County Schools will take part in the KY ILN during the "
                                                    "2024–25 school year.")],
                 date="11/12/2022", signed="2022-11-12", reasons=("date_year_mismatch",)),
        # control: within a year of the stated year is no mismatch (contract: "over a year away")
        letter23("m47-2023-signed-within-the-year.docx", "stated 2024-2025, signed 3/1/2025: no mismatch",
                 date="3/1/2025", signed="2025-03-01"),
    ]


CLASSES = {"label": label_letters, "header": header_letters, "board": board_letters,
           "contacts": contact_table_letters, "year": year_letters}
LETTERS = [letter for build in CLASSES.values() for letter in build()]
