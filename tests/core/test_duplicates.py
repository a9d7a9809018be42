"""core.duplicates: one file, one commitment, whichever names and places it has (pure)."""
from __future__ import annotations

from sharepoint_sync.extract.registry import default_registry
from sharepoint_sync.core import schema as s
from sharepoint_sync.core.duplicates import known_fingerprints, mark_duplicates, with_fingerprints
from sharepoint_sync.core.sources import commitment_values, judge_source
from sharepoint_sync.ports import Row
from tests.core.test_plan import record, source


def _verdict(item_id: int, fingerprint: str, known: dict[str, str] | None = None):
    verdict = judge_source(source(item_id), [(f"{item_id}.docx", record("Knox County", "2025-09-02"))], "1.0", "h",
                           names=default_registry())
    return with_fingerprints(verdict, {f"{item_id}.docx": fingerprint} if fingerprint else {}, known or {})


def test_second_copy_in_one_run_is_a_duplicate_of_the_first_by_item_id() -> None:
    """Items 7 and 3 with one fingerprint: 3 keeps the commitment, 7 needs review 'Duplicate of …/3'."""
    out = mark_duplicates([_verdict(7, "f1"), _verdict(3, "f1"), _verdict(9, "f2")], ())
    assert [len(v.commitments) for v in out] == [0, 1, 1]
    assert out[0].write_back[s.WB_STATUS] == s.SOURCE_NEEDS_REVIEW
    assert "Duplicate of https://x/3" in out[0].write_back[s.WB_REASONS]


def test_the_copy_that_already_has_its_commitment_row_keeps_it() -> None:
    """A row for item 9 holds the fingerprint: item 2, read now with the same bytes, is the duplicate."""
    existing = _verdict(9, "f1").commitments[0]
    rows = (Row(1, '"1"', commitment_values(existing)),)
    out = mark_duplicates([_verdict(2, "f1")], rows)
    assert out[0].commitments == () and "9.docx" in out[0].write_back[s.WB_REASONS]


def test_a_source_read_from_state_keeps_the_fingerprint_its_row_holds() -> None:
    """No download this run: the commitment carries the row's fingerprint, so its RecordJson is unchanged."""
    existing = _verdict(9, "f1").commitments[0]
    rows = (Row(1, '"1"', commitment_values(existing)),)
    again = _verdict(9, "", known_fingerprints(rows))
    assert commitment_values(again.commitments[0])[s.C_RECORD] == commitment_values(existing)[s.C_RECORD]
    assert mark_duplicates([again], rows)[0].commitments == again.commitments
