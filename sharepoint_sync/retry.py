"""The one retry layer of the worker (after hynek's stamina): classify, wait, replay what is safe.

- `classify(error)` is the one place that turns a transport/HTTP failure into our error taxonomy:
  401 → AuthError (after one token refresh), 403 with X-Virus-Infected → VirusBlocked (that one file),
  any other 403 → PermissionDenied, 412 → ConflictError, 429/503 (and 502/504, and a 500 without a
  SharePoint error code) → TransientRemoteError with the server's Retry-After, timeouts, resets and
  dropped or truncated bodies → TransientRemoteError, any other 4xx/5xx → RemoteError.
- A Retry-After pauses *every* call of the process through the shared `Gate` for that long, once
  per signal (the retry itself adds no extra backoff on top). Without Retry-After: exponential
  backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter").
- Throttling is a pace, not an error (issue 14): a 429/503 with Retry-After is waited out and replayed
  (the throttled request was not executed, so even a create is replayed) without spending the retry
  budget or the call's attempts; `Pace` reads `RateLimit-Limit/-Remaining/-Reset`, which SharePoint
  sends once an app has used 80 % of its resource units ("Avoid getting throttled or blocked in
  SharePoint Online", learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-
  throttled-or-blocked-in-sharepoint-online, "RateLimit headers"), and slows the process down before
  the 429. The run's deadline (`sync.run_deadline_seconds`), not a retry count, ends a long backfill.
- A bounded `RetryBudget` per run for the other transient failures (timeouts, drops, 502/504, 429
  without Retry-After): when spent, RetryBudgetExhausted ends the run as partial.
- Only what is safe to repeat is replayed: GET, MERGE with IF-MATCH, DELETE (`idempotent=True`).
  A non-idempotent POST (a create) is replayed only after a 401 (the request was refused before it
  ran); any other failure is raised, and `create_if_absent` repeats the *lookup + create* pair
  instead, so a create that did land is found by its key, never duplicated.
office365's own retry helpers ignore Retry-After on the default path and replay POSTs blindly, so
they are never used. Waiting goes through sharepoint_sync.clock (patched in tests).
"""
from __future__ import annotations

import email.utils
import json
import random
import threading
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

import requests

from sharepoint_sync import clock
from sharepoint_sync.errors import (AuthError, ConflictError, PermissionDenied, RemoteError, RetryBudgetExhausted,
                                    SyncError, TransientRemoteError, VirusBlocked)
from sharepoint_sync.log import get_logger

log = get_logger("sharepoint_sync.retry")
T = TypeVar("T")

#: statuses that mean "not now, try later" (SharePoint throttling: 429 and 503, both with Retry-After,
#: learn.microsoft.com "Avoid getting throttled or blocked in SharePoint Online"); 502/504 are gateway hiccups.
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
#: a 500 is transient unless SharePoint says what went wrong: its deterministic failures come with an
#: OData error code (error-500-list-view-threshold.verbose.reported.json, error-500-list-already-exists
#: .verbose.json under ../shared/reference/sharepoint-responses/), a server hiccup comes without one
MAYBE_TRANSIENT_STATUSES = frozenset({500})
#: SharePoint refuses to serve a file its virus scan flagged with this response header ([MS-WSSHP]
#: "x-virus-infected": "the requested resource cannot be returned because it has been infected by a
#: virus", learn.microsoft.com/openspecs/sharepoint_protocols/ms-wsshp; SharePoint Online blocks the
#: download when the tenant sets DisallowInfectedFileDownload): that one file, not the site
VIRUS_HEADER = "X-Virus-Infected"
#: the grant an app needs to keep the ILN site (Sites.Selected with the write role, or FullControl to provision)
PERMISSION_NEEDED = "SharePoint application permission Sites.Selected with a 'write' grant on the site " \
                    "('fullcontrol' for provision), admin-consented"


@dataclass(frozen=True)
class RetryPolicy:
    """How patiently to retry: backoff base/cap, attempts per call, the longest Retry-After we honour."""

    base_delay: float = 1.0
    max_delay: float = 60.0
    max_attempts: int = 6
    max_retry_after: float = 900.0


