"""A second batch of hand-written letters (u29-u40): weekday and partial dates, content controls,
odd white space, a blank form, an appended report, a stated year two years off. Expected records
written from the contract by hand, like the first batch."""
from __future__ import annotations

from .common import (FOCUS, PA, PA_TEXT, PB, PB_TEXT, PC, POINTS, Y24, Letter, not_a_loc, numbered, person,
                     record, sig23,
                     std_2019_contacts, std_2023_contacts)
from .forms import (contact_fields, contacts_2019, form_2018, form_2019, form_2023, glyph_initiatives, signatures_2018,
                    signatures_2019)
from .kit import control, p, package, r


def _plain_2019(f, unusual, written, district, slug, sig_lines, signed, *, years=Y24, reasons=(), signatory=None,
                district_blocks=None, header=None, expected_written=None, kde_lines=None, kde=None):
    """A kyiln-2019 letter differing only in the district line and the district's signature lines."""
    contacts, people = std_2019_contacts(slug)
    blocks = form_2019(district=district_blocks or [p(f"**District: **{written}")], contacts=contacts,
                       points=numbered(PA, PB, PC), signatures=signatures_2019(sig_lines, kde_lines or [p("Date:")]))
    return Letter(f, unusual, package(blocks, header=header),
                  record(f, "kyiln-2019", district, expected_written or written, people, people[1],
                         signatory or ("Rob Clayton", "Superintendent"), signed, kde, None, *years, POINTS, FOCUS,
                         reasons=reasons))


def more_letters() -> list[Letter]:
    """The second batch."""
    out = [
        _plain_2019("u29-weekday-date.docx", 'date with a weekday: "Tuesday, October 8, 2024"',
                    "Warren County Schools", "Warren County", "warren",
                    [p("Rob Clayton"), p("Superintendent"), p("Date: Tuesday, October 8, 2024")], "2024-10-08"),
        _plain_2019("u30-date-signed-two-digit.docx", '"Date Signed: 10/08/24" (two-digit year)',
                    "Warren Co. Schools", "Warren County", "warren",
                    [p("Rob Clayton, Superintendent"), p("Date Signed: 10/08/24")], "2024-10-08"),
        _plain_2019("u31-cao-on-behalf.docx", "the chief academic officer signs on the superintendent's behalf",
                    "Warren County Public Schools", "Warren County", "warren",
                    [p("Lisa Hollis"), p("Chief Academic Officer"), p("Date: 9/3/2024")], "2024-09-03",
                    signatory=("Lisa Hollis", "Chief Academic Officer")),
        _plain_2019("u32-district-content-control.docx", "district typed in a content control tagged District",
                    "Beechwood Independent School District", "Beechwood Independent", "beechwoodind",
                    [p("Rob Clayton"), p("Superintendent"), p("Date: 9/24/2024")], "2024-09-24",
                    district_blocks=[p(inner=r("District: ") + control("Beechwood Independent School District",
                                                                       "District"))]),
        _plain_2019("u33-odd-white-space.docx", "district with a double space and a no-break space",
                    "Boyle  County\u00a0Schools", "Boyle County", "boyle",
                    [p("Rob Clayton"), p("Superintendent"), p("Date: 9/24/2024")], "2024-09-24",
                    expected_written="Boyle County Schools"),
        _plain_2019("u34-month-year-only.docx", 'district date "October 2024" (no day): unparseable',
                    "Warren County Schools", "Warren County", "warren",
                    [p("Rob Clayton"), p("Superintendent"), p("Date: October 2024")], None, years=([], None),
                    reasons=("implausible_date",)),
        _plain_2019("u35-kde-letterhead-header.docx", "KDE's name in the page header is not the district",
                    "Scott County Schools", "Scott County", "scott",
                    [p("Rob Clayton"), p("Superintendent"), p("Date: 9/24/2024")], "2024-09-24",
                    header=[p("Kentucky Department of Education"), p("Office of Continuous Improvement")]),
    ]
    out.append(_plain_2019("u41-district-field-with-superintendent.docx",
                           "the District: field also names the superintendent after a comma",
                           "Hart County Schools, Superintendent Brent Mayfield", "Hart County", "hart",
                           [p("Rob Clayton"), p("Superintendent"), p("Date: 9/5/2024")], "2024-09-05",
                           expected_written="Hart County Schools"))
    out += [_short_year(), _blank_form(), _appended_report(), _year_two_off(), _placeholder_title(),
            _prose_contacts(), _signature_column_only(), _fields_on_one_line(), _inline_numbers(), _iln_contact_role(),
            _instructions(), _reminder(), _stated_year("u53-academic-year-typo.docx", "2024-2026"),
            _stated_year("u54-academic-year-two-digit.docx", "24-25"), _article_in_partnership()]
    out.append(_plain_2019("u51-docusign-stamp.docx", "a DocuSign stamp: 'DocuSigned by:', name, envelope id, title",
                           "Hart County Schools", "Hart County", "hart",
                           [p("DocuSigned by:"), p("Brent Mayfield"), p("9A3F2C1D8E7B4A6…"), p("Superintendent"),
                            p("Date: 9/5/2024 | 9:14 AM EDT")], "2024-09-05",
                           signatory=("Brent Mayfield", "Superintendent")))
    out.append(_plain_2019("u52-electronically-signed-line.docx",
                           "one line: 'Electronically signed by <name>, <title>, on <date>'",
                           "Hart County Schools", "Hart County", "hart",
                           [p("Electronically signed by Brent Mayfield, Superintendent, on 9/5/2024")], "2024-09-05",
                           signatory=("Brent Mayfield", "Superintendent")))
    out.append(_plain_2019("u45-only-kde-signed.docx", "KDE countersigned a letter the district never dated or signed",
                           "Hart County Schools", "Hart County", "hart", [p("Date:")], None, years=([], None),
                           signatory=(None, None), reasons=("missing_signature_date",),
                           kde_lines=[p("Marcus Hale"), p("KDE Designee"), p("Date: 10/9/2024")], kde="2024-10-09"))
    out.append(_plain_2019("u46-letter-date-on-top.docx", "a letter date on top; the district's Date: line blank",
                           "Hart County Schools", "Hart County", "hart",
                           [p("Rob Clayton"), p("Superintendent"), p("Date:")], None, years=([], None),
                           reasons=("missing_signature_date",),
                           district_blocks=[p("October 1, 2024"), p("**District: **Hart County Schools")]))
    return out


