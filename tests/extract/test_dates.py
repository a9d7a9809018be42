"""Dates as US letters write them, academic years, and the term rule (contract: "The term rule")."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from sharepoint_sync.extract.fields.dates import (
    expiry_of, find_academic_year, find_date, is_plausible, term_for_signature, year_mismatch,
)

DAY = dt.date(2019, 11, 15)


@pytest.mark.parametrize("text", [
    "11/15/19", "11/15/2019", "2019-11-15", "November 15, 2019", "Nov. 15, 2019", "Nov 15 2019",
    "15 November 2019", "November 15th, 2019", "Friday, November 15, 2019", "Date: 11/15/2019",
    "Date signed: Nov. 15, 2019", "the 15th day of November, 2019", "11-15-2019", "11.15.2019",
])
def test_common_us_formats_parse(text: str) -> None:
    """Every common US way of writing 15 November 2019 reads as that day."""
    assert find_date(text).value == DAY


def test_sept_abbreviation_and_two_digit_year() -> None:
    """'Sept. 3, 2019' and 'm/d/yy' (20YY) both parse."""
    assert find_date("Sept. 3, 2019").value == dt.date(2019, 9, 3)
    assert find_date("9/3/19").value == dt.date(2019, 9, 3)


@pytest.mark.parametrize("text", ["2/30/2019", "13/45/2019", "Nov 2019"])
def test_impossible_dates_are_unparseable(text: str) -> None:
    """Something written as a date that is no valid day is reported as unparseable, not as a date."""
    reading = find_date(text)
    assert reading.value is None and reading.unparseable


def test_text_without_a_date_is_neither() -> None:
    """Prose with no date attempt is neither a date nor unparseable ("we may ...")."""
    reading = find_date("We may begin soon")
    assert reading.value is None and not reading.unparseable


_FORMATS = (
    lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}",
    lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d:%B} {d.day}, {d.year}",
    lambda d: f"{d:%b}. {d.day}, {d.year}",
    lambda d: f"{d.day} {d:%B} {d.year}",
    lambda d: f"{d:%A}, {d:%B} {d.day}, {d.year}",
    lambda d: f"{d:%B} {d.day}{'th' if 11 <= d.day <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d.day % 10, 'th')}, {d.year}",
)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(_FORMATS))
def test_format_then_parse_round_trips(day: dt.date, fmt) -> None:
    """Any date written in any supported format parses back to the same day."""
    assert find_date(fmt(day)).value == day


@given(st.dates(dt.date(2015, 1, 1), dt.date(2060, 12, 31)))
def test_term_rule(signed: dt.date) -> None:
    """June-December: the current school year; January-May: the current and the next; expiry June 30."""
    years = term_for_signature(signed)
    if signed.month >= 6:
        assert years == (f"{signed.year}-{signed.year + 1}",)
    else:
        assert years == (f"{signed.year - 1}-{signed.year}", f"{signed.year}-{signed.year + 1}")
    assert expiry_of(years) == dt.date(signed.year + 1, 6, 30)
    assert all(int(y[5:]) == int(y[:4]) + 1 for y in years)


def test_term_rule_contract_examples() -> None:
    """The contract's three worked examples."""
    assert term_for_signature(dt.date(2018, 9, 6)) == ("2018-2019",)
    assert term_for_signature(dt.date(2018, 6, 5)) == ("2018-2019",)
    assert term_for_signature(dt.date(2019, 2, 10)) == ("2018-2019", "2019-2020")
    assert expiry_of(("2018-2019", "2019-2020")) == dt.date(2020, 6, 30)


def test_plausibility_window() -> None:
    """Before 2015 or more than 60 days after the run is implausible."""
    today = dt.date(2026, 11, 28)
    assert not is_plausible(dt.date(2014, 12, 31), today)
    assert is_plausible(dt.date(2015, 1, 1), today)
    assert is_plausible(today + dt.timedelta(days=60), today)
    assert not is_plausible(today + dt.timedelta(days=61), today)


@pytest.mark.parametrize("text", ["2024-2025", "2024–2025", "2024 - 2025", "2024-25", "2024/2025", "SY 2024–25"])
def test_academic_year_forms_normalise(text: str) -> None:
    """Academic years with hyphen, en dash, slash or a short end year normalise to YYYY-YYYY."""
    assert find_academic_year(text) == "2024-2025"


def test_a_range_that_is_not_one_year_is_no_academic_year() -> None:
    """'2023-2026' spans three years: not an academic year."""
    assert find_academic_year("2023-2026") is None


@given(st.integers(2015, 2060), st.dates(dt.date(2012, 1, 1), dt.date(2064, 12, 31)))
def test_year_mismatch_is_more_than_a_year_from_the_span(start: int, signed: dt.date) -> None:
    """A date mismatches when over a year before July 1 or after June 30 of the stated year."""
    inside = dt.date(start - 1, 7, 1) <= signed <= dt.date(start + 2, 6, 30)
    assert year_mismatch(signed, f"{start}-{start + 1}") is (not inside)
