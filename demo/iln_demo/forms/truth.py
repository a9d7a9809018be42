"""The expected LOC record of a generated letter, derived from what the generator put in it.

Pure: the rules of docs/contract/loc-record.md (term rule, review reasons, conventions)
applied to the generation parameters, never to the document. Generated letters' truth comes
from here, so the extractor is checked against the contract, not against itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sharepoint_sync.record import INITIATIVES, REVIEW_REASONS, Person, Signatory

#: earliest plausible signature date (contract: "a date before 2015 ... is implausible")
EARLIEST_PLAUSIBLE = date(2015, 1, 1)
#: how far after the day of the run a date may lie and still be plausible
FUTURE_SLACK = timedelta(days=60)

_WS = re.compile(r"\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def fold(text: str) -> str:
    """Fold white space (non-breaking spaces included) to single spaces, trimmed."""
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


def segments(markup: str) -> list[tuple[str, bool]]:
    """'We grow **student agency** here' -> [('We grow ', False), ('student agency', True), (' here', False)]."""
    out: list[tuple[str, bool]] = []
    position = 0
    for match in _BOLD.finditer(markup):
        if match.start() > position:
            out.append((markup[position:match.start()], False))
        out.append((match.group(1), True))
        position = match.end()
    if position < len(markup):
        out.append((markup[position:], False))
    return out


def plain_text(markup: str) -> str:
    """The action point as the contract reports it: markers of bold removed, white space folded."""
    return fold("".join(text for text, _ in segments(markup)))


def focus_phrases(markup: str) -> list[str]:
    """The bold phrases of one action point, in order (adjacent bold runs are one phrase)."""
    phrases: list[str] = []
    previous_bold = False
    for text, bold in segments(markup):
        if bold and previous_bold:
            phrases[-1] += text
        elif bold:
            phrases.append(text)
        previous_bold = bold
    return [fold(p) for p in phrases if fold(p)]


def school_year_of(day: date) -> int:
    """Start year of the Kentucky school year (July 1 - June 30) containing `day`."""
    return day.year if day.month >= 7 else day.year - 1


def year_label(start: int) -> str:
    """2024 -> '2024-2025'."""
    return f"{start}-{start + 1}"


def term_of(signed_on: date) -> list[str]:
    """The LOC's own term rule: June 1-Dec 31 -> the school year starting that summer; Jan 1-May 31 ->
    the current and the next school year."""
    if signed_on.month >= 6:
        return [year_label(signed_on.year)]
    return [year_label(signed_on.year - 1), year_label(signed_on.year)]


def is_plausible(day: date, today: date) -> bool:
    """Not before 2015 and not later than the run's day plus 60 days."""
    return EARLIEST_PLAUSIBLE <= day <= today + FUTURE_SLACK


def far_from_year(day: date, start: int) -> bool:
    """More than a year away from the school year's span (July 1 start - June 30 start+1)."""
    span_start, span_end = date(start, 7, 1), date(start + 1, 6, 30)
    return day < _minus_year(span_start) or day > _plus_year(span_end)


def _minus_year(day: date) -> date:
    return day.replace(year=day.year - 1)


def _plus_year(day: date) -> date:
    return day.replace(year=day.year + 1)


@dataclass(frozen=True)
class LetterFacts:
    """What a generated LOC says, as the generator meant it (the input of `expected_record`).

    `district` is the canonical registry name (None when unknown or missing); action points are
    markup with **bold** focus phrases; `poc_index` is the labelled point of contact (None = first).
    """

    file_name: str
    template: str
    today: date
    district_as_written: str | None = None
    district: str | None = None
    contacts: tuple[Person, ...] = ()
    poc_index: int | None = None
    signatory: Signatory = Signatory()
    district_signed_on: date | None = None
    kde_signed_on: date | None = None
    academic_year_start: int | None = None
    action_points: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()
    placeholder_left: bool = False


def _contacts(facts: LetterFacts) -> list[Person]:
    return [Person(c.name, c.title, c.email.lower() if c.email else None) for c in facts.contacts]


def _term(facts: LetterFacts) -> tuple[list[str], list[str]]:
    """(school_years, date reasons) per the term rule and the date conventions."""
    reasons: list[str] = []
    signed = facts.district_signed_on
    plausible = signed is not None and is_plausible(signed, facts.today)
    if signed is None:
        reasons.append("missing_signature_date")
    elif not plausible:
        reasons.append("implausible_date")
    kde = facts.kde_signed_on
    if kde is not None and not is_plausible(kde, facts.today) and "implausible_date" not in reasons:
        reasons.append("implausible_date")
    if facts.academic_year_start is not None:
        if plausible and signed is not None and far_from_year(signed, facts.academic_year_start):
            reasons.append("date_year_mismatch")
        return [year_label(facts.academic_year_start)], reasons
    return (term_of(signed) if plausible and signed is not None else []), reasons


def expected_record(facts: LetterFacts) -> dict:
    """The contract's LOC record (JSON shape) for a generated letter."""
    contacts = _contacts(facts)
    poc = None
    if contacts:
        poc = contacts[facts.poc_index if facts.poc_index is not None else 0]
    school_years, date_reasons = _term(facts)
    reasons = set(date_reasons)
    if not facts.district_as_written:
        reasons.add("missing_district")
    elif facts.district is None:
        reasons.add("unknown_district")
    if not any(c.email for c in contacts):
        reasons.add("missing_contact")
    points = [plain_text(p) for p in facts.action_points if plain_text(p)]
    if not points:
        reasons.add("missing_action_points")
    if facts.placeholder_left:
        reasons.add("unfilled_placeholder")
    ordered = [r for r in REVIEW_REASONS if r in reasons]
    last_year = school_years[-1] if school_years else None
    return {
        "file": facts.file_name,
        "template": facts.template,
        "is_loc": True,
        "district": facts.district if facts.district_as_written else None,
        "district_as_written": facts.district_as_written or None,
        "contacts": [c.to_json() for c in contacts],
        "point_of_contact": poc.to_json() if poc else None,
        "signatory": facts.signatory.to_json(),
        "district_signed_on": facts.district_signed_on.isoformat() if facts.district_signed_on else None,
        "kde_signed_on": facts.kde_signed_on.isoformat() if facts.kde_signed_on else None,
        "academic_year_stated": year_label(facts.academic_year_start) if facts.academic_year_start else None,
        "school_years": school_years,
        "expires_on": f"{last_year[5:]}-06-30" if last_year else None,
        "action_points": points,
        "focus_areas": [phrase for p in facts.action_points for phrase in focus_phrases(p)],
        "initiatives": [name for name in INITIATIVES if name in facts.initiatives],
        "status": "needs_review" if ordered else "ok",
        "review_reasons": ordered,
    }


def not_a_loc_record(file_name: str) -> dict:
    """The record of a document that is not a Letter of Commitment."""
    return {
        "file": file_name, "template": "unknown", "is_loc": False, "district": None,
        "district_as_written": None, "contacts": [], "point_of_contact": None, "signatory": None,
        "district_signed_on": None, "kde_signed_on": None, "academic_year_stated": None,
        "school_years": [], "expires_on": None, "action_points": [], "focus_areas": [],
        "initiatives": [], "status": "not_a_loc", "review_reasons": ["not_a_loc"],
    }
