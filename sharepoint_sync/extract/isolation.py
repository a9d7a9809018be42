"""Isolation: every document is read in a long-lived worker process with memory and time limits,
so a hostile file costs one record, never the run or the machine.

`Extractor` keeps one worker: a fresh interpreter started with `python -c` (multiprocessing's
`spawn` would re-import the caller's main module, which breaks for stdin/`-c`/frozen callers and
forces `if __name__ == "__main__"` on every script), with a scrubbed environment (no
certificate password or other secret reaches the process that parses hostile files), no
inherited descriptors but one socket (multiprocessing's `Connection` framing, raw messages: nothing
is pickled either way). Each document goes as two messages, a JSON header (file name, day) and the
file's bytes; each record comes back as one JSON message. The parent never unpickles what the worker
sends: the worker parses hostile files, and a worker subverted by one must not get to run code in
the process that holds the site's credentials; a reply that is not a well-formed record costs that
document `unreadable:corrupt`. `extract_many` keeps the next document queued at the worker while it
reads the current one (`PIPELINE` documents in flight), so the worker never waits for the parent
between documents; each document still has its own time limit and costs at most its own record.
The worker caps its own address space (`RLIMIT_AS` = `limits.memory_mb`); the parent waits at most
`limits.timeout_seconds` per document. Outcomes, decided here and nowhere else:

* the document needs more time than allowed -> the worker is killed and respawned, the record is
  `unreadable:too_large` (the document is too big or too complex to read within our bounds);
* the worker runs out of memory (MemoryError) -> `unreadable:too_large`, same reasoning;
* the worker dies some other way (a crash in a C library) -> respawned, `unreadable:corrupt`
  (a file that crashes a parser is damaged or crafted, not merely large);
* an unexpected exception while reading -> `unreadable:corrupt`, logged with its type only.

A worker is also recycled after `RECYCLE_AFTER` documents so that fragmentation cannot creep up.
"""
from __future__ import annotations

import datetime
import json
import os
import select
import socket
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import asdict
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import orjson

from sharepoint_sync import clock
from sharepoint_sync.errors import SyncError
from sharepoint_sync.extract.limits import DEFAULT_LIMITS, Limits
from sharepoint_sync.log import get_logger
from sharepoint_sync.record import LocRecord, refused

RECYCLE_AFTER = 2_000
#: documents at the worker at once in `extract_many`: the one it reads and the next, queued
PIPELINE = 2
#: the largest document queued behind another: it must fit in the socket buffer (Linux's default
#: for a Unix socket, net.core.wmem_default, is 208 KB), so that sending it never blocks
QUEUED_MAX_BYTES = 64 * 1024
#: seconds a fresh worker may take to start (imports lxml and the field reader) before we give up
START_TIMEOUT = 60.0

log = get_logger("sharepoint_sync.extract")


