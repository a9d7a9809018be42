"""Helpers for the SharePoint emulation tests: in-process calls and an office365 transport without sockets.

`call()` drives the handlers directly (fast). `InProcessAdapter` plugs the same handlers under a
`requests.Session`, so the unmodified office365 `ClientContext` can be driven in-process too; the HTTPS
tests use the real server through the `fake_tenant` fixture instead.
"""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter

from m365_fake.http import Headers, Request, Response, Router
from m365_fake.sharepoint import Site, register

BASE = "https://sp.test"
SITE_URL = f"{BASE}/sites/KYILN"
VERBOSE = "application/json;odata=verbose"
#: claims of a certificate-obtained app-only token for this site (what the server would verify)
APP_CLAIMS = {"aud": BASE, "appidacr": "2", "roles": ["Sites.Selected"], "appid": "app"}


def make_site(**settings: Any) -> tuple[Site, Router]:
    """A fresh site and a router with the SharePoint routes registered."""
    site = Site()
    for key, value in settings.items():
        setattr(site, key, value)
    router = Router()
    register(router, site)
    return site, router


def to_request(method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None,
               claims: dict[str, Any] | None = APP_CLAIMS) -> Request:
    """A Request as the server would build it (path and query raw, auth claims set)."""
    parts = urlsplit(url if url.startswith("http") else f"{SITE_URL}/_api/{url.lstrip('/')}")
    hdrs = Headers({"Accept": VERBOSE, **(headers or {})})
    return Request(method=method, raw_path=parts.path, raw_query=parts.query, headers=hdrs, body=body,
                   auth=dict(claims) if claims is not None else None, base_url=BASE)


def call(router: Router, method: str, url: str, body: Any = None, headers: dict[str, str] | None = None,
         claims: dict[str, Any] | None = APP_CLAIMS) -> Response:
    """Dispatch one request through the router; dict/list bodies are sent as JSON."""
    raw = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None else b"")
    request = to_request(method, url, raw, headers, claims)
    handler = router.route(request)
    assert handler is not None, f"no route for {request.path}"
    return handler(request)


def payload(response: Response) -> Any:
    """The decoded JSON body of a response."""
    return json.loads(response.body.decode("utf-8"))


def d(response: Response) -> Any:
    """The `d` member of a verbose 2xx response (fails with the body otherwise)."""
    assert 200 <= response.status < 300, (response.status, response.body[:500])
    return payload(response)["d"]


def error_of(response: Response) -> dict[str, Any]:
    """The inner error object of an error response (verbose `error` or nometadata `odata.error`)."""
    data = payload(response)
    return data.get("error") or data["odata.error"]


class InProcessAdapter(BaseAdapter):
    """A requests transport adapter that answers from the router instead of a socket."""

    def __init__(self, router: Router, claims: dict[str, Any] | None = APP_CLAIMS) -> None:
        super().__init__()
        self.router, self.claims = router, claims
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sent.append(request)
        body = request.body or b""
        body = body.encode() if isinstance(body, str) else (body if isinstance(body, bytes) else b"".join(body))
        headers = {k: v for k, v in request.headers.items()}
        req = to_request(request.method or "GET", request.url or "", body, headers, self.claims)
        req.headers = Headers(headers)
        handler = self.router.route(req)
        out = handler(req) if handler else Response(404, Headers(), b"no route")
        resp = requests.Response()
        resp.status_code, resp._content, resp.url, resp.request = out.status, out.body, request.url, request
        resp.headers = requests.structures.CaseInsensitiveDict(dict(out.headers))
        resp.encoding = "utf-8"
        return resp

    def close(self) -> None:
        pass


def in_process_session(router: Router, claims: dict[str, Any] | None = APP_CLAIMS) -> requests.Session:
    """A requests.Session whose https://sp.test traffic is answered in-process."""
    session = requests.Session()
    session.mount(BASE, InProcessAdapter(router, claims))
    return session
