"""Round 2, second module (r63-r151): joint or acronym districts, placeholders typed as text,
term-rule edges, bold typed markers and instructions, signers with no name or "s/", a memo before
the letter, a footer revision date, a tracked bold swap with a hidden note, a partner's letter of
support; two addresses in one field, initiatives named in prose, KDE's signature row first, a date
above the name, title-first signers, "Sept."/ordinal/spaced dates, a plan in a label | value row,
nested sub-items, "Ft.", an address and phone in the 2018 contact block, an e-mail in the Name
cell, D/M/Y and yearless dates, "See DocuSign", a ticked "Other:" line. Expected records read off
docs/contract/loc-record.md by hand (judgement calls are commented where made)."""
from __future__ import annotations

from tests.extract.docx_factory import NAMESPACES as _NS, make_docx

from .common import (FOCUS, PA, PB, PB_TEXT, PC, POINTS, Y24, Letter, not_a_loc, numbered, person, record, sig23,
                     std_2019_contacts, std_2023_contacts)
from .forms import (contact_fields, contacts_2019, form_2018, form_2019, form_2023, glyph_initiatives, signatures_2018,
                    signatures_2019)
from .kit import NUMBERING, STYLES, p, package, page_break, r, table
from .letters_round2 import SUP, letter19, letter23, sig_lines

_BOLD_INSTRUCTION = ('identify two to four points of action', 'identify </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>'
                     '<w:t xml:space="preserve">two to four points of action</w:t></w:r><w:r><w:t xml:space="preserve">')


def _eighth(out: list[Letter]) -> None:
    out.append(letter19("r63-two-districts-joint.docx", "one letter naming two districts (a joint commitment)",
                    written="Hart County Schools and Caverna Independent Schools", district=None,
                    reasons=("unknown_district",)))
    out.append(letter23("r65-year-placeholder-typed.docx", "the academic year still reads the prompt, typed as text",
                    year_blocks=[p("Academic Year: Click or tap here to enter text.")], year=None,
                    reasons=("unfilled_placeholder",)))
    out.append(letter23("r66-date-placeholder-typed.docx", "the signature date cell still reads the date prompt",
                    sig_rows=sig23("Brent Mayfield\nSuperintendent", "Click or tap to enter a date."), signed=None,
                    reasons=("missing_signature_date", "unfilled_placeholder")))
    for n, typed, signed, years in (
            (69, "1/10/2025", "2025-01-10", (["2024-2025", "2025-2026"], "2026-06-30")),
            (70, "June 1, 2024", "2024-06-01", (["2024-2025"], "2025-06-30")),
            (71, "May 31, 2024", "2024-05-31", (["2023-2024", "2024-2025"], "2025-06-30")),
            (91, "9/10/2019", "2019-09-10", (["2019-2020"], "2020-06-30"))):
        out.append(letter19(f"r{n}-term-{signed}.docx", f'district date "{typed}" (term rule edge)',
                        written="Hart County Schools", district="Hart County", sig=sig_lines(date=typed), signed=signed,
                        years=years))
    out.append(letter19("r76-bold-in-instruction.docx", "the form's plan instruction has bold words (not focus areas)",
                    written="Hart County Schools", district="Hart County",
                    transform=lambda blocks: [b.replace(*_BOLD_INSTRUCTION) for b in blocks]))
    typed = [p("**1.** " + PA), p("**2.** " + PB), p("**3.** " + PC)]
    out.append(letter19("r77-bold-typed-markers.docx", 'typed markers set in bold ("**1.** We are ...")',
                    written="Hart County Schools", district="Hart County", points=typed))
    whole = [p("**1. We will adopt a Portrait of a Learner by June.**"), p("2. " + PB)]
    out.append(letter19("r78-bold-marker-and-sentence.docx", "a typed marker and its whole sentence in one bold run",
                    written="Hart County Schools", district="Hart County", points=whole,
                    exp_points=["We will adopt a Portrait of a Learner by June.", PB_TEXT],
                    exp_focus=["We will adopt a Portrait of a Learner by June", FOCUS[1]]))
    out.append(letter23("r80-title-without-name.docx", 'the name cell holds only "Superintendent"',
                    sig_rows=sig23("Superintendent", "10/1/2024"), signatory=(None, "Superintendent")))
    out.append(letter19("r81-s-slash-signature.docx", '"s/ Rob Clayton" (no leading slash)', written="Hart County Schools",
                    district="Hart County", sig=sig_lines("s/ Rob Clayton")))
    out.append(letter19("r82-name-all-caps.docx", "signer's name typed in capitals", written="Hart County Schools",
                    district="Hart County", sig=sig_lines("ROB CLAYTON"), signatory=("ROB CLAYTON", "Superintendent")))


