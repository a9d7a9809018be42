"""Dates as people type them in US letters, and Kentucky academic years.

Numeric dates are month/day/year (the contract); two-digit years are 20YY. Month names may be
full, abbreviated, with or without a dot ("Sept.", "Nov"), with ordinals ("15th") and weekdays.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|\d{2})"
#: with a month name the year is written in full ("Nov 2019" is no day, not Nov 20, 2019)
_YEAR4 = r"(?P<year>\d{4})"
_PATTERNS = (
    re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<month>\d{1,2})\s*[-/.]\s*(?P<day>\d{1,2})\s*[-/.]\s*" + _YEAR + r"(?!\d)"),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"\s*,?\s*(?:of\s+)?" + _YEAR4 + r"(?!\d)", re.IGNORECASE),
    re.compile(r"\b" + _DAY + r"\s+(?:day\s+)?(?:of\s+)?" + _MONTH + r"\s*,?\s*" + _YEAR4 + r"(?!\d)", re.IGNORECASE),
)
#: something that looks like an attempt at a date (digits with separators, or a month name)
_DATEISH_RE = re.compile(
    r"\d{1,4}\s*[-/.]\s*\d{1,2}|\b(?:" + "|".join(_MONTHS) + r")\b\.?\s*\d|\d\s*(?:" + "|".join(_MONTHS) + r")\b",
    re.IGNORECASE,
)
_ACADEMIC_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—/]\s*((?:19|20)?\d{2})(?!\d)")

#: the same `\d` the patterns use (any Unicode decimal digit)
_DIGIT_RE = re.compile(r"\d")

EARLIEST_PLAUSIBLE = dt.date(2015, 1, 1)
#: a signature this far after the day of the run is implausible (contract)
FUTURE_SLACK = dt.timedelta(days=60)


@dataclass(frozen=True)
class DateReading:
    """What a date slot held: a date, or text that should have been one (`unparseable`)."""

    value: dt.date | None = None
    unparseable: bool = False


_NO_DATE = DateReading()


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _build(match: re.Match[str]) -> dt.date | None:
    parts = match.groupdict()
    month = _MONTHS[parts["mon"].lower()] if parts.get("mon") else int(parts["month"])
    try:
        return dt.date(_year(parts["year"]), month, int(parts["day"]))
    except ValueError:
        return None


def find_date(text: str) -> DateReading:
    """The first date written in `text`; `unparseable` when it tries to hold one but none is valid."""
    if not _DIGIT_RE.search(text):  # every pattern above needs a digit: most lines have none
        return _NO_DATE
    best: tuple[int, dt.date | None] | None = None
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), _build(match))
    if best is not None:
        return DateReading(best[1], unparseable=best[1] is None)
    return DateReading(None, unparseable=bool(_DATEISH_RE.search(text)))


def parse_date(text: str) -> dt.date | None:
    """The first valid date in `text`, or None."""
    return find_date(text).value


def is_plausible(value: dt.date, today: dt.date) -> bool:
    """Not before 2015 and not more than 60 days after the day of the run (contract)."""
    return EARLIEST_PLAUSIBLE <= value <= today + FUTURE_SLACK


def find_academic_year(text: str) -> str | None:
    """An academic year like "2024-2025", "2024–25" or "2024/2025", normalised to YYYY-YYYY."""
    for match in _ACADEMIC_YEAR_RE.finditer(text):
        start, end = int(match.group(1)), match.group(2)
        end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if end_year == start + 1:
            return f"{start}-{end_year}"
    return None


def school_year_of(start_year: int) -> str:
    """The school year beginning July 1 of `start_year`, as "YYYY-YYYY"."""
    return f"{start_year}-{start_year + 1}"


def term_for_signature(signed: dt.date) -> tuple[str, ...]:
    """The term rule: June 1-Dec 31 covers the current school year, Jan 1-May 31 this and the next."""
    if signed.month >= 6:
        return (school_year_of(signed.year),)
    return (school_year_of(signed.year - 1), school_year_of(signed.year))


def expiry_of(school_years: tuple[str, ...]) -> dt.date | None:
    """June 30 of the last covered school year."""
    if not school_years:
        return None
    return dt.date(int(school_years[-1][5:]), 6, 30)


def year_mismatch(signed: dt.date, academic_year: str) -> bool:
    """True when `signed` is more than a year away from the academic year's span (July 1-June 30)."""
    start = dt.date(int(academic_year[:4]), 7, 1)
    end = dt.date(int(academic_year[5:]), 6, 30)
    return signed < start.replace(year=start.year - 1) or signed > end.replace(year=end.year + 1)
