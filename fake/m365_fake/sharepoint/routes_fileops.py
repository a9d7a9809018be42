"""File operations beyond upload and download: copy, move, the version history (list, get, content,
delete, restore), recycle, and a list item's attachment addressed as a file by its path
(`GetFileByServerRelativeUrl/Path('…/Lists/<list>/Attachments/<id>/<name>')`).

Requests as office365-rest-python-client sends them (office365/sharepoint/files/file.py,
files/versions/collection.py): `CopyTo(strNewUrl,bOverWrite)`, `CopyToUsingPath(DecodedUrl,bOverWrite)`,
`MoveTo(newUrl,flags)`, `MoveToUsingPath(DecodedUrl,moveOperations)`, `Versions/getById(n)`,
`Versions/DeleteByID(vid)`, `DeleteByLabel(versionlabel)`, `RestoreByLabel(versionlabel)`,
`DeleteAll`, `…/OpenBinaryStream`. The answers of copy/move (`{"d":{"CopyTo":null}}`) and of the
version operations are **inferred** (void service operations, as file-publish.verbose.json records
for Publish). Flag values per SP.MoveOperations (learn.microsoft.com): 1 overwrite.
"""
from __future__ import annotations

from typing import Any

from ..http import Response
from . import errors, library
from .base import Call, Ctx, Node
from .models import FileData, FileVersion, Item, SPList, iso
from .odata import Segment
from .query import query_entities, selection
from .verbose import collection, meta, quote_path, select_keys

FILE_MORE_CHILDREN = {"copyto": "copy_to", "copytousingpath": "copy_to", "moveto": "move_to",
                      "movetousingpath": "move_to", "versions": "versions", "recycle": "recycle"}


