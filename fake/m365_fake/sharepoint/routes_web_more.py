"""More of `_api/web`: the default document library, site columns (`web/fields`), the recycle bin,
users, and `GetList`/`GetListUsingPath` by a path given percent-encoded or not.

`WebMore` is mixed into `routes_web.WebNode`; `WEB_MORE_CHILDREN` extends its segment table.
"""
from __future__ import annotations

from typing import Any

from . import errors
from .base import Ctx, Node
from .models import DOCUMENT_LIBRARY, SPList
from .odata import Segment

#: segment (lower-case) -> method name on WebMore
WEB_MORE_CHILDREN = {
    "defaultdocumentlibrary": "default_document_library", "fields": "web_fields",
    "availablefields": "web_fields", "recyclebin": "recycle_bin", "siteusers": "site_users",
    "siteuserinfolist": "site_user_info_list", "ensureuser": "ensure_user", "getuserbyid": "user_by_id",
    "getuserbyloginname": "user_by_login",
}

#: the site columns live in a catalog list that is not one of the web's lists
SITE_COLUMNS_TITLE = "Site Columns"


def default_library(site: Any) -> SPList:
    """The web's default document library: the "Documents" library at Shared Documents that every
    new team site has (learn.microsoft.com, SP.Web.DefaultDocumentLibrary); else the oldest library."""
    libraries = [lst for lst in site.lists.values() if lst.base_template == DOCUMENT_LIBRARY]
    for lst in libraries:
        if lst.url_name.lower() == "shared documents":
            return lst
    if not libraries:
        raise errors.SPError(404, "-2147024894, System.IO.FileNotFoundException", "File Not Found.")
    return libraries[0]


def site_columns(site: Any) -> SPList:
    """The web's site-column catalog (made on first use, built-in columns first)."""
    catalog = getattr(site, "site_columns", None)
    if catalog is None:
        from .store import _builtin_fields
        catalog = SPList(title=SITE_COLUMNS_TITLE, url=f"{site.path}/_catalogs/fields",
                         fields=_builtin_fields(100), created=site.now())
        site.site_columns = catalog
    return catalog


class WebMore:
    """Mixin of `WebNode` (which provides Node's resolution)."""

    def default_document_library(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_web import ListNode
        return ListNode(default_library(ctx.site))

    def web_fields(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_web import _field_by_id
        from .routes_webfields import WebFieldNode, WebFieldsNode
        catalog = site_columns(ctx.site)
        if seg.called:
            return WebFieldNode(catalog, _field_by_id(catalog, str(seg.arg())))
        return WebFieldsNode(catalog)

    def recycle_bin(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_recycle import RecycleBinItemNode, RecycleBinNode, record_by_id
        if seg.called:   # RecycleBin('<id>')
            return RecycleBinItemNode(record_by_id(ctx.site, seg.arg()))
        return RecycleBinNode()

    def site_users(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_users import UsersNode, UserNode
        if seg.called:
            return UserNode(int(seg.arg()))
        return UsersNode()

    def site_user_info_list(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_users import UserInfoListNode
        return UserInfoListNode()

    def ensure_user(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_users import ensure_user_call
        return ensure_user_call(seg.arg("logonName"))

    def user_by_id(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_users import UserNode
        return UserNode(int(seg.arg()))

    def user_by_login(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_users import user_by_login
        return user_by_login(ctx, str(seg.arg() or ""))


__all__ = ["WEB_MORE_CHILDREN", "WebMore", "default_library", "site_columns"]