def _ninth(out: list[Letter]) -> None:
    for n, written, district, reasons in (
            (84, "Hart Co", "Hart County", ()), (85, "Hart County Board of Ed.", "Hart County", ()),
            (86, "HCS", None, ("unknown_district",)), (87, "Fulton Schools", None, ("unknown_district",)),
            (88, "Russell Schools", None, ("unknown_district",))):
        out.append(letter19(f"r{n}-district-{written.replace(' ', '-').replace('.', '').lower()}.docx",
                        f'district written "{written}"', written=written, district=district, reasons=reasons))
    out.append(letter23("r92-spring-within-stated-year.docx", "stated 2024-2025, signed in spring 2025: the year is the term",
                    sig_rows=sig23("Brent Mayfield\nSuperintendent", "3/1/2025"), signed="2025-03-01"))
    out.append(letter23("r93-signed-11-months-early.docx", "signed 2023-08-01 for 2024-2025: within a year, no mismatch",
                    sig_rows=sig23("Brent Mayfield\nSuperintendent", "8/1/2023"), signed="2023-08-01"))
    out.append(letter23("r94-signed-over-a-year-early.docx", "signed 2023-06-15 for 2024-2025: over a year away",
                    sig_rows=sig23("Brent Mayfield\nSuperintendent", "6/15/2023"), signed="2023-06-15",
                    reasons=("date_year_mismatch",)))


