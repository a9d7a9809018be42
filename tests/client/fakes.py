"""Test doubles for the retry layer: a clock that advances when slept, scripted HTTP failures."""
from __future__ import annotations

import json
from typing import Any, Callable

import pytest
import requests

from sharepoint_sync import clock


class FakeClock:
    """Replaces clock.sleep/monotonic: sleeping advances time instantly and is recorded."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.t = 1000.0
        self.sleeps: list[float] = []
        monkeypatch.setattr(clock, "sleep", self.sleep)
        monkeypatch.setattr(clock, "monotonic", lambda: self.t)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.sleeps.append(seconds)
            self.t += seconds


def http_error(status: int, headers: dict[str, str] | None = None, body: Any = None) -> requests.HTTPError:
    """A requests.HTTPError carrying a response with this status, headers and (JSON) body."""
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers or {})
    response._content = json.dumps(body).encode() if body is not None else b""
    response.url = "https://example.sharepoint.com/sites/KYILN/_api/web?sig=SECRET"
    return requests.HTTPError(f"{status}", response=response)


class Script:
    """An operation that raises the scripted failures in order, then returns `result`."""

    def __init__(self, *failures: BaseException, result: Any = "ok") -> None:
        self.failures = list(failures)
        self.result = result
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return self.result


def raiser(error: BaseException) -> Callable[[], Any]:
    """An operation that always raises `error`."""
    def run() -> Any:
        raise error
    return run
