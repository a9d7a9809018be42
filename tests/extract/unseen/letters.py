"""Twenty-eight hand-written letters, each with the record read off the contract by hand.

Every letter differs from the public samples and the FORMS variant generator in one or two ways
real districts' letters do (see each entry's `unusual`). Expected records were written from the
contract (docs/contract/loc-record.md), never by running the extractor.
"""
from __future__ import annotations

from .common import (FOCUS, PA, PA_TEXT, PB, PB_TEXT, PC, PC_TEXT, POINTS, Y24, Letter, not_a_loc, numbered,
                     person, record, sig23, std_2018_contacts, std_2019_contacts, std_2023_contacts)
from .forms import (control_initiatives, form_2018, form_2019, form_2023, glyph_initiatives, signatures_2018,
                    signatures_2019)
from .letters_more import more_letters
from .kit import BOLD_GOOGLE, BOLD_LIBRE, deleted, inserted, p, package, page_break, r, table, textbox


def _letters() -> list[Letter]:
    out: list[Letter] = []

    # u01: letterhead. The district, its address and the superintendent are in the page header only.
    f = "u01-letterhead-header.docx"
    contacts, people = std_2019_contacts("boyle", "Mark Wade")
    header = [p("**Boyle County Schools**"), p("352 North Danville Bypass · Danville, Kentucky 40422"),
              p("Phone (859) 236-6634 · www.boyle.kyschools.us"), p("Mark Wade, Superintendent")]
    blocks = form_2019(district=[], intro_where="above", contacts=contacts, points=numbered(PA, PB, PC),
                       signatures=signatures_2019([p("Mark Wade"), p("Superintendent"), p("Date: 09/19/2024")],
                                                  [p("Date:")]))
    out.append(Letter(f, "district only in the letterhead (page header) with address and superintendent",
                      package(blocks, header=header),
                      record(f, "kyiln-2019", "Boyle County", "Boyle County Schools", people, people[1],
                             ("Mark Wade", "Superintendent"), "2024-09-19", None, None, *Y24, POINTS, FOCUS)))

    # u02: contacts written as one sentence.
    f = "u02-contacts-sentence.docx"
    people = [person("Jane Roe", "Director of Innovation", "jane.roe@oldham.kyschools.us"),
              person("Tom Bell", "Chief Academic Officer", "tom.bell@oldham.kyschools.us")]
    contacts = [p("Contact information:"),
                p("Our contacts are Jane Roe (Jane.Roe@oldham.kyschools.us), Director of Innovation, and Tom Bell "
                  "(tom.bell@oldham.kyschools.us), Chief Academic Officer.")]
    sig = signatures_2018([p("Greg Schultz, Superintendent"), p("Date: October 7, 2024")], [p(""), p("Date:")])
    blocks = form_2018(purpose_district="Oldham County Schools", contacts=contacts, points=numbered(PA, PB),
                       signatures=sig)
    out.append(Letter(f, "contacts as a comma-separated sentence with e-mails in parentheses", package(blocks),
                      record(f, "kyiln-2018", "Oldham County", "Oldham County Schools", people, people[0],
                             ("Greg Schultz", "Superintendent"), "2024-10-07", None, None, *Y24,
                             POINTS[:2], FOCUS[:2])))

    # u03: legal-style date.
    f = "u03-date-day-of-month.docx"
    contacts, people = std_2018_contacts("Kenton County School District", "kenton")
    sig = signatures_2018([p("Henry Webb, Superintendent"), p("Date: the 3rd day of October, 2024")],
                          [p(""), p("Date:")])
    blocks = form_2018(purpose_district="Kenton County School District", contacts=contacts,
                       points=numbered(PA, PC, num=2), signatures=sig)
    out.append(Letter(f, 'date written "the 3rd day of October, 2024"', package(blocks),
                      record(f, "kyiln-2018", "Kenton County", "Kenton County School District", people, people[0],
                             ("Henry Webb", "Superintendent"), "2024-10-03", None, None, *Y24,
                             [PA_TEXT, PC_TEXT], [FOCUS[0], FOCUS[2]])))

    # u04..u07: other date spellings in otherwise ordinary letters.
    for n, (label, typed) in enumerate((("10-3-2024", "Date: 10-3-2024"), ("Oct 3 2024", "Date: Oct 3 2024"),
                                        ("3 Oct. 2024", "Date: 3 Oct. 2024"), ("2024.10.03", "Date: 2024.10.03")),
                                       start=4):
        f = f"u0{n}-date-{label.replace(' ', '-').replace('.', '')}.docx"
        contacts, people = std_2019_contacts("warren")
        blocks = form_2019(district=[p("**District: **Warren County Public Schools")], contacts=contacts,
                           points=numbered(PA, PB, PC),
                           signatures=signatures_2019([p("Rob Clayton"), p("Superintendent"), p(typed)],
                                                      [p("Marcus Hale"), p("Date: 10/21/2024")]))
        out.append(Letter(f, f'district date written "{label}"', package(blocks),
                          record(f, "kyiln-2019", "Warren County", "Warren County Public Schools", people,
                                 people[1], ("Rob Clayton", "Superintendent"), "2024-10-03", "2024-10-21", None,
                                 *Y24, POINTS, FOCUS)))

    # u08: electronic signature.
    f = "u08-electronic-signature.docx"
    contacts, people = std_2019_contacts("madison", "Jane Roe")
    sig = [p("**For the District (Superintendent or Designee)**"), p("Signed: /s/ Jane Roe"),
           p("Title: Superintendent"), p("Date: 11/4/2024"),
           p("**For the Kentucky Department of Education (KDE Designee)**"), p("Signed:"), p("Date:")]
    blocks = form_2019(district=[p("**District: **Madison County Schools")], contacts=contacts,
                       points=numbered(PB, PC), signatures=sig)
    out.append(Letter(f, '"Signed: /s/ Jane Roe" electronic signature with a Title: line', package(blocks),
                      record(f, "kyiln-2019", "Madison County", "Madison County Schools", people, people[1],
                             ("Jane Roe", "Superintendent"), "2024-11-04", None, None, *Y24,
                             POINTS[1:], FOCUS[1:])))

    # u09: the name typed in a script font as the "signature", the title on the next line.
    f = "u09-script-font-signature.docx"
    contacts, people = std_2018_contacts("Daviess County Public Schools", "daviess")
    sig = [p("**Required Signatories**"), p(inner=r("Robert Kidd", font="Brush Script MT", size=40)),
           p("Superintendent"), p("KYILN Participating District, Superintendent/Designee"), p("Date: 8/27/2024"),
           p(""), p(""), p("Kentucky Innovation Lab Network, KDE Designee"), p("Date:")]
    blocks = form_2018(purpose_district="Daviess County Public Schools", contacts=contacts,
                       points=numbered(PA, num=2), signatures=sig)
    out.append(Letter(f, "signatory typed in a script font, title on the next line", package(blocks),
                      record(f, "kyiln-2018", "Daviess County", "Daviess County Public Schools", people, people[0],
                             ("Robert Kidd", "Superintendent"), "2024-08-27", None, None, *Y24,
                             POINTS[:1], FOCUS[:1])))

    # u10: an assistant superintendent signs as designee, in spring (two school years).
    f = "u10-assistant-superintendent-spring.docx"
    contacts, people = std_2019_contacts("scott", "Billy Parker")
    blocks = form_2019(district=[p("**District: **Scott County Schools")], contacts=contacts,
                       points=numbered(PA, PB, PC),
                       signatures=signatures_2019([p("Angela Ruiz"), p("Assistant Superintendent"),
                                                   p("Date: 01/15/2025")], [p("Date:")]))
    out.append(Letter(f, "Assistant Superintendent signs as designee; spring signature", package(blocks),
                      record(f, "kyiln-2019", "Scott County", "Scott County Schools", people, people[1],
                             ("Angela Ruiz", "Assistant Superintendent"), "2025-01-15", None, None,
                             ["2024-2025", "2025-2026"], "2026-06-30", POINTS, FOCUS)))

    # u11: points of action as an Action | Description table.
    f = "u11-actions-table.docx"
    contacts, people = std_2019_contacts("pike", "Reed Adkins")
    plan = [table(["**Action**", "**Description**"], ["1", PA], ["2", PB], ["3", PC])]
    blocks = form_2019(district=[p("**District: **Pike County Schools")], contacts=contacts, points=plan,
                       signatures=signatures_2019([p("Reed Adkins"), p("Superintendent"), p("Date: 9/5/2024")],
                                                  [p("Date:")]))
    out.append(Letter(f, "points of action in a numbered Action | Description table", package(blocks),
                      record(f, "kyiln-2019", "Pike County", "Pike County Schools", people, people[1],
                             ("Reed Adkins", "Superintendent"), "2024-09-05", None, None, *Y24, POINTS, FOCUS)))

    # u12: headed paragraphs "Action 1: <bold focus> — text" (no list, no typed list marker).
    f = "u12-action-headed-paragraphs.docx"
    contacts, people = std_2023_contacts("hart")
    plan = [p("Action 1: **Portrait of a Learner** — a design team of parents and students meets monthly."),
            p("Action 2: **Project-Based Learning** — every middle school runs one unit per semester.")]
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Hart County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☒☒☐☐☐"), points=plan,
                       signature_rows=sig23("Brent Mayfield\nSuperintendent", "10/1/2024"))
    out.append(Letter(f, 'points as paragraphs headed "Action 1: <bold phrase> — …"', package(blocks),
                      record(f, "kyiln-2023", "Hart County", "Hart County Schools", people, people[0],
                             ("Brent Mayfield", "Superintendent"), "2024-10-01", None, "2024-2025", *Y24,
                             ["Action 1: Portrait of a Learner — a design team of parents and students meets "
                              "monthly.", "Action 2: Project-Based Learning — every middle school runs one unit "
                              "per semester."], ["Portrait of a Learner", "Project-Based Learning"],
                             ["Portrait of a Learner", "Project-Based Learning"])))

    # u13: a cover page before the form.
    f = "u13-cover-page.docx"
    contacts, people = std_2023_contacts("caverna")
    cover = [p("**Caverna Independent Schools**"), p("**Kentucky Innovative Learning Network**"),
             p("Letter of Commitment"), p("Submitted to the Kentucky Department of Education"), p("Fall 2024"),
             page_break()]
    blocks = form_2023(before=cover, year=[p("Academic Year: 2024-2025")],
                       district=[p("District: Caverna Independent Schools")], contacts=contacts,
                       initiatives=glyph_initiatives("☒☐☐☐☐☐"), points=numbered(PA, PB),
                       signature_rows=sig23("Sonya Wilson\nSuperintendent", "9/30/2024", "Marcus Hale",
                                            "10/15/2024"))
    out.append(Letter(f, "a cover page (district, title, season) before the form", package(blocks),
                      record(f, "kyiln-2023", "Caverna Independent", "Caverna Independent Schools", people,
                             people[0], ("Sonya Wilson", "Superintendent"), "2024-09-30", "2024-10-15",
                             "2024-2025", *Y24, POINTS[:2], FOCUS[:2], ["Local Laboratories of Learning"])))

    # u14: a Google Docs export: no styles part, bold as w:b w:val="1", headings are bold lines.
    f = "u14-google-docs-export.docx"
    contacts, people = std_2023_contacts("allen")
    gh = lambda text: p(f"**{text}**", bold=BOLD_GOOGLE)  # noqa: E731
    plan = [p(m, num=2, bold=BOLD_GOOGLE) for m in (PA, PC)]
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Allen County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☒☐☐☐☒"), points=plan,
                       signature_rows=sig23("Travis Hamby\nSuperintendent", "November 12, 2024"),
                       bold=BOLD_GOOGLE, heading=gh)
    out.append(Letter(f, 'Google Docs export: no styles, bold via w:b w:val="1", bold-line headings',
                      package(blocks, styles=False),
                      record(f, "kyiln-2023", "Allen County", "Allen County Schools", people, people[0],
                             ("Travis Hamby", "Superintendent"), "2024-11-12", None, "2024-2025", *Y24,
                             [PA_TEXT, PC_TEXT], [FOCUS[0], FOCUS[2]],
                             ["Portrait of a Learner", "Innovative Teacher Fellowship"])))

    # u15: a LibreOffice export: no styles, bold via w:val="true", typed "1)" markers.
    f = "u15-libreoffice-typed-markers.docx"
    contacts, people = std_2019_contacts("fayette", "Demetrus Liggins")
    lh = lambda text: p(f"**{text}**", bold=BOLD_LIBRE)  # noqa: E731
    plan = [p(f"{i}) {m}", bold=BOLD_LIBRE) for i, m in enumerate((PA, PB, PC), start=1)]
    blocks = form_2019(district=[p("**District:** Fayette County Public Schools", bold=BOLD_LIBRE)],
                       contacts=contacts, points=plan, bold=BOLD_LIBRE, heading=lh,
                       signatures=signatures_2019([p("Demetrus Liggins"), p("Superintendent"),
                                                   p("Date: 10/08/2024")], [p("Date:")]))
    out.append(Letter(f, 'LibreOffice export: no styles, w:b w:val="true", typed "1)" markers',
                      package(blocks, styles=False),
                      record(f, "kyiln-2019", "Fayette County", "Fayette County Public Schools", people, people[1],
                             ("Demetrus Liggins", "Superintendent"), "2024-10-08", None, None, *Y24, POINTS,
                             FOCUS)))

    # u16: ☑ and ✓ as ticks in the initiative list.
    f = "u16-ballot-check-glyphs.docx"
    contacts, people = std_2023_contacts("adair")
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Adair County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☑☐✓☐☐☑"), points=numbered(PB),
                       signature_rows=sig23("Jerry Stephens\nSuperintendent", "10/2/2024"))
    out.append(Letter(f, "initiatives ticked with ☑ (U+2611) and ✓ (U+2713)", package(blocks),
                      record(f, "kyiln-2023", "Adair County", "Adair County Schools", people, people[0],
                             ("Jerry Stephens", "Superintendent"), "2024-10-02", None, "2024-2025", *Y24,
                             [PB_TEXT], [FOCUS[1]], ["Local Laboratories of Learning", "Project-Based Learning",
                                                     "Innovative Teacher Fellowship"])))

    # u17: initiatives in a two-column table ticked with a typed "X".
    f = "u17-initiatives-x-table.docx"
    contacts, people = std_2023_contacts("anchorageind")
    labels = ("Local Laboratories of Learning (L3s)", "Portrait of a Learner", "Project-Based Learning",
              "Student Microcredentials", "Deeper Learning Grant", "Innovative Teacher Fellowship")
    marks = ("", "X", "", "", "X", "")
    inits = [table(*[[m, label] for m, label in zip(marks, labels, strict=True)])]
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Anchorage Independent Schools")],
                       contacts=contacts, initiatives=inits, points=numbered(PA, PC),
                       signature_rows=sig23("Kelly Hurley\nSuperintendent", "9/17/2024"))
    out.append(Letter(f, 'initiatives in a table, ticked with a typed "X"', package(blocks),
                      record(f, "kyiln-2023", "Anchorage Independent", "Anchorage Independent Schools", people,
                             people[0], ("Kelly Hurley", "Superintendent"), "2024-09-17", None, "2024-2025", *Y24,
                             [PA_TEXT, PC_TEXT], [FOCUS[0], FOCUS[2]], ["Portrait of a Learner", "Deeper Learning"])))

    # u18: the district line sits in a text box.
    f = "u18-district-text-box.docx"
    contacts, people = std_2023_contacts("pulaski")
    blocks = form_2023(year=[p("Academic Year: 2024-2025")],
                       district=[textbox(p("District: Somerset Independent Schools"))], contacts=contacts,
                       initiatives=control_initiatives({1, 3}), points=numbered(PA, PB),
                       signature_rows=sig23("Kyle Lawson\nSuperintendent", "10/10/2024"))
    out.append(Letter(f, "district line inside a text box (DrawingML with VML fallback); checkbox controls",
                      package(blocks),
                      record(f, "kyiln-2023", "Somerset Independent", "Somerset Independent Schools", people,
                             people[0], ("Kyle Lawson", "Superintendent"), "2024-10-10", None, "2024-2025", *Y24,
                             POINTS[:2], FOCUS[:2], ["Portrait of a Learner", "Student Microcredentials"])))

    # u19: a tracked change corrects the signature date.
    f = "u19-tracked-date-fix.docx"
    contacts, people = std_2023_contacts("pike")
    date_cell = p(inner=deleted("10/3/2024") + inserted("10/13/2024"))
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Pikeville Independent Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☐☐☒☐☐"), points=numbered(PC),
                       signature_rows=sig23("David Trimble\nSuperintendent", date_cell))
    out.append(Letter(f, "tracked change: 10/3/2024 deleted, 10/13/2024 inserted", package(blocks),
                      record(f, "kyiln-2023", "Pikeville Independent", "Pikeville Independent Schools", people,
                             people[0], ("David Trimble", "Superintendent"), "2024-10-13", None, "2024-2025", *Y24,
                             [PC_TEXT], [FOCUS[2]], ["Student Microcredentials"])))

    # u20: two pages; the signatures follow a page break.
    f = "u20-signature-page-two.docx"
    contacts, people = std_2019_contacts("danvilleind", "Tammy Conyers")
    sig = [page_break()] + signatures_2019([p("Tammy Conyers"), p("Superintendent"), p("Date: 12/2/2024")],
                                           [p("Marcus Hale"), p("Date: 12/9/2024")])
    blocks = form_2019(district=[p("**District: **Danville Schools")], contacts=contacts,
                       points=numbered(PA, PB, PC), signatures=sig)
    out.append(Letter(f, "signatures on page 2 after a page break; brand name 'Danville Schools'", package(blocks),
                      record(f, "kyiln-2019", "Danville Independent", "Danville Schools", people, people[1],
                             ("Tammy Conyers", "Superintendent"), "2024-12-02", "2024-12-09", None, *Y24,
                             POINTS, FOCUS)))

    # u21: side-by-side signature table, the KDE column typed and dated, the district's name not typed.
    f = "u21-kde-countersign-columns.docx"
    contacts, people = std_2018_contacts("Bardstown City Schools", "bardstownind")
    sig = [p("**Required Signatories**"),
           table(["", ""], ["KYILN Participating District, Superintendent/Designee",
                            "Kentucky Innovation Lab Network, KDE Designee"], ["", "Marcus Hale"],
                 ["Date: 9/12/2024", "Date: 9/30/2024"])]
    blocks = form_2018(purpose_district="Bardstown City Schools", contacts=contacts, points=numbered(PB, num=2),
                       signatures=sig)
    out.append(Letter(f, "district and KDE signatures side by side; only KDE's name typed", package(blocks),
                      record(f, "kyiln-2018", "Bardstown Independent", "Bardstown City Schools", people, people[0],
                             (None, None), "2024-09-12", "2024-09-30", None, *Y24, [PB_TEXT], [FOCUS[1]])))

    # u22: "Jefferson Co. Public Schools (JCPS)".
    f = "u22-jefferson-co-acronym.docx"
    contacts, people = std_2019_contacts("jefferson", "Brian Yearwood")
    blocks = form_2019(district=[p("**District: **Jefferson Co. Public Schools (JCPS)")], contacts=contacts,
                       points=numbered(PA, PB),
                       signatures=signatures_2019([p("Brian Yearwood"), p("Superintendent"), p("Date: 8/20/2024")],
                                                  [p("Date:")]))
    out.append(Letter(f, 'district "Jefferson Co. Public Schools (JCPS)"', package(blocks),
                      record(f, "kyiln-2019", "Jefferson County", "Jefferson Co. Public Schools (JCPS)", people,
                             people[1], ("Brian Yearwood", "Superintendent"), "2024-08-20", None, None, *Y24,
                             POINTS[:2], FOCUS[:2])))

    # u23: a trailing "District" after the usual name.
    f = "u23-trailing-district.docx"
    contacts, people = std_2023_contacts("warren")
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Warren County District")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☐☐☐☐☐"), points=numbered(PA),
                       signature_rows=sig23("Rob Clayton\nSuperintendent", "08/28/2024"))
    out.append(Letter(f, 'district written "Warren County District"', package(blocks),
                      record(f, "kyiln-2023", "Warren County", "Warren County District", people, people[0],
                             ("Rob Clayton", "Superintendent"), "2024-08-28", None, "2024-2025", *Y24,
                             [PA_TEXT], [FOCUS[0]])))

    # u24: Fulton Independent (a county of the same name exists); e-mails on the county's domain.
    f = "u24-fulton-independent.docx"
    contacts, people = std_2018_contacts("Fulton Independent Schools", "fulton")
    sig = signatures_2018([p("Jennifer Hendrix, Superintendent"), p("Date: 9/9/2024")], [p(""), p("Date:")])
    blocks = form_2018(purpose_district="Fulton Independent Schools", contacts=contacts, points=numbered(PA, num=2),
                       signatures=sig)
    out.append(Letter(f, "Fulton Independent (same place name as Fulton County; county e-mail domain)",
                      package(blocks),
                      record(f, "kyiln-2018", "Fulton Independent", "Fulton Independent Schools", people, people[0],
                             ("Jennifer Hendrix", "Superintendent"), "2024-09-09", None, None, *Y24,
                             [PA_TEXT], [FOCUS[0]])))

    # u25: a grant application cover letter that mentions the LOC and has a signature line.
    f = "u25-grant-cover-letter.docx"
    blocks = [p("**Warren County Public Schools**"), p("**Innovative Teacher Fellowship Grant Application**"),
              p("**Cover Letter**"), p("October 1, 2024"), p("Dear Review Committee,"),
              p("On behalf of Warren County Public Schools, I am pleased to submit our application. As a member of "
                "the KY ILN, our district returned its signed Letter of Commitment on September 5, 2024, and the "
                "points of action in our district plan guide this proposal."),
              p("Our proposal funds two teacher fellows who will lead project-based learning at the middle level.",
                num=2),
              p("Sincerely,"), p("Signature: ____________________"), p("Rob Clayton, Superintendent"),
              p("Date: 10/1/2024")]
    out.append(Letter(f, "a grant application cover letter mentioning the LOC, signed (not an LOC)",
                      package(blocks), not_a_loc(f)))

    # u26: an MOU with a university that refers to the district's LOC.
    f = "u26-mou-university.docx"
    blocks = [p("**Memorandum of Understanding**"),
              p("between Kenton County School District and Northern Kentucky University"),
              p("**Purpose**"),
              p("This memorandum supports the district's KY ILN Letter of Commitment by establishing a teacher "
                "residency partnership."),
              p("**Responsibilities**"), p("The university will place six student teachers each semester.", num=1),
              p("The district will provide mentor teachers and release time.", num=1),
              p("**Term**"), p("This agreement is effective for the current school year and may be renewed."),
              p("**Signatures**"), p("Henry Webb, Superintendent"), p("Date: 8/15/2024"),
              p("Ashish Vaidya, President, Northern Kentucky University"), p("Date: 8/22/2024")]
    out.append(Letter(f, "a memorandum of understanding citing the LOC, with signatures (not an LOC)",
                      package(blocks), not_a_loc(f)))

    # u27: KDE has typed its name but not the date.
    f = "u27-kde-date-missing.docx"
    contacts, people = std_2023_contacts("boyle")
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Boyle County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☒☐☐☐☐"), points=numbered(PA, PB),
                       signature_rows=sig23("Mark Wade\nSuperintendent", "10/22/2024", "Marcus Hale", ""))
    out.append(Letter(f, "KDE name typed, KDE date missing (not a review reason)", package(blocks),
                      record(f, "kyiln-2023", "Boyle County", "Boyle County Schools", people, people[0],
                             ("Mark Wade", "Superintendent"), "2024-10-22", None, "2024-2025", *Y24, POINTS[:2],
                             FOCUS[:2], ["Portrait of a Learner"])))

    # u28: signed in spring for the coming academic year, stated with an en dash.
    f = "u28-spring-stated-year.docx"
    contacts, people = std_2023_contacts("covingtonind")
    blocks = form_2023(year=[p("Academic Year: 2025–2026")], district=[p("District: Covington Independent Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☒☒☐☐☐☐"), points=numbered(PA, PB, PC),
                       signature_rows=sig23("Alvin Garrison\nSuperintendent", "March 14, 2025"))
    out.append(Letter(f, "spring signature with the next academic year stated (en dash)", package(blocks),
                      record(f, "kyiln-2023", "Covington Independent", "Covington Independent Schools", people,
                             people[0], ("Alvin Garrison", "Superintendent"), "2025-03-14", None, "2025-2026",
                             ["2025-2026"], "2026-06-30", POINTS, FOCUS,
                             ["Local Laboratories of Learning", "Portrait of a Learner"])))
    return out


LETTERS: tuple[Letter, ...] = tuple(_letters() + more_letters())
