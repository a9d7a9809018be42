"""Round 2 of hand-written letters (r01-r62; more in letters_round2_more), each unlike the
samples, the 55 earlier letters and the FORMS variants: OCR'd names, two signature blocks
(superintendent and board chair), reordered or widened contact tables, mailto links, decorated or
obfuscated e-mails, ALL-CAPS, abbreviated or address-trailed district names, a typo'd month, a
letter date above the signature date, renamed plan headings, restarted and empty list items,
whole-sentence, lead-in and italic bold, highlighted or pruned initiatives, the academic year in the
page header, the whole letter in one table cell, DATE fields, curly apostrophes and hyphens in
names, "Supt."/"Dr." titles, the KDE block first or captioned "Commissioner of Education or
Designee", an e-mail-only contact, a letter pasted twice, and an ILN application, a renewal survey
and board minutes (not LOCs); then line-break points, the Strong style, legacy/Wingdings/bracket
checkboxes, "Jr."/"Interim" signers, more date spellings, an e-mail thread, KDE's approval letter
and a signed annual report (not LOCs). Expected records read off docs/contract/loc-record.md
by hand, never produced by running the extractor.
"""
from __future__ import annotations

from .common import (FOCUS, PA, PA_TEXT, PB, PB_TEXT, PC, POINTS, Y24, Letter, not_a_loc, numbered,
                     person, record, sig23, std_2019_contacts, std_2023_contacts)
from .forms import (INITIATIVE_LABELS, contact_fields, contacts_2019, form_2018, form_2019, form_2023,
                    glyph_initiatives, signatures_2018, signatures_2019)
from .kit import NUMBERING, STYLES, h, p, package, page_break, r, table
from tests.extract.docx_factory import make_docx

SUP = ("Rob Clayton", "Superintendent")


def sig_lines(name="Rob Clayton", title="Superintendent", date="9/10/2024") -> list[str]:
    """The district's typed name, title and Date: line under its 2019 caption."""
    return [p(name), p(title), p(f"Date: {date}")]


def letter19(f, unusual, *, written, district, slug="hart", sig=None, signed="2024-09-10", signatory=SUP,
         years=Y24, reasons=(), district_blocks=None, contacts=None, people=None, points=None,
         exp_points=POINTS, exp_focus=FOCUS, signatures=None, kde=None, header=None, expected_written=None,
         transform=None) -> Letter:
    """A kyiln-2019 letter that differs from the form only where the arguments say."""
    if contacts is None:
        contacts, people = std_2019_contacts(slug)
    blocks = form_2019(district=district_blocks or [p(f"**District: **{written}")], contacts=contacts,
                       points=points or numbered(PA, PB, PC),
                       signatures=signatures or signatures_2019(sig or sig_lines(), [p("Date:")]))
    if transform:
        blocks = transform(blocks)
    poc = people[1] if len(people) > 1 else people[0]
    return Letter(f, unusual, package(blocks, header=header),
                  record(f, "kyiln-2019", district, expected_written or written, people, poc, signatory, signed,
                         kde, None, *years, exp_points, exp_focus, reasons=reasons))


def letter23(f, unusual, *, written="Hart County Schools", district="Hart County", slug="hart", contacts=None,
         people=None, poc=None, marks="☐☒☐☐☐☐", inits=("Portrait of a Learner",), initiatives=None,
         year_blocks=None, year="2024-2025", sig_rows=None, signatory=("Brent Mayfield", "Superintendent"),
         signed="2024-10-01", kde=None, points=None, exp_points=POINTS[:2], exp_focus=FOCUS[:2], reasons=(),
         header=None, district_blocks=None, expected_written=None, years=Y24) -> Letter:
    """A kyiln-2023 letter that differs from the form only where the arguments say."""
    if contacts is None:
        contacts, people = std_2023_contacts(slug)
    blocks = form_2023(year=[p(f"Academic Year: {year}")] if year_blocks is None else year_blocks,
                       district=district_blocks or [p(f"District: {written}")], contacts=contacts,
                       initiatives=initiatives or glyph_initiatives(marks), points=points or numbered(PA, PB),
                       signature_rows=sig_rows or sig23("Brent Mayfield\nSuperintendent", "10/1/2024"))
    return Letter(f, unusual, package(blocks, header=header),
                  record(f, "kyiln-2023", district, expected_written or written, people,
                         poc if poc is not None else people[0], signatory, signed, kde, year, *years, exp_points,
                         exp_focus, list(inits), reasons=reasons))


