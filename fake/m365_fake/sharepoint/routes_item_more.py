"""More of a list item: `FieldValuesAsText` / `FieldValuesAsHtml`, `Versions`, `Recycle`, and comments
(`GetComments`, `Comments` GET/POST, `Comments(id)` GET/DELETE).

No recordings exist for these answers; shapes are **inferred** from learn.microsoft.com
(SP.FieldStringValues, SP.ListItemVersion, Microsoft.SharePoint.Comments.comment) and from the
properties office365-rest-python-client reads (office365/sharepoint/comments/comment.py,
listitems/versions/version.py). Text values follow the en-US site: dates "M/D/YYYY h:mm AM/PM" in
site time, Yes/No for booleans, a person's display name.
"""
from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from ..http import Response
from . import errors
from .base import Call, Ctx, Node
from .models import Item, SPList, iso
from .odata import Segment
from .query import selection
from .verbose import _EASTERN, collection, deferred, item_extras, list_uri, meta, select_keys

ITEM_MORE_CHILDREN = {"fieldvaluesastext": "as_text", "fieldvaluesashtml": "as_html", "versions": "versions",
                      "recycle": "recycle", "getcomments": "comments", "comments": "comments"}


def _text(site: Any, lst: SPList, name: str, value: Any) -> str:
    fld = lst.field(name)
    kind = fld.kind if fld is not None else ""
    if value is None:
        return ""
    if kind == "User" or name in ("Author", "Editor"):
        return str(site.users.get(value, ""))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        local = value.astimezone(_EASTERN)
        return f"{local.month}/{local.day}/{local.year} {local.strftime('%I:%M %p').lstrip('0')}"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(str(v) for v in (value.get("Url"), value.get("Description")) if v)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def field_values(site: Any, lst: SPList, item: Item, as_html: bool = False) -> dict[str, Any]:
    """SP.FieldStringValues: every column of the item as display text (inferred, see the module)."""
    kind = "FieldValuesAsHtml" if as_html else "FieldValuesAsText"
    uri = f"{list_uri(site, lst)}/Items({item.id})/{kind}"
    values: dict[str, Any] = {"ID": item.id, "Title": item.values.get("Title"), "Created": item.created,
                              "Modified": item.modified, "Author": item.author_id, "Editor": item.editor_id,
                              "Attachments": bool(item.attachments)}
    values.update({k: v for k, v in item_extras(site, lst, item).items() if k != "OData__UIVersionString"})
    values["_UIVersionString"] = f"{item.ui_version}.0"
    for fld in lst.fields:
        if not fld.builtin:
            values[fld.internal_name] = item.values.get(fld.internal_name, fld.default)
    data: dict[str, Any] = {"__metadata": meta(uri, "SP.FieldStringValues")}
    for name, value in values.items():
        text = _text(site, lst, name, value)
        # property names: the internal name, a leading "_" written _x005f_ as in SharePoint's XML names
        key = "_x005f_" + name[1:] if name.startswith("_") else name
        data[key] = html.escape(text) if as_html else text
    return data


def _snapshot(item: Item) -> dict[str, Any]:
    return {"label": f"{item.ui_version}.0", "values": dict(item.values), "modified": item.modified,
            "editor": item.editor_id}


def versions_of(item: Item) -> list[dict[str, Any]]:
    """The item's versions, newest (the current one) first, as SharePoint lists them."""
    return [_snapshot(item)] + list(reversed(item.value_history))


def version_entity(site: Any, lst: SPList, item: Item, version: dict[str, Any], current: bool) -> dict[str, Any]:
    """SP.ListItemVersion: VersionId (512 per major), VersionLabel, IsCurrentVersion, Created, then the
    column values of that version (inferred)."""
    vid = int(float(version["label"])) * 512
    uri = f"{list_uri(site, lst)}/Items({item.id})/Versions({vid})"
    data: dict[str, Any] = {"__metadata": meta(uri, "SP.ListItemVersion"),
                            "CreatedBy": deferred(f"{uri}/CreatedBy"), "Fields": deferred(f"{uri}/Fields"),
                            "Created": iso(version["modified"]), "IsCurrentVersion": current, "VersionId": vid,
                            "VersionLabel": version["label"]}
    for fld in lst.fields:
        if not fld.builtin or fld.internal_name == "Title":
            value = version["values"].get(fld.internal_name)
            data[fld.entity_name] = iso(value) if isinstance(value, datetime) else value
    return data


