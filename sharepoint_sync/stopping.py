"""A cooperative stop flag and a progress hook, handed to a run by whoever drives it (`serve`, `run`).

A signal handler must not interrupt a write half-way: it only sets the flag; the engine looks at it
between documents (while reading) and between writes (while applying), so the document or write
under way finishes and its state entry (the checkpoint) is saved before the run stops.
"""
from __future__ import annotations

import threading
from typing import Protocol


class Progress(Protocol):
    """Told how far the reading of a run's documents has got."""

    def __call__(self, done: int, total: int) -> None: ...


class RunControl:
    """Stop flag (thread-safe, settable from a signal handler) and an optional progress callback."""

    def __init__(self, progress: Progress | None = None) -> None:
        self._stop = threading.Event()
        self.reason = ""
        self.progress: Progress | None = progress

    def request_stop(self, reason: str) -> None:
        """Ask the run under way (and every later one) to stop at its next checkpoint."""
        if not self._stop.is_set():
            self.reason = reason
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        """True once a stop was asked for."""
        return self._stop.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`, waking at once when a stop is asked for; True when it was."""
        return self._stop.wait(seconds)

    def report(self, done: int, total: int) -> None:
        """Pass reading progress to the callback, if any."""
        if self.progress is not None:
            self.progress(done, total)


class StopRequested(Exception):
    """Raised inside a run when the stop flag is seen while reading: nothing half-done is left behind."""

