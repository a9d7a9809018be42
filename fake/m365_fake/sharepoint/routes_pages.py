"""Modern site pages: `_api/sitepages/pages` create, checkout, save (draft) with CanvasContent1, publish.

Shapes: sitepages-create.nometadata.mock.json (Version "0.1", FirstPublished sentinel, CanvasContent1
as a JSON string); no recorded bodies exist for SavePage/SavePageAsDraft/Publish (README gap 6), so they
answer like other boolean service operations ({"d":{"<Name>":true}}, cf. file-publish.verbose.json).
"""
from __future__ import annotations

import json
import re
from typing import Any

from ..http import Response
from . import errors
from .base import Call, Ctx, Node, payload
from .models import SITE_PAGES, FileData, Item, SPList, iso
from .odata import Segment
from .query import query_entities, selection
from .routes_pages_more import PAGE_MORE_CHILDREN, PageMore
from .verbose import api, meta, resource_path, select_keys

NEVER = "0001-01-01T08:00:00Z"   # FirstPublished of a never-published page (sitepages-create mock)
#: the Site Page content type; list content types append "00" and a 32-hex suffix (sitepages-create mock)
SITE_PAGE_CONTENT_TYPE = "0x0101009D1CB255DA76424F860D91F20E6C4118"


def pages_library(site: Any) -> SPList:
    return next(lst for lst in site.lists.values() if lst.base_template == SITE_PAGES)


def page_entity(site: Any, lst: SPList, item: Item) -> dict[str, Any]:
    page = item.page or {}
    uri = f"{api(site)}/SitePages/Pages({item.id})"
    canvas = page.get("CanvasContent1") if page.get("checked_out") or not page.get("published") \
        else page.get("PublishedCanvasContent1", page.get("CanvasContent1"))
    suffix = lst.id.replace("-", "").upper()
    return {"__metadata": meta(uri, "SP.Publishing.SitePage"),
            "AbsoluteUrl": f"{site.base_url}{item.ref}", "AuthorByline": None, "BannerImageUrl": None,
            "BannerThumbnailUrl": None, "CallToAction": "", "Categories": None,
            "ContentTypeId": f"{SITE_PAGE_CONTENT_TYPE}00{suffix}", "Description": page.get("Description"),
            "DoesUserHaveEditPermission": True, "FileName": item.name,
            "FirstPublished": page.get("FirstPublished", NEVER), "Id": item.id,
            "IsPageCheckedOutToCurrentUser": bool(page.get("checked_out")), "IsWebWelcomePage": False,
            "Modified": iso(item.modified), "PageLayoutType": page.get("PageLayoutType", "Article"),
            "Path": resource_path(f"SitePages/{item.name}"), "PromotedState": page.get("PromotedState", 0), "Title": page.get("Title"),
            "TopicHeader": page.get("TopicHeader"), "UniqueId": item.file.unique_id if item.file else item.guid,
            "Url": f"SitePages/{item.name}", "Version": page.get("Version", "0.1"),
            "VersionInfo": {"__metadata": {"type": "SP.Publishing.SitePageVersionInfo"},
                            "LastVersionCreated": "0001-01-01T00:00:00", "LastVersionCreatedBy": ""},
            "AlternativeUrlMap": _alternative_url_map(site), "AuthoringMetadata": None,
            "CanvasContent1": canvas if canvas is not None else "[]", "CoAuthState": None, "Language": None,
            "LayoutWebpartsContent": None, "SitePageFlags": ""}


def _alternative_url_map(site: Any) -> str:
    """AlternativeUrlMap: a JSON *string* of CDN/photo URLs (sitepages-create.nometadata.mock.json)."""
    media = "https://westeurope1-mediap.svc.ms"
    return json.dumps({
        "UserPhotoAspx": f"{site.base_url}/_vti_bin/afdcache.ashx/_userprofile/userphoto.jpg",
        "MediaTAThumbnailPathUrl": f"{media}/transform/thumbnail?provider=spo&inputFormat={{.fileType}}&cs=UEFHRVN8U1BP"
                                   "&docid={.spHost}/_api/v2.0/sharePoint:{.resourceUrl}:/driveItem&w={.widthValue}"
                                   "&oauth_token=bearer%20{.oauthToken}",
        "MediaTAThumbnailHostUrl": media, "AFDCDNEnabled": "True", "CurrentSiteCDNPolicy": "True",
        "PublicCDNEnabled": "True", "PrivateCDNEnabled": "True"}, separators=(",", ":"))


class SitePagesNode(Node):
    """`_api/sitepages`."""

    type_name = "SP.Publishing.SitePageService"
    children = {"pages": "pages"}

    def pages(self, ctx: Ctx, seg: Segment) -> Node:
        if seg.called:
            return PageNode(_page_by_id(ctx, seg.arg()))
        return PagesNode()


def _page_by_id(ctx: Ctx, page_id: Any) -> Item:
    lst = pages_library(ctx.site)
    try:
        item = lst.items.get(int(page_id))
    except (TypeError, ValueError):
        item = None
    if item is None or item.page is None:
        raise errors.item_not_found()
    return item


