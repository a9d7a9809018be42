"""The HTTP edge to one SharePoint site: office365's ClientContext, with our token, headers and retry.

office365 carries each request (its transport, its auth hook fed by `with_access_token`); we add:
- the decorated User-Agent on every request (Microsoft, "Avoid getting throttled or blocked in
  SharePoint Online": NONISV|Company|App/Version), so throttling sees an identified app;
- a requests Session with trust_env=False and verify=<CA bundle> (REQUESTS_CA_BUNDLE would silently
  override `verify` otherwise) and bounded (connect, read) timeouts — office365's default read
  timeout is unbounded (office365/runtime/transport/requests_transport.py DEFAULT_TIMEOUT);
- no form digest: with a bearer (OAuth) token SharePoint needs none ("If you aren't using OAuth to
  authorize your requests, creating, updating, and deleting SharePoint entities require the server's
  request form digest value", learn.microsoft.com, "Complete basic operations using SharePoint REST
  endpoints"), so a run spends no `_api/contextinfo` request. Only if the site refuses a write for
  its security validation (403 -2130575251) are digests sent from then on, fetched through *our*
  retry layer: the library's own digest hook retries `_api/contextinfo` with its private retry
  helper (office365/sharepoint/request.py `_fetch_context_web_information`), which would bypass our
  shared Retry-After gate and budget;
- every call wrapped in `Retrier.call`, with the body parsed *inside* the retried call so a
  truncated JSON body is retried as a transport failure, never taken as content.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterator
from urllib.parse import quote

from office365.runtime.http.http_method import HttpMethod
from office365.runtime.http.request_options import RequestOptions
from office365.sharepoint.client_context import ClientContext
from office365.sharepoint.exceptions import SecurityValidationException

from sharepoint_sync import USER_AGENT, clock
from sharepoint_sync.auth import SHAREPOINT, Authenticator, http_session
from sharepoint_sync.config_sections import HttpSettings, SiteConfig
from sharepoint_sync.errors import TransientRemoteError
from sharepoint_sync.retry import Retrier

VERBOSE = "application/json;odata=verbose"
#: refresh the digest well before SharePoint's FormDigestTimeoutSeconds (1800 s in the recordings)
DIGEST_MARGIN_SECONDS = 120.0


class SharePointClient:
    """GET/POST against one site's `_api`, verbose JSON in and out, through the one retry layer.

    It gets the [site] section and the HTTP settings only (wired by `sharepoint_sync.edges`); `session`
    is the process's shared HTTP session (a new one when not given). The site's origin is computed once,
    by `SiteConfig.origin`, and kept here for every absolute link the gateway makes.
    """

    def __init__(self, site: SiteConfig, http: HttpSettings, authenticator: Authenticator, retrier: Retrier,
                 session: Any = None) -> None:
        self.site_url = site.url.rstrip("/")
        self.origin = site.origin
        self.api = f"{self.site_url}/_api"
        self.retrier = retrier
        self._auth = authenticator
        self._digest: tuple[str, float] | None = None
        #: send X-RequestDigest on writes (only after the site refused a write without one)
        self._use_digest = False
        #: the HTTP session office365 sends through (the process's shared one when wired by edges)
        self.session = session or http_session(http)
        self.ctx = ClientContext(self.site_url).with_access_token(self._token)
        # the timeout is passed on every request (the shared session's default is the sign-in's)
        self.ctx.with_transport(session=self.session, timeout=http.timeout)
        request = self.ctx.pending_request()
        request.beforeExecute -= request.ensure_form_digest  # see module docstring: ours goes through retry
        request.beforeExecute += self._decorate

    # -- hooks ------------------------------------------------------------------------------------

    def _token(self) -> dict[str, Any]:
        """office365's token callback. expires_in=0 makes it ask on every request; msal's cache answers,
        so `Authenticator.invalidate` (after a 401) takes effect on the very next request."""
        return {"access_token": self._auth.token_for(SHAREPOINT), "token_type": "Bearer", "expires_in": 0}

    def _decorate(self, request: RequestOptions) -> None:
        request.set_header("User-Agent", USER_AGENT)
        request.ensure_header("Accept", VERBOSE)
        if self._use_digest and request.method != HttpMethod.Get \
                and not request.url.lower().endswith("/_api/contextinfo"):
            request.set_header("X-RequestDigest", self._form_digest())

    def _form_digest(self) -> str:
        if self._digest is None or clock.monotonic() >= self._digest[1]:
            data = self.retrier.call(lambda: self.send("POST", f"{self.api}/contextinfo").json(),
                                     what="form digest")
            info = data["d"].get("GetContextWebInformation", data["d"])
            lifetime = float(info.get("FormDigestTimeoutSeconds") or 1800)
            self._digest = (info["FormDigestValue"], clock.monotonic() + max(60.0, lifetime - DIGEST_MARGIN_SECONDS))
        return self._digest[0]

    def refresh_token(self) -> None:
        """After a 401: forget the cached SharePoint token (the next request gets a fresh one)."""
        self._auth.invalidate(SHAREPOINT)

    # -- requests ---------------------------------------------------------------------------------

    def link(self, server_relative_url: str) -> str:
        """An absolute address people can open for a server-relative URL."""
        return self.origin + quote(server_relative_url, safe="/()'!*-._~,")

    def url(self, path: str, query: str = "") -> str:
        """Absolute `_api` URL for `path` (already encoded) and an encoded query string."""
        base = path if path.startswith("https://") else f"{self.api}/{path.lstrip('/')}"
        return f"{base}?{query}" if query else base

    def send(self, method: str, url: str, *, body: Any = None, headers: dict[str, str] | None = None,
             cost: float | None = None) -> Any:
        """One HTTP exchange through office365 (no retry: callers wrap it in the retry layer), paced by
        SharePoint's RateLimit-* headers (`retry.Pace`). `cost`: its resource units, by default 1 for a
        read and 2 for a write (the throttling page's figures for single-item reads and writes)."""
        options = RequestOptions(url=url, method=HttpMethod.Post if method != "GET" else HttpMethod.Get)
        if body is not None:
            options.data = bytes(body) if isinstance(body, (bytes, bytearray)) else json.dumps(body).encode("utf-8")
            options.set_header("Content-Type", "application/octet-stream" if isinstance(body, (bytes, bytearray))
                               else f"{VERBOSE};charset=utf-8")
        elif method != "GET":
            options.data = b""
        for name, value in (headers or {}).items():
            options.set_header(name, value)
        units = cost if cost is not None else (1.0 if method == "GET" else 2.0)
        if self.retrier.pace.before(units):
            self.retrier.gate.wait()  # a Retry-After may have come in while we paced: honour it first
        try:
            response = self.ctx.pending_request().execute_request_direct(options)
        except SecurityValidationException:
            # 403 -2130575251: the form digest was refused (expired early, server restarted). The request
            # did not run; drop our digest so the retry fetches a fresh one, and never report it as a
            # missing permission.
            self._digest = None
            self._use_digest = True
            self.retrier.pace.note(None, units)
            raise TransientRemoteError("SharePoint refused the form digest", status=403,
                                       reason="form digest refused") from None
        except Exception as error:
            self.retrier.pace.note(getattr(getattr(error, "response", None), "headers", None), units)
            raise
        self.retrier.pace.note(response.headers, units)
        return response

    def get_json(self, path: str, query: str = "", *, what: str) -> dict[str, Any]:
        """GET → the `d` object (retried: reads are safe to repeat)."""
        return self.retrier.call(lambda: _payload(self.send("GET", self.url(path, query))), what=what)

    def pages(self, path: str, query: str = "", *, what: str) -> Iterator[dict[str, Any]]:
        """Every result of a collection, following the absolute `__next` links (SharePoint ignores $skip
        on items: reference list-items-page-skip-ignored.verbose.json; __next: list-items-page-with-next)."""
        url: str | None = self.url(path, query)
        while url:
            page_url = url
            # retrier.call runs the lambda before the loop moves on, so the late-bound page_url is this page's
            data = self.retrier.call(lambda: _payload(self.send("GET", page_url)), what=what)  # noqa: B023
            yield from data.get("results", [])
            url = data.get("__next")

    def post_json(self, path: str, body: Any = None, *, what: str, idempotent: bool = False,
                  headers: dict[str, str] | None = None) -> dict[str, Any]:
        """POST (create, function call, MERGE/DELETE via X-HTTP-Method) → the `d` object or {} on 204.

        `idempotent=False` (a create) is never replayed after an ambiguous failure: see retry.create_if_absent.
        """
        return self.retrier.call(lambda: _payload(self.send("POST", self.url(path), body=body, headers=headers)),
                                 what=what, idempotent=idempotent)

    def merge(self, path: str, body: dict[str, Any], *, etag: str, what: str) -> str | None:
        """MERGE with IF-MATCH (safe to repeat: a replay after success meets a new ETag → 412). Returns the new ETag."""
        headers = {"X-HTTP-Method": "MERGE", "IF-MATCH": etag}
        response = self.retrier.call(lambda: self.send("POST", self.url(path), body=body, headers=headers),
                                     what=what, idempotent=True)
        return response.headers.get("ETag")

    def download(self, path: str, *, what: str) -> bytes:
        """GET raw bytes (`.../$value`); a body shorter than its Content-Length is retried as truncated."""
        return self.retrier.call(lambda: _complete_body(self.send("GET", self.url(path))), what=what)

    def call(self, operation: Callable[[], Any], *, what: str, idempotent: bool = True) -> Any:
        """Run any operation under the retry layer (for composite reads)."""
        return self.retrier.call(operation, what=what, idempotent=idempotent)


def _payload(response: Any) -> dict[str, Any]:
    """The verbose `d` of a response ({} for 204/empty); an unparsable body raises JSONDecodeError (retried)."""
    if response.status_code == 204 or not response.content:
        return {}
    data = json.loads(response.content.decode("utf-8-sig"))
    return data.get("d", data) if isinstance(data, dict) else {"results": data}


def _complete_body(response: Any) -> bytes:
    content = response.content
    expected = response.headers.get("Content-Length")
    if response.headers.get("Content-Encoding"):
        return content  # Content-Length counts the compressed bytes; requests has checked the stream
    if expected is not None and expected.isdigit() and int(expected) != len(content):
        raise TransientRemoteError("the download was cut off", reason="truncated", expected=int(expected),
                                   received=len(content))
    return content