def _tenth(out: list[Letter]) -> None:
    out.append(letter23("r97-date-in-signature-cell.docx", "the date typed in the Signature cell, the Date cell empty",
                    sig_rows=[["Brent Mayfield\nSuperintendent", "/s/ Brent Mayfield 10/1/2024", ""], ["", "", ""]]))
    out.append(letter19("r99-on-behalf-of.docx", "a designee signs \"on behalf of\" the superintendent",
                    written="Hart County Schools", district="Hart County",
                    sig=[p("Ana Flores, Director of Innovation, on behalf of Rob Clayton"), p("Date: 9/10/2024")],
                    signatory=("Ana Flores", "Director of Innovation")))
    memo = [p("**MEMORANDUM**"), p("To: Hart County Board of Education"), p("From: Rob Clayton, Superintendent"),
            p("Date: 8/30/2024"), p("Re: KY ILN Letter of Commitment"),
            p("Recommendation: approve the attached Letter of Commitment for 2024-2025."), page_break()]
    contacts, people = std_2019_contacts("hart")
    blocks = memo + form_2019(district=[p("**District: **Hart County Schools")], contacts=contacts,
                              points=numbered(PA, PB, PC), signatures=signatures_2019(sig_lines(), [p("Date:")]))
    f = "r101-board-memo-first.docx"
    out.append(Letter(f, "a dated memo to the board precedes the signed letter", package(blocks),
                      record(f, "kyiln-2019", "Hart County", "Hart County Schools", people, people[1], SUP,
                             "2024-09-10", None, None, *Y24, POINTS, FOCUS)))
    contacts, people = std_2023_contacts("hart")
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Hart County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☒☐☐☐☐"), points=numbered(PA, PB),
                       signature_rows=sig23("Brent Mayfield\nSuperintendent", ""))
    footer = {"rIdFooter1": '<?xml version="1.0" encoding="UTF-8"?><w:ftr ' + _NS + '>' +
              p("KY ILN LOC form rev. 8/1/2023") + p("Page 1 of 2") + "</w:ftr>"}
    f = "r103-footer-revision-date.docx"
    out.append(Letter(f, "district date blank; a form revision date in the footer", make_docx(
        "".join(blocks), sect='<w:footerReference w:type="default" r:id="rIdFooter1"/>', styles=STYLES,
        numbering=NUMBERING, headers=footer),
        record(f, "kyiln-2023", "Hart County", "Hart County Schools", people, people[0],
               ("Brent Mayfield", "Superintendent"), None, None, "2024-2025", *Y24, POINTS[:2], FOCUS[:2],
               ["Portrait of a Learner"], reasons=("missing_signature_date",))))
    fix = p(inner=r("We are building a ") +
            '<w:del w:id="3" w:author="Jo" w:date="2024-10-14T09:00:00Z"><w:r><w:rPr><w:b/></w:rPr>'
            '<w:delText>Portrait of a Graduate</w:delText></w:r></w:del>'
            '<w:ins w:id="4" w:author="Jo" w:date="2024-10-14T09:00:00Z"><w:r><w:rPr><w:b/></w:rPr>'
            '<w:t>Portrait of a Learner</w:t></w:r></w:ins>' +
            r(" with families, students and employers this fall.") +
            '<w:r><w:rPr><w:b/><w:vanish/></w:rPr><w:t xml:space="preserve"> (check wording with Ana)</w:t></w:r>',
            num=1)
    out.append(letter19("r112-tracked-bold-and-hidden.docx",
                    "a tracked change swaps a bold phrase; a hidden bold note follows it",
                    written="Hart County Schools", district="Hart County", points=[fix] + numbered(PB, PC)))
    out.append(letter19("r109-email-plus-and-gmail.docx", "a plus-addressed e-mail and a personal gmail address",
                    written="Hart County Schools", district="Hart County",
                    contacts=contacts_2019(("Superintendent", "Rob Clayton", "Superintendent",
                                            "Rob.Clayton+ILN@hart.kyschools.us"),
                                           ("ILN Point of Contact", "Ana Flores", "Director of Innovation",
                                            "ana.flores.ky@gmail.com")),
                    people=[person("Rob Clayton", "Superintendent", "rob.clayton+iln@hart.kyschools.us"),
                            person("Ana Flores", "Director of Innovation", "ana.flores.ky@gmail.com")]))
    support = [p("**Western Kentucky University, College of Education**"),
               p("**Letter of Support: Hart County Schools KY ILN Letter of Commitment**"), p("September 5, 2024"),
               p("To the Kentucky Department of Education:"),
               p("WKU is pleased to provide support for the points of action in Hart County Schools' Letter of "
                 "Commitment, including a **Portrait of a Learner** and project-based learning."),
               p("Our faculty will co-facilitate two workshops this year."),
               p("Signature: ______________________"), p("Dr. Corinne Murphy, Dean"), p("Date: 9/5/2024")]
    out.append(Letter("r121-partner-letter-of-support.docx", "a university's letter of support for the LOC (not an LOC)",
                      package(support), not_a_loc("r121-partner-letter-of-support.docx")))


def _eleventh(out: list[Letter]) -> None:
    people = [person("Kristen Wireman", "Director of Innovation", "kristen.wireman@hart.kyschools.us")]
    contacts = contact_fields(("Kristen Wireman", "Director of Innovation",
                               "kristen.wireman@hart.kyschools.us; kwireman.ky@gmail.com"))
    out.append(letter23("r123-two-addresses-one-field.docx", "two e-mail addresses in one Email: field (first kept)",
                        contacts=contacts, people=people))
    prose = numbered(PA, "We will also explore Student Microcredentials and the Deeper Learning Grant.")
    out.append(letter23("r127-initiatives-named-in-points.docx", "initiatives named in a point, none of them ticked",
                        marks="☐☐☐☐☐☐", inits=(), points=prose,
                        exp_points=[POINTS[0], "We will also explore Student Microcredentials and the Deeper "
                                               "Learning Grant."], exp_focus=FOCUS[:1]))
    contacts, people = std_2023_contacts("hart")
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Hart County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☒☐☐☐☐"), points=numbered(PA, PB),
                       signature_rows=[["", "", ""], ["", "", ""]])
    swapped = table(["**KDE Designee**", "**Signature**", "**Date**"], ["Marcus Hale", "", "10/20/2024"],
                    ["**Superintendent or Designee Name**", "**Signature**", "**Date**"],
                    ["Brent Mayfield\nSuperintendent", "", "10/1/2024"])
    blocks = [swapped if b.startswith("<w:tbl>") and "KDE Designee" in b else b for b in blocks]
    f = "r130-signature-table-kde-row-first.docx"
    out.append(Letter(f, "the 2023 signature table with KDE's rows above the superintendent's", package(blocks),
                      record(f, "kyiln-2023", "Hart County", "Hart County Schools", people, people[0],
                             ("Brent Mayfield", "Superintendent"), "2024-10-01", "2024-10-20", "2024-2025", *Y24,
                             POINTS[:2], FOCUS[:2], ["Portrait of a Learner"])))
    out.append(letter19("r132-date-before-name.docx", "the Date: line typed above the name and title",
                        written="Hart County Schools", district="Hart County",
                        sig=[p("Date: 9/10/2024"), p("Rob Clayton"), p("Superintendent")]))
    out.append(letter19("r133-title-before-name.docx", '"Superintendent Rob Clayton" on one line',
                        written="Hart County Schools", district="Hart County",
                        sig=[p("Superintendent Rob Clayton"), p("Date: 9/10/2024")]))
    for n, typed in ((135, "Sept. 10, 2024"), (136, "10th September 2024"), (137, "9/10/2024."),
                     (138, "9 / 10 / 2024")):
        out.append(letter19(f"r{n}-date-{typed.replace(' ', '').replace('/', '-').replace(',', '').replace('.', '')}.docx",
                            f'district date typed "{typed}"', written="Hart County Schools", district="Hart County",
                            sig=sig_lines(date=typed)))