class PagesNode(Node):
    """`_api/sitepages/pages`: GET, POST (create a draft page), GetById, GetByUrl."""

    type_name = "SP.Publishing.SitePageCollection"
    children = {"getbyid": "by_id", "getbyurl": "by_url"}

    def get(self, ctx: Ctx) -> Response:
        lst = pages_library(ctx.site)
        select, _ = selection(ctx)
        rows = query_entities(ctx, [page_entity(ctx.site, lst, i) for i in lst.items.values() if i.page is not None])
        return ctx.reply({"d": {"results": [select_keys(r, select) for r in rows]}})

    def by_id(self, ctx: Ctx, seg: Segment) -> Node:
        return PageNode(_page_by_id(ctx, seg.arg()))

    def by_url(self, ctx: Ctx, seg: Segment) -> Node:
        name = str(seg.arg() or "").rsplit("/", 1)[-1].lower()
        for item in pages_library(ctx.site).items.values():
            if item.page is not None and item.name.lower() == name:
                return PageNode(item)
        raise errors.file_not_found(f"{pages_library(ctx.site).url}/{name}")

    def post(self, ctx: Ctx) -> Response:
        """Create: a checked-out draft, Version "0.1" (sitepages-create.nometadata.mock.json)."""
        values = payload(ctx.json())
        title = str(values.get("Title") or "")
        name = str(values.get("Name") or "") or (re.sub(r"[^\w-]+", "-", title).strip("-") or "page") + ".aspx"
        if not name.lower().endswith(".aspx"):
            name += ".aspx"
        lst = pages_library(ctx.site)
        if any(i.name.lower() == name.lower() for i in lst.items.values()):
            raise errors.file_exists(f"{lst.url}/{name}")
        item = ctx.site.add_item(lst, {"Title": title}, folder=lst.url, name=name, log=False)
        item.file = FileData(b"", created=ctx.site.now(), modified=ctx.site.now())
        item.page = {"Title": title, "CanvasContent1": "[]", "Version": "0.1", "checked_out": True,
                     "published": False, "PageLayoutType": values.get("PageLayoutType") or "Article"}
        from .models import ADD
        ctx.site.log(ADD, lst, item)
        return ctx.reply({"d": page_entity(ctx.site, lst, item)})


def _bump_minor(version: str) -> str:
    major, _, minor = version.partition(".")
    return f"{major}.{int(minor or 0) + 1}"


class PageNode(PageMore, Node):
    """One page: GET, CheckoutPage, SavePage / SavePageAsDraft / SaveDraft, Publish, DiscardPage."""

    type_name = "SP.Publishing.SitePage"
    children = {"checkoutpage": "checkout", "savepage": "save", "savepageasdraft": "save", "savedraft": "save",
                "publish": "publish", "discardpage": "discard", **PAGE_MORE_CHILDREN}

    def __init__(self, item: Item) -> None:
        self.item = item

    @property
    def page(self) -> dict[str, Any]:
        assert self.item.page is not None
        return self.item.page

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        return ctx.reply({"d": select_keys(page_entity(ctx.site, pages_library(ctx.site), self.item), select)})

    def checkout(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            self.page["checked_out"] = True
            return c.reply({"d": page_entity(c.site, pages_library(c.site), self.item)})
        return Call(run)

    def save(self, ctx: Ctx, seg: Segment) -> Node:
        op = {"savepage": "SavePage", "savepageasdraft": "SavePageAsDraft", "savedraft": "SaveDraft"}[seg.name.lower()]
        return Call(lambda c: self._save(c, op))

    def _save(self, ctx: Ctx, op: str) -> Response:
        """Store the draft: Title and CanvasContent1 (a JSON string of web parts, validated as JSON)."""
        body = ctx.json()
        fields = payload(body, "pageStream" if "pageStream" in body else "sitePage")
        canvas = fields.get("CanvasContent1")
        if canvas is not None:
            try:
                json.loads(canvas)
            except (TypeError, ValueError):
                raise errors.argument_error("CanvasContent1 is not valid JSON.") from None
            self.page["CanvasContent1"] = canvas
        for key in ("Title", "BannerImageUrl", "TopicHeader", "Description"):
            if fields.get(key) is not None:
                self.page[key] = fields[key]
        self.page["Version"] = _bump_minor(self.page.get("Version", "0.1"))
        lst = pages_library(ctx.site)
        ctx.site.update_item(lst, self.item, {"Title": self.page.get("Title")}, new_version=False)
        return ctx.reply({"d": {op: True}})

    def publish(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            major = int(self.page.get("Version", "0.1").split(".")[0]) + 1
            self.page.update({"Version": f"{major}.0", "published": True, "checked_out": False,
                              "PublishedCanvasContent1": self.page.get("CanvasContent1", "[]")})
            self.page.setdefault("FirstPublished", iso(c.site.now()))
            if self.page.get("PromotedState") == 1:   # promoted before publishing: news from now on
                self.page["PromotedState"] = 2
            lst = pages_library(c.site)
            c.site.update_item(lst, self.item, {})
            return c.reply({"d": {"Publish": True}})
        return Call(run)

    def discard(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            self.page["checked_out"] = False
            if self.page.get("published"):
                self.page["CanvasContent1"] = self.page.get("PublishedCanvasContent1", "[]")
            return c.reply({"d": page_entity(c.site, pages_library(c.site), self.item)})
        return Call(run)
