"""The web's recycle bin: `Recycle` on a file, folder or item moves it there (with a folder's
contents); `_api/web/RecycleBin` lists it; `RecycleBin('<id>')/Restore` (or `GetById`, `RestoreAll`,
`DeleteAll`, `DeleteByIds`) brings it back or empties the bin.

The item keeps its id and values when restored, as in SharePoint. Change log: a recycle is a
DeleteObject (3) per item, a restore is Restore (7) (SP.ChangeType, learn.microsoft.com).
SP.RecycleBinItem's property set is **inferred** from learn.microsoft.com (SP.RecycleBinItem) and
the library's own `RecycleBinItem` class; there is no recording of it. `DirName` is server-relative
without its leading slash ("sites/KYILN/Shared Documents"), as SharePoint Online is widely shown to
answer; `ItemType` follows SP.RecycleBinItemType (1 File, 3 ListItem, 5 Folder).
"""
from __future__ import annotations

from typing import Any

from ..http import Response
from . import errors
from .base import Call, Ctx, Node
from .models import DELETE, Item, SPList, iso, new_guid
from .odata import Segment
from .query import query_entities, selection
from .verbose import api, collection, deferred, meta, resource_path, select_keys

RESTORE = 7   # SP.ChangeType.Restore
FILE, LIST_ITEM, FOLDER = 1, 3, 5


def _subtree(lst: SPList, item: Item) -> list[Item]:
    """The item and, for a folder, everything under it."""
    if not item.is_folder:
        return [item]
    prefix = item.ref.lower() + "/"
    return [item] + [i for i in lst.items.values() if (i.folder.lower() + "/").startswith(prefix)]


def recycle(site: Any, lst: SPList, item: Item) -> str:
    """Move an item (a folder with its contents) to the recycle bin; returns the bin item's id."""
    items = _subtree(lst, item)
    folders = {url: guid for url, guid in lst.folders.items()
               if any(i.is_folder and i.ref.lower() == url.lower() for i in items)}
    for gone in items:
        lst.items.pop(gone.id, None)
        site.log(DELETE, lst, gone)
    for url in folders:
        lst.folders.pop(url, None)
    record = {"Id": new_guid(), "list_id": lst.id, "items": items, "folders": folders, "deleted": site.now(),
              "root": item, "author_id": item.author_id}
    site.recycle_bin.append(record)
    return record["Id"]


def restore(site: Any, record: dict[str, Any]) -> None:
    """Put a recycled item back where it was; 400 if its folder is gone or its name is taken again."""
    lst = site.lists.get(record["list_id"])
    root: Item = record["root"]
    if lst is None:
        raise errors.argument_error("The list that held this item no longer exists.")
    parent_known = root.folder.lower() == lst.url.lower() or any(f.lower() == root.folder.lower() for f in lst.folders)
    if not parent_known:
        raise errors.argument_error(f"The folder {root.folder} no longer exists.")
    if root.name and any(i.name.lower() == root.name.lower() and i.folder.lower() == root.folder.lower()
                         for i in lst.items.values()):
        raise errors.file_exists(root.ref)
    for item in record["items"]:
        lst.items[item.id] = item
        site.log(RESTORE, lst, item)
    lst.folders.update(record["folders"])
    site.recycle_bin.remove(record)


def bin_entity(site: Any, record: dict[str, Any]) -> dict[str, Any]:
    """SP.RecycleBinItem (inferred; see the module docstring)."""
    root: Item = record["root"]
    uri = f"{api(site)}/Web/RecycleBin('{record['Id']}')"
    kind = FOLDER if root.is_folder else FILE if root.file is not None else LIST_ITEM
    leaf = root.name or f"{root.id}_.000"
    size = sum(len(i.file.content) for i in record["items"] if i.file is not None)
    author = site.users.get(record["author_id"], "")
    data: dict[str, Any] = {"__metadata": meta(uri, "SP.RecycleBinItem")}
    data.update({n: deferred(f"{uri}/{n}") for n in ("Author", "DeletedBy")})
    data.update({"AuthorEmail": "", "AuthorName": author, "DeletedByEmail": "", "DeletedByName": site.users.get(11),
                 "DeletedDate": iso(record["deleted"]), "DeletedDateLocalFormatted": record["deleted"].strftime(
                     "%m/%d/%Y %I:%M %p"), "DirName": root.folder.lstrip("/"),
                 "DirNamePath": resource_path(root.folder.lstrip("/")), "Id": record["Id"], "ItemState": 1,
                 "ItemType": kind, "LeafName": leaf, "LeafNamePath": resource_path(leaf), "Size": str(size),
                 "Title": root.values.get("Title") or leaf})
    return data


def record_by_id(site: Any, bin_id: str) -> dict[str, Any]:
    wanted = str(bin_id).strip("{}").lower()
    for record in site.recycle_bin:
        if record["Id"] == wanted:
            return record
    raise errors.SPError(404, "-2147024809, System.ArgumentException", "Value does not fall within the expected range.")


class RecycleBinNode(Node):
    """`_api/web/RecycleBin`: GET, `('<id>')`, GetById, RestoreAll, DeleteAll, DeleteByIds."""

    type_name = "SP.RecycleBinItemCollection"
    children = {"getbyid": "by_id", "restoreall": "restore_all", "deleteall": "delete_all",
                "deletebyids": "delete_by_ids", "restorebyids": "restore_by_ids"}

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        rows = query_entities(ctx, [bin_entity(ctx.site, r) for r in reversed(ctx.site.recycle_bin)])
        return ctx.reply(collection([select_keys(r, select) for r in rows]))

    def by_id(self, ctx: Ctx, seg: Segment) -> Node:
        return RecycleBinItemNode(record_by_id(ctx.site, seg.arg()))

    def restore_all(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            for record in list(reversed(c.site.recycle_bin)):
                restore(c.site, record)
            return c.empty(200)
        return Call(run)

    def delete_all(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            c.site.recycle_bin.clear()
            return c.empty(200)
        return Call(run)

    def _ids(self, ctx: Ctx) -> list[dict[str, Any]]:
        ids = ctx.json().get("ids") or []
        ids = ids.get("results", []) if isinstance(ids, dict) else ids
        return [record_by_id(ctx.site, i) for i in ids]

    def delete_by_ids(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            for record in self._ids(c):
                c.site.recycle_bin.remove(record)
            return c.empty(200)
        return Call(run)

    def restore_by_ids(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            for record in self._ids(c):
                restore(c.site, record)
            return c.empty(200)
        return Call(run)


class RecycleBinItemNode(Node):
    """One recycle bin item: GET, Restore, DeleteObject / DELETE (gone for good)."""

    type_name = "SP.RecycleBinItem"
    children = {"restore": "restore", "deleteobject": "delete_object"}

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        return ctx.reply({"d": select_keys(bin_entity(ctx.site, self.record), select)})

    def restore(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            restore(c.site, self.record)
            return c.empty(200)
        return Call(run)

    def delete_object(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(self.delete)

    def delete(self, ctx: Ctx) -> Response:
        ctx.site.recycle_bin.remove(self.record)
        return ctx.empty(200)


def recycle_call(lst: SPList, item: Item) -> Node:
    """`…/Recycle` on a file, folder or item: {"d":{"Recycle":"<bin item id>"}} (Edm.Guid)."""
    return Call(lambda c: c.reply({"d": {"Recycle": recycle(c.site, lst, item)}}))


__all__ = ["RecycleBinNode", "recycle", "recycle_call", "restore"]
