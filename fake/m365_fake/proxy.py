"""An HTTPS proxy (HTTP `CONNECT`) that leads the production host names to the fake tenant.

An unmodified script configured with the real names (`https://<tenant>.sharepoint.com/sites/...`,
`https://login.microsoftonline.com/<tenant>`, `https://graph.microsoft.com`) reaches the fake tenant
with two environment variables and no code change:

    HTTPS_PROXY=http://127.0.0.1:<proxy port>  REQUESTS_CA_BUNDLE=<DATA>/keys/ca.pem  python script.py

requests (so msal and office365-rest-python-client) sends `CONNECT host:443` to the proxy, which
answers `200 Connection established` and then only relays bytes to the fake tenant's own HTTPS port:
TLS runs end to end between the client and the fake (whose certificate names those hosts), and the
tunnelled request's `Host` header tells the fake which service was addressed.

Only `CONNECT` to an allowed host on port 443 is tunnelled; anything else gets 403 (to another host)
or 405 (a plain proxied request), so the proxy never reaches the internet. The standard library's
socketserver suffices for a relay this small; a general proxy (proxy.py, mitmproxy) would bring TLS
interception and plugins the fake does not need.
"""
from __future__ import annotations

import select
import socket
import socketserver
import threading
from typing import Iterable

_HEADER_LIMIT = 16 * 1024
_IDLE_SECONDS = 60


def _read_head(conn: socket.socket) -> bytes:
    """The request line and headers (up to the blank line), bounded."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < _HEADER_LIMIT:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def _relay(a: socket.socket, b: socket.socket) -> None:
    """Copy bytes both ways until either side closes or both stay idle for a minute."""
    sockets = [a, b]
    while True:
        readable, _, broken = select.select(sockets, [], sockets, _IDLE_SECONDS)
        if broken or not readable:
            return
        for source in readable:
            data = source.recv(65536)
            if not data:
                return
            (b if source is a else a).sendall(data)


class _Tunnel(socketserver.BaseRequestHandler):
    server: "ConnectProxy"

    def handle(self) -> None:
        conn: socket.socket = self.request
        conn.settimeout(30)
        head = _read_head(conn)
        words = head.split(b"\r\n", 1)[0].decode("latin-1").split()
        if len(words) != 3 or words[0].upper() != "CONNECT":
            conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nAllow: CONNECT\r\nContent-Length: 0\r\n\r\n")
            return
        host, _, port = words[1].lower().rpartition(":")
        if host not in self.server.hosts or port != "443":
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        try:
            upstream = socket.create_connection(self.server.target, timeout=30)
        except OSError:
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        with upstream:
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            conn.settimeout(None)
            upstream.settimeout(None)
            _relay(conn, upstream)


class ConnectProxy(socketserver.ThreadingTCPServer):
    """A loopback CONNECT proxy tunnelling `hosts` (port 443) to `target` (the fake tenant's address)."""

    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self, target: tuple[str, int], hosts: Iterable[str], port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Tunnel)
        self.target = target
        self.hosts = {h.lower() for h in hosts}
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT, the value for HTTPS_PROXY."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> "ConnectProxy":
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="fake-tenant-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting and close the listening socket (open tunnels end with their clients)."""
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join(timeout=5)


__all__ = ["ConnectProxy"]
