"""Raw bytes over one TLS connection to the fake tenant, for tests of the wire itself (keep-alive,
chunked bodies, malformed requests) that an HTTP client would tidy away."""
from __future__ import annotations

import socket
import ssl
from typing import Any


def exchange(info: dict[str, Any], payload: bytes) -> bytes:
    """Send `payload` on one TLS connection and read until the server closes it."""
    context = ssl.create_default_context(cafile=info["ca_path"])
    host, port = info["base_url"].removeprefix("https://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as raw, context.wrap_socket(raw, server_hostname=host) as tls:
        tls.sendall(payload)
        chunks = []
        while chunk := tls.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)
