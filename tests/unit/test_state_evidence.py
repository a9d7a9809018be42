"""Local state keeps each record's evidence, and a source remembered before records carried evidence is
read again once (issue 11), so every Commitments row gets its Evidence column."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sharepoint_sync.record import Evidence, LocRecord
from sharepoint_sync.state import ItemMemo, State

LOC = LocRecord(file="a.docx", is_loc=True, status="ok", district="Hart County")
QUOTED = Evidence((("district_as_written", "District: Hart County Schools"),), ("a note",))


def _saved(tmp_path: Path, record: LocRecord) -> ItemMemo | None:
    with State(tmp_path / "state.sqlite") as state:
        state.save_memo("Letters", 7, ItemMemo('"1,1"', "hash", (("a.docx", record),), "1.0"))
    with State(tmp_path / "state.sqlite") as state:
        return state.memo("Letters", 7)


def test_a_remembered_record_keeps_its_evidence(tmp_path: Path) -> None:
    """What is saved with evidence comes back with the same evidence."""
    memo = _saved(tmp_path, replace(LOC, evidence=QUOTED))
    assert memo is not None and memo.records[0][1].evidence == QUOTED


def test_a_letter_remembered_without_evidence_is_read_again(tmp_path: Path) -> None:
    """A LOC record stored before evidence existed makes the memo stale (the source is downloaded and read)."""
    assert _saved(tmp_path, LOC) is None


def test_refused_records_need_no_evidence(tmp_path: Path) -> None:
    """A not-a-LOC record has no evidence, and its memo is still used."""
    refused = LocRecord(file="a.docx", status="not_a_loc", review_reasons=("not_a_loc",))
    assert _saved(tmp_path, refused) is not None
