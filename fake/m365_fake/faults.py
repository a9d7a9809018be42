"""Injected faults, the throttling budget and the request log — the fake tenant's control-API state.

Throttling follows SharePoint Online's documented model (https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online):
requests cost resource units, a spent budget answers 429 with `Retry-After` in seconds, and a client that
calls again before `Retry-After` has passed is misbehaving — recorded here as a *premature retry*.
Clients are told apart by the token's app id (SharePoint throttles per app), else by User-Agent; a
request already in flight when the 429 was sent also counts, so sequential clients give a clean record.
The budget is one bucket for the whole tenant, refilled continuously.
The 429 body is plain text (tests/fixtures/sharepoint-responses/error-429-throttled.reported.json).
"""
from __future__ import annotations

import json
import math
import random
import re
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from m365_fake.http import Headers, Request, Response

THROTTLED_BODY = b"429 TOO MANY REQUESTS"
_DEFAULT_BODIES = {429: THROTTLED_BODY, 503: b"The service is unavailable."}
_WRITE_METHODS = {"POST", "PUT", "PATCH", "MERGE", "DELETE"}
_LOG_LIMIT = 100_000  # newest entries kept; older ones fall off
#: the request line of one operation inside a multipart $batch body
_BATCH_OPERATION = re.compile(rb"^(GET|POST|PUT|PATCH|MERGE|DELETE) https?://\S+ HTTP/1\.1\r?$", re.MULTILINE)


class FaultSpecError(ValueError):
    """A fault or budget specification that cannot be used; the message says which field."""


@dataclass
class FaultRule:
    """One injected fault: which requests it matches and what happens to them."""

    id: int
    path: re.Pattern[str]
    method: str = "*"
    query: re.Pattern[str] | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    remaining: int | None = None
    probability: float = 1.0
    latency: float = 0.0
    drop: bool = False
    hang: float = 0.0
    truncate: bool = False
    hits: int = 0
    rng: random.Random = field(default_factory=lambda: random.Random(0))

    def matches(self, request: Request) -> bool:
        """True if this rule applies to `request` (counting and probability aside)."""
        if self.method not in ("*", request.method.upper()):
            return False
        if not self.path.search(request.path):
            return False
        return self.query is None or bool(self.query.search(request.raw_query))

    def describe(self) -> dict[str, Any]:
        """The rule as JSON for the control API."""
        return {"id": self.id, "method": self.method, "path": self.path.pattern,
                "query": self.query.pattern if self.query else None, "status": self.status,
                "remaining": self.remaining, "probability": self.probability, "latency": self.latency,
                "drop": self.drop, "hang": self.hang, "truncate": self.truncate, "hits": self.hits}


def _number(spec: dict[str, Any], key: str, default: float, minimum: float = 0.0) -> float:
    value = spec.get(key, default)
    if value is None:
        return default
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < minimum:
        raise FaultSpecError(f"'{key}' must be a number >= {minimum}")
    return float(value)


def _regex(spec: dict[str, Any], key: str) -> re.Pattern[str] | None:
    if spec.get(key) in (None, ""):
        return None
    try:
        return re.compile(str(spec[key]), re.IGNORECASE)
    except re.error as error:
        raise FaultSpecError(f"'{key}' is not a valid regular expression: {error}") from None


def parse_rule(rule_id: int, spec: Any) -> FaultRule:
    """A FaultRule from the control API's JSON; raises FaultSpecError naming the bad field."""
    if not isinstance(spec, dict):
        raise FaultSpecError("a fault must be a JSON object")
    status = spec.get("status")
    if status is not None and (not isinstance(status, int) or not 100 <= status <= 599):
        raise FaultSpecError("'status' must be an HTTP status code")
    body = spec.get("body")
    headers = {str(k): str(v) for k, v in (spec.get("headers") or {}).items()}
    if body is not None and not isinstance(body, str):  # a JSON body, e.g. an OData error object
        body = json.dumps(body)
        if not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = "application/json;odata=verbose;charset=utf-8"
    count = spec.get("count")
    if count is not None and (not isinstance(count, int) or count < 1):
        raise FaultSpecError("'count' must be a positive integer")
    probability = _number(spec, "probability", 1.0)
    if probability > 1:
        raise FaultSpecError("'probability' must be between 0 and 1")
    return FaultRule(
        id=rule_id, path=_regex(spec, "path") or re.compile(""), method=str(spec.get("method", "*")).upper(),
        query=_regex(spec, "query"), status=status, headers=headers,
        body=body.encode("utf-8") if body is not None else None, remaining=count, probability=probability,
        latency=_number(spec, "latency", 0.0), drop=bool(spec.get("drop")), hang=_number(spec, "hang", 0.0),
        truncate=bool(spec.get("truncate")), rng=random.Random(spec.get("seed", rule_id)))


