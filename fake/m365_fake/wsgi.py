"""The fake tenant on the wire: werkzeug's threaded WSGI server and its request/response objects, over TLS.

`TenantApp` is a plain WSGI application: werkzeug's `Request` reads the environ (headers, a
`Content-Length` or chunked body), the pipeline (`m365_fake.server.Pipeline`) answers it, and
werkzeug's `Response` carries the answer back. Faults that act on the connection rather than on the
answer (latency, drop, hang, truncate: `m365_fake.faults`) are acted out here, on the socket werkzeug
hands the application as `environ["werkzeug.socket"]`.

`HttpsServer` is werkzeug's `ThreadedWSGIServer` with two changes, each because the fake must behave
like SharePoint Online on the wire:
- TLS is set up in each connection's own thread (`finish_request`), not by werkzeug wrapping the
  listening socket, where every handshake would run in the accept loop and one client that stalls
  its handshake would hold up every other;
- `_Handler.run_wsgi` keeps HTTP/1.1 connections alive. werkzeug's own `run_wsgi` answers every
  request with `Connection: close` (werkzeug/serving.py: "Always close the connection. This
  disables HTTP/1.1 keep-alive connections."), so a client would pay a TLS handshake per request and
  the request log's connection numbers would no longer show connection reuse.
"""
from __future__ import annotations

import socket
import ssl
import threading
import time
import uuid
from http import HTTPStatus
from typing import IO, Any, Callable, Iterable, cast

from werkzeug.serving import DechunkedInput, ThreadedWSGIServer, WSGIRequestHandler
from werkzeug.wrappers import Request as WsgiRequest
from werkzeug.wrappers import Response as WsgiResponse
from werkzeug.wsgi import LimitedStream

from m365_fake.http import Headers, Request, Response
from m365_fake.log import get_logger
from m365_fake.server import Pipeline, odata_error
import contextlib

#: the environ key under which the handler numbers the TCP connection (for the request log)
CONNECTION_KEY = "m365_fake.connection"
#: what SharePoint Online answers in `Server`
SERVER_NAME = "Microsoft-IIS/10.0"
_MAX_BODY = 512 * 1024 * 1024
_log = get_logger("fake_tenant.wsgi")


class _Answer(WsgiResponse):
    """werkzeug's Response without a default media type: an answer without a body names none."""

    default_mimetype = None