def comment_entity(site: Any, lst: SPList, item: Item, comment: dict[str, Any]) -> dict[str, Any]:
    """Microsoft.SharePoint.Comments.comment (inferred)."""
    uri = f"{list_uri(site, lst)}/Items({item.id})/Comments({comment['id']})"
    from .routes_users import user_record
    author = user_record(site, comment["author"])
    return {"__metadata": meta(uri, "Microsoft.SharePoint.Comments.comment"),
            "likedBy": deferred(f"{uri}/likedBy"), "replies": deferred(f"{uri}/replies"),
            "author": {"__metadata": {"type": "SP.Sharing.Principal"}, "email": author["Email"], "expiration": None,
                       "id": comment["author"], "isActive": True, "isExternal": False, "jobTitle": None,
                       "loginName": author["LoginName"], "name": author["Title"], "principalType": 1,
                       "userId": None, "userPrincipalName": author["UserPrincipalName"]},
            "createdDate": iso(comment["created"]), "id": str(comment["id"]), "isLikedByUser": False,
            "isReply": False, "itemId": item.id, "likeCount": 0, "listId": lst.id,
            "mentions": None, "modifiedDate": None, "parentId": "0", "replyCount": 0, "text": comment["text"]}


class ItemMore:
    """Mixin of `routes_items.ItemNode` (which has `lst` and `item`)."""

    lst: SPList
    item: Item

    def as_text(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(lambda c: c.reply({"d": select_keys(field_values(c.site, self.lst, self.item),
                                                        selection(c)[0])}), allow_get=True)

    def as_html(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(lambda c: c.reply({"d": select_keys(field_values(c.site, self.lst, self.item, True),
                                                        selection(c)[0])}), allow_get=True)

    def versions(self, ctx: Ctx, seg: Segment) -> Node:
        rows = versions_of(self.item)
        if seg.called:
            wanted = [r for i, r in enumerate(rows) if str(int(float(r["label"])) * 512) == str(seg.arg())]
            if not wanted:
                raise errors.SPError(404, "-2130575338, Microsoft.SharePoint.SPException", "Version does not exist.")
            return Call(lambda c: c.reply({"d": version_entity(c.site, self.lst, self.item, wanted[0],
                                                               wanted[0] is rows[0])}), allow_get=True)
        return Call(lambda c: c.reply(collection([version_entity(c.site, self.lst, self.item, r, i == 0)
                                                  for i, r in enumerate(rows)])), allow_get=True)

    def recycle(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_recycle import recycle_call
        return recycle_call(self.lst, self.item)

    def comments(self, ctx: Ctx, seg: Segment) -> Node:
        if seg.called and seg.name.lower() == "comments":
            return CommentNode(self.lst, self.item, _comment(self.item, seg.arg()))
        return CommentsNode(self.lst, self.item)


def _comments(item: Item) -> list[dict[str, Any]]:
    return item.comments


def _comment(item: Item, comment_id: Any) -> dict[str, Any]:
    for comment in _comments(item):
        if str(comment["id"]) == str(comment_id):
            return comment
    raise errors.SPError(404, "-2146232832, Microsoft.SharePoint.SPException", "The comment does not exist.")


class CommentsNode(Node):
    """`…/GetComments()` or `…/Comments`: GET lists (newest first), POST {"text"} adds, DeleteAll."""

    type_name = "Microsoft.SharePoint.Comments.commentCollection"
    children = {"deleteall": "delete_all"}

    def __init__(self, lst: SPList, item: Item) -> None:
        self.lst, self.item = lst, item

    def get(self, ctx: Ctx) -> Response:
        rows = [comment_entity(ctx.site, self.lst, self.item, c) for c in reversed(_comments(self.item))]
        return ctx.reply(collection(rows))

    def post(self, ctx: Ctx) -> Response:
        text = ctx.json().get("text")
        if not isinstance(text, str) or not text.strip():
            raise errors.argument_error("The comment text must be given.")
        comments = _comments(self.item)
        comment = {"id": max([c["id"] for c in comments], default=0) + 1, "text": text, "author": 11,
                   "created": ctx.site.now()}
        comments.append(comment)
        return ctx.reply({"d": comment_entity(ctx.site, self.lst, self.item, comment)}, 201)

    def delete_all(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            _comments(self.item).clear()
            return c.void("DeleteAll")
        return Call(run)


class CommentNode(Node):
    """One comment: GET, DELETE."""

    type_name = "Microsoft.SharePoint.Comments.comment"

    def __init__(self, lst: SPList, item: Item, comment: dict[str, Any]) -> None:
        self.lst, self.item, self.comment = lst, item, comment

    def get(self, ctx: Ctx) -> Response:
        return ctx.reply({"d": comment_entity(ctx.site, self.lst, self.item, self.comment)})

    def delete(self, ctx: Ctx) -> Response:
        _comments(self.item).remove(self.comment)
        return ctx.empty(200)


__all__ = ["ITEM_MORE_CHILDREN", "ItemMore", "field_values"]
