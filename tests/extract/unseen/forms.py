"""The three LOC form generations as block lists with replaceable parts (wording from the public
samples' forms, shortened), so each unseen letter changes only what real districts change."""
from __future__ import annotations

from .kit import BOLD_WORD, checkbox, h, p, r, table

INITIATIVE_LABELS = ("Local Laboratories of Learning (L3s)", "Portrait of a Learner", "Project-Based Learning",
                     "Student Microcredentials", "Deeper Learning Grant", "Innovative Teacher Fellowship")


def form_2018(*, purpose_district: str, contacts: list[str], points: list[str], signatures: list[str]) -> list[str]:
    """A kyiln-2018 letter (Kentucky Innovation Lab Network, sections I-V)."""
    return [
        p("**Kentucky Innovation Lab Network**"), p("**LETTER OF COMMITMENT**"),
        p("**I. Statement of Purpose**"),
        p("The Kentucky Innovation Lab Network (KYILN) is a partnership between local school districts and the "
          "Kentucky Department of Education (KDE) to provide a space for sharing innovative strategies."),
        p("This Letter of Commitment (LOC) establishes a partnership between the Kentucky Department of Education "
          f"and {purpose_district} for the current school year (if signed between June 1 and December 31) or for "
          "the current and the next school year (if signed between January 1 and May 31)."),
        p("**II. Background and Beliefs**"),
        p("The KYILN is grounded in six critical attributes of educational innovation identified by the CCSSO ILN:"),
        p("Student agency", num=2), p("Personalized learning", num=2),
        p("**III. Mutual Commitments**"),
        p("By signing this LOC, districts indicate a commitment to the work of the KYILN."),
        p("Districts will make an effort to have representatives on monthly calls.", num=2),
        p("**IV. District Plan**"),
        *contacts,
        p("Within the framework of the priorities outlined in this LOC, please identify 2-3 points of action for "
          "your district level plan. (Your annual report will be a summation of these points of action.)"),
        *points,
        p("**V. Agreement**"),
        p("KDE and KYILN districts agree to the principles and commitments described above. This agreement is "
          "effective for the current school year (if signed between June 1 and December 31) or for the current "
          "and the next school year (if signed between January 1 and May 31)."),
        *signatures,
        p("Return this Letter of Commitment via email to:"), p("Ellen Marsh"), p("ellen.marsh@education.ky.gov"),
    ]


def signatures_2018(district_lines: list[str], kde_lines: list[str]) -> list[str]:
    """The 2018 'Required Signatories' block: typed lines above each caption, then the date lines."""
    return [p("**Required Signatories**"), p(""), *district_lines[:-1],
            p("KYILN Participating District, Superintendent/Designee"), district_lines[-1], p(""),
            *kde_lines[:-1], p("Kentucky Innovation Lab Network, KDE Designee"), kde_lines[-1]]


def form_2019(*, district: list[str], contacts: list[str], points: list[str], signatures: list[str],
              intro_where: str = "below", bold: str = BOLD_WORD, heading=h) -> list[str]:
    """A kyiln-2019 letter (KY ILN, contacts table, numbered points)."""
    return [
        p("**Kentucky Innovative Learning Network (KY ILN)**", bold=bold), p("**Letter of Commitment**", bold=bold),
        p("The Kentucky Innovative Learning Network (KY ILN) is a partnership between local school districts and "
          "the Kentucky Department of Education (KDE). This Letter of Commitment (LOC) establishes the district "
          f"named {intro_where} as a member of the KY ILN."),
        *district,
        heading("Benefits of Membership"),
        p("Ongoing technical assistance, support, and continued coordination from KDE and its partners", num=2),
        heading("Expectations of Member Districts"),
        p("Submit an annual report summarizing progress on the district's points of action", num=2),
        heading("District Contacts"),
        p("List the superintendent and the district's ILN point of contact. The point of contact receives all "
          "network communications."),
        *contacts,
        heading("District Plan"),
        p("Within the framework of the KY ILN priorities, identify two to four points of action for your "
          "district's work. Your annual report will summarize progress on these points of action."),
        *points,
        heading("Agreement"),
        p("KDE and the district agree to work together in good faith to advance the commitments described above. "
          "This agreement is effective for the current school year (if signed between June 1 and December 31) or "
          "for the current and the next school year (if signed between January 1 and May 31)."),
        heading("Signatures"),
        *signatures,
        p("Please return the signed LOC by email to Ellen Marsh (ellen.marsh@education.ky.gov), Division of "
          "Innovation, Kentucky Department of Education."),
    ]


