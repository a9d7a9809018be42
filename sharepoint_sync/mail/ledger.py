"""The exactly-once record of mails, a table of its own in the state file.

One row per mail key (`summary:<run id>`, `digest:<ISO week>`, `reminder:<district>:<term end>`):
`sending` is written *before* the mail is handed to the transport, `sent` after it was accepted,
`failed` when the transport refused it for sure (resent by the next run, the same bytes),
`uncertain` when it may have gone out (never resent). A crash between hand-over and record leaves
`sending`: treated like `uncertain`, so a crash can lose at most a notice, never send one twice.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sharepoint_sync.state import State

_SCHEMA = """
CREATE TABLE IF NOT EXISTS mail_ledger (
    key TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, sender TEXT NOT NULL,
    recipients TEXT NOT NULL, message BLOB NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, last_error TEXT);
"""
#: a refused mail is tried again by this many runs, then given up (logged)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class MailEntry:
    """One mail as the ledger holds it."""

    key: str
    kind: str
    status: str
    sender: str
    recipients: tuple[str, ...]
    message: bytes
    attempts: int
    last_error: str | None


class MailLedger:
    """Reads and writes the mail ledger through the state file's connection."""

    def __init__(self, state: State) -> None:
        self._db = state.db
        self._db.executescript(_SCHEMA)

    def get(self, key: str) -> MailEntry | None:
        """The entry for `key`, None when this mail was never attempted."""
        row = self._db.execute("SELECT key, kind, status, sender, recipients, message, attempts, last_error "
                               "FROM mail_ledger WHERE key = ?", (key,)).fetchone()
        return _entry(row) if row else None

    def begin(self, key: str, kind: str, sender: str, recipients: tuple[str, ...], message: bytes, now: str) -> None:
        """Record `sending` (and one more attempt) before the hand-over."""
        self._db.execute(
            "INSERT INTO mail_ledger (key, kind, status, sender, recipients, message, attempts, created_at, updated_at) "
            "VALUES (?, ?, 'sending', ?, ?, ?, 1, ?, ?) ON CONFLICT(key) DO UPDATE SET status = 'sending', "
            "attempts = attempts + 1, updated_at = excluded.updated_at",
            (key, kind, sender, json.dumps(list(recipients)), message, now, now))

    def finish(self, key: str, status: str, now: str, error: str | None = None) -> None:
        """Record how the hand-over ended: sent, failed, uncertain or abandoned. Only a `failed` mail
        keeps its bytes and recipients (it is sent again, the same bytes); any other keeps neither, so
        the state file holds no district contact's address or letter text once a mail is done (issue 12)."""
        self._db.execute("UPDATE mail_ledger SET status = ?, updated_at = ?, last_error = ?, "
                         "message = CASE WHEN ? = 'failed' THEN message ELSE X'' END, "
                         "recipients = CASE WHEN ? = 'failed' THEN recipients ELSE '[]' END WHERE key = ?",
                         (status, now, error, status, status, key))

    def failed(self) -> list[MailEntry]:
        """Mails refused for sure, oldest first: the next run sends them again."""
        rows = self._db.execute("SELECT key, kind, status, sender, recipients, message, attempts, last_error "
                                "FROM mail_ledger WHERE status = 'failed' ORDER BY created_at").fetchall()
        return [_entry(r) for r in rows]

    def entries(self) -> list[dict[str, Any]]:
        """Every entry without its bytes (for status output and tests)."""
        rows = self._db.execute("SELECT key, kind, status, attempts, last_error FROM mail_ledger ORDER BY created_at")
        return [dict(zip(("key", "kind", "status", "attempts", "last_error"), r, strict=True)) for r in rows.fetchall()]


def _entry(row: Any) -> MailEntry:
    return MailEntry(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), bytes(row[5]), row[6], row[7])
