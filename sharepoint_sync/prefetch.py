"""Downloads ahead of extraction (issue 14): the next files are fetched while the current one is read.

Bounded: at most `width` downloads in flight (3 by default, within the issue's 2–4), and no more than
that many fetched files wait in memory, so a slow extraction never piles up a library's worth of bytes.
Results are taken in the reader's order; a download's failure is raised when its item is taken, exactly
where the synchronous download would have raised it.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Generic, Hashable, Iterable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: downloads in flight at once
WIDTH = 3


class Prefetcher(Generic[K, V]):
    """`fetch(key)` for `keys` in order, up to `width` ahead of `take`."""

    def __init__(self, fetch: Callable[[K], V], keys: Iterable[K], width: int = WIDTH) -> None:
        self._fetch = fetch
        self._queue = list(keys)
        self._next = 0
        self._width = max(1, width)
        self._pool = ThreadPoolExecutor(max_workers=self._width, thread_name_prefix="iln-download")
        self._ahead: dict[K, Future[V]] = {}
        self._fill()

    def _fill(self) -> None:
        while len(self._ahead) < self._width and self._next < len(self._queue):
            key = self._queue[self._next]
            self._next += 1
            self._ahead[key] = self._pool.submit(self._fetch, key)

    def take(self, key: K) -> V:
        """The fetched value for `key` (fetched now if it was not queued); raises what the fetch raised."""
        future = self._ahead.pop(key, None)
        try:
            return future.result() if future is not None else self._fetch(key)
        finally:
            self._fill()

    def close(self) -> None:
        """Stop: queued fetches not started are dropped, running ones finish."""
        self._queue = self._queue[:self._next]
        for future in self._ahead.values():
            future.cancel()
        self._pool.shutdown(wait=True)

    def __enter__(self) -> "Prefetcher[K, V]":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
