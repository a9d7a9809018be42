"""One run at a time on a host: an OS file lock next to the state file (portalocker, flock on Linux).

The kernel drops the lock when the holder's file is closed, which includes the process dying to
`kill -9`, so a crashed run never leaves a stale lock behind (no pid file to clean up). The holder
writes its pid into the file so a waiting process (and `iln-sync status`) can name it; the pid is
information only, the lock itself is what decides. Two hosts are not kept apart by this lock: see
docs/deploy.md ("One host at a time").
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

import portalocker

from sharepoint_sync import clock
from sharepoint_sync.errors import LockHeld
from sharepoint_sync.log import get_logger
from sharepoint_sync.stopping import RunControl

log = get_logger("sharepoint_sync.runlock")

#: how often a waiting process tries again
POLL_SECONDS = 0.2


def lock_path(state_path: Path) -> Path:
    """The lock file beside the state file: `<state file>.lock`."""
    return state_path.with_name(state_path.name + ".lock")


class RunLock:
    """`with RunLock(path).held(wait_seconds):` runs the block only while this process holds the lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def acquire(self, wait_seconds: float, control: RunControl | None = None) -> None:
        """Take the lock, waiting up to `wait_seconds` (less when a stop is asked for); LockHeld otherwise."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open while the lock is held
        deadline = clock.monotonic() + wait_seconds
        while True:
            try:
                portalocker.lock(handle, portalocker.LOCK_EX | portalocker.LOCK_NB)
                break
            except portalocker.exceptions.LockException:
                stop = control is not None and control.stop_requested
                if stop or clock.monotonic() >= deadline:
                    handle.close()
                    holder = holder_pid(self.path)
                    log.warning("sync.lock.held", holder_pid=holder, lock=str(self.path), waited_seconds=wait_seconds)
                    raise LockHeld(holder_pid=holder, lock_path=str(self.path), waited_seconds=wait_seconds) from None
                clock.sleep(POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        log.debug("sync.lock.acquired", lock=str(self.path))

    def release(self) -> None:
        """Let the next run go (closing the file releases the lock)."""
        if self._file is not None:
            self._file.seek(0)
            self._file.truncate()
            portalocker.unlock(self._file)
            self._file.close()
            self._file = None

    def __enter__(self) -> "RunLock":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()


def holder_pid(path: Path) -> int | None:
    """The pid written by the process holding the lock, None when it is free (or the pid is unreadable)."""
    if not is_held(path):
        return None
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def is_held(path: Path) -> bool:
    """True when some process holds the lock (probed with a shared, non-blocking lock, released at once)."""
    if not path.exists():
        return False
    with open(path, encoding="utf-8") as probe:
        try:
            portalocker.lock(probe, portalocker.LOCK_SH | portalocker.LOCK_NB)
        except portalocker.exceptions.LockException:
            return True
        portalocker.unlock(probe)
    return False