def _twelfth(out: list[Letter]) -> None:
    plan_row = table(["**District Plan**", "".join(numbered(PA, PB, PC))])

    def plan_in_table(blocks):
        out_blocks, skip = [], False
        for b in blocks:
            if ">District Plan<" in b:
                out_blocks.append(plan_row)
                skip = True
                continue
            if skip and ("identify two to four" in b or "numId" in b):
                continue
            skip = False
            out_blocks.append(b)
        return out_blocks
    out.append(letter19("r141-plan-in-two-column-table.docx", 'plan as a table row: "District Plan" | the points',
                        written="Hart County Schools", district="Hart County", transform=plan_in_table))
    top = table(["**District**", "Hart County Schools"], ["**Academic Year**", "2024-2025"])
    out.append(letter23("r142-district-year-label-table.docx", "district and academic year in a label | value table",
                        year_blocks=[], district_blocks=[top]))
    board_row = [["Brent Mayfield\nSuperintendent", "", "10/1/2024"], ["Linda Moss\nBoard Chair", "", "10/3/2024"]]
    contacts, people = std_2023_contacts("hart")
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Hart County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☒☐☐☐☐"), points=numbered(PA, PB),
                       signature_rows=[board_row[0], ["", "", ""]])
    extra = ("<w:tr><w:tc>" + p("Linda Moss") + p("Board Chair") + "</w:tc><w:tc>" + p("") + "</w:tc><w:tc>" +
             p("10/3/2024") + "</w:tc></w:tr>")
    blocks = [b.replace("</w:tr><w:tr><w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">KDE Designee",
                        "</w:tr>" + extra + "<w:tr><w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">"
                        "KDE Designee", 1) for b in blocks]
    f = "r131-board-chair-row.docx"
    assert any("Linda Moss" in b for b in blocks)
    out.append(Letter(f, "a board chair row between the superintendent's and KDE's rows", package(blocks),
                      record(f, "kyiln-2023", "Hart County", "Hart County Schools", people, people[0],
                             ("Brent Mayfield", "Superintendent"), "2024-10-01", None, "2024-2025", *Y24,
                             POINTS[:2], FOCUS[:2], ["Portrait of a Learner"])))


#: the kit's numbering plus a lettered second level under the decimal list
_NESTED_NUMBERING = NUMBERING.replace(
    '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>',
    '<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2."/>'
    '</w:lvl></w:abstractNum>', 1)


def _sub_item(markup: str) -> str:
    return p(markup).replace("<w:p>", '<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>', 1)