class RetryBudget:
    """The retries one run may spend in total (thread-safe)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.spent = 0
        self._lock = threading.Lock()

    def take(self) -> bool:
        """Spend one retry; False when none is left."""
        with self._lock:
            if self.spent >= self.total:
                return False
            self.spent += 1
            return True

    @property
    def remaining(self) -> int:
        """Retries left."""
        return self.total - self.spent

    def refill(self) -> None:
        """A new run starts with the whole budget (one gateway may serve several runs: demo, schedule)."""
        with self._lock:
            self.spent = 0


class Gate:
    """Process-wide pause: after a Retry-After, no call of the process starts before it expires."""

    def __init__(self) -> None:
        self._until = 0.0
        self._lock = threading.Lock()

    def close_for(self, seconds: float) -> None:
        """Hold every call for `seconds` from now (a later, longer signal extends the pause)."""
        with self._lock:
            self._until = max(self._until, clock.monotonic() + seconds)

    def reopen(self) -> None:
        """Forget any pause (tests that fake the clock use it so a faked wait cannot leak into real time)."""
        with self._lock:
            self._until = 0.0

    def wait(self) -> float:
        """Block until the gate is open; returns the seconds waited."""
        with self._lock:
            remaining = self._until - clock.monotonic()
        if remaining > 0:
            clock.sleep(remaining)
            return remaining
        return 0.0


#: the gate every call of the process shares
GATE = Gate()


class Pace:
    """Spends SharePoint's resource units no faster than they come back, once SharePoint says how many
    are left (RateLimit-* headers; see module docstring). Before a request of `cost` units it waits
    until the units left, refilled at the rate the headers imply, cover that cost and the cost of every
    request still in flight (downloads overlap: prefetch.py), so concurrent requests never overspend."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._left: float | None = None
        self._rate = 0.0
        self._stamp = 0.0
        #: units of the requests sent and not answered yet (the server's Remaining does not count them)
        self._in_flight = 0.0
        self.waited = 0.0

    def note(self, headers: Any, cost: float = 0.0) -> None:
        """A request of `cost` units was answered: read its RateLimit-* headers; none means the app is
        below 80 % of its units, so no pace until they come back."""
        limit, left, reset = (_number(headers, f"RateLimit-{name}") for name in ("Limit", "Remaining", "Reset"))
        with self._lock:
            self._in_flight = max(0.0, self._in_flight - cost)
            if limit is None or left is None:
                self._left = None
                return
            # the units come back in full by `reset` seconds: that is the refill rate
            self._rate = max(limit - left, 1.0) / reset if reset and reset > 0 else limit / 60.0
            self._left, self._stamp = left, clock.monotonic()

    def before(self, cost: float) -> float:
        """Reserve `cost` units, waiting if needed until they are there; returns the seconds waited.
        Every `before` is followed by one `note` with the same cost when the answer (or failure) comes."""
        with self._lock:
            self._in_flight += cost
            if self._left is None or self._rate <= 0:
                return 0.0
            available = self._left + (clock.monotonic() - self._stamp) * self._rate - self._in_flight
            wait = max(0.0, -available / self._rate)
        if wait > 0:
            log.info("sp.pace", wait=round(wait, 3), cost=cost)
            self.waited += wait
            clock.sleep(wait)
        return wait


def _number(headers: Any, name: str) -> float | None:
    try:
        value = headers.get(name) if headers is not None else None
        return float(value) if value is not None and str(value).strip() else None
    except (TypeError, ValueError):
        return None


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: an integer number of seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, (when - clock.now()).total_seconds())


def _error_body(response: Any) -> tuple[str | None, str]:
    """(code, message) from a SharePoint/Graph error body, verbose or nometadata; plain text otherwise."""
    try:
        data = json.loads(response.content or b"null")
    except (ValueError, TypeError):
        return None, (response.text or "")[:200].strip() if hasattr(response, "text") else ""
    error = (data.get("error") or data.get("odata.error")) if isinstance(data, dict) else None
    if not isinstance(error, dict):
        return None, ""
    message = error.get("message")
    text = message.get("value", "") if isinstance(message, dict) else str(message or "")
    return (str(error.get("code")) if error.get("code") is not None else None), text[:300]


