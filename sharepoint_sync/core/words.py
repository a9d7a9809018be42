"""Plain words for people: review reasons and unreadable kinds as KDE staff read them in SharePoint."""
from __future__ import annotations

REASON_WORDS: dict[str, str] = {
    "missing_district": "No district name was found in the letter.",
    "unknown_district": "The district named in the letter matches no Kentucky district.",
    "missing_signature_date": "The district's signature date is missing.",
    "implausible_date": "A date in the letter is implausible (before 2015, in the future, or unreadable).",
    "date_year_mismatch": "The signature date is more than a year away from the academic year the letter names.",
    "missing_contact": "No contact with an email address is listed.",
    "missing_action_points": "The letter lists no points of action.",
    "unfilled_placeholder": "A field still shows the form's placeholder text.",
    "not_a_loc": "This document is not a Letter of Commitment.",
    "unreadable:not_docx": "The file is not a Word document.",
    "unreadable:encrypted": "The file is password-protected.",
    "unreadable:corrupt": "The file is damaged and cannot be opened.",
    "unreadable:too_large": "The file is too large to read safely.",
    "unreadable:macro_enabled": "The file contains macros (.docm); please save it as a plain .docx.",
    "unreadable:legacy_doc": "The file is an old Word 97-2003 (.doc) document; please save it as .docx.",
    "unreadable:template": "The file is a Word template (.dotx), not a filled letter; please upload the filled letter as .docx.",
    "unreadable:embedded_content": "The letter contains embedded content the worker cannot read "
                                   "(an imported document, altChunk); please save it as a plain .docx.",
    "unreadable:virus_blocked": "The file was blocked by SharePoint's virus scan; it was not read.",
    "unreadable:not_downloaded": "SharePoint did not serve the file in several runs in a row; it was not read "
                                 "(the worker keeps trying).",
}


def reason_words(code: str) -> str:
    """The sentence for one reason code (unknown codes are shown as they are)."""
    return REASON_WORDS.get(code, f"Problem: {code}.")


def reasons_words(codes: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The sentences for several codes, in order."""
    return tuple(reason_words(c) for c in codes)