class Extractor:
    """Extracts LOC records in an isolated worker process; use as a context manager.

    `today` fixes the date used for the term rules (tests, benchmarks); by default each call
    asks `sharepoint_sync.clock` for it.
    """

    def __init__(self, limits: Limits = DEFAULT_LIMITS, today: datetime.date | None = None) -> None:
        self.limits = limits
        self.today = today
        self._process: subprocess.Popen | None = None
        self._conn: Connection | None = None
        self._poller: Any = None  # a select.poll for the current worker's socket
        self._served = 0

    def __enter__(self) -> "Extractor":
        self._ensure_worker()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def extract(self, data: bytes, file_name: str) -> LocRecord:
        """The contract record for one file; never raises because of the document."""
        return self.extract_many([(file_name, data)])[0]

    def extract_many(self, files: Iterable[tuple[str, bytes]]) -> list[LocRecord]:
        """The records of several (file name, bytes), in order, as `extract` would give them one by one:
        each file has its own time limit and a file that times out, exhausts memory or kills the
        worker costs its own record only (the files queued behind it go to a fresh worker)."""
        from sharepoint_sync.extract.api import base_name  # here: the parent needs none of the reader

        today = self.today or clock.today()
        jobs = [(base_name(name), _header(name, today), bytes(data)) for name, data in files]
        records: list[LocRecord] = []
        sent = 0  # jobs[len(records):sent] are at the worker, in order
        while len(records) < len(jobs):
            sent = self._fill(jobs, len(records), sent)
            file = jobs[len(records)][0]
            record = self._receive(file)
            if self._conn is None:  # the worker was stopped: what was queued behind this file is gone
                sent = len(records) + 1
            records.append(record)
        return records

    def _fill(self, jobs: list[tuple[str, bytes, bytes]], done: int, sent: int) -> int:
        """Send jobs until PIPELINE are in flight (fewer before a recycle); the new `sent`."""
        while sent < len(jobs) and (sent == done or self._may_queue(len(jobs[sent][2]), sent - done)):
            _, header, data = jobs[sent]
            if not self._send(header, data, idle=sent == done):
                break  # the worker died with documents in flight: their replies tell whose turn it was
            sent += 1
        return sent

    def _may_queue(self, size: int, in_flight: int) -> bool:
        """Whether a document may be sent while the worker still reads another: below PIPELINE in
        flight, before a recycle, and small enough to sit in the socket's buffer. A bigger one would
        block the send until the worker reads it, while the worker may be blocked sending us a big
        record: each waiting for the other. It goes when the worker is idle instead."""
        return in_flight < PIPELINE and self._served + in_flight < RECYCLE_AFTER and size <= QUEUED_MAX_BYTES

    def _receive(self, file: str) -> LocRecord:
        """The reply to the oldest document in flight, or the record its failure calls for."""
        conn = self._conn
        try:
            if conn is None:
                raise EOFError("no worker")
            if not self._ready(conn):
                log.warning("extract.worker.timeout", file=file, seconds=self.limits.timeout_seconds)
                self._stop_worker()
                return refused(file, "unreadable", "unreadable:too_large")
            reply = conn.recv_bytes()
        except (EOFError, OSError) as error:
            log.warning("extract.worker.died", file=file, error=type(error).__name__, exitcode=self._exitcode())
            self._stop_worker()
            return refused(file, "unreadable", "unreadable:corrupt")
        try:
            record = LocRecord.from_json(_decode(reply))
        except (ValueError, TypeError, KeyError, AttributeError) as error:  # not what our worker sends
            log.warning("extract.worker.garbled", file=file, error=type(error).__name__)
            self._stop_worker()
            return refused(file, "unreadable", "unreadable:corrupt")
        self._served += 1
        if self._served >= RECYCLE_AFTER:
            self._stop_worker()
        return record

    def _ready(self, conn: Connection) -> bool:
        """Whether a reply arrives within the time limit (`conn.poll`, without building a selector
        for every document: one `select.poll` per worker)."""
        if not hasattr(select, "poll"):  # not on every platform
            return conn.poll(self.limits.timeout_seconds)
        if self._poller is None:
            self._poller = select.poll()
            self._poller.register(conn.fileno(), select.POLLIN)
        return bool(self._poller.poll(max(0, int(self.limits.timeout_seconds * 1000))))

    @property
    def worker_pid(self) -> int | None:
        """The current worker's process id (None before start or after a kill), for logs and tests."""
        return self._process.pid if self._process is not None else None

    def close(self) -> None:
        """Stop the worker (idempotent)."""
        self._stop_worker()

    # ---- worker lifecycle ---------------------------------------------------------------------
    def _send(self, header: bytes, data: bytes, idle: bool) -> bool:
        """Hand one document to the worker. A worker found dead while `idle` (nothing in flight) is
        replaced and the document sent again: its death is not this file's doing. False when the
        worker died with documents in flight (their replies will say whose turn it was)."""
        conn = self._ensure_worker()
        try:
            conn.send_bytes(header)
            conn.send_bytes(data)
            return True
        except (OSError, EOFError):
            if not idle:
                return False
        self._stop_worker()
        conn = self._ensure_worker()
        conn.send_bytes(header)
        conn.send_bytes(data)
        return True

    def _ensure_worker(self) -> Connection:
        if self._process is not None and self._process.poll() is None and self._conn is not None:
            return self._conn
        self._stop_worker()
        ours, theirs = socket.socketpair()
        with theirs:
            process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_BOOT, str(theirs.fileno()), json.dumps(asdict(self.limits))],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=_worker_environment(),
                cwd=_PROJECT_ROOT)
        conn = Connection(ours.detach())
        try:
            greeting = conn.recv_bytes(1000).decode("utf-8", "replace") if conn.poll(START_TIMEOUT) else "failed: no answer"
        except (EOFError, OSError):
            greeting = "failed: it exited"
        if greeting != "ready":
            process.kill()
            process.wait()
            conn.close()
            raise SyncError("the document-reading worker process did not start",
                            python=sys.executable, why=str(greeting)[:200])
        self._process, self._conn, self._served = process, conn, 0
        return conn

    def _stop_worker(self) -> None:
        process, conn = self._process, self._conn
        self._process, self._conn, self._poller = None, None, None
        if conn is not None:
            conn.close()
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait(5)

    def _exitcode(self) -> int | None:
        return self._process.poll() if self._process is not None else None


