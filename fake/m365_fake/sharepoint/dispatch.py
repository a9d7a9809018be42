"""The SharePoint REST entry point: authentication, form digest, verb tunnelling and path resolution.

Every `_api` request passes here: the bearer token's claims (set by the server) are checked as
SharePoint Online checks them, then the path is resolved node by node under the site lock.
"""
from __future__ import annotations

from datetime import timezone
from typing import Any
from urllib.parse import urlsplit

from ..log import get_logger
from ..http import Request, Response
from . import errors
from .base import Call, Ctx, Node
from .odata import Segment, parse_segment, split_path
from .verbose import string_collection

log = get_logger(__name__)

#: the SharePoint Online first-party app id, also accepted as a token audience
SHAREPOINT_APP_ID = "00000003-0000-0ff1-ce00-000000000000"
WRITE_ROLES = {"sites.selected", "sites.fullcontrol.all", "sites.readwrite.all", "sites.manage.all"}
READ_ROLES = WRITE_ROLES | {"sites.read.all"}
_VERBS = {"MERGE": "merge", "PATCH": "merge", "PUT": "put", "DELETE": "delete", "POST": "post", "GET": "get"}


class RootNode(Node):
    """`_api` itself."""

    type_name = "SP.ApiRoot"
    children = {"web": "web", "contextinfo": "context_info", "site": "site", "sitepages": "site_pages",
                "lists": "lists", "$batch": "batch"}

    def child(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_movecopy import OPERATIONS, operation
        if seg.name.lower() in OPERATIONS:   # _api/SP.MoveCopyUtil.MoveFileByPath() and the like
            return operation(ctx, seg)
        return super().child(ctx, seg)

    def web(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_web import WebNode
        return WebNode()

    def lists(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_web import WebNode
        return WebNode().lists(ctx, seg)

    def site(self, ctx: Ctx, seg: Segment) -> Node:
        return SiteNode()

    def site_pages(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_pages import SitePagesNode
        return SitePagesNode()

    def context_info(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(context_info)

    def batch(self, ctx: Ctx, seg: Segment) -> Node:
        from .batch import run_batch
        return Call(lambda c: run_batch(c, handle_one))


class SiteNode(Node):
    """`_api/site`: the site collection (Id, Url) and its root web."""

    type_name = "SP.Site"
    children = {"rootweb": "root_web", "getchanges": "changes"}

    def changes(self, ctx: Ctx, seg: Segment) -> Node:
        """Site-collection GetChanges: one web here, so the web's change log (tokens of scope 2)."""
        from .routes_changes import changes_call
        return changes_call(None, None)

    def get(self, ctx: Ctx) -> Response:
        from .verbose import api, meta
        uri = f"{api(ctx.site)}/site"
        return ctx.reply({"d": {"__metadata": meta(uri, "SP.Site"), "Id": ctx.site.site_id,
                                "ServerRelativeUrl": ctx.site.path, "Url": ctx.site.web_url}})

    def root_web(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_web import WebNode
        return WebNode()


def context_info(ctx: Ctx) -> Response:
    """POST _api/contextinfo (contextinfo.verbose.fixture.json): the digest the site checks on writes."""
    stamp = ctx.site.now().astimezone(timezone.utc).strftime("%d %b %Y %H:%M:%S -0000")
    return ctx.reply({"d": {"GetContextWebInformation": {
        "__metadata": {"type": "SP.ContextWebInformation"}, "FormDigestTimeoutSeconds": 1800,
        "FormDigestValue": f"{ctx.site.digest},{stamp}", "LibraryVersion": "16.0.22629.12003",
        "SiteFullUrl": ctx.site.web_url, "SupportedSchemaVersions": string_collection(["14.0.0.0", "15.0.0.0"]),
        "WebFullUrl": ctx.site.web_url}}})


def wants_verbose(request: Request) -> bool:
    """Verbose when asked for (office365 sends `application/json;odata=verbose`) or when no JSON flavour
    is named; a plain `application/json` gets the light form, as SharePoint Online answers it."""
    accept = (request.headers.get("Accept") or "").lower()
    return "odata=verbose" in accept or "json" not in accept


def _unauthorized(site: Any, message: str) -> Response:
    """401 with a WWW-Authenticate challenge naming the tenant as realm, like SharePoint Online.
    The body texts are the ones SPO is widely reported to send (no recording exists)."""
    realm = getattr(site, "tenant_id", "") or ""
    challenge = (f'Bearer realm="{realm}",client_id="{SHAREPOINT_APP_ID}",'
                 'trusted_issuers="00000001-0000-0000-c000-000000000000@*",'
                 'authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"')
    return Response.json({"error_description": message}, status=401, content_type="application/json; charset=utf-8",
                         headers={"WWW-Authenticate": challenge})


def authenticate(site: Any, request: Request) -> Response | None:
    """None when the caller may proceed; else the 401/403 SharePoint would send."""
    claims = request.auth
    if claims is None:
        return _unauthorized(site, "Invalid JWT token. " + (request.auth_error or "No token was sent."))
    if str(claims.get("appidacr", "")) == "1":
        # ACS retirement: app-only tokens got with a client secret are refused by SharePoint REST
        return _unauthorized(site, "Unsupported app only token.")
    if not _audience_ok(str(claims.get("aud", "")), request.base_url):
        return _unauthorized(site, f"Invalid audience Uri '{claims.get('aud', '')}'.")
    roles = {str(r).lower() for r in claims.get("roles") or []}
    needed = READ_ROLES if request.method.upper() == "GET" else WRITE_ROLES
    if not site.grant or not roles & needed:
        return errors.unauthorized_operation().response(wants_verbose(request))
    return None


def _audience_ok(aud: str, base_url: str) -> bool:
    if aud.lower() in (SHAREPOINT_APP_ID, f"{SHAREPOINT_APP_ID}/"):
        return True
    if not base_url:
        return bool(aud)
    a, b = urlsplit(aud), urlsplit(base_url)
    return a.scheme == b.scheme and (a.netloc or "").lower() == (b.netloc or "").lower()


def effective_method(request: Request) -> str:
    """office365 tunnels MERGE/DELETE through POST with X-HTTP-Method (list-update-204.verbose.json notes)."""
    method = request.method.upper()
    tunnelled = (request.headers.get("X-HTTP-Method") or "").upper()
    return tunnelled if method == "POST" and tunnelled else method


def check_digest(site: Any, request: Request, method: str) -> None:
    """Writes with a bearer token need no digest (SharePoint Online); a digest that is sent must match."""
    if method == "GET":
        return
    sent = (request.headers.get("X-RequestDigest") or "").strip()
    if sent and sent.split(",")[0] != site.digest:
        raise errors.invalid_digest()


def _segment(text: str, api_path: str, aliases: dict[str, str]) -> Segment:
    """One parsed segment; a malformed one is SharePoint's "The expression … is not valid." (400), as
    reported in vgrem/phpSPO#359 and pnp/pnpjs#937 for unbalanced quotes."""
    try:
        return parse_segment(text, aliases)
    except errors.SPError as exc:
        if exc.status != 400:
            raise
        raise errors.bad_request(f'The expression "{api_path}" is not valid.') from None


def handle_one(site: Any, request: Request, api_path: str) -> Response:
    """Resolve and run one request (also one part of a $batch) under the site lock."""
    verbose = wants_verbose(request)
    method = effective_method(request)
    try:
        with site.lock:
            site.base_url = request.base_url or site.base_url
            check_digest(site, request, method)
            ctx = Ctx(site, request, method, verbose, request.query)
            aliases = {k: v for k, v in request.query.items() if k.startswith("@")}
            node: Node = RootNode()
            for text in split_path(api_path):
                node = node.child(ctx, _segment(text, api_path, aliases))
            verb = _VERBS.get(method)
            if verb is None:
                raise errors.method_not_allowed(method)
            return getattr(node, verb)(ctx)
    except errors.SPError as exc:
        return exc.response(verbose)
    except Exception:  # never a traceback on the wire: SharePoint answers 500 with its error body
        log.error("fake_tenant.sharepoint.unhandled", path=request.path, method=method, exc_info=True)
        return errors.SPError(500, "-2146233088, System.InvalidOperationException",
                              "Operation is not valid due to the current state of the object.").response(verbose)


class SharePointApi:
    """The router handler for `<site>/_api/...` (and `/_api/...` on the root)."""

    def __init__(self, site: Any) -> None:
        self.site = site

    def __call__(self, request: Request) -> Response:
        denied = authenticate(self.site, request)
        if denied is not None:
            return denied
        return handle_one(self.site, request, request.params.get("rest") or "")


__all__ = ["SharePointApi", "handle_one"]
