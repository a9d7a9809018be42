"""Dates as Kentucky district staff type them (US month/day/year in its many spellings). Pure."""
from __future__ import annotations

from datetime import date

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
#: AP-style abbreviations, the ones district offices use ("Sept. 14, 2023", "Feb. 12, 2019")
MONTHS_AP = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: style name -> formatter; every one reads back unambiguously as US month/day/year
DATE_STYLES = {
    "m/d/yyyy": lambda d: f"{d.month}/{d.day}/{d.year}",
    "mm/dd/yyyy": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    "m/d/yy": lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}",
    "m-d-yyyy": lambda d: f"{d.month}-{d.day}-{d.year}",
    "m.d.yyyy": lambda d: f"{d.month}.{d.day}.{d.year}",
    "iso": lambda d: d.isoformat(),
    "month d, yyyy": lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    "mon. d, yyyy": lambda d: f"{MONTHS_AP[d.month - 1]} {d.day}, {d.year}",
    "mon d yyyy": lambda d: f"{MONTHS_SHORT[d.month - 1]} {d.day} {d.year}",
    "d month yyyy": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "month dth, yyyy": lambda d: f"{MONTHS[d.month - 1]} {_ordinal(d.day)}, {d.year}",
    "weekday, month d, yyyy": lambda d: f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}",
    "mon. dth, yyyy": lambda d: f"{MONTHS_AP[d.month - 1]} {_ordinal(d.day)}, {d.year}",
    "mm-dd-yy": lambda d: f"{d.month:02d}-{d.day:02d}-{d.year % 100:02d}",
}


def format_date(day: date, style: str = "m/d/yyyy") -> str:
    """`day` written in one of DATE_STYLES."""
    return DATE_STYLES[style](day)


def format_year(start: int, dash: str = "-") -> str:
    """An academic year as a form states it: '2024-2025' (or with an en dash)."""
    return f"{start}{dash}{start + 1}"
