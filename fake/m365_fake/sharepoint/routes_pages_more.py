"""More of a modern site page (`_api/sitepages/pages(n)`): MERGE (update), DELETE, Copy,
PromoteToNews / DemoteFromNews, and the page's list item in Site Pages (`ListItemAllFields`).

No recordings exist for these answers. Per learn.microsoft.com (SP.Publishing.SitePage,
MS-CSOMSPT "PromoteToNews"): PromotedState is 0 (not promoted), 1 (to be promoted when published),
2 (promoted news); promoting or demoting a page that is not checked out is a 409
ClientServiceException. **Inferred**: a copy is a checked-out draft named "<name>(n).aspx" (Version
0.1, never published); DELETE answers 200 with an empty body and sends the page to the recycle bin;
MERGE answers 204 like other entities (list-update-204.verbose.json).
"""
from __future__ import annotations

import copy
from typing import Any

from ..http import Response
from . import errors
from .base import Call, Ctx, Node, payload
from .models import ADD, FileData, Item
from .odata import Segment

PAGE_MORE_CHILDREN = {"copy": "copy", "promotetonews": "promote", "demotefromnews": "demote",
                      "listitemallfields": "list_item"}
_EDITABLE = ("Title", "Description", "BannerImageUrl", "TopicHeader", "CanvasContent1", "LayoutWebpartsContent")


def _not_checked_out() -> errors.SPError:
    return errors.SPError(409, "-2147024809, Microsoft.SharePoint.Client.ClientServiceException",
                          "The page is not checked out to the current user.")


def _copy_name(lst: Any, name: str) -> str:
    stem = name[:-5] if name.lower().endswith(".aspx") else name
    taken = {i.name.lower() for i in lst.items.values()}
    n = 1
    while f"{stem}({n}).aspx".lower() in taken:
        n += 1
    return f"{stem}({n}).aspx"


class PageMore:
    """Mixin of `routes_pages.PageNode` (which has `item` and `page`)."""

    item: Item

    @property
    def page(self) -> dict[str, Any]:
        """The page's properties: `PageNode.page` (declared here, read-only, for the mixin's methods)."""
        raise NotImplementedError

    def merge(self, ctx: Ctx) -> Response:
        """MERGE: the page's editable properties (Title, Description, CanvasContent1...)."""
        from .routes_pages import pages_library
        values = payload(ctx.json())
        for key in _EDITABLE:
            if key in values:
                self.page[key] = values[key]
        ctx.site.update_item(pages_library(ctx.site), self.item, {"Title": self.page.get("Title")},
                             new_version=False)
        return ctx.empty(204)

    def delete(self, ctx: Ctx) -> Response:
        from .routes_pages import pages_library
        from .routes_recycle import recycle
        recycle(ctx.site, pages_library(ctx.site), self.item)
        return ctx.empty(200)

    def copy(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            from .routes_pages import page_entity, pages_library
            lst = pages_library(c.site)
            name = _copy_name(lst, self.item.name)
            item = c.site.add_item(lst, {"Title": self.page.get("Title")}, folder=lst.url, name=name, log=False)
            item.file = FileData(b"", created=c.site.now(), modified=c.site.now())
            fresh = {k: copy.deepcopy(v) for k, v in self.page.items()
                     if k not in ("FirstPublished", "PublishedCanvasContent1", "PromotedState")}
            item.page = {**fresh, "Version": "0.1", "checked_out": True, "published": False}
            c.site.log(ADD, lst, item)
            return c.reply({"d": page_entity(c.site, lst, item)})
        return Call(run)

    def promote(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            if not self.page.get("checked_out"):
                raise _not_checked_out()
            if not self.page.get("PromotedState"):
                self.page["PromotedState"] = 2 if self.page.get("published") else 1
            return c.reply({"d": {"PromoteToNews": True}})
        return Call(run)

    def demote(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            if not self.page.get("checked_out"):
                raise _not_checked_out()
            self.page["PromotedState"] = 0
            return c.reply({"d": {"DemoteFromNews": True}})
        return Call(run)

    def list_item(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_items import ItemNode
        from .routes_pages import pages_library
        return ItemNode(pages_library(ctx.site), self.item)


__all__ = ["PAGE_MORE_CHILDREN", "PageMore"]
