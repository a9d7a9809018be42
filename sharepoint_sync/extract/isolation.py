"""Isolation: every document is read in a long-lived worker process with memory and time limits,
so a hostile file costs one record, never the run or the machine.

`Extractor` keeps one `spawn`ed worker (a clean interpreter: no inherited sockets, tokens or
state) and hands it documents one at a time over a pipe. The worker caps its own address space
(`RLIMIT_AS` = `limits.memory_mb`); the parent waits at most `limits.timeout_seconds` per
document. Outcomes, decided here and nowhere else:

* the document needs more time than allowed -> the worker is killed and respawned, the record is
  `unreadable:too_large` (the document is too big or too complex to read within our bounds);
* the worker runs out of memory (MemoryError) -> `unreadable:too_large`, same reasoning;
* the worker dies some other way (a crash in a C library) -> respawned, `unreadable:corrupt`
  (a file that crashes a parser is damaged or crafted, not merely large);
* an unexpected exception while reading -> `unreadable:corrupt`, logged with its type only.

Like every `spawn` user, a script that starts an `Extractor` must guard its entry point with
`if __name__ == "__main__":` (the worker re-imports the main module).

A worker is also recycled after `RECYCLE_AFTER` documents so that fragmentation cannot creep up.
"""
from __future__ import annotations

import datetime
import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from sharepoint_sync import clock
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
        self._context = multiprocessing.get_context("spawn")
        self._process: Any = None
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
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self._stop_worker()
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=worker_main, args=(child, self.limits), name="iln-sync-extract", daemon=True)
        process.start()
        child.close()
        try:
            started = parent.poll(START_TIMEOUT) and parent.recv() == "ready"
        except (EOFError, OSError):
            started = False
        if not started:  # e.g. a script that starts an Extractor without `if __name__ == "__main__":`
            process.kill()
            raise RuntimeError("the extraction worker did not start")
        self._process, self._conn, self._served = process, parent, 0
        return parent

    def _stop_worker(self) -> None:
        process, conn = self._process, self._conn
        self._process, self._conn = None, None
        if conn is not None:
            conn.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(5)

    def _exitcode(self) -> int | None:
        return self._process.exitcode if self._process is not None else None


def worker_main(conn: Connection, limits: Limits) -> None:
    """The worker loop: cap memory, then read documents until the pipe closes."""
    _limit_memory(limits.memory_mb)
    from sharepoint_sync.extract import api  # heavy imports happen once, inside the worker

    try:
        from sharepoint_sync.extract import fields  # noqa: F401  (warm the field reader up)
    except ImportError:
        pass
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
        return api.extract_in_process(data, file_name, today, limits).to_json()
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
