"""The control API under `/_emulator/` — for tests, benchmarks and people. No auth: the server listens
on loopback only, and nothing here reveals key material or tokens.

  GET    /_emulator/                     this list of endpoints and the tenant.json
  GET    /_emulator/requests[?since=N]   the request log (entries carry `seq`; `since` returns newer ones)
  DELETE /_emulator/requests             clear the log
  GET    /_emulator/faults               active fault rules
  POST   /_emulator/faults               add a rule (object) or rules (list), see faults.parse_rule:
         {"method", "path" (regex), "query" (regex), "status", "headers", "body", "count", "probability",
          "latency" (s), "drop", "hang" (s), "truncate", "seed"}
  DELETE /_emulator/faults               remove every rule
  GET    /_emulator/budget               the budget and the premature-retry record
  POST   /_emulator/budget               {"units_per_minute", "read_cost", "write_cost", "retry_after", "path"}
  DELETE /_emulator/budget               no budget (and forget the premature-retry record)
  GET    /_emulator/state                site lists/items/files/pages + mails
  POST   /_emulator/reset                back to a fresh tenant
  GET    /_emulator/token-lifetime, POST /_emulator/token-lifetime {"seconds": N}
  POST   /_emulator/site-grant {"granted": bool}   toggle the app's Sites.Selected grant (403 when false)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from m365_fake.faults import Budget, FaultSpecError
from m365_fake.http import Request, Response, Router

if TYPE_CHECKING:
    from m365_fake.tenant import FakeTenant

_JSON = "application/json; charset=utf-8"


def _ok(data: Any, status: int = 200) -> Response:
    return Response.json(data, status=status, content_type=_JSON)


def _bad(message: str) -> Response:
    return Response.json({"error": {"code": "BadRequest", "message": message}}, status=400, content_type=_JSON)


def _body(request: Request) -> Any:
    try:
        return request.json()
    except (ValueError, UnicodeDecodeError):
        raise FaultSpecError("the body is not valid JSON") from None


def _object(request: Request) -> dict[str, Any]:
    body = _body(request)
    if not isinstance(body, dict):
        raise FaultSpecError("the body must be a JSON object")
    return body


class Control:
    """Control-API handlers over one FakeTenant."""

    def __init__(self, tenant: "FakeTenant") -> None:
        self.tenant = tenant

    def register(self, router: Router) -> None:
        """Add every /_emulator/ route."""
        routes = [
            ("GET", "requests", self.get_requests), ("DELETE", "requests", self.clear_requests),
            ("GET", "faults", self.get_faults), ("POST", "faults", self.add_faults),
            ("DELETE", "faults", self.clear_faults), ("GET", "budget", self.get_budget),
            ("POST", "budget", self.set_budget), ("DELETE", "budget", self.clear_budget),
            ("GET", "state", self.get_state), ("POST", "reset", self.reset),
            ("GET", "token-lifetime", self.get_lifetime), ("POST", "token-lifetime", self.set_lifetime),
            ("POST", "site-grant", self.set_grant),
        ]
        for method, name, handler in routes:
            router.add(method, f"/_emulator/{name}", self._guard(handler))
        index = [f"{method} /_emulator/{name}" for method, name, _ in routes]
        router.add("GET", "/_emulator", lambda request: _ok({"endpoints": index, "tenant": self.tenant.info}))

    @staticmethod
    def _guard(handler: Any) -> Any:
        def guarded(request: Request) -> Response:
            try:
                return handler(request)
            except FaultSpecError as error:
                return _bad(str(error))
        return guarded

    @property
    def _pipeline(self) -> Any:
        return self.tenant.pipeline

    def get_requests(self, request: Request) -> Response:
        """The request log, optionally only entries after `?since=N`."""
        since = request.query.get("since", "0")
        if not since.isdigit():
            raise FaultSpecError("'since' must be a non-negative integer")
        return _ok({"requests": self._pipeline.log.since(int(since))})

    def clear_requests(self, request: Request) -> Response:
        """Forget the request log."""
        self._pipeline.log.clear()
        return Response(status=204)

    def get_faults(self, request: Request) -> Response:
        """Active fault rules."""
        return _ok({"faults": self._pipeline.faults.rules()})

    def add_faults(self, request: Request) -> Response:
        """Add one fault rule or a list of them; answers the rules with their ids."""
        rules = self._pipeline.faults.add(_body(request))
        return _ok({"faults": [r.describe() for r in rules]}, status=201)

    def clear_faults(self, request: Request) -> Response:
        """Remove every fault rule."""
        self._pipeline.faults.clear()
        return Response(status=204)

    def get_budget(self, request: Request) -> Response:
        """The throttling budget and every premature retry seen."""
        return _ok(self._pipeline.throttle.describe())

    def set_budget(self, request: Request) -> Response:
        """Install a throttling budget (replacing any other)."""
        self._pipeline.throttle.budget = Budget.from_spec(_body(request))
        return _ok(self._pipeline.throttle.describe())

    def clear_budget(self, request: Request) -> Response:
        """Remove the budget and forget Retry-After deadlines and premature retries."""
        self._pipeline.throttle.reset()
        return Response(status=204)

    def get_state(self, request: Request) -> Response:
        """The site and the outbox."""
        return _ok(self.tenant.state())

    def reset(self, request: Request) -> Response:
        """Back to a fresh tenant."""
        self.tenant.reset()
        return Response(status=204)

    def get_lifetime(self, request: Request) -> Response:
        """Lifetime in seconds of newly issued tokens."""
        return _ok({"seconds": self.tenant.token_lifetime})

    def set_lifetime(self, request: Request) -> Response:
        """Set the lifetime of tokens issued from now on."""
        seconds = _object(request).get("seconds")
        if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 1:
            raise FaultSpecError("'seconds' must be a positive integer")
        self.tenant.token_lifetime = seconds
        return _ok({"seconds": seconds})

    def set_grant(self, request: Request) -> Response:
        """Grant or withdraw the app's access to the site (SharePoint answers 403 without it)."""
        granted = _object(request).get("granted")
        if not isinstance(granted, bool):
            raise FaultSpecError("'granted' must be true or false")
        if self.tenant.site is None:
            raise FaultSpecError("the SharePoint site emulation is not available")
        self.tenant.site.grant = granted
        return _ok({"granted": granted})
