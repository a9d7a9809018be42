"""Site columns: `_api/web/fields` (and `availablefields`) over the web's site-column catalog
(`routes_web_more.site_columns`), with the list field routes' behaviour and the web's own URIs."""
from __future__ import annotations

from typing import Any

from ..http import Response
from .base import Call, Ctx, Node
from .models import SPList
from .odata import Segment
from .routes_web import FieldNode, FieldsNode
from .verbose import list_uri


def _as_web_field(site: Any, catalog: SPList, response: Response) -> Response:
    """Site columns are addressed as `_api/Web/Fields(guid'…')` (SP.Web.Fields); the shared field
    builder names them under a list, so the catalog's list URI is rewritten in the body."""
    response.body = response.body.replace(f"{list_uri(site, catalog)}/Fields".encode(),
                                          f"{site.web_url}/_api/Web/Fields".encode())
    return response


class WebFieldsNode(FieldsNode):
    """`_api/web/fields`: list, add (SP.Field body, AddField, CreateFieldAsXml), get by internal name,
    title or id."""

    type_name = "SP.FieldCollection"

    def get(self, ctx: Ctx) -> Response:
        return _as_web_field(ctx.site, self.lst, super().get(ctx))

    def post(self, ctx: Ctx) -> Response:
        return _as_web_field(ctx.site, self.lst, super().post(ctx))

    def child(self, ctx: Ctx, seg: Segment) -> Node:
        node = super().child(ctx, seg)
        if isinstance(node, FieldNode):
            return WebFieldNode(node.lst, node.fld)
        if isinstance(node, Call):   # AddField / CreateFieldAsXml answer the new field
            run = node.run
            node.run = lambda c: _as_web_field(c.site, self.lst, run(c))
        return node


class WebFieldNode(FieldNode):
    """One site column: GET, MERGE, DELETE."""

    def get(self, ctx: Ctx) -> Response:
        return _as_web_field(ctx.site, self.lst, super().get(ctx))


__all__ = ["WebFieldNode", "WebFieldsNode"]
