"""The one retry layer, driven by scripted failures and a fake clock (no real sleeping)."""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import random

import pytest
import requests

from sharepoint_sync import clock
from sharepoint_sync.errors import (AuthError, ConflictError, PermissionDenied, RemoteError, RetryBudgetExhausted,
                                    TransientRemoteError)
from sharepoint_sync.retry import Gate, Retrier, RetryBudget, classify, create_if_absent, parse_retry_after

from tests.client.fakes import FakeClock, Script, http_error


@pytest.fixture()
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return FakeClock(monkeypatch)


def retrier(budget: int = 10, **kwargs) -> Retrier:
    return Retrier(RetryBudget(budget), gate=Gate(), rng=random.Random(7), site_url="https://t/sites/KYILN", **kwargs)


def test_429_with_retry_after_seconds_waits_exactly_once(fake_clock: FakeClock) -> None:
    """A 429 with Retry-After: 7 pauses 7 s once, then the call is replayed and succeeds, spending no retry."""
    op = Script(http_error(429, {"Retry-After": "7"}))
    r = retrier()
    assert r.call(op, what="get items") == "ok"
    assert (op.calls, fake_clock.sleeps, r.budget.spent, r.throttled) == (2, [7.0], 0, 1)


def test_429_with_retry_after_http_date(fake_clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Retry-After given as an HTTP date waits until that date."""
    now = dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(clock, "now", lambda: now)
    date = email.utils.format_datetime(now + dt.timedelta(seconds=12), usegmt=True)
    op = Script(http_error(429, {"Retry-After": date}))
    assert retrier().call(op, what="get") == "ok"
    assert fake_clock.sleeps == [12.0]


def test_retry_after_pauses_every_call_of_the_process(fake_clock: FakeClock) -> None:
    """After a Retry-After on one call, a different call sharing the gate also waits (and only once)."""
    gate = Gate()
    first = Retrier(RetryBudget(5), gate=gate)
    other = Retrier(RetryBudget(5), gate=gate)
    with pytest.raises(TransientRemoteError):  # a 504 with Retry-After on a create: ambiguous, not replayed
        first.call(Script(http_error(504, {"Retry-After": "5"})), what="create", idempotent=False)
    assert other.call(Script(), what="get") == "ok"
    assert fake_clock.sleeps == [5.0]


def test_503_without_retry_after_backs_off_with_jitter(fake_clock: FakeClock) -> None:
    """503s without Retry-After back off exponentially with full jitter (each wait within its cap)."""
    op = Script(http_error(503), http_error(503), http_error(503))
    assert retrier().call(op, what="get") == "ok"
    assert len(fake_clock.sleeps) == 3
    for attempt, wait in enumerate(fake_clock.sleeps, start=1):
        assert 0 <= wait <= 2 ** (attempt - 1)


def test_budget_exhaustion_ends_with_retry_budget_exhausted(fake_clock: FakeClock) -> None:
    """When the run's retry budget is spent, the next transient failure raises RetryBudgetExhausted."""
    r = retrier(budget=2)
    with pytest.raises(RetryBudgetExhausted):
        r.call(Script(*[http_error(503)] * 5), what="get")
    assert r.budget.spent == 2


def test_401_refreshes_token_once_and_replays(fake_clock: FakeClock) -> None:
    """A 401 mid-run gets one fresh token and one replay (even for a create, which never ran)."""
    refreshed: list[int] = []
    op = Script(http_error(401))
    r = retrier(refresh_token=lambda: refreshed.append(1))
    assert r.call(op, what="create", idempotent=False) == "ok"
    assert (refreshed, op.calls, fake_clock.sleeps) == ([1], 2, [])


def test_second_401_is_an_auth_error(fake_clock: FakeClock) -> None:
    """A second 401 after the refresh stops with AuthError."""
    r = retrier(refresh_token=lambda: None)
    with pytest.raises(AuthError) as caught:
        r.call(Script(http_error(401), http_error(401)), what="get")
    assert "401 twice" in str(caught.value)


def test_403_is_permission_denied_with_site_and_permission(fake_clock: FakeClock) -> None:
    """403 stops at once with the site URL and the permission needed, no retry."""
    op = Script(http_error(403, body={"odata.error": {"code": "-2147024891, System.UnauthorizedAccessException"}}))
    with pytest.raises(PermissionDenied) as caught:
        retrier().call(op, what="get")
    text = str(caught.value)
    assert "https://t/sites/KYILN" in text and "Sites.Selected" in text and op.calls == 1


def test_412_is_a_conflict_not_retried(fake_clock: FakeClock) -> None:
    """412 on IF-MATCH is a ConflictError, raised without retry."""
    op = Script(http_error(412))
    with pytest.raises(ConflictError):
        retrier().call(op, what="merge")
    assert op.calls == 1


def test_other_4xx_is_a_remote_error_with_the_sharepoint_code(fake_clock: FakeClock) -> None:
    """A 400 is a RemoteError carrying SharePoint's error code and message, and no query string."""
    body = {"error": {"code": "-1, Microsoft.SharePoint.Client.InvalidClientQueryException",
                      "message": {"lang": "en-US", "value": "The expression is not valid."}}}
    with pytest.raises(RemoteError) as caught:
        retrier().call(Script(http_error(400, body=body)), what="get")
    assert caught.value.code.endswith("InvalidClientQueryException")
    assert "SECRET" not in str(caught.value)


@pytest.mark.parametrize("failure", [
    requests.ConnectionError("connection reset by peer"),
    requests.Timeout("read timed out"),
    requests.exceptions.ChunkedEncodingError("incomplete read"),
    json.JSONDecodeError("Unterminated string", '{"d": {"res', 9),
], ids=["reset", "timeout", "dropped", "truncated"])
def test_transport_failures_are_retried(fake_clock: FakeClock, failure: Exception) -> None:
    """Resets, timeouts, dropped and truncated bodies are transient: retried, never taken as content."""
    assert isinstance(classify(failure), TransientRemoteError)
    assert retrier().call(Script(failure), what="download") == "ok"


def test_a_create_is_never_blindly_replayed(fake_clock: FakeClock) -> None:
    """A non-idempotent call failing transiently is raised, not replayed."""
    op = Script(requests.Timeout("read timed out"))
    with pytest.raises(TransientRemoteError):
        retrier().call(op, what="create", idempotent=False)
    assert op.calls == 1


def test_create_if_absent_looks_up_before_creating_again(fake_clock: FakeClock) -> None:
    """When a create times out but landed, the second lookup finds it and no second create is sent."""
    store: dict[str, str] = {}

    def create() -> str:
        store["k"] = "row"
        raise requests.Timeout("read timed out after the write")

    item, created = create_if_absent(retrier(), lambda: store.get("k"), create, what="create member")
    assert (item, created, len(store)) == ("row", False, 1)


def test_retry_after_parsing() -> None:
    """Retry-After parses as integer seconds; junk is ignored."""
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_each_retry_is_logged_with_status_attempt_and_wait(fake_clock: FakeClock) -> None:
    """Every retry emits `sp.retry` with the status, the attempt number and the wait; a throttling pause
    emits `sp.throttled` with the status and the wait."""
    from structlog.testing import capture_logs
    with capture_logs() as logs:
        retrier().call(Script(http_error(502), http_error(429, {"Retry-After": "3"})), what="get items")
    (entry,) = [e for e in logs if e["event"] == "sp.retry"]
    assert (entry["status"], entry["attempt"]) == (502, 1) and 0 <= entry["wait"] <= 1
    (paced,) = [e for e in logs if e["event"] == "sp.throttled"]
    assert (paced["status"], paced["wait"]) == (429, 3.0)


def test_throttled_create_waits_out_retry_after_once_then_looks_up(fake_clock: FakeClock) -> None:
    """A create answered 429 Retry-After: 4 waits 4 s exactly once and is replayed (a throttled request was
    not run), with no lookup and no retry spent."""
    create = Script(http_error(429, {"Retry-After": "4"}), result="row")
    lookups = Script(result=None)
    r = retrier()
    item, created = create_if_absent(r, lookups, create, what="create member", lookup_first=False)
    assert (item, created, create.calls, lookups.calls, fake_clock.sleeps, r.budget.spent) == ("row", True, 2, 0, [4.0], 0)


def test_many_honoured_retry_afters_spend_no_budget_and_no_attempts(fake_clock: FakeClock) -> None:
    """Twenty 429s in a row (more than the call's attempts and the run's budget) are waited out: a pace."""
    op = Script(*[http_error(429, {"Retry-After": "1"})] * 20)
    r = retrier(budget=2)
    assert r.call(op, what="get") == "ok"
    assert (op.calls, r.budget.spent, sum(fake_clock.sleeps)) == (21, 0, 20.0)


def test_the_run_deadline_ends_a_throttled_run_not_a_retry_count(fake_clock: FakeClock) -> None:
    """A Retry-After that would carry the run past its deadline raises instead of waiting (the run ends partial)."""
    r = retrier(run_deadline_seconds=30)
    r.begin_run()
    op = Script(*[http_error(429, {"Retry-After": "10"})] * 5)
    with pytest.raises(TransientRemoteError) as caught:
        r.call(op, what="get")
    assert caught.value.data["reason"] == "deadline" and sum(fake_clock.sleeps) <= 30


def test_pace_waits_before_the_units_run_out(fake_clock: FakeClock) -> None:
    """With RateLimit-Remaining 10 of 1200 and Reset 59.5 s (20 units/s back), a 50-unit batch waits 2 s first;
    a 20-unit request sent while that batch is still in flight waits 1 s more (in-flight units count)."""
    from sharepoint_sync.retry import Pace
    pace = Pace()
    assert pace.before(1) == 0.0  # no headers yet: SharePoint says nothing below 80 %
    pace.note({"RateLimit-Limit": "1200", "RateLimit-Remaining": "10", "RateLimit-Reset": "59.5"}, 1)
    assert pace.before(50) == pytest.approx(2.0, abs=0.01)
    assert pace.before(20) == pytest.approx(1.0, abs=0.01)
    pace.note({}, 50)  # an answer without the headers: below 80 % again, no pace
    pace.note({}, 20)
    assert pace.before(500) == 0.0


def test_two_signals_pause_once_each(fake_clock: FakeClock) -> None:
    """Two 429s with Retry-After 2 and 5 pause 2 s then 5 s: one pause per signal, no backoff added."""
    op = Script(http_error(429, {"Retry-After": "2"}), http_error(503, {"Retry-After": "5"}))
    assert retrier().call(op, what="get") == "ok"
    assert fake_clock.sleeps == [2.0, 5.0]


@pytest.mark.parametrize("body", [[1, 2], "plain", 7, {"error": "text only"}], ids=["array", "string", "number", "flat"])
def test_error_bodies_of_any_json_shape_are_classified(fake_clock: FakeClock, body: object) -> None:
    """A 400 whose body is JSON of an unexpected shape is still a RemoteError, never a crash of the retry layer."""
    with pytest.raises(RemoteError) as caught:
        retrier().call(Script(http_error(400, body=body)), what="get")
    assert caught.value.status == 400


def test_bare_500_is_transient_and_retried(fake_clock: FakeClock) -> None:
    """A 500 without a SharePoint error code (a server hiccup) is replayed: 2 calls, then the result."""
    op = Script(http_error(500))
    assert retrier().call(op, what="read list") == "ok" and op.calls == 2


def test_500_that_sharepoint_explains_is_not_retried(fake_clock: FakeClock) -> None:
    """A 500 with an OData code (e.g. SPQueryThrottledException) is deterministic: 1 call, RemoteError."""
    body = {"error": {"code": "-2147024860, Microsoft.SharePoint.SPQueryThrottledException",
                      "message": {"lang": "en-US", "value": "exceeds the list view threshold"}}}
    op = Script(http_error(500, body=body))
    with pytest.raises(RemoteError) as caught:
        retrier().call(op, what="find rows")
    assert op.calls == 1 and not isinstance(caught.value, TransientRemoteError)


def test_403_from_the_virus_scan_is_one_blocked_file_not_a_missing_grant(fake_clock: FakeClock) -> None:
    """403 + X-Virus-Infected is VirusBlocked (an item error): 1 call, no Sites.Selected message."""
    from sharepoint_sync.errors import ItemError, VirusBlocked

    op = Script(http_error(403, headers={"X-Virus-Infected": "Eicar-Test-Signature"}))
    with pytest.raises(VirusBlocked) as caught:
        retrier().call(op, what="download")
    assert op.calls == 1 and isinstance(caught.value, ItemError) and not isinstance(caught.value, AuthError)
    assert "Sites.Selected" not in str(caught.value)