class FaultTable:
    """The active fault rules, first match wins. Thread-safe."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._next_id = 1
        self._lock = threading.Lock()

    def add(self, spec: Any) -> list[FaultRule]:
        """Add one rule (a JSON object) or several (a list); returns the new rules."""
        specs = spec if isinstance(spec, list) else [spec]
        with self._lock:
            rules = [parse_rule(self._next_id + i, s) for i, s in enumerate(specs)]
            self._next_id += len(rules)
            self._rules.extend(rules)
        return rules

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules.clear()

    def rules(self) -> list[dict[str, Any]]:
        """The active rules as JSON."""
        with self._lock:
            return [r.describe() for r in self._rules]

    def take(self, request: Request) -> FaultRule | None:
        """The rule that fires for this request (counting it), or None."""
        if not self._rules:
            return None
        with self._lock:
            for rule in self._rules:
                if not rule.matches(request) or (rule.probability < 1 and rule.rng.random() >= rule.probability):
                    continue
                rule.hits += 1
                if rule.remaining is not None:
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        self._rules.remove(rule)
                return rule
        return None


#: the fault table that parts of the `$batch` being served are checked against (set by the pipeline for the
#: thread serving the batch), so a rule written for a single request (`POST …/items$`) also fires when that
#: request travels inside a `$batch`: with `status`, the part answers it inside the outer 200 (as SharePoint
#: answers a failed operation: batch-50-deletes-one-404.verbose.raw.json); its other effects (drop, hang,
#: truncate, latency) apply to the whole batch answer, which is what the client would see.
_BATCH_FAULTS = threading.local()


@contextmanager
def faults_for_batch_parts(table: "FaultTable") -> Iterator[None]:
    """While serving one `$batch`: its parts are checked against `table`."""
    _BATCH_FAULTS.table = table
    try:
        yield
    finally:
        _BATCH_FAULTS.table = None


def part_fault(request: Request) -> FaultRule | None:
    """The rule that fires for one operation inside the `$batch` being served, or None."""
    table = getattr(_BATCH_FAULTS, "table", None)
    return table.take(request) if table is not None else None


def fault_response(rule: FaultRule) -> Response:
    """The response a rule with a `status` sends instead of the real one."""
    status = rule.status or 500
    body = rule.body if rule.body is not None else _DEFAULT_BODIES.get(status, b"")
    headers = Headers({"Content-Type": "text/plain; charset=utf-8", **rule.headers})
    return Response(status=status, headers=headers, body=body)


def apply_effects(rule: FaultRule, response: Response) -> Response:
    """Add the rule's latency, drop, hang and truncation to a response."""
    response.delay += rule.latency
    response.drop = response.drop or rule.drop
    response.hang = max(response.hang, rule.hang)
    response.truncate = response.truncate or rule.truncate
    return response


class Budget:
    """A resource-unit budget refilled continuously at `units_per_minute` (reads cost 1, writes 2)."""

    def __init__(self, units_per_minute: float, read_cost: float = 1, write_cost: float = 2,
                 retry_after: int | None = None, path: str = r"/_api/") -> None:
        self.units_per_minute = units_per_minute
        self.read_cost, self.write_cost = read_cost, write_cost
        self.fixed_retry_after = retry_after
        self.path = re.compile(path, re.IGNORECASE)
        self.available = float(units_per_minute)
        self._stamp = time.monotonic()
        self.throttled = 0

    @classmethod
    def from_spec(cls, spec: Any) -> "Budget":
        """A Budget from the control API's JSON; raises FaultSpecError naming the bad field."""
        if not isinstance(spec, dict):
            raise FaultSpecError("the budget must be a JSON object")
        units = _number(spec, "units_per_minute", -1.0)
        if units <= 0:
            raise FaultSpecError("'units_per_minute' must be a positive number")
        retry_after = spec.get("retry_after")
        if retry_after is not None and (not isinstance(retry_after, int) or retry_after < 1):
            raise FaultSpecError("'retry_after' must be a positive integer (seconds)")
        return cls(units, _number(spec, "read_cost", 1), _number(spec, "write_cost", 2), retry_after,
                   str(spec.get("path") or r"/_api/"))

    def charge(self, request: Request) -> int | None:
        """Spend this request's units; returns Retry-After seconds when the budget cannot pay for it."""
        if not self.path.search(request.path):
            return None
        now = time.monotonic()
        rate = self.units_per_minute / 60.0
        self.available = min(self.units_per_minute, self.available + (now - self._stamp) * rate)
        self._stamp = now
        cost = self._cost(request)
        if self.available >= cost:
            self.available -= cost
            return None
        # "throttled requests count towards usage limits, so failure to honor Retry-After may result in
        # more throttling" (Microsoft's throttling page): a throttled call still spends (down to one
        # minute of debt), so a premature retry pushes the next allowed call further out.
        self.available = max(-self.units_per_minute, self.available - cost)
        self.throttled += 1
        return self.fixed_retry_after or max(1, math.ceil((cost - self.available) / rate))

    def rate_limit_headers(self) -> dict[str, str]:
        """RateLimit-* headers, sent once 80% of the minute's units are used, as SharePoint Online does
        ("Avoid getting throttled or blocked in SharePoint Online", section "Application throttling" /
        RateLimit headers: learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-
        throttled-or-blocked-in-sharepoint-online): the limit, what remains, and seconds until the
        budget is full again."""
        if self.available > 0.2 * self.units_per_minute:
            return {}
        reset = math.ceil((self.units_per_minute - self.available) / (self.units_per_minute / 60.0))
        return {"RateLimit-Limit": f"{self.units_per_minute:g}", "RateLimit-Remaining": str(max(0, int(self.available))),
                "RateLimit-Reset": str(reset)}

    def _cost(self, request: Request) -> float:
        """Units for a request. A `$batch` costs what its operations cost, since SharePoint meters each
        operation inside a batch (https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online)."""
        if request.path.lower().endswith("/$batch"):
            methods = _BATCH_OPERATION.findall(request.body)
            if methods:
                return sum(self.write_cost if m.decode().upper() in _WRITE_METHODS else self.read_cost for m in methods)
        return self.write_cost if request.method.upper() in _WRITE_METHODS else self.read_cost

    def describe(self) -> dict[str, Any]:
        """The budget as JSON."""
        return {"units_per_minute": self.units_per_minute, "read_cost": self.read_cost,
                "write_cost": self.write_cost, "retry_after": self.fixed_retry_after, "path": self.path.pattern,
                "available": round(self.available, 2), "throttled": self.throttled}