def _hyperlink(text: str) -> str:
    """A mailto hyperlink as Word writes it (the relationship target is not needed to read the text)."""
    return f'<w:hyperlink r:id="rIdMail{abs(hash(text)) % 97}" w:history="1">{r(text)}</w:hyperlink>'


def _complex_date_field(shown: str) -> str:
    """A DATE field written as a complex field (begin/instr/separate/result/end)."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> DATE \\@ "M/d/yyyy" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r(shown) +
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _first(out: list[Letter]) -> None:
    # judgement: a space inside a word is "odd white space" (contract), and no two Kentucky districts
    # differ only by white space, so the OCR'd name still names Marion County
    out.append(letter19("r01-ocr-split-district.docx", 'OCR split a word of the district: "Mar ion County Schools"',
                    written="Mar ion County Schools", district="Marion County", slug="marion"))
    out.append(letter19("r02-board-chair-block.docx", "a board chair signs (and dates) below the superintendent",
                    written="Hart County Schools", district="Hart County",
                    sig=sig_lines() + [p(""), p("**Board of Education Chair**"), p("Linda Moss"), p("Board Chair"),
                                  p("Date: 9/12/2024")]))
    people = [person("Rob Clayton", "Superintendent", "rob.clayton@hart.kyschools.us"),
              person("Ana Flores", "Director of Innovation", "ana.flores@hart.kyschools.us")]
    contacts = [table(["**Email**", "**Name**", "**Title**", "**Role**"],
                      ["rob.clayton@hart.kyschools.us", "Rob Clayton", "Superintendent", "Superintendent"],
                      ["ana.flores@hart.kyschools.us", "Ana Flores", "Director of Innovation",
                       "ILN Point of Contact"])]
    out.append(letter19("r03-contacts-email-first.docx", "contacts table ordered Email | Name | Title | Role",
                    written="Hart County Schools", district="Hart County", contacts=contacts, people=people))
    contacts = [table(["**Role**", "**Name**", "**Title**", "**Phone**", "**Email**"],
                      ["Superintendent", "Rob Clayton", "Superintendent", "(270) 524-2631",
                       "rob.clayton@hart.kyschools.us"],
                      ["ILN Point of Contact", "Ana Flores", "Director of Innovation", "270-524-2632 ext. 14",
                       "ana.flores@hart.kyschools.us"])]
    out.append(letter19("r04-contacts-phone-column.docx", "contacts table with a Phone column before Email",
                    written="Hart County Schools", district="Hart County", contacts=contacts, people=people))
    people = [person("Kristen Wireman", "Director of Innovation", "kristen.wireman@hart.kyschools.us"),
              person("Courtney Bowman", "Chief Academic Officer", "courtney.bowman@hart.kyschools.us")]
    contacts = [p("Name: Kristen Wireman"), p("Title: Director of Innovation"),
                p(inner=r("Email: ") + _hyperlink("kristen.wireman@hart.kyschools.us")),
                p("Additional District Contact (optional)"), p("Name: Courtney Bowman"),
                p("Title: Chief Academic Officer"),
                p(inner=r("Email: ") + _hyperlink("Courtney.Bowman@hart.kyschools.us"))]
    out.append(letter23("r05-mailto-hyperlinks.docx", "contact e-mails are mailto hyperlinks (one mixed case)",
                    contacts=contacts, people=people))
    contacts = contact_fields(("Kristen Wireman", "Director of Innovation", "KRISTEN.WIREMAN@HART.KYSCHOOLS.US."),
                              ("Courtney Bowman", "Chief Academic Officer", "<courtney.bowman@hart.kyschools.us>;"))
    out.append(letter23("r06-email-caps-punctuation.docx", "an ALL-CAPS e-mail ending in a period; one in <...>;",
                    contacts=contacts, people=people))
    one = [person("Kristen Wireman", "Director of Innovation", None)]
    contacts = contact_fields(("Kristen Wireman", "Director of Innovation", "kristen.wireman at hart dot kyschools dot us"))
    out.append(letter23("r07-obfuscated-email.docx", 'the only e-mail written "name at hart dot kyschools dot us"',
                    contacts=contacts, people=one, reasons=("missing_contact",)))
    out.append(letter23("r08-district-all-caps.docx", "district written in ALL CAPS",
                    written="MARION COUNTY PUBLIC SCHOOLS", district="Marion County", slug="marion"))
    out.append(letter23("r09-district-indep-abbrev.docx", '"Independent" abbreviated "Indep."',
                    written="Beechwood Indep. Schools", district="Beechwood Independent", slug="beechwoodind"))
    out.append(letter19("r10-district-bare-county.docx", '"Schools" omitted: "Marion County"',
                    written="Marion County", district="Marion County", slug="marion"))
    out.append(letter19("r11-district-with-address.docx", "district followed by its street address on the same line",
                    written="Hart County Schools · 511 Main Street · Munfordville, KY 42765", district="Hart County",
                    expected_written="Hart County Schools"))
    out.append(letter19("r12-typo-month.docx", 'signature date "Ocotber 3, 2024" (typo\'d month): unparseable',
                    written="Hart County Schools", district="Hart County", sig=sig_lines(date="Ocotber 3, 2024"),
                    signed=None, years=([], None), reasons=("implausible_date",)))
    out.append(letter19("r13-letter-date-and-signature-date.docx",
                    "a letter date on top (September 3) and the signature date (October 1) below",
                    written="Hart County Schools", district="Hart County", sig=sig_lines(date="10/1/2024"),
                    signed="2024-10-01",
                    district_blocks=[p("September 3, 2024"), p("**District: **Hart County Schools")]))


def _rename(old: str, new: str):
    return lambda blocks: [b.replace(old, new) for b in blocks]


def _second(out: list[Letter]) -> None:
    instruction = ("Within the framework of the KY ILN priorities, identify two to four points of action for your "
                   "district's work. Your annual report will summarize progress on these points of action.")

    def innovation_priorities(blocks):
        return [b.replace(">District Plan<", ">Innovation Priorities<").replace(
            instruction, "Our district commits to the following this school year:") for b in blocks]
    out.append(letter19("r14-heading-innovation-priorities.docx",
                    'plan headed "Innovation Priorities" with its own lead-in sentence',
                    written="Hart County Schools", district="Hart County", transform=innovation_priorities))
    out.append(letter19("r15-heading-our-commitments.docx", 'plan headed "Our commitments" (the form wording kept)',
                    written="Hart County Schools", district="Hart County",
                    transform=_rename(">District Plan<", ">Our commitments<")))
    out.append(letter19("r16-numbering-restarts.docx", "two numbered points, then a bulleted third (list restarted)",
                    written="Hart County Schools", district="Hart County",
                    points=numbered(PA, PB) + numbered(PC, num=2)))
    out.append(letter19("r17-empty-list-items.docx", "empty numbered items between the points",
                    written="Hart County Schools", district="Hart County",
                    points=[p(PA, num=1), p("", num=1), p(PB, num=1), p(" ", num=1), p(PC, num=1), p("", num=1)]))
    # judgement: a "phrase, trimmed" (contract) loses the sentence's closing period or a lead-in's colon
    sentence = "**We will adopt a Portrait of a Learner by June.**"
    out.append(letter19("r18-bold-whole-sentence.docx", "one point is a whole sentence in bold, period and all",
                    written="Hart County Schools", district="Hart County", points=numbered(sentence, PB),
                    exp_points=["We will adopt a Portrait of a Learner by June.", PB_TEXT],
                    exp_focus=["We will adopt a Portrait of a Learner by June", FOCUS[1]]))
    lead = ["**Portrait of a Learner:** families, students and employers help us define it this fall.",
            "**Project-based learning:** grades 6 and 7 pilot units."]
    out.append(letter19("r19-bold-colon-lead-in.docx", 'bold lead-ins ending in a colon ("Portrait of a Learner:")',
                    written="Hart County Schools", district="Hart County", points=numbered(*lead),
                    exp_points=["Portrait of a Learner: families, students and employers help us define it this "
                                "fall.", "Project-based learning: grades 6 and 7 pilot units."],
                    exp_focus=["Portrait of a Learner", "Project-based learning"]))
    bi = p(inner=r("We are building a ") + '<w:r><w:rPr><w:b/><w:i/></w:rPr><w:t>Portrait of a </w:t></w:r>'
           '<w:r><w:rPr><w:b/><w:bCs/><w:i/><w:iCs/></w:rPr><w:t>Learner</w:t></w:r>' +
           r(" with families, students and employers this fall."), num=1)
    out.append(letter19("r20-bold-italic-focus.docx", "focus phrase bold+italic, split over two runs",
                    written="Hart County Schools", district="Hart County", points=[bi] + numbered(PB, PC)))
    hl = [p(inner=r("☐ ") + (f'<w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr><w:t>{label}</w:t></w:r>'
                             if i in (1, 2) else r(label))) for i, label in enumerate(INITIATIVE_LABELS)]
    out.append(letter23("r21-initiatives-highlighted.docx", "initiatives marked by yellow highlight, boxes left empty",
                    initiatives=hl, inits=()))
    kept = [p("Portrait of a Learner"), p("Project-Based Learning")]
    out.append(letter23("r22-initiatives-pruned.docx", "the district deleted the other initiatives and the boxes",
                    initiatives=kept, inits=()))
    out.append(letter23("r23-year-in-header.docx", "the academic year stated only in the page header",
                    year_blocks=[], header=[p("KY ILN Letter of Commitment | Academic Year 2024-2025")]))


def _third(out: list[Letter]) -> None:
    contacts, people = std_2019_contacts("hart")
    inner = form_2019(district=[p("**District: **Hart County Schools")], contacts=contacts,
                      points=numbered(PA, PB, PC), signatures=signatures_2019(sig_lines(), [p("Date:")]))
    f = "r24-letter-in-one-cell.docx"
    out.append(Letter(f, "the whole letter inside a one-cell table", package([table(["".join(inner) + p("")])]),
                      record(f, "kyiln-2019", "Hart County", "Hart County Schools", people, people[1], SUP,
                             "2024-09-10", None, None, *Y24, POINTS, FOCUS)))
    fld = p(inner='<w:fldSimple w:instr=" DATE \\@ &quot;M/d/yyyy&quot; ">' + r("10/14/2024") + "</w:fldSimple>")
    out.append(letter23("r25-date-fldsimple.docx", "the signature date is a DATE field (w:fldSimple) result",
                    sig_rows=[["Brent Mayfield\nSuperintendent", "", fld], ["", "", ""]], signed="2024-10-14"))
    out.append(letter19("r26-date-complex-field.docx", "the signature date is a DATE complex field (fldChar) result",
                    written="Hart County Schools", district="Hart County",
                    sig=[p("Rob Clayton"), p("Superintendent"), p(inner=r("Date: ") + _complex_date_field("10/14/2024"))],
                    signed="2024-10-14"))
    people = [person("Kathleen O’Brien", "Superintendent", "kathleen.obrien@hart.kyschools.us"),
              person("Mary-Beth Carter-Jones", "Director of Innovation", "marybeth.carterjones@hart.kyschools.us")]
    contacts = contacts_2019(("Superintendent", *people[0].values()), ("ILN Point of Contact", *people[1].values()))
    out.append(letter19("r27-curly-apostrophe-hyphens.docx", "names with a curly apostrophe (O’Brien) and hyphens",
                    written="Hart County Schools", district="Hart County", contacts=contacts, people=people,
                    sig=sig_lines("Kathleen O’Brien"), signatory=("Kathleen O’Brien", "Superintendent")))
    out.append(letter19("r28-title-supt-abbrev.docx", 'title typed "Supt."', written="Hart County Schools",
                    district="Hart County", sig=sig_lines(title="Supt."), signatory=("Rob Clayton", "Supt.")))
    out.append(letter19("r29-dr-superintendent-of-schools.docx", '"Dr." before the name; "Superintendent of Schools"',
                    written="Hart County Schools", district="Hart County",
                    sig=sig_lines("Dr. Angela Ruiz", "Superintendent of Schools"),
                    signatory=("Dr. Angela Ruiz", "Superintendent of Schools")))
    swapped = [p("**For the Kentucky Department of Education (KDE Designee)**"), p(""), p("_____________"),
               p("Marcus Hale"), p("Date: 10/20/2024"),
               p("**For the District (Superintendent or Designee)**"), p(""), p("_____________"), *sig_lines()]
    out.append(letter19("r30-kde-block-first.docx", "KDE's signature block comes before the district's",
                    written="Hart County Schools", district="Hart County", signatures=swapped, kde="2024-10-20"))


def _fourth(out: list[Letter]) -> None:
    f = "r31-commissioner-or-designee.docx"
    contacts = [p("Contact information:"), p("Hart County Schools"),
                p("Irene Caldwell Chief Academic Officer irene.caldwell@hart.kyschools.us")]
    people = [person("Irene Caldwell", "Chief Academic Officer", "irene.caldwell@hart.kyschools.us")]
    sig = signatures_2018([p("Brent Mayfield, Superintendent"), p("Date: 9/9/2024")],
                          [p("Marcus Hale"), p("Date: 9/30/2024")])
    sig = [b.replace("Kentucky Innovation Lab Network, KDE Designee", "Commissioner of Education or Designee")
           for b in sig]
    blocks = form_2018(purpose_district="Hart County Schools", contacts=contacts, points=numbered(PA, PB),
                       signatures=sig)
    out.append(Letter(f, 'KDE caption "Commissioner of Education or Designee", KDE name and date typed',
                      package(blocks),
                      record(f, "kyiln-2018", "Hart County", "Hart County Schools", people, people[0],
                             ("Brent Mayfield", "Superintendent"), "2024-09-09", "2024-09-30", None, *Y24,
                             POINTS[:2], FOCUS[:2])))
    mailbox = [person(None, None, "innovation@hart.kyschools.us")]
    out.append(letter23("r32-email-only-contact.docx", "the point of contact gives only a shared mailbox address",
                    contacts=[p("Name:"), p("Title:"), p("Email: innovation@hart.kyschools.us")], people=mailbox))
    contacts, people = std_2019_contacts("hart")
    once = form_2019(district=[p("**District: **Hart County Schools")], contacts=contacts,
                     points=numbered(PA, PB, PC), signatures=signatures_2019(sig_lines(), [p("Date:")]))
    f = "r33-pasted-twice.docx"
    out.append(Letter(f, "the same signed letter pasted twice (page break between)",
                      package(once + [page_break()] + once),
                      record(f, "kyiln-2019", "Hart County", "Hart County Schools", people, people[1], SUP,
                             "2024-09-10", None, None, *Y24, POINTS, FOCUS)))
    application = [
        p("**Kentucky Innovative Learning Network (KY ILN)**"), p("**Membership Application 2024-2025**"),
        p("Districts new to the KY ILN complete this application. Accepted districts then submit a signed Letter of "
          "Commitment (LOC)."),
        h("District Information"), p("District: Hart County Schools"), p("Superintendent: Brent Mayfield"),
        p("Contact: Kristen Wireman, Director of Innovation, kristen.wireman@hart.kyschools.us"),
        h("Describe your district's innovation work"),
        p("We are building a **Portrait of a Learner** with families.", num=1),
        p("Our middle schools pilot project-based learning.", num=1),
        h("Superintendent Approval"), p("Brent Mayfield"), p("Superintendent"), p("Date: 5/1/2024")]
    out.append(Letter("r34-iln-application.docx", "the ILN membership application (names the LOC; not an LOC)",
                      package(application), not_a_loc("r34-iln-application.docx")))
    survey = [
        p("**KY ILN Membership Renewal Survey**"), p("Academic Year: 2024-2025"),
        p("1. District name: Hart County Schools"), p("2. Respondent: Kristen Wireman (kristen.wireman@hart.kyschools.us)"),
        p("3. Will your district submit a Letter of Commitment for the coming academic year? Yes"),
        p("4. Which KY ILN initiatives interest you?"), *glyph_initiatives("☒☒☐☐☐☐"),
        p("5. What points of action are you considering?"), p("Portrait of a Learner; project-based learning"),
        p("Submitted 6/3/2024")]
    out.append(Letter("r35-renewal-survey.docx", "the ILN renewal survey with ticked interests (not an LOC)",
                      package(survey), not_a_loc("r35-renewal-survey.docx")))
    minutes = [
        p("**Hart County Board of Education**"), p("**Minutes of the Regular Meeting, September 12, 2024**"),
        p("Members present: Linda Moss (Chair), Paul Reed, Dana Cole, Jim Tate, Amy Lowe."),
        p("Order #2024-115. Motion by Paul Reed, second by Dana Cole, to approve the Kentucky Innovative Learning "
          "Network (KY ILN) Letter of Commitment for the 2024-2025 school year as presented by Superintendent Brent "
          "Mayfield. Motion carried 5-0."),
        p("Order #2024-116. Motion to approve the consent agenda. Motion carried 5-0."),
        p("Linda Moss, Board Chair"), p("Brent Mayfield, Secretary"), p("Date: 9/12/2024")]
    out.append(Letter("r36-board-minutes.docx", "board minutes approving the LOC (not an LOC)", package(minutes),
                      not_a_loc("r36-board-minutes.docx")))


_STRONG = '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>'


def _strong(text: str) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def _legacy_box(checked: bool) -> str:
    """A legacy FORMCHECKBOX form field (Word 97-2003 forms), which has no text of its own."""
    state = '<w:default w:val="1"/>' if checked else '<w:default w:val="0"/>'
    return ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/>'
            f'<w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData></w:fldChar></w:r>'
            '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _fifth(out: list[Letter]) -> None:
    br = p(inner=r("1. We are building a ") + r("Portrait of a Learner", "<w:b/>") + r(" with families.") +
           "<w:r><w:br/></w:r>" + r("2. Our middle schools will pilot ") + r("project-based learning", "<w:b/>") +
           r(" units.") + "<w:r><w:br/></w:r>" + r("3. Teachers will co-design ") +
           r("performance assessments", "<w:b/>") + r("."))
    out.append(letter19("r37-points-line-breaks.docx", "three typed-number points in one paragraph split by line breaks",
                    written="Hart County Schools", district="Hart County", points=[br],
                    exp_points=["We are building a Portrait of a Learner with families.",
                                "Our middle schools will pilot project-based learning units.",
                                "Teachers will co-design performance assessments."]))
    contacts, people = std_2019_contacts("hart")
    strong = p(inner=r("We are building a ") + _strong("Portrait of a Learner") + r(" with families, students and "
                                                                                    "employers this fall."), num=1)
    blocks = form_2019(district=[p("**District: **Hart County Schools")], contacts=contacts,
                       points=[strong] + numbered(PB, PC), signatures=signatures_2019(sig_lines(), [p("Date:")]))
    f = "r38-strong-character-style.docx"
    out.append(Letter(f, 'focus phrase bold through the "Strong" character style, not direct formatting',
                      make_docx("".join(blocks), styles=STYLES + _STRONG, numbering=NUMBERING),
                      record(f, "kyiln-2019", "Hart County", "Hart County Schools", people, people[1], SUP,
                             "2024-09-10", None, None, *Y24, POINTS, FOCUS)))
    mark_bold = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:rPr><w:b/></w:rPr></w:pPr>'
    plain = [mark_bold + r(t) + "</w:p>" for t in (PA_TEXT, PB_TEXT)]
    out.append(letter19("r39-bold-paragraph-mark-only.docx", "only the paragraph marks are bold (no bold text)",
                    written="Hart County Schools", district="Hart County", points=plain, exp_points=POINTS[:2],
                    exp_focus=[]))
    legacy = [p(inner=_legacy_box(i in (0, 4)) + r(" " + label)) for i, label in enumerate(INITIATIVE_LABELS)]
    out.append(letter23("r40-legacy-form-checkboxes.docx", "initiatives as legacy FORMCHECKBOX fields",
                    initiatives=legacy, inits=("Local Laboratories of Learning", "Deeper Learning")))
    sym = [p(inner=f'<w:r><w:sym w:font="Wingdings" w:char="{"F0FE" if i == 2 else "F0A8"}"/></w:r>' + r(" " + label))
           for i, label in enumerate(INITIATIVE_LABELS)]
    out.append(letter23("r41-wingdings-sym-boxes.docx", "initiatives boxes inserted as Wingdings symbols (w:sym)",
                    initiatives=sym, inits=("Project-Based Learning",)))
    struck = [p(inner=r("☒ " if i in (1, 3) else "☐ ") +
                (r(label) if i in (1, 3) else f'<w:r><w:rPr><w:strike/></w:rPr><w:t>{label}</w:t></w:r>'))
              for i, label in enumerate(INITIATIVE_LABELS)]
    out.append(letter23("r42-initiatives-struck-through.docx", "ticked initiatives kept, the others struck through",
                    initiatives=struck, inits=("Portrait of a Learner", "Student Microcredentials")))
    bracket = [p(("[X] " if i == 5 else "[ ] ") + label) for i, label in enumerate(INITIATIVE_LABELS)]
    out.append(letter23("r43-bracket-x-initiatives.docx", 'initiatives ticked with a typed "[X]"', initiatives=bracket,
                    inits=("Innovative Teacher Fellowship",)))
    out.append(letter19("r44-name-suffix-jr.docx", 'signer typed "Rob Clayton, Jr., Superintendent" on one line',
                    written="Hart County Schools", district="Hart County",
                    sig=[p("Rob Clayton, Jr., Superintendent"), p("Date: 9/10/2024")],
                    signatory=("Rob Clayton, Jr.", "Superintendent")))
    out.append(letter19("r45-interim-superintendent.docx", 'title "Interim Superintendent"', written="Hart County Schools",
                    district="Hart County", sig=sig_lines(title="Interim Superintendent"),
                    signatory=("Rob Clayton", "Interim Superintendent")))
    out.append(letter19("r46-labelled-signature-lines.docx", "Name:/Title:/Date: labels under the district caption",
                    written="Hart County Schools", district="Hart County",
                    sig=[p("Name: Rob Clayton"), p("Title: Superintendent"), p("Date: 9/10/2024")]))


def _sixth(out: list[Letter]) -> None:
    for n, typed, signed, years, reasons in (
            (47, "Oct. 1st, 2024", "2024-10-01", Y24, ()), (49, "October 1,2024", "2024-10-01", Y24, ()),
            (50, "10/1/20224", None, ([], None), ("implausible_date",))):
        out.append(letter19(f"r{n}-date-{typed.replace(' ', '').replace('/', '-').replace(',', '').replace('.', '')}.docx",
                        f'district date typed "{typed}"', written="Hart County Schools", district="Hart County",
                        sig=sig_lines(date=typed), signed=signed, years=years, reasons=reasons))
    out.append(letter23("r48-date-with-time.docx", 'signature date cell "10/1/2024 2:15 PM"',
                    sig_rows=sig23("Brent Mayfield\nSuperintendent", "10/1/2024 2:15 PM")))
    out.append(letter23("r51-date-iso.docx", 'signature date cell "2024-10-01" (ISO)',
                    sig_rows=sig23("Brent Mayfield\nSuperintendent", "2024-10-01")))
    out.append(letter23("r52-school-year-label.docx", '"School Year: 2024-2025" instead of "Academic Year:"',
                    year_blocks=[p("School Year: 2024-2025")]))
    people = [person("Ana Flores", "Director of Innovation", "ana.flores@hart.kyschools.us"),
              person("Rob Clayton", "Superintendent", "rob.clayton@hart.kyschools.us")]
    contacts = contacts_2019(("ILN Point of Contact", *people[0].values()), ("Superintendent", *people[1].values()))
    f = "r53-poc-row-first.docx"
    blocks = form_2019(district=[p("**District: **Hart County Schools")], contacts=contacts,
                       points=numbered(PA, PB, PC), signatures=signatures_2019(sig_lines(), [p("Date:")]))
    out.append(Letter(f, "the ILN Point of Contact row above the superintendent's", package(blocks),
                      record(f, "kyiln-2019", "Hart County", "Hart County Schools", people, people[0], SUP,
                             "2024-09-10", None, None, *Y24, POINTS, FOCUS)))
    people = [person("Kristen Wireman", "Director of Innovation", "kristen.wireman@hart.kyschools.us"),
              person("Courtney Bowman", "Chief Academic Officer", "courtney.bowman@hart.kyschools.us")]
    contacts = contact_fields(("Kristen Wireman", "Director of Innovation", "mailto:kristen.wireman@hart.kyschools.us"),
                              ("Courtney Bowman", "Chief Academic Officer",
                               "Courtney Bowman <courtney.bowman@hart.kyschools.us>"))
    out.append(letter23("r54-mailto-typed-angle-brackets.docx", 'e-mails typed "mailto:..." and "Name <address>"',
                    contacts=contacts, people=people))
    out.append(letter19("r55-state-school-not-district.docx", "a state school (Kentucky School for the Deaf), not a district",
                    written="Kentucky School for the Deaf", district=None, reasons=("unknown_district",)))
    out.append(letter23("r59-acting-superintendent-table.docx", '"Acting Superintendent" under the name in the table',
                    sig_rows=sig23("Brent Mayfield\nActing Superintendent", "10/1/2024"),
                    signatory=("Brent Mayfield", "Acting Superintendent")))
    header = [p("HART COUNTY SCHOOLS | 511 Main Street | Munfordville, KY 42765")]
    out.append(letter19("r60-caps-letterhead-address.docx", "district only in an ALL-CAPS letterhead line with address",
                    written=None, district="Hart County", district_blocks=[p("")], header=header,
                    expected_written="HART COUNTY SCHOOLS"))
    chair_first = [p("**Board of Education Chair**"), p("Linda Moss"), p("Date: 9/12/2024"), p(""),
                   *signatures_2019(sig_lines(), [p("Date:")])]
    out.append(letter19("r62-board-chair-above.docx", "the board chair's block sits above the district's caption",
                    written="Hart County Schools", district="Hart County", signatures=chair_first))


def _seventh(out: list[Letter]) -> None:
    thread = [p("From: Rob Clayton <rob.clayton@hart.kyschools.us>"), p("Sent: Tuesday, September 10, 2024 3:02 PM"),
              p("To: Marcus Hale <marcus.hale@education.ky.gov>"), p("Subject: KY ILN Letter of Commitment"),
              p("Marcus,"), p("Attached is our signed Letter of Commitment for 2024-2025. Our points of action are "
                               "the Portrait of a Learner and project-based learning."),
              p("Thanks,"), p("Rob Clayton"), p("Superintendent, Hart County Schools"), p("Date: 9/10/2024")]
    out.append(Letter("r56-email-thread.docx", "an e-mail thread printed to Word about the LOC (not an LOC)",
                      package(thread), not_a_loc("r56-email-thread.docx")))
    approval = [p("**Kentucky Department of Education**"), p("September 30, 2024"), p("Superintendent Rob Clayton"),
                p("Hart County Schools"), p("Dear Superintendent Clayton:"),
                p("KDE has received and approved the Hart County Schools Letter of Commitment to the Kentucky "
                  "Innovative Learning Network for the 2024-2025 school year. Your district's points of action will "
                  "guide our support this year."),
                p("Sincerely,"), p("Marcus Hale"), p("KDE Designee, Division of Innovation"), p("Date: 9/30/2024")]
    out.append(Letter("r57-kde-approval-letter.docx", "KDE's approval letter back to the district (not an LOC)",
                      package(approval), not_a_loc("r57-kde-approval-letter.docx")))
    report = [p("**Hart County Schools**"), p("**KY ILN Annual Report 2024-2025**"),
              p("This report summarizes progress on the points of action in our Letter of Commitment."),
              h("Points of Action"), p("**Portrait of a Learner**: adopted by the board in March.", num=2),
              p("**Project-based learning**: 14 units taught in grades 6 and 7.", num=2),
              h("Submitted by"), p("Rob Clayton, Superintendent"), p("Date: 6/1/2025")]
    out.append(Letter("r58-annual-report-signed.docx", "a signed annual report on the points of action (not an LOC)",
                      package(report), not_a_loc("r58-annual-report-signed.docx")))


def round2_letters() -> list[Letter]:
    """All round-2 letters, in file-name order."""
    out: list[Letter] = []
    for part in (_first, _second, _third, _fourth, _fifth, _sixth, _seventh):
        part(out)
    return out


LETTERS_ROUND2: tuple[Letter, ...] = tuple(round2_letters())
