"""The fake tenant's HTTP seam: plain request/response values and a regex router.

The server (`fake_tenant.server`) parses the wire into a `Request`, authenticates any bearer token
(setting `Request.auth`), applies control-API faults, then dispatches through a `Router`.
Handlers (Entra, Graph, SharePoint, control API) are functions `Request -> Response` and never see
sockets, so they are tested in-process as well as over real HTTPS.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qsl, unquote


class Headers(dict):
    """Case-insensitive header mapping (keys stored lower-case)."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__()
        for k, v in dict(items).items():
            self[k] = v

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key.lower(), value)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())


@dataclass
class Request:
    """One HTTP request. `path` is percent-decoded; `raw_path` and `raw_query` are as sent."""

    method: str
    raw_path: str
    raw_query: str = ""
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    #: claims of a valid bearer token (set by the server), None when absent or invalid
    auth: dict[str, Any] | None = None
    #: why the bearer token was refused, when one was sent and refused
    auth_error: str | None = None
    #: the server's base URL, e.g. "https://127.0.0.1:8443", for building absolute links
    base_url: str = ""
    #: regex groups of the matched route
    params: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return unquote(self.raw_path)

    @property
    def query(self) -> dict[str, str]:
        """Query parameters, decoded; `+` is NOT a space here (SharePoint treats it literally)."""
        return {unquote(k): unquote(v) for k, v in (p.split("=", 1) if "=" in p else (p, "") for p in self.raw_query.split("&") if p)}

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8-sig") or "null")

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))


@dataclass
class Response:
    """One HTTP response. `delay`/`drop`/`hang`/`truncate` are set only by injected faults."""

    status: int = 200
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    delay: float = 0.0
    drop: bool = False
    hang: float = 0.0
    truncate: bool = False
    #: for a `$batch`: each operation served (method as tunnelled, path, status), for the request log
    operations: list[dict[str, Any]] | None = None

    @classmethod
    def json(cls, data: Any, status: int = 200, content_type: str = "application/json;odata=verbose;charset=utf-8",
             headers: dict[str, str] | None = None) -> "Response":
        h = Headers({"Content-Type": content_type, **(headers or {})})
        return cls(status=status, headers=h, body=json.dumps(data, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain; charset=utf-8") -> "Response":
        return cls(status=status, headers=Headers({"Content-Type": content_type}), body=text.encode("utf-8"))


Handler = Callable[[Request], Response]


class Router:
    """Routes by method and a regex over the decoded path (case-insensitive, like SharePoint)."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        """Register `handler` for `method` ("*" for any) and a full-match path regex."""
        self._routes.append((method.upper(), re.compile(pattern, re.IGNORECASE), handler))

    def route(self, request: Request) -> Handler | None:
        """The handler for this request, with `request.params` filled; None if no route matches."""
        for method, pattern, handler in self._routes:
            m = pattern.fullmatch(request.path)
            if m and method in ("*", request.method.upper()):
                request.params = {k: v for k, v in m.groupdict().items() if v is not None}
                return handler
        return None