class Throttle:
    """The optional budget plus every client's Retry-After deadline and the premature retries seen."""

    def __init__(self) -> None:
        self.budget: Budget | None = None
        self._deadlines: dict[str, float] = {}
        self.premature: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def note_premature(self, client: str, request: Request) -> None:
        """Record the request if `client` was told to wait and has not waited long enough."""
        deadline = self._deadlines.get(client)
        if deadline is None:
            return
        now = time.monotonic()
        with self._lock:
            if now < deadline:
                self.premature.append({"client": client, "method": request.method, "path": request.path,
                                       "early_by_seconds": round(deadline - now, 3),
                                       "user_agent": request.headers.get("User-Agent", "")})
            else:
                self._deadlines.pop(client, None)

    def charge(self, request: Request) -> tuple[Response | None, dict[str, str]]:
        """(a 429 response if the budget is spent else None, RateLimit-* headers for the real response)."""
        if self.budget is None:
            return None, {}
        with self._lock:
            retry_after = self.budget.charge(request)
            if retry_after is None:
                return None, self.budget.rate_limit_headers() if self.budget.path.search(request.path) else {}
            limits = self.budget.rate_limit_headers()
        # the 429 carries the RateLimit-* headers too (Remaining 0): a client pacing itself by them keeps
        # its picture of the budget through the throttled answer
        return Response(status=429, headers=Headers({"Content-Type": "text/plain; charset=utf-8",
                                                     "Retry-After": str(retry_after), **limits}),
                        body=THROTTLED_BODY), {}

    def note_response(self, client: str, response: Response) -> None:
        """Remember the client's Retry-After deadline when a 429/503 told it to wait."""
        value = response.headers.get("Retry-After")
        if response.status not in (429, 503) or not value:
            return
        try:
            seconds = float(value)
        except ValueError:
            return  # an HTTP-date Retry-After from a fault rule: not tracked
        with self._lock:
            self._deadlines[client] = time.monotonic() + seconds

    def reset(self) -> None:
        """Forget the budget, the deadlines and the premature retries."""
        with self._lock:
            self.budget = None
            self._deadlines.clear()
            self.premature.clear()

    def describe(self) -> dict[str, Any]:
        """Budget and premature-retry record as JSON."""
        with self._lock:
            return {"budget": self.budget.describe() if self.budget else None,
                    "premature_retries": list(self.premature)}


class RequestLog:
    """Every request served (method, path, query, status, duration, User-Agent), numbered from 1."""

    def __init__(self) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=_LOG_LIMIT)
        self._next = 1
        self._lock = threading.Lock()

    def add(self, entry: dict[str, Any]) -> None:
        """Append an entry, giving it the next sequence number `seq`."""
        with self._lock:
            entry["seq"] = self._next
            self._next += 1
            self._entries.append(entry)

    def since(self, seq: int = 0) -> list[dict[str, Any]]:
        """Entries with a sequence number greater than `seq`."""
        with self._lock:
            return [e for e in self._entries if e["seq"] > seq]

    def clear(self) -> None:
        """Forget every entry (numbering continues)."""
        with self._lock:
            self._entries.clear()
