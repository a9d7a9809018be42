"""Evidence in plain words: the Evidence column's lines and review reasons that quote the evidence."""
from __future__ import annotations

from sharepoint_sync.core.evidence_words import MAX_EVIDENCE_CHARS, evidence_lines, evidence_text, quoted_reasons
from sharepoint_sync.record import Evidence, LocRecord

QUOTES = (("district_as_written", "District: Hart Co Schools"), ("contacts", ("Role | Ana | ana@x.us", "Bo | bo@x.us")),
          ("district_signed_on", "Date: 10/1/2022"), ("academic_year_stated", "Academic Year: 2024-2025"))


def _record(reasons: tuple[str, ...], notes: tuple[str, ...] = (), **fields) -> LocRecord:
    return LocRecord(file="a.docx", is_loc=True, status="needs_review", review_reasons=reasons,
                     evidence=Evidence(QUOTES, notes), **fields)


def test_the_evidence_column_has_one_line_per_quote_then_the_notes() -> None:
    """Lines in the record's field order, list fields once per value, notes last."""
    record = _record((), ("district as written 'Role' looks like a table header",))
    assert evidence_lines(record) == [
        "District as written: 'District: Hart Co Schools'", "Contact: 'Role | Ana | ana@x.us'", "Contact: 'Bo | bo@x.us'",
        "District signed on: 'Date: 10/1/2022'", "Academic year: 'Academic Year: 2024-2025'",
        "Note: district as written 'Role' looks like a table header"]


def test_a_quote_cannot_break_the_one_line_layout_and_the_column_is_bounded() -> None:
    """New lines inside a quote are folded; an enormous evidence is cut at the column's bound."""
    huge = LocRecord(file="a", is_loc=True, evidence=Evidence((("action_points", ("x\ny",) + ("z" * 190,) * 100),)))
    text = evidence_text(huge)
    assert text.splitlines()[0] == "Action point: 'x y'" and len(text) <= MAX_EVIDENCE_CHARS


def test_review_reasons_quote_what_they_are_about() -> None:
    """Missing district quotes the passed-over candidate; unknown district and the year mismatch quote their lines."""
    missing = _record(("missing_district",), ("district as written 'Role' looks like a table header",))
    assert quoted_reasons(missing) == ("No district name was found in the letter: district as written 'Role' looks "
                                       "like a table header; no other district name was found.",)
    unknown = _record(("unknown_district", "date_year_mismatch"), district_as_written="Hart Co Schools")
    assert quoted_reasons(unknown) == (
        "The district named in the letter matches no Kentucky district: district as written 'Hart Co Schools', "
        "read from 'District: Hart Co Schools'.",
        "The signature date is more than a year away from the academic year the letter names: signed "
        "'Date: 10/1/2022', academic year 'Academic Year: 2024-2025'.")


def test_without_evidence_the_reasons_are_the_plain_sentences() -> None:
    """A record stored before evidence existed words its reasons as before and has no Evidence text."""
    record = LocRecord(file="a", is_loc=True, status="needs_review", review_reasons=("missing_contact",))
    assert quoted_reasons(record) == ("No contact with an email address is listed.",) and evidence_text(record) is None
