"""Form generation, not-a-LOC detection and the review verdict."""
from __future__ import annotations

import datetime as dt

from tests.extract.test_fields_kit import H, LI, P, T, letter, read, view


def test_annual_report_is_not_a_loc() -> None:
    """A report mentioning its Letter of Commitment and points of action, with no signature block, is not a LOC."""
    report = view(P("**Knox County Schools**"), P("**KY ILN Annual Report, 2023-2024**"),
                  P("In our Letter of Commitment we identified our points of action."), H("Progress on Points of Action"),
                  LI("**One-to-one devices**: done."), P("Prepared by Jane Doe (jane.doe@knox.kyschools.us)"))
    record = read(report)
    assert (record.is_loc, record.status, record.template, record.review_reasons) == (False, "not_a_loc", "unknown", ("not_a_loc",))
    assert record.signatory is None and record.contacts == () and record.district is None


def test_agenda_is_not_a_loc() -> None:
    """A meeting agenda listing 'Letters of Commitment' is not a LOC."""
    agenda = view(P("**KY Innovative Learning Network**"), P("**Fall Convening Agenda**"),
                  T(["9:00", "Letters of Commitment: timeline, points of action"], ["10:00", "Superintendent panel"]),
                  LI("Bring a copy of your district's signed Letter of Commitment."))
    assert read(agenda).status == "not_a_loc"


def test_letter_without_signature_block_is_not_a_loc() -> None:
    """Strong evidence is required: without any signature block a document is not a LOC."""
    assert read(letter(signatures=[])).status == "not_a_loc"


def test_template_generations() -> None:
    """The 2019 base letter is kyiln-2019; 2018 and 2023 wording is recognised."""
    assert read(letter()).template == "kyiln-2019"
    title_2018 = [P("**Kentucky Innovation Lab Network**"), P("**LETTER OF COMMITMENT**"), H("I. Statement of Purpose"),
                  P("This Letter of Commitment establishes a partnership."), H("III. Mutual Commitments")]
    record = read(letter(title=title_2018, district=[P("**District:** Knox County Schools")], contacts=[P("Contact information:"),
                  P("Olivia Keller, Superintendent, olivia.keller@knox.kyschools.us")],
                  signatures=[H("Required Signatories"), P("Olivia Keller"), P("KYILN Participating District, Superintendent/Designee"),
                              P("Date: 9/6/2018")]))
    assert record.template == "kyiln-2018" and record.school_years == ("2018-2019",)


def test_stated_academic_year_is_the_term() -> None:
    """'Academic Year: 2024–2025' (en dash) is the term; a signature in 2023 is a year mismatch."""
    record = read(letter(district=[P("**Academic Year: **2024–2025"), P("**District: **Knox County Schools")]))
    assert (record.academic_year_stated, record.school_years, record.expires_on) == ("2024-2025", ("2024-2025",), "2025-06-30")
    assert record.review_reasons == ("date_year_mismatch",)


def test_stated_year_without_signature_date() -> None:
    """Stated year and no date: the stated year is the term and missing_signature_date is a reason."""
    sigs = [H("Signatures"), P("For the District (Superintendent or Designee)"), P("Jane Doe"), P("Date:")]
    record = read(letter(district=[P("**Academic Year: **2024-2025"), P("**District: **Knox County Schools")], signatures=sigs))
    assert record.school_years == ("2024-2025",) and record.review_reasons == ("missing_signature_date",)


def test_today_decides_plausibility() -> None:
    """The same letter read before its signing date (minus 60 days) has an implausible date."""
    assert read(letter(), today=dt.date(2019, 9, 1)).review_reasons == ("implausible_date",)
    assert read(letter(), today=dt.date(2019, 10, 20)).status == "ok"


def test_reasons_in_contract_order() -> None:
    """Several reasons are listed in the contract's table order."""
    record = read(letter(district=[P("**District:** ")], plan=[H("District Plan")], contacts=[]))
    assert record.review_reasons == ("missing_district", "missing_contact", "missing_action_points")
