"""A list's attachments as files: SharePoint keeps each item's attachments as SP.File objects in the
folder `<list root>/Attachments/<item id>/` (the path SP.Attachment's ServerRelativeUrl names,
item-attachmentfiles-expanded.verbose.json). Served here:

* `GetFolderByServerRelativeUrl('<list root>/Attachments')` (SP.Folder) and its `Folders`, one SP.Folder
  per item with attachments, named by the item id, with `$expand=Files`: the attachments as SP.File.
* the SP.File entity of one attachment (also for `GetFileByServerRelativeUrl`, routes_fileops).

The SP.File properties of an attachment are **inferred**, not recorded: shaped as a library file's
(folder-files-filter.verbose.json): `ContentTag` "{GUID},<item ETag counter>,<content counter>", `ETag`
"{GUID},<n>", `Length` as a string, `TimeLastModified`. An attachment keeps its GUID while it exists; its
content counter and TimeLastModified move when its bytes change (however they were replaced), never
with a column write on the item. A deleted and re-added attachment is a new file (new GUID).
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any

from ..http import Response
from .base import Ctx, Node
from .models import Item, SPList, iso, new_guid
from .odata import Segment
from .query import selection
from .verbose import collection, meta, quote_path, select_keys


def attachment_version(item: Item, name: str) -> dict[str, Any]:
    """The attachment's file identity {guid, content, sha, modified}: kept per name, its content counter
    moved whenever the bytes differ from those it was last seen with."""
    data = item.attachments[name]
    sha = hashlib.sha256(data).hexdigest()
    known = item.attachment_files.get(name)
    if known is None:
        known = {"guid": new_guid(), "content": 2, "sha": sha, "modified": item.modified}
        item.attachment_files[name] = known
    elif known["sha"] != sha:
        known.update(content=known["content"] + 1, sha=sha, modified=datetime.now(timezone.utc))
    return known


def attachment_file_entity(site: Any, lst: SPList, item: Item, name: str) -> dict[str, Any]:
    """SP.File of one attachment (inferred; see the module doc)."""
    url = f"{lst.url}/Attachments/{item.id}/{name}"
    uri = f"{site.web_url}/_api/Web/GetFileByServerRelativePath(decodedurl='{quote_path(url)}')"
    version = attachment_version(item, name)
    guid = str(version["guid"]).upper()
    return {"__metadata": meta(uri, "SP.File"), "CheckInComment": "", "CheckOutType": 2,
            "ContentTag": f"{{{guid}}},{item.version},{version['content']}", "ETag": f'"{{{guid}}},{item.version}"',
            "Exists": True, "Length": str(len(item.attachments[name])), "Level": 1, "MajorVersion": 1,
            "MinorVersion": 0, "Name": name, "ServerRelativeUrl": url, "TimeCreated": iso(item.created),
            "TimeLastModified": iso(version["modified"]), "Title": "", "UIVersion": 512, "UIVersionLabel": "1.0",
            "UniqueId": version["guid"]}


def attachments_folder_of(site: Any, path: str) -> SPList | None:
    """The list whose Attachments folder `path` (server-relative, normalised) is, else None."""
    lst = site.list_for_path(path)
    if lst is None or lst.is_library:
        return None
    return lst if path.rstrip("/").lower() == f"{lst.url}/attachments".lower() else None


class AttachmentsFolderNode(Node):
    """`<list root>/Attachments` as an SP.Folder: GET, and its `Folders` (one per item with attachments)."""

    type_name = "SP.Folder"
    children = {"folders": "folders"}

    def __init__(self, lst: SPList) -> None:
        self.lst = lst

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        return ctx.reply({"d": select_keys(self._folder(ctx, "Attachments", f"{self.lst.url}/Attachments"), select)})

    def folders(self, ctx: Ctx, seg: Segment) -> Node:
        return AttachmentFoldersNode(self)

    def _folder(self, ctx: Ctx, name: str, url: str) -> dict[str, Any]:
        uri = f"{ctx.site.web_url}/_api/Web/GetFolderByServerRelativePath(decodedurl='{quote_path(url)}')"
        return {"__metadata": meta(uri, "SP.Folder"), "Exists": True, "Name": name, "ServerRelativeUrl": url,
                "TimeLastModified": iso(self.lst.last_modified)}

    def item_folders(self, ctx: Ctx, with_files: bool) -> list[dict[str, Any]]:
        """One SP.Folder per item with attachments, by item id; with its Files when asked."""
        out = []
        for item in sorted(self.lst.items.values(), key=lambda i: i.id):
            if not item.attachments:
                continue
            entity = self._folder(ctx, str(item.id), f"{self.lst.url}/Attachments/{item.id}")
            entity["ItemCount"] = len(item.attachments)
            if with_files:
                entity["Files"] = {"results": [attachment_file_entity(ctx.site, self.lst, item, n)
                                               for n in item.attachments]}
            out.append(entity)
        return out


class AttachmentFoldersNode(Node):
    """`…/Attachments/Folders`: GET, `$expand=Files` adds each folder's attachments as SP.File."""

    type_name = "SP.FolderCollection"

    def __init__(self, parent: AttachmentsFolderNode) -> None:
        self.parent = parent

    def get(self, ctx: Ctx) -> Response:
        select, expand = selection(ctx)
        with_files = any(e.lower() == "files" for e in expand)
        return ctx.reply(collection([select_keys(f, select) for f in self.parent.item_folders(ctx, with_files)]))
