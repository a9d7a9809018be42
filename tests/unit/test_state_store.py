"""The state file (issue 12): ids, versions, hashes, ETags and tokens only; a versioned layout that an
older file is migrated to (or rebuilt by a re-scan), never misread; transactions; owner-only access."""
from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from sharepoint_sync.errors import ConfigError
from sharepoint_sync.record import READING, LocRecord, Person
from sharepoint_sync.state import SCHEMA_VERSION, ItemMemo, State, ledger_report

#: the layout before versioning (layout 0), as `state.py` created it until issue 12
OLD_DDL = """
CREATE TABLE IF NOT EXISTS tokens (list_title TEXT PRIMARY KEY, token TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    list_title TEXT NOT NULL, item_id INTEGER NOT NULL, etag TEXT NOT NULL,
    content_hash TEXT NOT NULL, records TEXT NOT NULL, version TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (list_title, item_id));
CREATE TABLE IF NOT EXISTS pending (list_title TEXT NOT NULL, item_id INTEGER NOT NULL,
    PRIMARY KEY (list_title, item_id));
CREATE TABLE IF NOT EXISTS failures (list_title TEXT NOT NULL, item_id INTEGER NOT NULL,
    runs INTEGER NOT NULL, problem TEXT NOT NULL, PRIMARY KEY (list_title, item_id));
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, stored_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, started_at TEXT, finished_at TEXT,
    outcome TEXT, report TEXT);
CREATE TABLE IF NOT EXISTS pages (name TEXT PRIMARY KEY, content_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS job_runs (job TEXT PRIMARY KEY, fire_time TEXT NOT NULL);
"""
CONTACT = Person("Dana Whitfield", "Superintendent", "dana.whitfield@hart.kyschools.us")
LOC = LocRecord(file="a.docx", is_loc=True, status="ok", district="Hart County", contacts=(CONTACT,))
OLD_REPORT = {"run_id": "r1", "outcome": "Succeeded", "counts": {"processed": 1}, "problems": [],
              "needs_review": [{"name": "a.docx", "link": "https://x/a.docx", "district": "Hart County",
                                "reasons": ["No signature date: 'Signed: Dana Whitfield'."]}],
              "locked": [{"district": "Hart County", "changes": {"Contacts": ["", "Dana Whitfield"]}}]}


def _old_file(path: Path, reading: int = READING) -> None:
    with sqlite3.connect(path) as db:
        db.executescript(OLD_DDL)
        records = json.dumps({"reading": reading, "records": [["a.docx", LOC.to_json(evidence=True)]]})
        db.execute("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)", ("Letters", 7, '"3"', "hash7", records, "2.0"))
        db.execute("INSERT INTO tokens VALUES ('Letters', 'token-1')")
        db.execute("INSERT INTO runs VALUES ('r1', 'a', 'b', 'Succeeded', ?)", (json.dumps(OLD_REPORT),))
    db.close()


def test_a_memo_keeps_etag_hash_and_version_only(tmp_path: Path) -> None:
    """A remembered source comes back as its ETag, content hash and version; the file holds no record."""
    path = tmp_path / "state.sqlite"
    with State(path) as state:
        state.save_memo("Letters", 7, ItemMemo('"3"', "hash7", "2.0"))
    with State(path) as state:
        assert state.memo("Letters", 7) == ItemMemo('"3"', "hash7", "2.0")
        columns = [r[1] for r in state.db.execute("PRAGMA table_info(items)")]
    assert "records" not in columns


