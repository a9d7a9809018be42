"""The resolver's building blocks: a per-request context and resource nodes.

An `_api` path is walked segment by segment: each `Node.child` returns the next node (a list, an
item, a function call bound to its arguments), and the HTTP verb is applied to the last one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from ..http import Headers, Request, Response
from . import errors
from .errors import NOMETADATA, VERBOSE, SPError
from .odata import Segment
from .verbose import to_nometadata


@dataclass
class Ctx:
    """Everything a handler needs about one (possibly batched) request."""

    site: Any
    request: Request
    method: str
    verbose: bool = True
    query: dict[str, str] = field(default_factory=dict)
    _json: Any = None
    _parsed: bool = False

    def json(self) -> dict[str, Any]:
        """The JSON body (empty dict for none); 400 with an OData error when malformed."""
        if not self._parsed:
            raw = self.request.body.decode("utf-8-sig", "replace").strip()
            try:
                self._json = json.loads(raw) if raw else {}
            except ValueError:
                raise errors.bad_request("Invalid JSON. A token was not recognized in the JSON content.") from None
            if not isinstance(self._json, dict):
                raise errors.bad_request("Invalid JSON. An object was expected.")
            self._parsed = True
        return self._json

    def reply(self, payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        """A JSON reply in the negotiated flavour (verbose as recorded, or nometadata)."""
        if self.verbose:
            return Response.json(payload, status=status, content_type=VERBOSE, headers=headers)
        return Response.json(to_nometadata(payload), status=status, content_type=NOMETADATA, headers=headers)

    def empty(self, status: int = 204, headers: dict[str, str] | None = None) -> Response:
        """An empty body that still carries CONTENT-TYPE (list-update-204.verbose.json)."""
        return Response(status=status, headers=Headers({"Content-Type": VERBOSE if self.verbose else NOMETADATA,
                                                        **(headers or {})}))

    def void(self, name: str) -> Response:
        """A void service operation: {"d":{"<Name>":null}} (file-publish.verbose.json)."""
        return self.reply({"d": {name: None}})


class Node:
    """A resource reached by a path. Subclasses override what they support."""

    type_name = "SP.Object"
    #: child name (lower-case) -> method name taking (ctx, segment)
    children: dict[str, str] = {}

    def child(self, ctx: Ctx, seg: Segment) -> "Node":
        handler = self.children.get(seg.name.lower())
        if handler is None:
            raise errors.unknown_segment(seg.name, self.type_name)
        return getattr(self, handler)(ctx, seg)

    def get(self, ctx: Ctx) -> Response:
        raise errors.method_not_allowed(ctx.method)

    def post(self, ctx: Ctx) -> Response:
        raise errors.method_not_allowed(ctx.method)

    def merge(self, ctx: Ctx) -> Response:
        raise errors.method_not_allowed(ctx.method)

    def delete(self, ctx: Ctx) -> Response:
        raise errors.method_not_allowed(ctx.method)

    def put(self, ctx: Ctx) -> Response:
        return self.merge(ctx)


class Call(Node):
    """A service operation bound to its arguments: POST (or GET for functions) runs it."""

    def __init__(self, run: Callable[[Ctx], Response], allow_get: bool = False, type_name: str = "SP.Operation"):
        self.run = run
        self.allow_get = allow_get
        self.type_name = type_name

    def post(self, ctx: Ctx) -> Response:
        return self.run(ctx)

    def get(self, ctx: Ctx) -> Response:
        if not self.allow_get:
            raise errors.method_not_allowed("GET")
        return self.run(ctx)

    def put(self, ctx: Ctx) -> Response:
        return self.run(ctx)


def check_if_match(ctx: Ctx, current: str, accepted: tuple[str, ...]) -> None:
    """IF-MATCH: `*` (what office365 sends by default) always matches; otherwise the sent etag must be
    one of `accepted` (a library item matches both "\"n\"" and "\"<guid>,n\""), else 412 with the
    recorded message (error-412-etag-mismatch.nometadata.reported.json)."""
    sent = (ctx.request.headers.get("If-Match") or "").strip()
    if not sent or sent == "*":
        return
    # SharePoint etags hold commas ("<guid>,n"), so the header is one etag, not a list; the SP.File form
    # "{GUID},n" (folder-files-filter.verbose.json) names the same version as "guid,n"
    if _etag_key(sent) not in {_etag_key(a) for a in accepted}:
        raise errors.etag_mismatch(sent, current)


def _etag_key(etag: str) -> str:
    return etag.strip().removeprefix("W/").strip('"').replace("{", "").replace("}", "").lower()


def require_type(ctx: Ctx, body: dict[str, Any], expected: str) -> None:
    """A `__metadata.type` naming another entity type is refused as SharePoint's model does."""
    sent = (body.get("__metadata") or {}).get("type") if isinstance(body.get("__metadata"), dict) else None
    # the base type SP.ListItem is accepted for any SP.Data.*Item: office365's File.rename sends it for an
    # item it has not loaded (office365/sharepoint/files/file.py rename); inferred that SharePoint's model
    # resolves it, as the library's own examples use this against SharePoint Online
    base_ok = sent and sent.lower() == "sp.listitem" and expected.lower().startswith("sp.data.")
    if sent and sent.lower() != expected.lower() and not base_ok:
        raise errors.bad_request(f"A type named '{sent}' could not be resolved by the model. When a model is "
                                 "available, each type name must resolve to a valid type.")


def payload(body: dict[str, Any], key: str | None = None) -> dict[str, Any]:
    """The body without `__metadata`, unwrapped from `key` ({"parameters": {...}}) when present."""
    if key and isinstance(body.get(key), dict):
        body = body[key]
    return {k: v for k, v in body.items() if k != "__metadata"}


__all__ = ["Ctx", "Node", "Call", "SPError", "check_if_match", "require_type", "payload"]