def _short_year() -> Letter:
    f = "u36-academic-year-short.docx"
    contacts, people = std_2023_contacts("hart")
    blocks = form_2023(year=[p("Academic Year: 2024-25")], district=[p("District: Hart Co. Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☐☒☐☐☐"), points=numbered(PB),
                       signature_rows=sig23("Brent Mayfield, Superintendent", "8/30/2024"))
    return Letter(f, 'academic year written "2024-25"; name and title on one line in the table', package(blocks),
                  record(f, "kyiln-2023", "Hart County", "Hart Co. Schools", people, people[0],
                         ("Brent Mayfield", "Superintendent"), "2024-08-30", None, "2024-2025", *Y24, [PB_TEXT],
                         [FOCUS[1]], ["Project-Based Learning"]))


def _blank_form() -> Letter:
    f = "u37-blank-form.docx"
    blocks = form_2023(year=[p("Academic Year:")], district=[p("District:")],
                       contacts=[p("Name:"), p("Title:"), p("Email:")], initiatives=glyph_initiatives("☐☐☐☐☐☐"),
                       points=[p("", num=1)], signature_rows=sig23("", ""))
    return Letter(f, "the blank kyiln-2023 form returned unfilled (never ok)", package(blocks),
                  record(f, "kyiln-2023", None, None, [], None, (None, None), None,
                         reasons=("missing_district", "missing_signature_date", "missing_contact",
                                  "missing_action_points")))


def _appended_report() -> Letter:
    f = "u38-appended-report.docx"
    contacts, people = std_2023_contacts("oldham")
    report = [p("**Annual Report 2023-2024**"), p("Prepared by Dana Ellis, Director of Innovation"),
              p("Highlights", style="Heading1"), p("We opened a **student-run** credit union.", num=2),
              p("Contacts: dana.ellis@oldham.kyschools.us")]
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Oldham County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☒☐☐☐☐"), points=numbered(PA),
                       signature_rows=sig23("Jason Radford\nSuperintendent", "9/20/2024")) + report
    return Letter(f, "last year's annual report appended after the form (bullets, author, bold)", package(blocks),
                  record(f, "kyiln-2023", "Oldham County", "Oldham County Schools", people, people[0],
                         ("Jason Radford", "Superintendent"), "2024-09-20", None, "2024-2025", *Y24, [PA_TEXT],
                         [FOCUS[0]], ["Portrait of a Learner"]))


