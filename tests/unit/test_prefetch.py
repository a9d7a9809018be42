"""`Prefetcher`: downloads run ahead of the reader, bounded, in order, failures raised where they belong."""
from __future__ import annotations

import threading
import time

import pytest

from sharepoint_sync.prefetch import Prefetcher


def test_at_most_width_fetches_run_ahead_of_the_reader() -> None:
    """With width 3 and a reader that has taken nothing yet, exactly 3 of 10 fetches have started."""
    started: list[int] = []
    gate = threading.Event()

    def fetch(key: int) -> int:
        started.append(key)
        gate.wait(5)
        return key * 10

    with Prefetcher(fetch, range(10), width=3) as ahead:
        time.sleep(0.2)
        assert sorted(started) == [0, 1, 2]
        gate.set()
        assert [ahead.take(k) for k in range(10)] == [k * 10 for k in range(10)]
    assert sorted(started) == list(range(10))


def test_a_failed_fetch_raises_when_its_key_is_taken_and_the_others_still_arrive() -> None:
    """Key 1's failure is raised at take(1), not earlier; keys 0 and 2 are read normally."""
    def fetch(key: int) -> int:
        if key == 1:
            raise OSError("gone")
        return key

    with Prefetcher(fetch, [0, 1, 2], width=2) as ahead:
        assert ahead.take(0) == 0
        with pytest.raises(OSError):
            ahead.take(1)
        assert ahead.take(2) == 2


def test_a_key_that_was_not_queued_is_fetched_on_the_spot() -> None:
    """take() of a key outside the queue fetches it synchronously."""
    with Prefetcher(lambda k: k + 1, [], width=2) as ahead:
        assert ahead.take(41) == 42
