"""Local state keeps each record's evidence, and a source remembered by an earlier reading (before
records carried evidence, issue 11) is read again once, so every Commitments row gets its Evidence."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

from sharepoint_sync.record import Evidence, LocRecord
from sharepoint_sync.state import ItemMemo, State

LOC = LocRecord(file="a.docx", is_loc=True, status="ok", district="Hart County")
QUOTED = Evidence((("district_as_written", "District: Hart County Schools"),), ("a note",))


def _memo(record: LocRecord) -> ItemMemo:
    return ItemMemo('"1,1"', "hash", (("a.docx", record),), "1.0")


def test_a_remembered_record_keeps_its_evidence(tmp_path: Path) -> None:
    """What is saved with evidence comes back with the same evidence."""
    with State(tmp_path / "state.sqlite") as state:
        state.save_memo("Letters", 7, _memo(replace(LOC, evidence=QUOTED)))
    with State(tmp_path / "state.sqlite") as state:
        memo = state.memo("Letters", 7)
    assert memo is not None and memo.records[0][1].evidence == QUOTED


def test_a_source_remembered_by_the_earlier_reading_is_read_again(tmp_path: Path) -> None:
    """A memo in the pre-evidence layout (a bare list of records) is stale: the source is downloaded and read."""
    path = tmp_path / "state.sqlite"
    State(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)",
                   ("Letters", 7, '"1,1"', "hash", json.dumps([["a.docx", LOC.to_json()]]), "1.0"))
    with State(path) as state:
        assert state.memo("Letters", 7) is None


def test_the_state_file_is_readable_by_its_owner_only(tmp_path) -> None:
    """A new state file is created 0600, and an older, world-readable one is tightened on open."""
    import os
    import stat

    from sharepoint_sync.state import State

    fresh, old = tmp_path / "new.sqlite", tmp_path / "old.sqlite"
    old.write_bytes(b"")
    os.chmod(old, 0o644)
    for path in (fresh, old):
        State(path).close()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
