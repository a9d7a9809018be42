"""The one place that reads the wall clock. Everything else receives `now`/`today` as values."""
from __future__ import annotations

import datetime as _dt
import time as _time


def now() -> _dt.datetime:
    """Current time, timezone-aware UTC."""
    return _dt.datetime.now(_dt.timezone.utc)


def today() -> _dt.date:
    """Today's date in Kentucky terms (UTC date is close enough for day-granular rules)."""
    return now().date()


def monotonic() -> float:
    """Seconds on a monotonic clock, for durations and retry waits."""
    return _time.monotonic()


def sleep(seconds: float) -> None:
    """Block for `seconds` (the one place the worker waits; tests may patch it)."""
    if seconds > 0:
        _time.sleep(seconds)


def stamp(moment: _dt.datetime) -> str:
    """A moment as the UTC `YYYY-MM-DDTHH:MM:SSZ` the lists, the ledger and the report use."""
    return moment.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