def contacts_2019(*rows: tuple[str, str, str, str]) -> list[str]:
    """The 2019 Role | Name | Title | Email table."""
    return [table(["**Role**", "**Name**", "**Title**", "**Email**"], *[list(row) for row in rows])]


def signatures_2019(district: list[str], kde: list[str]) -> list[str]:
    """The 2019 two signature parts, each under its caption."""
    return [p("**For the District (Superintendent or Designee)**"), p(""), p("_______________________________"),
            *district, p("**For the Kentucky Department of Education (KDE Designee)**"), p(""),
            p("_______________________________"), *kde]


def form_2023(*, year: list[str], district: list[str], contacts: list[str], initiatives: list[str],
              points: list[str], signature_rows: list[list[str]], bold: str = BOLD_WORD, heading=h,
              before: list[str] = ()) -> list[str]:
    """A kyiln-2023 letter (academic year, ILN point of contact, initiative checkboxes, signature table)."""
    return [
        *before,
        p("**KY ILN Letter of Commitment**", bold=bold),
        *year, *district,
        p("The KY Innovative Learning Network (KY ILN) is a partnership between local school districts and the "
          "Kentucky Department of Education (KDE), providing a shared professional learning space for education "
          "leaders."),
        heading("What are the benefits of joining the KY ILN?"),
        p("Access to competitive grant funding for travel to model sites and innovative partnerships", num=2),
        heading("What are the expectations for members?"),
        p("Submit an annual Letter of Commitment (LoC) to maintain membership and eligibility for competitive "
          "grants", num=2),
        heading("ILN Point of Contact"),
        p("A district leader will need to serve as an ILN point of contact."),
        *contacts,
        heading("KY ILN Initiatives"),
        p("Check each initiative in which your district intends to participate this academic year."),
        *initiatives,
        heading("District Points of Action"),
        p("Please identify the points of action for your district's innovation work this academic year. Your "
          "annual report will summarize progress on these points of action."),
        *points,
        heading("Commitment"),
        p("By submitting this document to KDE, districts commit to participation in the network upon approval. "
          "Membership is renewed each academic year by submitting a new Letter of Commitment."),
        table(["**Superintendent or Designee Name**", "**Signature**", "**Date**"], signature_rows[0],
              ["**KDE Designee**", "**Signature**", "**Date**"], signature_rows[1], bold=bold),
        p("Return the completed Letter of Commitment to Marcus Hale, Division of Innovation, at "
          "marcus.hale@education.ky.gov."),
    ]


def contact_fields(poc: tuple[str, str, str], extra: tuple[str, str, str] | None = None) -> list[str]:
    """The 2023 Name:/Title:/Email: lines for the point of contact and the optional additional contact."""
    lines = [p(f"Name: {poc[0]}"), p(f"Title: {poc[1]}"), p(f"Email: {poc[2]}")]
    if extra:
        lines += [p("Additional District Contact (optional)"), p(f"Name: {extra[0]}"), p(f"Title: {extra[1]}"),
                  p(f"Email: {extra[2]}")]
    return lines


def glyph_initiatives(marks: str) -> list[str]:
    """One line per initiative in form order; `marks` holds one glyph per line (e.g. "☒☐☐☒☐☐")."""
    return [p(f"{mark} {label}") for mark, label in zip(marks, INITIATIVE_LABELS, strict=True)]


def control_initiatives(ticked: set[int]) -> list[str]:
    """Checkbox content controls, one line per initiative."""
    return [p(inner=checkbox(i in ticked) + r(" " + label)) for i, label in enumerate(INITIATIVE_LABELS)]
