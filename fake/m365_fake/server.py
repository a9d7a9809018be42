"""The fake tenant's HTTPS server: the wire (TLS, HTTP/1.1 keep-alive) and the request pipeline.

`Pipeline.handle` turns one `Request` into a `Response`: bearer-token check, control-API faults,
the throttling budget, routing, the request log, and a SharePoint-shaped 500 for any handler bug
(never a traceback on the wire). `HttpsServer` serves a pipeline on 127.0.0.1 in a background thread;
the TLS handshake runs in each connection's own thread so one slow client never blocks the others.
"""
from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from m365_fake.faults import (FaultTable, RequestLog, Throttle, apply_effects, fault_response,
                              faults_for_batch_parts)
from m365_fake.http import Headers, Request, Response, Router
from m365_fake.tokens import TokenInvalid, TokenService
from m365_fake.log import get_logger, redact

CONTROL_PREFIX = "/_emulator"
_MAX_BODY = 512 * 1024 * 1024
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


class _Handler(BaseHTTPRequestHandler):
    """Parses HTTP/1.1 off a TLS socket into `Request`s and writes `Response`s in one send each."""

    protocol_version = "HTTP/1.1"
    server_version = "Microsoft-IIS/10.0"  # what SharePoint Online answers in `Server`
    sys_version = ""
    timeout = 120  # idle keep-alive connections are closed after this long
    disable_nagle_algorithm = True
    server: "HttpsServer"

    def __init__(self, request: Any, client_address: Any, server: "HttpsServer", connection_number: int = 0) -> None:
        self.connection_number = connection_number
        super().__init__(request, client_address, server)

    def handle_one_request(self) -> None:
        try:
            self.raw_requestline = self.rfile.readline(65537)
        except (OSError, ssl.SSLError):
            self.close_connection = True
            return
        if len(self.raw_requestline) > 65536:
            self.requestline, self.request_version, self.command = "", "HTTP/1.1", ""
            self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
            return
        if not self.raw_requestline:
            self.close_connection = True
            return
        if not self.parse_request():
            return
        try:
            body = self._read_body()
        except ValueError as error:
            self.send_error(HTTPStatus.BAD_REQUEST, str(error))
            return
        self._serve(body)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not length.strip().isdigit() or int(length) > _MAX_BODY:
            raise ValueError("Content-Length is not valid")
        return self.rfile.read(int(length))

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        while True:
            line = self.rfile.readline(1024).split(b";")[0].strip()
            try:
                size = int(line, 16)
            except ValueError:
                raise ValueError("chunked body is malformed") from None
            if size == 0:
                while self.rfile.readline(1024).strip():
                    pass  # trailers
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline(3)

    def _serve(self, body: bytes) -> None:
        target = self.path
        if "://" in target.split("?", 1)[0]:  # absolute-form request target
            target = "/" + target.split("://", 1)[1].partition("/")[2]
        raw_path, _, raw_query = target.partition("?")
        request = Request(method=self.command, raw_path=raw_path or "/", raw_query=raw_query,
                          headers=Headers(dict(self.headers.items())), body=body, base_url=self._base_url())
        self._write(self.server.pipeline.handle(request, self.connection_number))

    def _base_url(self) -> str:
        """The origin the client addressed: a production alias (kentuckyde.sharepoint.com reached through
        the CONNECT proxy) answers under its own name, so absolute links and token audiences match it."""
        host = (self.headers.get("Host") or "").strip().lower()
        name, _, port = host.partition(":")
        if name in self.server.aliases and port in ("", "443"):
            return f"https://{name}"
        return self.server.base_url

    def _write(self, response: Response) -> None:
        stopping = self.server.stopping
        if response.delay > 0 and stopping.wait(response.delay):
            response.drop = True
        if response.hang > 0:
            stopping.wait(response.hang)
            response.drop = True
        if response.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(self._encode(response))
        if response.truncate:
            self.close_connection = True

    def _encode(self, response: Response) -> bytes:
        body = b"" if self.command == "HEAD" else response.body
        headers = response.headers
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = "Unknown"
        lines = [f"HTTP/1.1 {response.status} {reason}", f"Server: {self.server_version}",
                 f"Date: {self.date_time_string()}", f"SPRequestGuid: {uuid.uuid4()}",
                 f"request-id: {uuid.uuid4()}", "X-SharePointHealthScore: 0"]
        lines += [f"{k}: {v}" for k, v in headers.items() if k not in ("content-length", "connection")]
        lines.append(f"Content-Length: {len(response.body)}")
        if self.close_connection or response.truncate:
            lines.append("Connection: close")
        if response.truncate:
            body = body[: len(body) // 2]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace") + body

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol-level errors (bad request line, headers, body) as SharePoint-shaped JSON, then close."""
        self.close_connection = True
        status = int(code)
        text = message or HTTPStatus(status).phrase
        response = odata_error(status, "-1, Microsoft.SharePoint.Client.InvalidClientQueryException",
                               f"Bad request: {text}")
        self.server.pipeline.log.add({
            "at": time.time(), "method": getattr(self, "command", "") or "", "path": "", "query": "",
            "status": status, "duration_ms": 0.0, "user_agent": "", "client": "anonymous",
            "fault": None, "dropped": False, "truncated": False})
        with contextlib.suppress(OSError):
            self.wfile.write(self._encode(response))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Silence the stdlib's stderr access log; the pipeline keeps its own request log."""


class HttpsServer(ThreadingHTTPServer):
    """A threading HTTPS server on loopback whose TLS handshakes run in the connection threads."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, port: int, context: ssl.SSLContext, pipeline: Pipeline, host: str = "127.0.0.1") -> None:
        super().__init__((host, port), _Handler)
        self.context = context
        self.pipeline = pipeline
        #: the bound (host, port): the port is the OS's choice when `port` is 0
        self.address = (host, self.server_address[1])
        self.base_url = f"https://{host}:{self.server_address[1]}"
        #: host names answered as themselves (Host header) instead of base_url; set by the tenant
        self.aliases: set[str] = set()
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connection_count = 0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def finish_request(self, request: Any, client_address: Any) -> None:
        request.settimeout(30)  # bound the handshake
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        with self._lock:
            self._connections.add(tls)
            self._connection_count += 1
            number = self._connection_count
        try:
            _Handler(tls, client_address, self, number)
        except (OSError, ssl.SSLError):
            pass
        finally:
            with self._lock:
                self._connections.discard(tls)
            with contextlib.suppress(OSError):
                tls.close()

    def start(self) -> None:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="fake-tenant-https", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting, wake hanging responses and close every open connection."""
        self.stopping.set()
        self.shutdown()
        self.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread:
            self._thread.join(timeout=5)


def server_context(cert_path: str, key_path: str) -> ssl.SSLContext:
    """The TLS context for the server certificate (TLS 1.2+)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_path, key_path)
    return context
