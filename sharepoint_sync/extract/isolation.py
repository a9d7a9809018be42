"""Isolation: every document is read in a long-lived worker process with memory and time limits,
so a hostile file costs one record, never the run or the machine.

`Extractor` keeps one worker: a fresh interpreter started with `python -c` (multiprocessing's
`spawn` would re-import the caller's main module, which breaks for stdin/`-c`/frozen callers and
forces `if __name__ == "__main__"` on every script), with a scrubbed environment (no
certificate password or other secret reaches the process that parses hostile files), no
inherited descriptors but one socket, over which it takes documents one at a time
(multiprocessing's `Connection` framing). The worker caps its own address space
(`RLIMIT_AS` = `limits.memory_mb`); the parent waits at most `limits.timeout_seconds` per
document. Outcomes, decided here and nowhere else:

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
import socket
import subprocess
import sys
from dataclasses import asdict
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sharepoint_sync import clock
from sharepoint_sync.errors import SyncError
from sharepoint_sync.extract.limits import DEFAULT_LIMITS, Limits
from sharepoint_sync.log import get_logger
from sharepoint_sync.record import LocRecord, refused

RECYCLE_AFTER = 2_000
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
        self._served = 0

    def __enter__(self) -> "Extractor":
        self._ensure_worker()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def extract(self, data: bytes, file_name: str) -> LocRecord:
        """The contract record for one file; never raises because of the document."""
        from sharepoint_sync.extract.api import base_name

        file = base_name(file_name)
        today = self.today or clock.today()
        conn = self._send((bytes(data), file_name, today.isoformat()))
        try:
            if not conn.poll(self.limits.timeout_seconds):
                log.warning("extract.worker.timeout", file=file, seconds=self.limits.timeout_seconds)
                self._stop_worker()
                return refused(file, "unreadable", "unreadable:too_large")
            outcome = conn.recv()
        except (EOFError, OSError, BrokenPipeError) as error:
            log.warning("extract.worker.died", file=file, error=type(error).__name__, exitcode=self._exitcode())
            self._stop_worker()
            return refused(file, "unreadable", "unreadable:corrupt")
        self._served += 1
        if self._served >= RECYCLE_AFTER:
            self._stop_worker()
        return LocRecord.from_json(outcome)

    @property
    def worker_pid(self) -> int | None:
        """The current worker's process id (None before start or after a kill), for logs and tests."""
        return self._process.pid if self._process is not None else None

    def close(self) -> None:
        """Stop the worker (idempotent)."""
        self._stop_worker()

    # ---- worker lifecycle ---------------------------------------------------------------------
    def _send(self, job: tuple) -> Connection:
        """Hand the job to a live worker; one that died while idle is replaced, not blamed on this file."""
        conn = self._ensure_worker()
        try:
            conn.send(job)
        except (OSError, EOFError):
            self._stop_worker()
            conn = self._ensure_worker()
            conn.send(job)
        return conn

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
            greeting = conn.recv() if conn.poll(START_TIMEOUT) else "failed: no answer"
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
        self._process, self._conn = None, None
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
        conn.send(f"failed: the district registry cannot be read ({type(error).__name__})")
        return
    conn.send("ready")
    while True:
        try:
            data, file_name, today = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_extract_safely(api, data, file_name, datetime.date.fromisoformat(today), limits))


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
