"""The fake tenant's HTTP seam: plain request/response values and the router (werkzeug's URL map).

The WSGI app (`m365_fake.wsgi`) turns werkzeug's request into a `Request`; the pipeline
(`m365_fake.server`) authenticates any bearer token (setting `Request.auth`), applies control-API
faults, then dispatches through a `Router`. Handlers (Entra, Graph, SharePoint, control API) are
functions `Request -> Response` and never see sockets or WSGI, so they are tested in-process as well
as over real HTTPS, and a `$batch` part (parsed from a multipart body, never from the wire) is the
same value. The values stay ours rather than werkzeug's because SharePoint reads a query differently
from HTML forms: a literal `+` is a `+`, not a space (`Request.query`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qsl, unquote

from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, Map, MapAdapter, Rule


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
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
#: what may follow an `anycase` prefix: any path, or one segment
_TAILS = {"rest": "(?:/.*)?", "segment": "/[^/]+"}


class AnyCasePath(BaseConverter):
    """`<anycase('sites/x/_api', '_api'):rest>`: a path that starts with one of the prefixes in any letter
    case (SharePoint's URLs are case-insensitive: learn.microsoft.com, "URL path length restrictions
    and characters"), followed by any path (`tail='rest'`, the value is what follows the prefix and its
    `/`) or by one segment (`tail='segment'`, the value is that segment). It matches across slashes, so
    SharePoint's OData paths (`GetByTitle('a/b')/items(3)`) reach the fake's own OData parser whole."""

    part_isolating = False
    regex = ".*"

    def __init__(self, url_map: Map, *prefixes: str, tail: str = "rest") -> None:
        super().__init__(url_map)
        if not prefixes or tail not in _TAILS:
            raise ValueError("anycase needs one prefix or more and tail 'rest' or 'segment'")
        choices = "|".join(re.escape(prefix.strip("/")) for prefix in prefixes)
        self._prefix = re.compile(f"(?i:{choices})")
        self.regex = f"(?i:{choices}){_TAILS[tail]}"

    def to_python(self, value: str) -> str:
        matched = self._prefix.match(value)
        return value[matched.end():].removeprefix("/") if matched else value


class Router:
    """Routes a `Request` through a werkzeug URL map over its decoded path.

    Rules are werkzeug rule strings (`/<tenant>/oauth2/v2.0/token`); `anycase` (AnyCasePath) is there
    for SharePoint's case-insensitive addresses, and a path that matches no rule in its own letter case
    is tried again lower-case. A trailing slash is optional on every rule, slashes are never merged (a
    SharePoint path may hold `//`), and no rule ever redirects.
    """

    def __init__(self) -> None:
        # the rules as written, and the same rules lower-cased for a path that matched none in its own case
        self._maps = tuple(Map([], strict_slashes=False, merge_slashes=False, redirect_defaults=False,
                               converters={"anycase": AnyCasePath}) for _ in range(2))
        self._adapters: tuple[MapAdapter, ...] = ()

    def add(self, method: str, rule: str, handler: Handler) -> None:
        """Register `handler` for `method` ("*" for any) and a werkzeug rule string (variable names lower-case)."""
        methods = None if method == "*" else [method.upper()]
        for url_map, text in zip(self._maps, (rule, rule.translate(_ASCII_LOWER)), strict=True):
            url_map.add(Rule(text, endpoint=handler, methods=methods))
        self._adapters = ()

    def route(self, request: Request) -> Handler | None:
        """The handler for this request, with `request.params` filled; None if no rule matches the path
        and method (a path served for other methods only is None too, answered 404 as before)."""
        if not self._adapters:
            self._adapters = tuple(url_map.bind("fake-tenant") for url_map in self._maps)
        method, path = request.method.upper(), request.path
        # Entra ID, Graph and SharePoint take their paths in any letter case (`.../SENDMAIL`), as the regex
        # router here did before werkzeug: a path no rule matches is tried again lower-case against the
        # lower-cased rules, its values then lower-case too (tenant ids, user names, control names are
        # case-insensitive anyway)
        for adapter, candidate in zip(self._adapters, (path, path.translate(_ASCII_LOWER)), strict=True):
            try:
                handler, values = adapter.match(candidate, method=method)
                break
            except HTTPException:  # NotFound, MethodNotAllowed (redirects are switched off)
                continue
        else:
            return None
        request.params = {key: str(value) for key, value in values.items()}
        return handler
