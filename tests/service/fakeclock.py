"""A controllable clock: `sharepoint_sync.clock.now` (which APScheduler also reads) moved by hand."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

EASTERN = ZoneInfo("America/New_York")


class FakeClock:
    """now() returns a settable UTC moment; advance() moves it forward."""

    def __init__(self, start: dt.datetime) -> None:
        self.moment = start.astimezone(dt.timezone.utc)

    def now(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)

    def set(self, moment: dt.datetime) -> None:
        self.moment = moment.astimezone(dt.timezone.utc)


def install(monkeypatch: pytest.MonkeyPatch, start: dt.datetime) -> FakeClock:
    """Route the worker's clock (and so APScheduler's) through a FakeClock starting at `start`."""
    from sharepoint_sync import clock

    fake = FakeClock(start)
    monkeypatch.setattr(clock, "now", fake.now)
    return fake