class TenantApp:
    """The WSGI application serving one pipeline; `aliases` are production host names answered as
    themselves, `stopping` wakes responses held back by a latency or hang fault."""

    def __init__(self, pipeline: Pipeline, base_url: str, aliases: Iterable[str], stopping: threading.Event) -> None:
        self.pipeline = pipeline
        self.base_url = base_url
        self.aliases = {name.lower() for name in aliases}
        self.stopping = stopping

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        wsgi_request = WsgiRequest(environ)
        request = self.request(wsgi_request)
        response = self.pipeline.handle(request, int(environ.get(CONNECTION_KEY, 0)))
        self._act_out(response, environ)
        return self.answer(response)(environ, start_response)

    def request(self, wsgi_request: WsgiRequest) -> Request:
        """The fake's request value: the target as sent (the OData parser and `+`-literal query need the
        raw text, not werkzeug's decoded `path`/`args`), werkzeug's headers and body."""
        target = _raw_target(wsgi_request.environ)
        if "://" in target.split("?", 1)[0]:  # absolute-form request target
            target = "/" + target.split("://", 1)[1].partition("/")[2]
        raw_path, _, raw_query = target.partition("?")
        return Request(method=wsgi_request.method, raw_path=raw_path or "/", raw_query=raw_query,
                       headers=Headers(dict(wsgi_request.headers.items())), body=wsgi_request.get_data(cache=False),
                       base_url=self._base_url(wsgi_request.environ.get("HTTP_HOST", "")))

    def _base_url(self, host: str) -> str:
        """The origin the client addressed: a production alias (<tenant>.sharepoint.com reached through the
        CONNECT proxy) answers under its own name, so absolute links and token audiences match it."""
        name, _, port = host.strip().lower().partition(":")
        if name in self.aliases and port in ("", "443"):
            return f"https://{name}"
        return self.base_url

    def answer(self, response: Response) -> WsgiResponse:
        """werkzeug's response for the pipeline's, with SharePoint's own headers; a truncate fault sends half
        the body under the full Content-Length, then closes the connection."""
        body = response.body[: len(response.body) // 2] if response.truncate else response.body
        headers = [(name, value) for name, value in response.headers.items()
                   if name not in ("content-length", "connection")]
        headers += [("SPRequestGuid", str(uuid.uuid4())), ("request-id", str(uuid.uuid4())),
                    ("X-SharePointHealthScore", "0")]
        answer = _Answer(body, status=response.status, headers=headers)
        if response.truncate:
            answer.headers["Content-Length"] = str(len(response.body))
            answer.headers["Connection"] = "close"
        return answer

    def _act_out(self, response: Response, environ: dict[str, Any]) -> None:
        """Hold the answer back for a latency or hang fault; for a drop (or a hang, or a stop during
        latency) close the connection without an answer, ending the request (ConnectionAbortedError)."""
        if response.delay > 0 and self.stopping.wait(response.delay):
            response.drop = True
        if response.hang > 0:
            self.stopping.wait(response.hang)
            response.drop = True
        if not response.drop:
            return
        connection = environ.get("werkzeug.socket")
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        raise ConnectionAbortedError("the connection was dropped by an injected fault")


def _raw_target(environ: dict[str, Any]) -> str:
    """The request target as the client sent it. werkzeug passes it as RAW_URI after the WSGI "encoding
    dance" (UTF-8 bytes read as latin-1, PEP 3333); undone here."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw is None:
        query = environ.get("QUERY_STRING", "")
        raw = environ.get("PATH_INFO", "/") + (f"?{query}" if query else "")
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def _body_problem(headers: Any) -> str | None:
    """Why the request's body cannot be read, or None (a chunked body, a usable Content-Length, or none)."""
    if "chunked" in headers.get("Transfer-Encoding", "").lower():
        return None
    length = headers.get("Content-Length")
    if length is not None and (not length.strip().isdigit() or int(length) > _MAX_BODY):
        return "Content-Length is not valid"
    return None


class _Handler(WSGIRequestHandler):
    """werkzeug's request handler, keeping connections alive and answering protocol errors as SharePoint."""

    protocol_version = "HTTP/1.1"
    timeout = 120  # idle keep-alive connections are closed after this long
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024  # head and body leave in one write, flushed after each request
    server: "HttpsServer"

    def __init__(self, request: Any, client_address: Any, server: "HttpsServer", connection_number: int = 0) -> None:
        self.connection_number = connection_number
        super().__init__(request, client_address, server)

    @property
    def server_version(self) -> str:  # type: ignore[override]
        return SERVER_NAME

    def version_string(self) -> str:
        return SERVER_NAME

    def handle_expect_100(self) -> bool:
        """`Expect: 100-continue`: the stdlib's interim answer (sent while parsing the request, so not again
        as werkzeug's own run_wsgi would), out at once rather than held in the write buffer."""
        answered = super().handle_expect_100()
        self.wfile.flush()
        return answered

    def make_environ(self) -> dict[str, Any]:
        environ = super().make_environ()
        environ[CONNECTION_KEY] = self.connection_number
        if "wsgi.input_terminated" not in environ and self.headers.get("Content-Length"):
            # bounded, so whatever the application leaves unread can be skipped before the next request
            environ["wsgi.input"] = LimitedStream(cast(IO[bytes], self.rfile), int(self.headers["Content-Length"]))
        return environ

    def run_wsgi(self) -> None:
        """Serve one request through the WSGI app and leave the connection open for the next."""
        problem = _body_problem(self.headers)
        if problem:
            self.send_error(HTTPStatus.BAD_REQUEST, problem)
            return
        self.environ = environ = self.make_environ()
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]],
                           exc_info: Any = None) -> Callable[[bytes], object]:
            started[:] = [status, headers]
            return self.wfile.write  # WSGI's legacy write(): nothing here uses it

        try:
            chunks = self.server.app(environ, start_response)
            try:
                body = b"".join(chunks)
            finally:
                getattr(chunks, "close", lambda: None)()
            _drain(environ["wsgi.input"])
        except ConnectionError:  # dropped by a fault, or the client went away
            self.close_connection = True
            return
        except Exception as error:  # a bug here must never reach the wire as a traceback
            _log.error("fake_tenant.wsgi.failed", path=self.path.partition("?")[0],
                       error=f"{type(error).__name__}: {error}", exc_info=True)  # to the server's log only
            self.close_connection = True
            self._send_whole(odata_error(500, "-2146233088, System.InvalidOperationException",
                                         "An unexpected error occurred while processing the request."))
            return
        self._send(started[0], started[1], body)

    def _send(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        code = int(status.split(" ", 1)[0])
        try:
            reason = HTTPStatus(code).phrase  # "Not Found", as IIS words it (werkzeug says "NOT FOUND")
        except ValueError:
            reason = status.partition(" ")[2] or "Unknown"
        self.send_response(code, reason)
        for name, value in headers:
            self.send_header(name, value)  # `Connection: close` also sets close_connection
        if self.close_connection and not any(name.lower() == "connection" for name, _ in headers):
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol-level errors (bad request line, headers, body) as SharePoint-shaped JSON, then close."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # an unreadable request line: answer in HTTP/1.1 all the same
            self.request_version = "HTTP/1.1"
        status = int(code)
        response = odata_error(status, "-1, Microsoft.SharePoint.Client.InvalidClientQueryException",
                               f"Bad request: {message or HTTPStatus(status).phrase}")
        self.server.pipeline.log.add({
            "at": time.time(), "method": getattr(self, "command", "") or "", "path": "", "query": "",
            "status": status, "duration_ms": 0.0, "user_agent": "", "client": "anonymous",
            "fault": None, "dropped": False, "truncated": False})
        self._send_whole(response)

    def _send_whole(self, response: Response) -> None:
        """A response made here rather than by the WSGI app (errors before or around it)."""
        with contextlib.suppress(OSError):
            self._send(str(response.status), list(response.headers.items())
                       + [("Content-Length", str(len(response.body)))], response.body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """No access log on stderr: the pipeline keeps its own request log."""

    def log(self, type: str, message: str, *args: Any) -> None:  # noqa: A002 - werkzeug's signature
        """werkzeug's own messages (TLS errors of clients that went away) stay off stderr."""


def _drain(stream: Any) -> None:
    """Read and drop what the application left unread of a bounded or chunked body."""
    if isinstance(stream, LimitedStream):
        stream.exhaust()
    elif isinstance(stream, DechunkedInput):
        while stream.read(64 * 1024):
            pass


class HttpsServer(ThreadedWSGIServer):
    """werkzeug's threaded WSGI server on loopback, TLS handshakes in the connection threads."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, port: int, context: ssl.SSLContext, host: str = "127.0.0.1") -> None:
        # bound here so that a port in use is an OSError for the caller (werkzeug would print and exit)
        listener = socket.create_server((host, port), backlog=128)
        try:
            super().__init__(host, port, app=None, handler=_Handler, fd=listener.fileno())  # type: ignore[arg-type]
        finally:
            listener.close()
        self.ssl_context = context  # wrapped per connection in finish_request; also makes the environ https
        self.base_url = f"https://{host}:{self.server_address[1]}"
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connection_count = 0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline the application serves."""
        return self.app.pipeline  # type: ignore[attr-defined]  # werkzeug types `app` as a bare WSGI callable

    def finish_request(self, request: Any, client_address: Any) -> None:
        request.settimeout(30)  # bound the handshake
        try:
            tls = self.ssl_context.wrap_socket(request, server_side=True)  # type: ignore[union-attr]
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
        """Stop accepting, wake held-back responses and close every open connection."""
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