def _thirteenth(out: list[Letter]) -> None:
    # judgement: "a."/"b." items nested under "1." detail that point; the plan still has two points
    contacts, people = std_2019_contacts("hart")
    points = numbered(PA) + [_sub_item("Family **survey** in September."), _sub_item("Student focus groups.")] + \
        numbered(PB) + [_sub_item("Grade 6 first.")]
    blocks = form_2019(district=[p("**District: **Hart County Schools")], contacts=contacts, points=points,
                       signatures=signatures_2019(sig_lines(), [p("Date:")]))
    f = "r143-nested-sub-items.docx"
    out.append(Letter(f, "lettered sub-items nested under numbered points", make_docx(
        "".join(blocks), styles=STYLES, numbering=_NESTED_NUMBERING),
        record(f, "kyiln-2019", "Hart County", "Hart County Schools", people, people[1], SUP, "2024-09-10", None,
               None, *Y24, [POINTS[0] + " Family survey in September. Student focus groups.",
                            PB_TEXT + " Grade 6 first."], [FOCUS[0], "survey", FOCUS[1]])))
    out.append(letter19("r144-district-ft-abbreviation.docx", 'district written "Ft. Thomas Independent Schools"',
                        written="Ft. Thomas Independent Schools", district="Fort Thomas Independent",
                        slug="fortthomasind"))


def _fourteenth(out: list[Letter]) -> None:
    f = "r145-2018-contacts-with-address-phone.docx"
    people = [person("Irene Caldwell", "Chief Academic Officer", "irene.caldwell@hart.kyschools.us"),
              person("Misty Keller", "Director of Secondary Education", "misty.keller@hart.kyschools.us")]
    contacts = [p("Contact information:"), p("Hart County Schools"), p("511 Main Street, Munfordville, KY 42765"),
                p("Phone: (270) 524-2631"), *[p(f"{x['name']} {x['title']} {x['email']}") for x in people]]
    blocks = form_2018(purpose_district="Hart County Schools", contacts=contacts, points=numbered(PA, PB),
                       signatures=signatures_2018([p("Brent Mayfield, Superintendent"), p("Date: 9/9/2024")],
                                                  [p(""), p("Date:")]))
    out.append(Letter(f, "2018 contact block with the district's street address and phone between the lines",
                      package(blocks),
                      record(f, "kyiln-2018", "Hart County", "Hart County Schools", people, people[0],
                             ("Brent Mayfield", "Superintendent"), "2024-09-09", None, None, *Y24, POINTS[:2],
                             FOCUS[:2])))
    people = [person("Rob Clayton", "Superintendent", "rob.clayton@hart.kyschools.us"),
              person("Ana Flores", "Director of Innovation", "ana.flores@hart.kyschools.us")]
    contacts = contacts_2019(("Superintendent", "Rob Clayton rob.clayton@hart.kyschools.us", "Superintendent", ""),
                             ("ILN Point of Contact", "Ana Flores", "Director of Innovation",
                              "ana.flores@hart.kyschools.us"))
    out.append(letter19("r146-email-in-name-cell.docx", "the superintendent's e-mail typed in the Name cell",
                        written="Hart County Schools", district="Hart County", contacts=contacts, people=people))
    for n, typed, signed in ((147, "9/10", None), (148, "13/10/2024", None), (149, "10/09/2024", "2024-10-09")):
        bad = signed is None
        out.append(letter19(f"r{n}-date-{typed.replace('/', '-')}.docx", f'district date typed "{typed}"',
                            written="Hart County Schools", district="Hart County", sig=sig_lines(date=typed),
                            signed=signed, years=([], None) if bad else Y24,
                            reasons=("implausible_date",) if bad else ()))
    # judgement: "See DocuSign" is no attempt at a date (unlike "October 2024"): the date is missing
    out.append(letter23("r150-see-docusign-date.docx", 'the date cell reads "See DocuSign"',
                        sig_rows=sig23("Brent Mayfield\nSuperintendent", "See DocuSign"), signed=None,
                        reasons=("missing_signature_date",)))
    inits = glyph_initiatives("☐☒☐☐☐☐") + [p("☒ Other: STEM academy partnership")]
    out.append(letter23("r151-other-initiative-ticked.docx", 'an "Other: ..." line added to the list and ticked',
                        initiatives=inits))


def round2_more_letters() -> list[Letter]:
    """The second module's letters."""
    out: list[Letter] = []
    for part in (_eighth, _ninth, _tenth, _eleventh, _twelfth, _thirteenth, _fourteenth):
        part(out)
    return out


LETTERS_ROUND2_MORE: tuple[Letter, ...] = tuple(round2_more_letters())
