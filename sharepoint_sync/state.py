"""Local state in SQLite: change tokens, what each source looked like after our last write (ETag,
content hash, version) and the run ledger.

Identity lives in SharePoint (the key columns), never here: losing this file costs one re-scan,
never a duplicate row, and with the Commitments rows' `SourceTag` not even a download of an unchanged
letter (docs/sync.md). The file keeps only ids, versions, hashes, ETags and tokens: what a letter said
is in the Commitments list, which is the record; contact names and addresses are never copied here.

Writes: each per-item entry is written (its own small transaction) only after the SharePoint write it
records succeeded, so a crash leaves at worst a stale entry, which the next run corrects. The end of a
run (tokens, pending, forgotten items, its ledger row, the settled day) is one transaction
(`State.transaction`): a crash leaves the file wholly before or wholly after it.

The layout carries a version (`PRAGMA user_version`, `SCHEMA_VERSION`). Opening an older file migrates
it: what can be kept is kept, what cannot be trusted is dropped so the next run re-scans.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from sharepoint_sync import clock
from sharepoint_sync.errors import ConfigError, ConfigProblem
from sharepoint_sync.log import get_logger
from sharepoint_sync.redaction import redact_all
from sharepoint_sync.record import READING

log = get_logger("sharepoint_sync.state")

#: an e-mail address in server text (masked before a problem is kept)
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: longest problem text kept per failure
PROBLEM_LIMIT = 300

#: the layout of this file: 0 = before versioning (items kept whole records, issue 12), 1 = this one
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (list_title TEXT PRIMARY KEY, token TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    list_title TEXT NOT NULL, item_id INTEGER NOT NULL, etag TEXT NOT NULL,
    content_hash TEXT NOT NULL, version TEXT NOT NULL DEFAULT '', reading INTEGER NOT NULL,
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
    """A source as we last left it: its ETag after our write, the hash of its files and the item
    version whose content was read. What the files said is in the Commitments rows, not here."""

    etag: str
    content_hash: str
    version: str = ""


class State:
    """The SQLite state file (`:memory:` for tests). One connection; each call is its own transaction
    unless inside `transaction()`."""

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            _private_file(Path(path))
        self._db = sqlite3.connect(str(path), isolation_level=None)
        self._depth = 0
        # what is deleted (a migrated record, say) is overwritten, not left in free pages
        self._db.execute("PRAGMA secure_delete = ON")
        _open_layout(self._db)

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

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Every write inside happens together or not at all (nested: the outermost one decides).
        `BEGIN IMMEDIATE` takes the write lock at once, so nothing else interleaves with the run's end."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

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
        """What we recorded about a source after our last write to it; None when never recorded, or
        recorded by another reading of letters (`record.READING`): it is then read again, once."""
        row = self._db.execute("SELECT etag, content_hash, version, reading FROM items "
                               "WHERE list_title = ? AND item_id = ?", (list_title, item_id)).fetchone()
        if not row or row[3] != READING:
            return None
        return ItemMemo(row[0], row[1], row[2])

    def save_memo(self, list_title: str, item_id: int, memo: ItemMemo) -> None:
        """Record a source as SharePoint now holds it (called after the write succeeded)."""
        self._db.execute("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?)",
                         (list_title, item_id, memo.etag, memo.content_hash, memo.version, READING))

    def forget(self, list_title: str, item_id: int) -> None:
        """Drop a source that no longer exists."""
        self._db.execute("DELETE FROM items WHERE list_title = ? AND item_id = ?", (list_title, item_id))

    # items to look at again next run (a 412 or a transient failure left them undone)
    def pending(self, list_title: str) -> set[int]:
        """Items left for the next run."""
        rows = self._db.execute("SELECT item_id FROM pending WHERE list_title = ?", (list_title,)).fetchall()
        return {r[0] for r in rows}

    def set_pending(self, list_title: str, item_ids: set[int]) -> None:
        """Replace the items left for the next run (one transaction: never half replaced)."""
        with self.transaction():
            self._db.execute("DELETE FROM pending WHERE list_title = ?", (list_title,))
            self._db.executemany("INSERT INTO pending VALUES (?, ?)", [(list_title, i) for i in sorted(item_ids)])

    # sources SharePoint would not serve, run after run (a document that always fails to download)
    def note_failure(self, list_title: str, item_id: int, problem: str) -> int:
        """Count one more run in a row in which the source could not be read; returns the count."""
        row = self._db.execute("SELECT runs FROM failures WHERE list_title = ? AND item_id = ?",
                               (list_title, item_id)).fetchone()
        runs = (row[0] if row else 0) + 1
        self._db.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)",
                         (list_title, item_id, runs, _problem_text(problem)))
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
        """Keep the run's report locally (also when SharePoint could not be written), without what the
        letters said (`ledger_report`)."""
        # server error text may echo tokens or pre-authenticated URLs: never kept as is (log.redact)
        self._db.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?)",
                         (run_id, started_at, finished_at, outcome, json.dumps(ledger_report(redact_all(report)))))

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


def ledger_report(report: dict[str, Any]) -> dict[str, Any]:
    """A run's report as the local ledger keeps it: counts, outcome, problems and failures, the documents
    to review by name, the locked districts by column; never review reasons (they quote the letters:
    a signature line names its signer) nor a locked row's values (contacts). SharePoint holds those."""
    kept = dict(report)
    if "needs_review" in kept:
        kept["needs_review"] = [{k: e.get(k) for k in ("name", "link", "district")} for e in kept["needs_review"] or ()]
    if "locked" in kept:
        kept["locked"] = [{"district": lc.get("district"), "columns": sorted(lc.get("changes") or lc.get("columns") or ())}
                          for lc in kept["locked"] or ()]
    if "failures" in kept:
        kept["failures"] = [{**f, "problem": _ADDRESS.sub("<address>", str(f.get("problem") or ""))}
                            for f in kept["failures"] or ()]
    if "problems" in kept:
        kept["problems"] = [_ADDRESS.sub("<address>", str(p)) for p in kept["problems"] or ()]
    kept.pop("plan", None)
    return kept