def classify_response(response: Any, site_url: str = "", *, service: str = "SharePoint",
                      permission_needed: str = PERMISSION_NEEDED) -> SyncError:
    """Our error for a failed HTTP response (status ≥ 400) from `service` (SharePoint, or Graph for mail)."""
    status = int(response.status_code)
    method = getattr(getattr(response, "request", None), "method", None)
    url = _safe_url(getattr(response, "url", "") or "")
    code, message = _error_body(response)
    if status == 401:
        return AuthError(f"{service} rejected the access token (401)", status=401, url=url, detail=message or None)
    if status == 403 and response.headers.get(VIRUS_HEADER) is not None:
        return VirusBlocked("SharePoint's virus scan blocked the file", status=403, url=url,
                            virus=str(response.headers.get(VIRUS_HEADER))[:100] or None)
    if status == 403:
        return PermissionDenied("access denied (403)", site=site_url or url, permission_needed=permission_needed,
                                url=url, code=code)
    if status == 412:
        return ConflictError("the item changed since it was read (412)", status=412, code=code, url=url)
    if status in TRANSIENT_STATUSES or (status in MAYBE_TRANSIENT_STATUSES and code is None):
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return TransientRemoteError(f"{service} answered {status}", status=status, retry_after=retry_after,
                                    method=method, url=url)
    return RemoteError(message or f"{service} answered {status}", status=status, code=code, method=method, url=url)


