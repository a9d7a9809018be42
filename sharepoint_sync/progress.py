"""A progress bar for a long read (a first backfill) on a terminal; tqdm, and only here.

Never in JSON mode or off a terminal: a service's log must stay one JSON object per line.
"""
from __future__ import annotations

from typing import Any

from tqdm import tqdm

from sharepoint_sync.stopping import Progress

#: fewer documents than this read fast enough not to need a bar
MIN_DOCUMENTS = 20


class _Bar:
    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if total < MIN_DOCUMENTS:
            return
        if self.bar is None or self.bar.total != total:
            self.close()
            self.bar = tqdm(total=total, unit="doc", desc="reading letters", file=self.stream, leave=False)
        self.bar.update(done - self.bar.n)
        if done + 1 >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def terminal_progress(stream: Any, *, json_logs: bool) -> Progress | None:
    """A progress callback drawing on `stream` when it is a terminal and logs are not JSON, else None."""
    if json_logs or not getattr(stream, "isatty", lambda: False)():
        return None
    return _Bar(stream)
