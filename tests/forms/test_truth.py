"""The truth helper applies the contract's term rule and reasons (docs/contract/loc-record.md)."""
from __future__ import annotations

from datetime import date

from iln_demo.forms.truth import LetterFacts, expected_record, focus_phrases, plain_text, term_of
from sharepoint_sync.record import Person

TODAY = date(2026, 11, 28)


def test_term_rule_examples_from_the_contract() -> None:
    """The three worked examples of the contract's term rule."""
    assert term_of(date(2018, 9, 6)) == ["2018-2019"]
    assert term_of(date(2018, 6, 5)) == ["2018-2019"]
    assert term_of(date(2019, 2, 10)) == ["2018-2019", "2019-2020"]


def _facts(**overrides) -> LetterFacts:
    base = dict(file_name="f.docx", template="kyiln-2019", today=TODAY, district_as_written="Knox County Schools",
                district="Knox County", contacts=(Person("A", None, "a@knox.kyschools.us"),),
                district_signed_on=date(2019, 2, 10), action_points=("One **point**.",))
    return LetterFacts(**{**base, **overrides})


def test_spring_signature_covers_two_years_and_expires_after_the_second() -> None:
    """Signed in February: two school years, expiring June 30 of the second."""
    record = expected_record(_facts())
    assert record["school_years"] == ["2018-2019", "2019-2020"] and record["expires_on"] == "2020-06-30"


def test_implausible_date_is_reported_without_a_term() -> None:
    """A date past today + 60 days is kept as written but gives no term, and is a reason."""
    record = expected_record(_facts(district_signed_on=date(2108, 9, 27)))
    assert record["district_signed_on"] == "2108-09-27"
    assert record["school_years"] == [] and record["expires_on"] is None
    assert record["review_reasons"] == ["implausible_date"]


def test_stated_year_far_from_signature_is_a_mismatch() -> None:
    """A stated year more than a year from the signature date: the stated year is the term, plus the reason."""
    record = expected_record(_facts(template="kyiln-2023", academic_year_start=2025,
                                    district_signed_on=date(2023, 10, 11)))
    assert record["school_years"] == ["2025-2026"] and record["review_reasons"] == ["date_year_mismatch"]


def test_reasons_follow_the_contract_table_order() -> None:
    """Several problems are listed in the contract's order."""
    record = expected_record(_facts(district_as_written="Redbud County Schools", district=None,
                                    district_signed_on=None, contacts=(Person("A", None, None),),
                                    action_points=()))
    assert record["review_reasons"] == ["unknown_district", "missing_signature_date", "missing_contact",
                                        "missing_action_points"]
    assert record["status"] == "needs_review"


def test_action_point_markup_folds_space_and_collects_bold_phrases() -> None:
    """Bold markers vanish, non-breaking spaces fold, adjacent bold pieces form one phrase."""
    markup = "We build **career**** pathways**\u00a0 and **PBL**."
    assert plain_text(markup) == "We build career pathways and PBL."
    assert focus_phrases(markup) == ["career pathways", "PBL"]
