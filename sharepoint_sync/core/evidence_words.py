"""Evidence in plain words (issue 11): the multi-line Evidence column of ILN Commitments, the
`extract --explain` listing, and review reasons that quote what they are about ("No district name
was found in the letter: district as written 'Role' looks like a table header."). Pure."""
from __future__ import annotations

from sharepoint_sync.core.words import reason_words
from sharepoint_sync.record import EVIDENCE_FIELDS, LocRecord

LABELS: dict[str, str] = {
    "template": "Form", "district_as_written": "District as written", "contacts": "Contact",
    "point_of_contact": "Point of contact", "signatory": "Signatory", "district_signed_on": "District signed on",
    "kde_signed_on": "KDE signed on", "academic_year_stated": "Academic year", "action_points": "Action point",
    "focus_areas": "Focus area", "initiatives": "Initiative",
}
#: a reason quotes briefly; the Evidence column has the whole quote
_REASON_QUOTE = 80
#: SharePoint's multi-line text holds 63,999 characters; a long letter's evidence stays far below
MAX_EVIDENCE_CHARS = 8000


def evidence_lines(record: LocRecord) -> list[str]:
    """One line per quote ("Contact: 'Point of Contact | Ana Flores | ...'"), then the notes; [] without evidence."""
    evidence = record.evidence
    if evidence is None:
        return []
    out = []
    for name in EVIDENCE_FIELDS:
        found = evidence.quote(name)
        for quote in (found if isinstance(found, tuple) else (found,) if found else ()):
            out.append(f"{LABELS[name]}: '{_flat(quote)}'")
    out += [f"Note: {_flat(note)}" for note in evidence.notes]
    return out


def evidence_text(record: LocRecord) -> str | None:
    """The Evidence column's value: the lines joined, bounded; None when there is nothing to show."""
    text = "\n".join(evidence_lines(record))
    if len(text) > MAX_EVIDENCE_CHARS:
        text = text[: MAX_EVIDENCE_CHARS - 1] + "…"
    return text or None


def quoted_reasons(record: LocRecord) -> tuple[str, ...]:
    """The review reasons in plain words, each quoting the evidence it is about where there is some."""
    return tuple(_with_quote(reason_words(code), _quote_for(code, record)) for code in record.review_reasons)


def _quote_for(code: str, record: LocRecord) -> str | None:
    evidence = record.evidence
    if evidence is None:
        return None
    short = lambda name: _short(evidence.quote(name))  # noqa: E731
    if code == "missing_district" and evidence.notes:
        return "; ".join(evidence.notes) + "; no other district name was found"
    if code == "unknown_district" and record.district_as_written:
        return f"district as written '{_short(record.district_as_written)}', read from '{short('district_as_written')}'"
    if code == "date_year_mismatch":
        return f"signed '{short('district_signed_on')}', academic year '{short('academic_year_stated')}'"
    if code == "implausible_date" and evidence.quote("district_signed_on"):
        return f"signed '{short('district_signed_on')}'"
    return None


def _with_quote(sentence: str, quote: str | None) -> str:
    return f"{sentence.rstrip('.')}: {quote}." if quote else sentence


def _short(text: str | tuple[str, ...] | None) -> str:
    text = _flat(text if isinstance(text, str) else "")
    return text if len(text) <= _REASON_QUOTE else text[: _REASON_QUOTE - 1].rstrip() + "…"


def _flat(text: str) -> str:
    """One line: a quote never breaks the column's one-line-per-quote layout."""
    return " ".join(text.split())
