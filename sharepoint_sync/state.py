"""Local state in SQLite: change tokens, what each source looked like after our last write (ETag,
content hash, records) and the run ledger.

Identity lives in SharePoint (the key columns), never here: losing this file costs one full
re-scan, never a duplicate row. Each entry is written only after the SharePoint write it records
succeeded, so a crash leaves at worst a stale entry, which the next run corrects.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharepoint_sync import clock
from sharepoint_sync.redaction import redact_all
from sharepoint_sync.record import READING, LocRecord

_SCHEMA = """
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


@dataclass(frozen=True)
class ItemMemo:
    """A source as we last left it: its ETag after our write, the hash of its files, their records,
    and the item version whose content they were read from."""

    etag: str
    content_hash: str
    records: tuple[tuple[str, LocRecord], ...]
    version: str = ""


class State:
    """The SQLite state file (`:memory:` for tests). One connection, autocommit per call."""

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            _private_file(Path(path))
        self._db = sqlite3.connect(str(path), isolation_level=None)
        self._db.executescript(_SCHEMA)

    @property
    def db(self) -> sqlite3.Connection:
        """The connection, for modules that keep a table of their own in the state file (mail/ledger.py)."""
        return self._db

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> "State":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # change tokens
    def token(self, list_title: str) -> str | None:
        """The change token to ask from next time, None before the first complete run."""
        row = self._db.execute("SELECT token FROM tokens WHERE list_title = ?", (list_title,)).fetchone()
        return row[0] if row else None

    def save_token(self, list_title: str, token: str) -> None:
        """Remember where the next run starts reading changes."""
        self._db.execute("INSERT OR REPLACE INTO tokens VALUES (?, ?)", (list_title, token))

    # sources
    def memo(self, list_title: str, item_id: int) -> ItemMemo | None:
        """What we recorded about a source after our last write to it."""
        row = self._db.execute("SELECT etag, content_hash, records, version FROM items WHERE list_title = ? AND item_id = ?",
                               (list_title, item_id)).fetchone()
        if not row:
            return None
        stored = json.loads(row[2])
        if not isinstance(stored, dict) or stored.get("reading") != READING:
            return None  # read by an earlier extractor (before evidence, issue 11): read it again, once
        records = tuple((name, LocRecord.from_json(data)) for name, data in stored["records"])
        return ItemMemo(row[0], row[1], records, row[3])

    def save_memo(self, list_title: str, item_id: int, memo: ItemMemo) -> None:
        """Record a source as SharePoint now holds it (called after the write succeeded)."""
        records = json.dumps({"reading": READING,  # evidence kept, so an unchanged letter rewrites nothing
                              "records": [[name, r.to_json(evidence=True)] for name, r in memo.records]})
        self._db.execute("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?)",
                         (list_title, item_id, memo.etag, memo.content_hash, records, memo.version))

    def forget(self, list_title: str, item_id: int) -> None:
        """Drop a source that no longer exists."""
        self._db.execute("DELETE FROM items WHERE list_title = ? AND item_id = ?", (list_title, item_id))

    # items to look at again next run (a 412 or a transient failure left them undone)
    def pending(self, list_title: str) -> set[int]:
        """Items left for the next run."""
        rows = self._db.execute("SELECT item_id FROM pending WHERE list_title = ?", (list_title,)).fetchall()
        return {r[0] for r in rows}

    def set_pending(self, list_title: str, item_ids: set[int]) -> None:
        """Replace the items left for the next run."""
        self._db.execute("DELETE FROM pending WHERE list_title = ?", (list_title,))
        self._db.executemany("INSERT INTO pending VALUES (?, ?)", [(list_title, i) for i in sorted(item_ids)])

    # sources SharePoint would not serve, run after run (a document that always fails to download)
    def note_failure(self, list_title: str, item_id: int, problem: str) -> int:
        """Count one more run in a row in which the source could not be read; returns the count."""
        row = self._db.execute("SELECT runs FROM failures WHERE list_title = ? AND item_id = ?",
                               (list_title, item_id)).fetchone()
        runs = (row[0] if row else 0) + 1
        self._db.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)",
                         (list_title, item_id, runs, redact_all(problem)))
        return runs

    def clear_failure(self, list_title: str, item_id: int) -> None:
        """The source was read: its run of failures is over."""
        self._db.execute("DELETE FROM failures WHERE list_title = ? AND item_id = ?", (list_title, item_id))

    # what does not change between runs (list metadata): revalidated when older than max_age_seconds
    def cache_get(self, key: str, max_age_seconds: float) -> Any:
        """The cached value, or None when absent or older than `max_age_seconds`."""
        row = self._db.execute("SELECT value, stored_at FROM cache WHERE key = ?", (key,)).fetchone()
        if not row or clock.now().timestamp() - row[1] > max_age_seconds:
            return None
        return json.loads(row[0])

    def cache_put(self, key: str, value: Any) -> None:
        """Cache a JSON value, stamped now."""
        self._db.execute("INSERT OR REPLACE INTO cache VALUES (?, ?, ?)", (key, json.dumps(value), clock.now().timestamp()))

    def cache_drop(self, key: str) -> None:
        """Forget a cached value (it is read again on next use)."""
        self._db.execute("DELETE FROM cache WHERE key = ?", (key,))

    # single values the runs keep (the last quiet check, the day the lists were last settled)
    def value(self, key: str) -> Any:
        """A kept value, None when never set."""
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_value(self, key: str, value: Any) -> None:
        """Keep a value (JSON); None removes it."""
        if value is None:
            self._db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))

    # run ledger
    def page_hashes(self) -> dict[str, str]:
        """Site page file name (lower case) -> the content hash last published there by this worker."""
        return dict(self._db.execute("SELECT name, content_hash FROM pages").fetchall())

    def save_page_hash(self, name: str, content_hash: str) -> None:
        """Record a page as published with this content (only after SharePoint confirmed it)."""
        self._db.execute("INSERT OR REPLACE INTO pages (name, content_hash) VALUES (?, ?)", (name.lower(), content_hash))

    def record_run(self, run_id: str, started_at: str, finished_at: str, outcome: str, report: dict[str, Any]) -> None:
        """Keep the run's report locally (also when SharePoint could not be written)."""
        # server error text may echo tokens or pre-authenticated URLs: never kept as is (log.redact)
        self._db.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?)",
                         (run_id, started_at, finished_at, outcome, json.dumps(redact_all(report))))

    def runs(self) -> list[dict[str, Any]]:
        """The ledger, oldest first."""
        rows = self._db.execute("SELECT run_id, started_at, finished_at, outcome, report FROM runs ORDER BY started_at")
        return [{"run_id": r[0], "started_at": r[1], "finished_at": r[2], "outcome": r[3], "report": json.loads(r[4])}
                for r in rows.fetchall()]

    # the service's jobs: the last fire time of each that ran (so a restart catches up once)
    def job_runs(self) -> dict[str, dt.datetime]:
        """Job name -> the scheduled time of its last run (timezone-aware)."""
        rows = self._db.execute("SELECT job, fire_time FROM job_runs").fetchall()
        return {job: dt.datetime.fromisoformat(when) for job, when in rows}

    def save_job_run(self, job: str, fire_time: dt.datetime) -> None:
        """Remember that the job's fire at `fire_time` ran."""
        self._db.execute("INSERT OR REPLACE INTO job_runs VALUES (?, ?)", (job, fire_time.isoformat()))


def _private_file(path: Path) -> None:
    """Create the state file readable by its owner only (it holds what the letters said), and tighten an
    older one; SQLite's journal and WAL files take the main file's permissions."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)