def test_an_old_file_is_migrated_keeping_memos_and_tokens_but_no_contact_data(tmp_path: Path) -> None:
    """A layout-0 file (records with contacts in `items`) opens at the current layout: memos and tokens
    are kept, the records are gone from the file's bytes, the ledger loses its review reasons."""
    path = tmp_path / "old.sqlite"
    _old_file(path)
    with State(path) as state:
        assert state.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert state.memo("Letters", 7) == ItemMemo('"3"', "hash7", "2.0")
        assert state.token("Letters") == "token-1"
        [run] = state.runs()
        assert run["report"]["needs_review"] == [{"name": "a.docx", "link": "https://x/a.docx", "district": "Hart County"}]
        assert run["report"]["locked"] == [{"district": "Hart County", "columns": ["Contacts"]}]
    raw = path.read_bytes()
    assert b"Whitfield" not in raw and b"kyschools" not in raw


def test_a_memo_of_an_earlier_reading_is_read_again_after_migration(tmp_path: Path) -> None:
    """A layout-0 memo made by an earlier reading of letters is not trusted: the source is read again."""
    path = tmp_path / "old.sqlite"
    _old_file(path, reading=READING - 1)
    with State(path) as state:
        assert state.memo("Letters", 7) is None


def test_an_old_file_of_unexpected_shape_is_rebuilt_by_a_rescan(tmp_path: Path) -> None:
    """An unversioned file whose items table is not shaped as expected loses its items and tokens (the
    next run re-scans) instead of being misread."""
    path = tmp_path / "odd.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript("CREATE TABLE items (list_title TEXT, item_id INTEGER, blob TEXT);"
                         "CREATE TABLE tokens (list_title TEXT PRIMARY KEY, token TEXT NOT NULL);"
                         "INSERT INTO items VALUES ('Letters', 7, 'x'); INSERT INTO tokens VALUES ('Letters', 't');")
    db.close()
    with State(path) as state:
        assert state.memo("Letters", 7) is None and state.token("Letters") is None
        state.save_memo("Letters", 7, ItemMemo('"1"', "h", "1.0"))
        assert state.memo("Letters", 7) == ItemMemo('"1"', "h", "1.0")


def test_a_file_of_a_newer_layout_is_refused(tmp_path: Path) -> None:
    """A file written by a newer iln-sync is a configuration problem, never read as if it were ours."""
    path = tmp_path / "new.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(ConfigError):
        State(path)


def test_a_transaction_keeps_all_or_nothing(tmp_path: Path) -> None:
    """Writes inside a failed transaction (nested ones too) are all undone; a finished one keeps them all."""
    with State(tmp_path / "s.sqlite") as state:
        with pytest.raises(RuntimeError), state.transaction():
            state.save_token("Letters", "t1")
            with state.transaction():
                state.set_pending("Letters", {1, 2})
            raise RuntimeError("crash")
        assert state.token("Letters") is None and state.pending("Letters") == set()
        with state.transaction():
            state.save_token("Letters", "t1")
            state.set_pending("Letters", {1, 2})
        assert state.token("Letters") == "t1" and state.pending("Letters") == {1, 2}


def test_the_ledger_keeps_no_review_reasons_or_locked_values() -> None:
    """A run's report in the ledger names documents and columns, never what the letters or rows said."""
    kept = ledger_report(OLD_REPORT)
    assert "Whitfield" not in json.dumps(kept)
    assert kept["counts"] == {"processed": 1} and kept["locked"][0]["columns"] == ["Contacts"]


def test_a_failure_keeps_no_address_and_no_token(tmp_path: Path) -> None:
    """A download failure's problem text is kept redacted, with any e-mail address masked."""
    with State(tmp_path / "s.sqlite") as state:
        state.note_failure("Letters", 7, "500 for LOC from dana.whitfield@hart.kyschools.us, "
                                         "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")
        [(problem,)] = state.db.execute("SELECT problem FROM failures").fetchall()
    assert "whitfield" not in problem and "eyJ" not in problem and "<address>" in problem


def test_the_state_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """A new state file is created 0600, and an older, world-readable one is tightened on open."""
    fresh, old = tmp_path / "new.sqlite", tmp_path / "old.sqlite"
    old.write_bytes(b"")
    os.chmod(old, 0o644)
    for path in (fresh, old):
        State(path).close()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