def _flag(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in ("true", "1")


def _target(ctx: Ctx, seg: Segment, *names: str) -> str:
    for name in names:
        value = seg.arg(name) if seg.kwargs else None
        if value is not None:
            return str(value)
    body = ctx.json()
    for name in names:
        for key, value in body.items():
            if key.lower() == name.lower():
                return str(value.get("DecodedUrl") if isinstance(value, dict) else value)
    raise errors.argument_error(f"The {names[0]} parameter must be given.")


def copy_file(site: Any, lst: SPList, item: Item, url: str, overwrite: bool) -> Item:
    """A new file (or a new version of the target) with this file's content and column values."""
    assert item.file is not None
    url = library.normalise(site, url)
    folder, _, name = url.rpartition("/")
    target_list, copied = library.add_file(site, folder, name, item.file.content, overwrite)
    values = {k: v for k, v in item.values.items() if target_list.field(k) is not None and k != "Title"}
    site.update_item(target_list, copied, values, new_version=False)
    return copied


def move_file(site: Any, lst: SPList, item: Item, url: str, overwrite: bool) -> None:
    """Move (and rename) a file: same library keeps the item; another library gets a new item."""
    url = library.normalise(site, url)
    folder, _, name = url.rpartition("/")
    library.check_name(name)
    if not library.folder_exists(site, folder):
        raise errors.folder_not_found(folder)
    folder = library.canonical_folder(site, folder)
    existing = next((i for _, i in library.files_in(site, folder) if i.name.lower() == name.lower()), None)
    if existing is not None and existing is not item:
        if not overwrite:
            raise errors.file_exists(existing.ref)
        site.delete_item(site.list_for_path(folder), existing)
    target = site.list_for_path(folder)
    if target is lst:
        item.folder, item.name = folder, name
        site.update_item(lst, item, {}, new_version=False)
        return
    copied = copy_file(site, lst, item, url, True)
    assert copied.file is not None and item.file is not None   # a library item always carries its file
    copied.file.history = list(item.file.history)
    site.delete_item(lst, item)


class FileMore:
    """Mixin of `routes_files.FileNode` (which has `lst` and `item`)."""

    lst: SPList
    item: Item

    def copy_to(self, ctx: Ctx, seg: Segment) -> Node:
        op = "CopyToUsingPath" if seg.name.lower() == "copytousingpath" else "CopyTo"

        def run(c: Ctx) -> Response:
            url = _target(c, seg, "strNewUrl", "DecodedUrl", "newUrl")
            overwrite = _flag(seg.arg("bOverWrite") if seg.kwargs else c.json().get("bOverWrite", False))
            copy_file(c.site, self.lst, self.item, url, overwrite)
            return c.void(op)
        return Call(run)

    def move_to(self, ctx: Ctx, seg: Segment) -> Node:
        op = "MoveToUsingPath" if seg.name.lower() == "movetousingpath" else "MoveTo"

        def run(c: Ctx) -> Response:
            url = _target(c, seg, "newUrl", "DecodedUrl")
            flags = seg.arg("moveOperations") if op == "MoveToUsingPath" else seg.arg("flags")
            if flags is None:
                body = {k.lower(): v for k, v in c.json().items()}
                flags = body.get("moveoperations", body.get("flags", 0))
            move_file(c.site, self.lst, self.item, url, bool(int(flags or 0) & 1))
            return c.void(op)
        return Call(run)

    def versions(self, ctx: Ctx, seg: Segment) -> Node:
        if seg.called:
            return VersionNode(self.lst, self.item, _version(self.item, seg.arg()))
        return VersionsNode(self.lst, self.item)

    def recycle(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_recycle import recycle_call
        return recycle_call(self.lst, self.item)


def _vid(version: FileVersion) -> int:
    """The version's ID: 512 per major version (UIVersion, folder-files-filter.verbose.json)."""
    return int(float(version.label)) * 512


def _version(item: Item, vid: Any) -> FileVersion:
    assert item.file is not None
    for version in item.file.history:
        if str(_vid(version)) == str(vid) or version.label == str(vid):
            return version
    raise errors.SPError(404, "-2130575338, Microsoft.SharePoint.SPException", "Version does not exist.")


def version_entity(site: Any, item: Item, version: FileVersion) -> dict[str, Any]:
    """SP.FileVersion (inferred from learn.microsoft.com SP.FileVersion: CheckInComment, Created, ID,
    IsCurrentVersion, Length, Size, Url, VersionLabel)."""
    uri = f"{site.web_url}/_api/Web/GetFileByServerRelativePath(decodedurl='{quote_path(item.ref)}')/Versions({_vid(version)})"
    return {"__metadata": meta(uri, "SP.FileVersion"), "CheckInComment": "", "Created": iso(version.created),
            "ID": _vid(version), "IsCurrentVersion": False, "Length": str(len(version.content)),
            "Size": len(version.content), "Url": f"_vti_history/{_vid(version)}{item.ref[len(site.path):]}",
            "VersionLabel": version.label}


class VersionsNode(Node):
    """`…/Versions`: GET ($filter on VersionLabel works), getById, DeleteByID, DeleteByLabel,
    RestoreByLabel, DeleteAll, RecycleByID, RecycleByLabel."""

    type_name = "SP.FileVersionCollection"
    children = {"getbyid": "by_id", "deletebyid": "delete_by_id", "deletebylabel": "delete_by_label",
                "recyclebyid": "delete_by_id", "recyclebylabel": "delete_by_label",
                "restorebylabel": "restore_by_label", "deleteall": "delete_all"}

    def __init__(self, lst: SPList, item: Item) -> None:
        self.lst, self.item = lst, item
        assert item.file is not None
        self.file: FileData = item.file

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        rows = query_entities(ctx, [version_entity(ctx.site, self.item, v) for v in self.file.history])
        return ctx.reply(collection([select_keys(r, select) for r in rows]))

    def by_id(self, ctx: Ctx, seg: Segment) -> Node:
        return VersionNode(self.lst, self.item, _version(self.item, seg.arg()))

    def _remove(self, ctx: Ctx, version: FileVersion, op: str) -> Response:
        self.file.history.remove(version)
        return ctx.void(op)

    def delete_by_id(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(lambda c: self._remove(c, _version(self.item, seg.arg("vid")), seg.name))

    def delete_by_label(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(lambda c: self._remove(c, _version(self.item, seg.arg("versionlabel")), seg.name))

    def delete_all(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            self.file.history.clear()
            return c.void("DeleteAll")
        return Call(run)

    def restore_by_label(self, ctx: Ctx, seg: Segment) -> Node:
        """The old content becomes the newest version (the current one goes into the history)."""
        def run(c: Ctx) -> Response:
            version = _version(self.item, seg.arg("versionlabel"))
            library.replace_content(c.site, self.lst, self.item, version.content)
            return c.void("RestoreByLabel")
        return Call(run)


class VersionNode(Node):
    """One version: GET, `$value` / OpenBinaryStream (its content), DELETE."""

    type_name = "SP.FileVersion"
    children = {"$value": "content", "openbinarystream": "content"}

    def __init__(self, lst: SPList, item: Item, version: FileVersion) -> None:
        self.lst, self.item, self.version = lst, item, version

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        return ctx.reply({"d": select_keys(version_entity(ctx.site, self.item, self.version), select)})

    def content(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_items import raw_bytes
        return Call(lambda c: raw_bytes(self.version.content), allow_get=True)

    def delete(self, ctx: Ctx) -> Response:
        assert self.item.file is not None
        self.item.file.history.remove(self.version)
        return ctx.empty(200)


# ------------------------------------------------------------------------------- attachments as files
def attachment_at(site: Any, url: str) -> tuple[SPList, Item, str] | None:
    """(list, item, name) when `url` is `<list root>/Attachments/<item id>/<name>`, else None."""
    url = library.normalise(site, url)
    lst = site.list_for_path(url)
    if lst is None or lst.is_library:
        return None
    rest = url[len(lst.url):].strip("/").split("/")
    if len(rest) != 3 or rest[0].lower() != "attachments" or not rest[1].isdigit():
        return None
    item = lst.items.get(int(rest[1]))
    if item is None:
        return None
    name = next((n for n in item.attachments if n.lower() == rest[2].lower()), None)
    return (lst, item, name) if name is not None else None


class AttachmentFileNode(Node):
    """An attachment reached as an SP.File (GET, `$value`, OpenBinaryStream, DELETE); its SP.File
    properties are **inferred**: SharePoint keeps attachments as files in the list's Attachments folder."""

    type_name = "SP.File"
    children = {"$value": "content", "openbinarystream": "content"}

    def __init__(self, lst: SPList, item: Item, name: str) -> None:
        self.lst, self.item, self.name = lst, item, name

    def get(self, ctx: Ctx) -> Response:
        from .attachment_files import attachment_file_entity
        select, _ = selection(ctx)
        return ctx.reply({"d": select_keys(attachment_file_entity(ctx.site, self.lst, self.item, self.name), select)})

    def content(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_items import raw_bytes
        return Call(lambda c: raw_bytes(self.item.attachments[self.name]), allow_get=True)

    def delete(self, ctx: Ctx) -> Response:
        del self.item.attachments[self.name]
        self.item.attachment_files.pop(self.name, None)  # added again, it is a new file (attachment_files.py)
        ctx.site.update_item(self.lst, self.item, {})
        return ctx.empty(200)


__all__ = ["FILE_MORE_CHILDREN", "FileMore", "AttachmentFileNode", "attachment_at", "copy_file", "move_file"]