def _year_two_off() -> Letter:
    f = "u39-year-two-off.docx"
    contacts, people = std_2023_contacts("allen")
    blocks = form_2023(year=[p("Academic Year: 2022-2023")], district=[p("District: Allen County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☐☐☐☐☐"), points=numbered(PA),
                       signature_rows=sig23("Travis Hamby\nSuperintendent", "10/2/2024"))
    return Letter(f, "last-but-one year's form re-signed: stated 2022-2023, signed October 2024", package(blocks),
                  record(f, "kyiln-2023", "Allen County", "Allen County Schools", people, people[0],
                         ("Travis Hamby", "Superintendent"), "2024-10-02", None, "2022-2023", ["2022-2023"],
                         "2023-06-30", [PA_TEXT], [FOCUS[0]], reasons=("date_year_mismatch",)))


def _placeholder_title() -> Letter:
    f = "u40-placeholder-in-control.docx"
    poc = person("Kristen Wireman", "Director of Innovation", "kristen.wireman@pike.kyschools.us")
    extra = person("Courtney Bowman", None, "courtney.bowman@pike.kyschools.us")
    contacts = contact_fields(tuple(poc.values())) + [
        p("Additional District Contact (optional)"), p("Name: Courtney Bowman"),
        p(inner=r("Title: ") + control("Click or tap here to enter text.", "Title", placeholder=True)),
        p("Email: courtney.bowman@pike.kyschools.us")]
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Pike County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☐☐☐☐☐"), points=numbered(PA),
                       signature_rows=sig23("Reed Adkins\nSuperintendent", "9/9/2024"))
    return Letter(f, "a contact's title still shows its content-control placeholder", package(blocks),
                  record(f, "kyiln-2023", "Pike County", "Pike County Schools", [poc, extra], poc,
                         ("Reed Adkins", "Superintendent"), "2024-09-09", None, "2024-2025", *Y24, [PA_TEXT],
                         [FOCUS[0]], reasons=("unfilled_placeholder",)))


def _prose_contacts() -> Letter:
    f = "u42-contacts-in-prose.docx"
    contacts = [p("Contact information:"),
                p("Please reach Jane Roe or Tom Bell at jane.roe@hart.kyschools.us and tom.bell@hart.kyschools.us "
                  "with any questions.")]
    blocks = form_2018(purpose_district="Hart County Schools", contacts=contacts, points=numbered(PA, num=2),
                       signatures=signatures_2018([p("Greg Schultz, Superintendent"), p("Date: October 7, 2024")],
                                                  [p(""), p("Date:")]))
    people = [person(None, None, "jane.roe@hart.kyschools.us"), person(None, None, "tom.bell@hart.kyschools.us")]
    return Letter(f, "contacts in running prose whose names cannot be paired with the addresses", package(blocks),
                  record(f, "kyiln-2018", "Hart County", "Hart County Schools", people, people[0],
                         ("Greg Schultz", "Superintendent"), "2024-10-07", None, None, *Y24, [PA_TEXT], [FOCUS[0]]))


def _signature_column_only() -> Letter:
    f = "u43-signature-column-only.docx"
    contacts, people = std_2023_contacts("hart")
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Hart County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☐☐☐☐☐"), points=numbered(PA),
                       signature_rows=[["", "/s/ Brent Mayfield", "10/1/2024"], ["", "", ""]])
    return Letter(f, '"/s/ Brent Mayfield" typed in the Signature column, the name column empty', package(blocks),
                  record(f, "kyiln-2023", "Hart County", "Hart County Schools", people, people[0],
                         ("Brent Mayfield", None), "2024-10-01", None, "2024-2025", *Y24, [PA_TEXT], [FOCUS[0]]))


