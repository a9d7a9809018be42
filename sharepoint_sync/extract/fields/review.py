"""The term rule and the review verdict (contract: "The term rule", "Review reasons")."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...record import REVIEW_REASONS
from .dates import DateReading, expiry_of, is_plausible, term_for_signature, year_mismatch


@dataclass(frozen=True)
class Term:
    """The covered school years, their expiry, and the date problems found on the way."""

    school_years: tuple[str, ...] = ()
    expires_on: dt.date | None = None
    implausible: bool = False
    mismatch: bool = False


def derive_term(signed: DateReading, kde: DateReading, academic_year: str | None, today: dt.date) -> Term:
    """Stated academic year wins; else the term rule on a plausible district signature date."""
    plausible_day = signed.value if signed.value is not None and is_plausible(signed.value, today) else None
    implausible = _implausible(signed, today) or _implausible(kde, today)
    years: tuple[str, ...]
    if academic_year:
        years = (academic_year,)
        mismatch = plausible_day is not None and year_mismatch(plausible_day, academic_year)
        return Term(years, expiry_of(years), implausible, mismatch)
    years = term_for_signature(plausible_day) if plausible_day is not None else ()
    return Term(years, expiry_of(years), implausible, False)


def _implausible(reading: DateReading, today: dt.date) -> bool:
    if reading.value is not None:
        return not is_plausible(reading.value, today)
    return reading.unparseable


def ordered(reasons: set[str]) -> tuple[str, ...]:
    """Reason codes in the contract's table order."""
    return tuple(code for code in REVIEW_REASONS if code in reasons)
