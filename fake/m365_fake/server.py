"""The fake tenant's request pipeline, independent of sockets and of WSGI.

`Pipeline.handle` turns one `Request` into a `Response`: bearer-token check, control-API faults,
the throttling budget, routing, the request log, and a SharePoint-shaped 500 for any handler bug
(never a traceback on the wire). The wire itself (werkzeug's WSGI server, TLS, keep-alive, faults
that act on the socket) is `m365_fake.wsgi`.
"""
from __future__ import annotations

import ssl
import time
from typing import Any

from m365_fake.faults import (FaultTable, RequestLog, Throttle, apply_effects, fault_response,
                              faults_for_batch_parts)
from m365_fake.http import Request, Response, Router
from m365_fake.tokens import TokenInvalid, TokenService
from m365_fake.log import get_logger, redact

CONTROL_PREFIX = "/_emulator"
_log = get_logger("fake_tenant.server")


def odata_error(status: int, code: str, message: str, request: Request | None = None) -> Response:
    """A SharePoint REST error body, verbose (`error`) or nometadata (`odata.error`) as the client asked.

    Shapes: tests/fixtures/sharepoint-responses/error-400-argument.verbose.json and
    error-403-unauthorized.nometadata.reported.json.
    """
    accept = request.headers.get("Accept", "") if request else ""
    inner = {"code": code, "message": {"lang": "en-US", "value": message}}
    if "odata=verbose" in accept or not accept or "json" not in accept:
        return Response.json({"error": inner}, status=status)
    return Response.json({"odata.error": inner}, status=status,
                         content_type="application/json;odata=nometadata;charset=utf-8")


def _safe_query(raw_query: str) -> str:
    """The query string for the log, with anything token-shaped (sig=, access_token=, ...) redacted."""
    return redact("?" + raw_query)[1:] if "=" in raw_query else raw_query


class Pipeline:
    """Everything between the parsed request and the response, independent of sockets."""

    def __init__(self, router: Router, tokens: TokenService) -> None:
        self.router = router
        self.tokens = tokens
        self.log = RequestLog()
        self.faults = FaultTable()
        self.throttle = Throttle()

    def authenticate(self, request: Request) -> None:
        """Set `request.auth` (claims) or `request.auth_error` from an Authorization header, if any."""
        header = request.headers.get("Authorization")
        if not header:
            return
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            request.auth_error = "the Authorization header is not a bearer token"
            return
        try:
            request.auth = self.tokens.verify(token.strip())
        except TokenInvalid as error:
            request.auth_error = str(error)
        except Exception:  # whatever a hostile token trips over, it is only ever a refused token
            request.auth_error = "the token is not valid"

    def handle(self, request: Request, connection: int = 0) -> Response:
        """The response to one request; never raises. `connection` numbers the TCP connection (for the log)."""
        started = time.perf_counter()
        self.authenticate(request)
        # who is throttled: SharePoint throttles per app, so the token's app id; else the User-Agent
        client = str((request.auth or {}).get("appid") or request.headers.get("User-Agent") or "anonymous")
        if request.path.startswith(CONTROL_PREFIX):
            response, cause = self.route(request), None
        else:
            response, cause = self._serve_tenant(request, client)
        self._record(request, response, client, cause, connection, time.perf_counter() - started)
        return response

    def _serve_tenant(self, request: Request, client: str) -> tuple[Response, Any]:
        """Faults first, then the budget, then the real handler; returns the response and what shaped it."""
        self.throttle.note_premature(client, request)
        rule = self.faults.take(request)
        cause: Any = rule.id if rule else None
        if rule is not None and rule.status is not None:
            response = fault_response(rule)
        else:
            throttled, rate_limit = self.throttle.charge(request)
            cause = "budget" if throttled is not None else cause
            if throttled is None and request.path.lower().endswith("/$batch"):
                with faults_for_batch_parts(self.faults):
                    response = self.route(request)
            else:
                response = throttled or self.route(request)
            for name, value in rate_limit.items():
                response.headers[name] = value
        if rule is not None:
            response = apply_effects(rule, response)
        self.throttle.note_response(client, response)
        return response, cause

    def route(self, request: Request) -> Response:
        """Dispatch to the matching handler; 404 when none matches, 500 (SharePoint-shaped) on a bug."""
        handler = self.router.route(request)
        if handler is None:
            return odata_error(404, "-2147024894, System.IO.FileNotFoundException",
                               "File Not Found.", request)
        try:
            return handler(request)
        except Exception as error:  # a handler bug must never reach the wire as a traceback
            _log.error("fake_tenant.handler.failed", path=request.path, method=request.method,
                       error=f"{type(error).__name__}: {error}", exc_info=True)  # to the server's log only
            return odata_error(500, "-2146233088, System.InvalidOperationException",
                               "An unexpected error occurred while processing the request.", request)

    def _record(self, request: Request, response: Response, client: str, fault: Any, connection: int,
                seconds: float) -> None:
        self.log.add({
            "at": time.time(), "connection": connection, "method": request.method, "path": request.path,
            "query": _safe_query(request.raw_query),
            "status": response.status, "duration_ms": round(seconds * 1000, 3),
            "user_agent": request.headers.get("User-Agent", ""), "client": client, "fault": fault,
            "dropped": response.drop or response.hang > 0, "truncated": response.truncate,
            **({"operations": response.operations} if response.operations is not None else {}),
        })


def server_context(cert_path: str, key_path: str) -> ssl.SSLContext:
    """The TLS context for the server certificate (TLS 1.2+)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_path, key_path)
    return context