def _fields_on_one_line() -> Letter:
    f = "u44-contact-fields-one-line.docx"
    people = [person("Jane Roe", "Director of Innovation", "jane.roe@hart.kyschools.us"),
              person("Tom Bell", "Principal", "tom.bell@hart.kyschools.us")]
    contacts = [p("Name: Jane Roe    Title: Director of Innovation    Email: Jane.Roe@hart.kyschools.us"),
                p("Additional District Contact (optional)"),
                p("Name: Tom Bell    Title: Principal    Email: tom.bell@hart.kyschools.us")]
    blocks = form_2023(year=[p("Academic Year: 2024-2025")], district=[p("District: Hart County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☐☐☐☐☐"), points=numbered(PA),
                       signature_rows=sig23("Brent Mayfield\nSuperintendent", "10/1/2024"))
    return Letter(f, "Name:/Title:/Email: fields of one person on one line", package(blocks),
                  record(f, "kyiln-2023", "Hart County", "Hart County Schools", people, people[0],
                         ("Brent Mayfield", "Superintendent"), "2024-10-01", None, "2024-2025", *Y24, [PA_TEXT],
                         [FOCUS[0]]))


def _inline_numbers() -> Letter:
    f = "u47-points-numbered-inline.docx"
    contacts, people = std_2019_contacts("warren")
    plan = [p("1) We are building a **Portrait of a Learner** this fall. 2) Our middle schools will pilot "
              "**project-based learning** units; grade 2. classrooms join in spring.")]
    blocks = form_2019(district=[p("**District: **Warren County Schools")], contacts=contacts, points=plan,
                       signatures=signatures_2019([p("Rob Clayton"), p("Superintendent"), p("Date: 9/5/2024")],
                                                  [p("Date:")]))
    return Letter(f, 'two points typed in one paragraph as "1) ... 2) ..."', package(blocks),
                  record(f, "kyiln-2019", "Warren County", "Warren County Schools", people, people[1],
                         ("Rob Clayton", "Superintendent"), "2024-09-05", None, None, *Y24,
                         ["We are building a Portrait of a Learner this fall.",
                          "Our middle schools will pilot project-based learning units; grade 2. classrooms join in "
                          "spring."], FOCUS[:2]))


def _iln_contact_role() -> Letter:
    f = "u48-iln-contact-role.docx"
    sup = person("Rob Clayton", "Superintendent", None)
    poc = person("Ana Flores", "Director of Innovation", "ana.flores@warren.kyschools.us")
    contacts = contacts_2019(("Superintendent", "Rob Clayton", "Superintendent", ""),
                             ("ILN Contact", "Ana Flores", "Director of Innovation", "Ana.Flores@warren.kyschools.us"))
    blocks = form_2019(district=[p("**District: **Warren County Schools")], contacts=contacts,
                       points=numbered(PA), signatures=signatures_2019(
                           [p("Rob Clayton"), p("Superintendent"), p("Date: 9/5/2024")], [p("Date:")]))
    return Letter(f, 'the point of contact\'s role written "ILN Contact"; the superintendent has no e-mail',
                  package(blocks),
                  record(f, "kyiln-2019", "Warren County", "Warren County Schools", [sup, poc], poc,
                         ("Rob Clayton", "Superintendent"), "2024-09-05", None, None, *Y24, [PA_TEXT], [FOCUS[0]]))


def _instructions() -> Letter:
    f = "u49-how-to-complete-guide.docx"
    blocks = [p("**How to complete your KY ILN Letter of Commitment**"),
              p("This guide explains each part of the Letter of Commitment."), p("**District Plan**"),
              p("Please identify two to four points of action for your district's work. Each point of action should "
                "name a focus area in bold."), p("**Signatures**"),
              p("The superintendent or designee signs and dates the letter. KDE countersigns after review."),
              p("Return the completed Letter of Commitment to Marcus Hale at marcus.hale@education.ky.gov.")]
    return Letter(f, "KDE's guide to completing the LOC: plan and signature headings, no form (not an LOC)",
                  package(blocks), not_a_loc(f))


def _reminder() -> Letter:
    f = "u50-kde-reminder.docx"
    blocks = [p("**Reminder: Letters of Commitment due October 15**"), p("Dear KY ILN district leaders,"),
              p("Please submit your district's signed Letter of Commitment. The LOC establishes the district named on "
                "it as a member of the KY ILN."),
              p("In the District Plan section, identify two to four points of action."),
              p("For the District (Superintendent or Designee) sign and date; KDE Designee countersigns."),
              p("Thank you, Marcus Hale, KDE")]
    return Letter(f, "a KDE reminder quoting the form's wording and captions in sentences (not an LOC)",
                  package(blocks), not_a_loc(f))


def _stated_year(f: str, typed: str) -> Letter:
    """The academic-year field as typed; "2024-2026" is no academic year (a date slot that cannot be
    read: implausible_date, the term then follows the signature), "24-25" is 2024-2025 (20YY)."""
    contacts, people = std_2023_contacts("hart")
    blocks = form_2023(year=[p(f"Academic Year: {typed}")], district=[p("District: Hart County Schools")],
                       contacts=contacts, initiatives=glyph_initiatives("☐☐☐☐☐☐"), points=numbered(PA),
                       signature_rows=sig23("Brent Mayfield\nSuperintendent", "10/1/2024"))
    readable = typed == "24-25"
    return Letter(f, f'academic year typed "{typed}"', package(blocks),
                  record(f, "kyiln-2023", "Hart County", "Hart County Schools", people, people[0],
                         ("Brent Mayfield", "Superintendent"), "2024-10-01", None,
                         "2024-2025" if readable else None, *Y24, [PA_TEXT], [FOCUS[0]],
                         reasons=() if readable else ("implausible_date",)))


def _article_in_partnership() -> Letter:
    f = "u55-partnership-with-article.docx"
    people = [person("Jane Roe", "Director of Innovation", "jane.roe@hart.kyschools.us")]
    blocks = form_2018(purpose_district="the Hart County School District",
                       contacts=[p("Contact information:"), p("Jane Roe, Director of Innovation, jane.roe@hart.kyschools.us")],
                       points=numbered(PA, num=2),
                       signatures=signatures_2018([p("Greg Schultz, Superintendent"), p("Date: October 7, 2024")],
                                                  [p(""), p("Date:")]))
    return Letter(f, '2018 partnership sentence "... and the Hart County School District for ..."', package(blocks),
                  record(f, "kyiln-2018", "Hart County", "Hart County School District", people, people[0],
                         ("Greg Schultz", "Superintendent"), "2024-10-07", None, None, *Y24, [PA_TEXT], [FOCUS[0]]))