def classify(error: BaseException, site_url: str = "") -> SyncError:
    """The one classification of failures: any exception raised by a call → our error taxonomy."""
    if isinstance(error, SyncError):
        return error
    response = getattr(error, "response", None)
    if response is not None and getattr(response, "status_code", 0) >= 400:
        return classify_response(response, site_url)
    if isinstance(error, (requests.Timeout, requests.ConnectionError)):
        return TransientRemoteError("the connection failed or timed out", reason=type(error).__name__)
    if isinstance(error, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
        return TransientRemoteError("the response was cut off", reason=type(error).__name__)
    if isinstance(error, json.JSONDecodeError):  # requests.JSONDecodeError is one too
        # A body that ends mid-JSON is a dropped connection, not a corrupt document.
        return TransientRemoteError("the response was truncated (incomplete JSON)", reason="truncated")
    if isinstance(error, requests.RequestException):
        return TransientRemoteError("the request failed in transport", reason=type(error).__name__)
    raise error


def _safe_url(url: str) -> str:
    """The URL without its query string (which may carry pre-authenticated parameters)."""
    return url.split("?", 1)[0]


class Retrier:
    """Runs calls under the shared gate and one run's budget, replaying only what is safe."""

    def __init__(self, budget: RetryBudget, *, refresh_token: Callable[[], None] | None = None,
                 site_url: str = "", gate: Gate | None = None, policy: RetryPolicy | None = None,
                 rng: random.Random | None = None, run_deadline_seconds: float | None = None) -> None:
        self.budget = budget
        self.pace = Pace()
        self.run_deadline_seconds = run_deadline_seconds
        self.deadline: float | None = None
        #: waits asked by Retry-After in this run (paced, not counted against the budget)
        self.throttled = 0
        self.refresh_token = refresh_token
        self.site_url = site_url
        self.gate = gate or GATE
        self.policy = policy or RetryPolicy()
        self.rng = rng or random.Random()
        #: the next call starts with its one token refresh already spent (see `refreshed_for_next_call`)
        self._refresh_spent = False

    def begin_run(self) -> None:
        """A run starts: the whole retry budget again, and its deadline from now."""
        self.budget.refill()
        self.throttled = 0
        self.deadline = clock.monotonic() + self.run_deadline_seconds if self.run_deadline_seconds else None

    def _check_deadline(self, wait: float = 0.0, what: str = "") -> None:
        if self.deadline is not None and clock.monotonic() + wait > self.deadline:
            raise TransientRemoteError("the run reached its deadline (sync.run_deadline_seconds); the rest is "
                                       "left for the next run", reason="deadline", what=what) from None

    def refreshed_for_next_call(self) -> None:
        """A 401 met inside a `$batch` part: refresh the token now and let the single call that replays
        that operation count it as its one refresh (a second 401 then stops the run, as for any call)."""
        if self.refresh_token is not None:
            self.refresh_token()
        self._refresh_spent = True

    def call(self, operation: Callable[[], T], *, what: str, idempotent: bool = True) -> T:
        """Run `operation`, retrying transient failures if `idempotent`; raise our error otherwise."""
        refreshed, self._refresh_spent = self._refresh_spent, False
        attempt = 0
        while True:
            attempt += 1
            self._check_deadline(what=what)
            self.gate.wait()
            try:
                return operation()
            except Exception as raw:  # noqa: BLE001 - every failure is classified right here
                error = classify(raw, self.site_url)
            if isinstance(error, AuthError) and error.data.get("status") == 401:
                if refreshed or self.refresh_token is None:
                    raise AuthError("SharePoint rejected a fresh access token too (401 twice); stopping",
                                    what=what, site=self.site_url) from None
                refreshed = True
                log.info("sp.retry", what=what, status=401, attempt=attempt, wait=0, reason="token refreshed")
                self.refresh_token()
                continue
            if not isinstance(error, TransientRemoteError):
                raise error
            if self._retry_or_raise(error, what, attempt, idempotent):
                attempt -= 1  # a paced wait is not an attempt

    def _retry_or_raise(self, error: TransientRemoteError, what: str, attempt: int, idempotent: bool) -> bool:
        """Pause as the server asked (for every call), then replay (True: a throttling pace, free),
        spend one retry (False), or raise."""
        if error.retry_after is not None:
            if error.retry_after > self.policy.max_retry_after:
                raise TransientRemoteError("SharePoint asked to wait longer than we do", status=error.status,
                                           retry_after=error.retry_after, what=what) from None
            self._check_deadline(error.retry_after, what)
            self.gate.close_for(error.retry_after)  # the next call of the process, whichever, waits it out
            if error.status in (429, 503):  # throttled: the request was not run, so replaying is safe
                self.throttled += 1
                log.info("sp.throttled", what=what, status=error.status, wait=error.retry_after)
                return True
        if not idempotent or attempt >= self.policy.max_attempts:
            raise error
        if not self.budget.take():
            raise RetryBudgetExhausted("the run's retry budget is spent", budget=self.budget.total,
                                       what=what, status=error.status) from None
        wait = error.retry_after if error.retry_after is not None else self._backoff(attempt)
        log.info("sp.retry", what=what, status=error.status, attempt=attempt, wait=round(wait, 3),
                 reason=error.data.get("reason"), retry_after=error.retry_after is not None)
        if error.retry_after is None:
            clock.sleep(wait)
        return False

    def _backoff(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))]."""
        cap = min(self.policy.max_delay, self.policy.base_delay * (2 ** (attempt - 1)))
        return self.rng.uniform(0, cap)


def create_if_absent(retrier: Retrier, lookup: Callable[[], T | None], create: Callable[[], T], *,
                     what: str, lookup_first: bool = True) -> tuple[T, bool]:
    """Create only when the key is absent; on a transient failure of the create, look it up again.

    Returns (item, created). This is how a create is retried: never by replaying the POST itself, since a
    POST that timed out may have landed. The lookup must find the item by its unique key column.
    `lookup_first=False` when the caller has just read the list and knows the key is absent: the lookup
    is then made only after an ambiguous failure (issue 14: a lookup before every create was 28 % of
    a first sync's requests).
    """
    attempt = 0
    while True:
        attempt += 1
        found = retrier.call(lookup, what=f"{what} (lookup)") if lookup_first or attempt > 1 else None
        if found is not None:
            return found, False
        try:
            return retrier.call(create, what=what, idempotent=False), True
        except RetryBudgetExhausted:
            raise
        except TransientRemoteError as error:
            if attempt >= retrier.policy.max_attempts:
                raise
            if not retrier.budget.take():
                raise RetryBudgetExhausted("the run's retry budget is spent", budget=retrier.budget.total,
                                           what=what, status=error.status) from None
            wait = 0.0 if error.retry_after is not None else retrier._backoff(attempt)
            log.info("sp.retry", what=what, status=error.status, attempt=attempt, wait=round(wait, 3),
                     reason="create failed in transit; looking the key up before creating again")
            clock.sleep(wait)