#: the package's parent directory: the worker imports `sharepoint_sync` from here
_PROJECT_ROOT = str(Path(__file__).resolve().parents[2])
_WORKER_BOOT = "import sys; from sharepoint_sync.extract.isolation import worker_entry; worker_entry(sys.argv[1:])"
#: the only environment the worker gets: enough to run Python, nothing secret
_KEPT_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "SYSTEMROOT", "VIRTUAL_ENV")


def _worker_environment() -> dict[str, str]:
    env = {key: os.environ[key] for key in _KEPT_ENVIRONMENT if key in os.environ}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PROJECT_ROOT, os.environ.get("PYTHONPATH")) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def worker_entry(argv: list[str]) -> None:
    """The worker process's entry point: argv = [socket fd, limits as JSON]."""
    os.dup2(2, 1)  # nothing the worker prints may end up in the caller's stdout (JSON records)
    from sharepoint_sync import log as logging_setup

    logging_setup.configure()
    worker_main(Connection(int(argv[0])), Limits(**json.loads(argv[1])))


def worker_main(conn: Connection, limits: Limits) -> None:
    """The worker loop: cap memory, then read documents until the pipe closes."""
    _limit_memory(limits.memory_mb)
    from sharepoint_sync.extract import api  # heavy imports happen once, inside the worker

    from sharepoint_sync.extract.registry import default_registry

    try:
        default_registry()  # read once here: a missing registry must stop the start, not fail every letter
    except (OSError, ValueError, KeyError) as error:
        conn.send_bytes(f"failed: the district registry cannot be read ({type(error).__name__})".encode())
        return
    conn.send_bytes(b"ready")
    while True:
        try:
            header = conn.recv_bytes()
            data = conn.recv_bytes()
        except (EOFError, OSError):
            return
        today, file_name = datetime.date.fromisoformat(header[:10].decode("ascii")), header[10:].decode("utf-8", "surrogatepass")
        record = _extract_safely(api, data, file_name, today, limits)
        conn.send_bytes(_encode(record))


def _header(file_name: str, today: datetime.date) -> bytes:
    """A document's header message: the day (always 10 characters, YYYY-MM-DD), then the file name.
    `surrogatepass` carries what a name may hold that UTF-8 cannot (the surrogate escapes of a
    non-UTF-8 path), and the worker decodes it back to the same string."""
    return today.isoformat().encode("ascii") + file_name.encode("utf-8", "surrogatepass")


def _encode(record: dict) -> bytes:
    """A record as JSON bytes (orjson: a fraction of the standard library's cost; it refuses lone
    surrogates, which only a file name could bring, so those records take the standard path)."""
    try:
        return orjson.dumps(record)
    except TypeError:
        return json.dumps(record).encode("ascii")


def _decode(reply: bytes) -> dict:
    try:
        found = orjson.loads(reply)
    except orjson.JSONDecodeError:  # a record `_encode` wrote with the standard library
        found = json.loads(reply)
    if not isinstance(found, dict):
        raise TypeError("a record is a JSON object")
    return found


def _extract_safely(api: Any, data: bytes, file_name: str, today: datetime.date, limits: Limits) -> dict:
    file = api.base_name(file_name)
    try:
        return api.extract_in_process(data, file_name, today, limits).to_json(evidence=True)  # evidence crosses too
    except MemoryError:
        return refused(file, "unreadable", "unreadable:too_large").to_json()
    except Exception as error:  # a reader/field bug must cost one record, not the run
        get_logger("sharepoint_sync.extract").error("extract.document.failed", file=file, error=type(error).__name__)
        return refused(file, "unreadable", "unreadable:corrupt").to_json()


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not POSIX, or a lower hard limit already set
        pass