def _problem_text(problem: str) -> str:
    """A failure's problem as kept: redacted (tokens, pre-authenticated URLs), any e-mail address
    masked (server text may echo one), cut short: the item id says which source it was."""
    return _ADDRESS.sub("<address>", redact_all(problem))[:PROBLEM_LIMIT]


def _open_layout(db: sqlite3.Connection) -> None:
    """Create the tables, or bring an older file to `SCHEMA_VERSION`; refuse a newer one (never misread)."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ConfigError([ConfigProblem("sync.state_path", f"the state file has layout {version}, newer than this "
                                         f"iln-sync knows ({SCHEMA_VERSION}); use the newer iln-sync, or move the "
                                         "file away (the next run re-scans)")])
    existed = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'items'").fetchone() is not None
    if version == SCHEMA_VERSION or not existed:
        _create_tables(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        _migrate_from_0(db)
        _create_tables(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    db.execute("VACUUM")  # the old records' pages are rewritten away, not left in the file
    log.info("state.migrated", from_version=version, to_version=SCHEMA_VERSION)


def _migrate_from_0(db: sqlite3.Connection) -> None:
    """Layout 0 (before issue 12) kept each source's records, contacts included, in `items.records`.
    Kept: ETag, content hash, version and the reading they were read by; dropped: the records (the
    Commitments rows hold them). A table not shaped as expected is dropped with the change tokens, so
    the next run re-scans rather than trust it. The ledger's reports lose their review reasons."""
    columns = {r[1] for r in db.execute("PRAGMA table_info(items)")}
    old = db.execute("SELECT list_title, item_id, etag, content_hash, records, version FROM items").fetchall() \
        if {"list_title", "item_id", "etag", "content_hash", "records", "version"} <= columns else None
    db.execute("DROP TABLE items")
    _create_tables(db)
    for run_id, report in db.execute("SELECT run_id, report FROM runs").fetchall():
        db.execute("UPDATE runs SET report = ? WHERE run_id = ?", (json.dumps(ledger_report(_json(report))), run_id))
    if old is None:
        db.execute("DELETE FROM tokens")
        return
    db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)",
                   [(t, i, e, h, v, _reading_of(records)) for t, i, e, h, records, v in old])


def _create_tables(db: sqlite3.Connection) -> None:
    # one statement at a time: `executescript` would commit an open transaction first
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def _reading_of(records: str) -> int:
    """The reading a layout-0 memo was read by (0 when unknown: it is read again)."""
    stored = _json(records)
    reading = stored.get("reading") if isinstance(stored, dict) else None
    return reading if isinstance(reading, int) else 0


def _json(text: Any) -> Any:
    try:
        return json.loads(text or "null") or {}
    except (TypeError, ValueError):
        return {}


def _private_file(path: Path) -> None:
    """Create the state file readable by its owner only (it holds ids, hashes and tokens: still nobody
    else's business), and tighten an older one; SQLite's journal and WAL files take its permissions."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)
