"""Folders and files: listing, upload (Files/add and chunked sessions), `$value`, versions,
ListItemAllFields."""
from __future__ import annotations

from typing import Any

from ..http import Response
from . import errors, library
from .base import Call, Ctx, Node
from .models import Item, SPList, iso
from .odata import Segment
from .query import query_entities, selection
from .routes_fileops import FILE_MORE_CHILDREN, FileMore
from .routes_items import ItemNode, raw_bytes, render_item
from .verbose import (FILE_NAV, FOLDER_NAV, api, collection, deferred, meta, quote_path, resource_path,
                      select_keys)


def _path_uri(site: Any, kind: str, path: str) -> tuple[str, str]:
    """(id, uri) of a path-addressed entity: id keeps spaces, uri encodes them (folder-get.verbose.json)."""
    base = f"{api(site)}/Web/{kind}(decodedurl='{{}}')"
    return base.format(path.replace("'", "''")), base.format(quote_path(path.replace("'", "''")))


def folder_entity(site: Any, path: str) -> dict[str, Any]:
    """SP.Folder (folder-get.verbose.json)."""
    id_, uri = _path_uri(site, "GetFolderByServerRelativePath", path)
    lst = site.list_for_path(path)
    unique = (lst.folders.get(path) if lst else None) or site.web_id
    data: dict[str, Any] = {"__metadata": meta(uri, "SP.Folder", id_=id_)}
    data.update({n: deferred(f"{uri}/{n}") for n in FOLDER_NAV})
    count = len(library.files_in(site, path)) + len(library.folders_in(site, path))
    data.update({"Exists": True, "IsWOPIEnabled": False, "ItemCount": count, "Name": path.rsplit("/", 1)[-1],
                 "ProgID": None, "ServerRelativeUrl": path,
                 "TimeCreated": iso(lst.created if lst else site.now()),
                 "TimeLastModified": iso(lst.last_modified if lst else site.now()), "UniqueId": unique,
                 "WelcomePage": ""})
    return data


def file_entity(site: Any, lst: SPList, item: Item) -> dict[str, Any]:
    """SP.File (folder-files-filter.verbose.json): ETag "\"{GUID},n\"", Length as a string, UIVersion 512*n."""
    assert item.file is not None
    id_, uri = _path_uri(site, "GetFileByServerRelativePath", item.ref)
    guid = item.file.unique_id.upper()
    data: dict[str, Any] = {"__metadata": meta(uri, "SP.File", id_=id_)}
    data.update({n: deferred(f"{uri}/{n}") for n in FILE_NAV})
    link = f"{site.base_url}{quote_path(item.ref)}?d=w{item.file.unique_id.replace('-', '')}"
    data.update({
        "CheckInComment": "", "CheckOutType": 2, "ContentTag": f"{{{guid}}},{item.version},{item.file.content_version}",
        "CustomizedPageStatus": 0, "ETag": f'"{{{guid}}},{item.version}"', "Exists": True, "IrmEnabled": False,
        "Length": str(len(item.file.content)), "Level": 1, "LinkingUri": link,
        "LinkingUrl": f"{site.base_url}{item.ref}?d=w{item.file.unique_id.replace('-', '')}",
        "MajorVersion": item.ui_version, "MinorVersion": 0, "Name": item.name, "ServerRelativeUrl": item.ref,
        "TimeCreated": iso(item.created), "TimeLastModified": iso(item.file.modified), "Title": "",
        "UIVersion": item.ui_version * 512, "UIVersionLabel": f"{item.ui_version}.0",
        "UniqueId": item.file.unique_id,
    })
    return data


def folder_node(ctx: Ctx, url: str) -> Node:
    path = library.normalise(ctx.site, url)
    from .attachment_files import AttachmentsFolderNode, attachments_folder_of
    attachments = attachments_folder_of(ctx.site, path)
    if attachments is not None:  # a list's attachments, kept as files (attachment_files.py)
        return AttachmentsFolderNode(attachments)
    if not library.folder_exists(ctx.site, path):
        raise errors.folder_not_found(path)
    return FolderNode(library.canonical_folder(ctx.site, path))


def folder_node_by_id(ctx: Ctx, unique_id: str) -> "FolderNode":
    wanted = unique_id.strip("{}").lower()
    for lst in ctx.site.lists.values():
        for path, guid in lst.folders.items():
            if guid == wanted:
                return FolderNode(path)
    raise errors.folder_not_found(unique_id)


def file_node(ctx: Ctx, url: str) -> Node:
    """A file by server-relative URL; a list item's attachment path names the attachment as a file."""
    from .routes_fileops import AttachmentFileNode, attachment_at
    attachment = attachment_at(ctx.site, url)
    if attachment is not None:
        return AttachmentFileNode(*attachment)
    return FileNode(*library.find_file(ctx.site, url))


def file_node_by_id(ctx: Ctx, unique_id: str) -> "FileNode":
    return FileNode(*library.find_file_by_id(ctx.site, unique_id))


class FolderNode(Node):
    """A folder by server-relative URL: GET, Files, Folders, ListItemAllFields, DELETE."""

    type_name = "SP.Folder"
    children = {"files": "files", "folders": "folders", "listitemallfields": "list_item",
                "parentfolder": "parent", "recycle": "recycle"}

    def __init__(self, path: str) -> None:
        self.path = path

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        entity = folder_entity(ctx.site, self.path)
        if select:   # selectable, not in the default set (folder-get.verbose.json has no ServerRelativePath)
            entity["ServerRelativePath"] = resource_path(self.path)
        return ctx.reply({"d": select_keys(entity, select)})

    def files(self, ctx: Ctx, seg: Segment) -> Node:
        if seg.called:
            return file_node(ctx, f"{self.path}/{seg.arg()}")
        return FilesNode(self.path)

    def folders(self, ctx: Ctx, seg: Segment) -> Node:
        if seg.called:   # Folders('name'): a subfolder by name (office365's ensure_folder_path walks so)
            return folder_node(ctx, f"{self.path}/{seg.arg()}")
        return FoldersNode(self.path)

    def parent(self, ctx: Ctx, seg: Segment) -> Node:
        return FolderNode(self.path.rsplit("/", 1)[0] or ctx.site.path)

    def _item(self, ctx: Ctx) -> tuple[SPList, Item]:
        lst = ctx.site.list_for_path(self.path)
        for item in (lst.items.values() if lst else []):
            if item.is_folder and item.ref.lower() == self.path.lower():
                return lst, item
        raise errors.item_not_found()

    def list_item(self, ctx: Ctx, seg: Segment) -> Node:
        lst, item = self._item(ctx)
        return ItemNode(lst, item)

    def recycle(self, ctx: Ctx, seg: Segment) -> Node:
        """The folder and everything in it go to the recycle bin as one entry (routes_recycle)."""
        from .routes_recycle import recycle_call
        return recycle_call(*self._item(ctx))

    def delete(self, ctx: Ctx) -> Response:
        lst, item = self._item(ctx)
        ctx.site.delete_item(lst, item)
        return ctx.empty(200)


class FilesNode(Node):
    """`…/Files`: GET (query options), add(url=…,overwrite=…), getbyurl('name')."""

    type_name = "SP.FileCollection"
    children = {"add": "add", "getbyurl": "by_url", "addusingpath": "add"}

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def get(self, ctx: Ctx) -> Response:
        select, expand = selection(ctx)
        rows = []
        for lst, item in library.files_in(ctx.site, self.folder):
            entity = file_entity(ctx.site, lst, item)
            if any(e.lower() == "listitemallfields" for e in expand):
                entity["ListItemAllFields"] = render_item(ctx, lst, item, [], [], f"{entity['__metadata']['uri']}"
                                                          "/ListItemAllFields", local_dates=True)
            rows.append(entity)
        rows = query_entities(ctx, rows)
        return ctx.reply(collection([select_keys(r, select) for r in rows]))

    def by_url(self, ctx: Ctx, seg: Segment) -> Node:
        return file_node(ctx, f"{self.folder}/{seg.arg()}")

    def add(self, ctx: Ctx, seg: Segment) -> Node:
        name = str(seg.arg("url") or seg.arg("DecodedUrl") or "")
        overwrite = seg.arg("overwrite")
        overwrite = overwrite if isinstance(overwrite, bool) else str(overwrite).lower() == "true"
        return Call(lambda c: self._add(c, name, overwrite), type_name="SP.File")

    def _add(self, ctx: Ctx, name: str, overwrite: bool) -> Response:
        """200 with the SP.File; `url` may be a name or a server-relative URL inside the folder."""
        folder, _, leaf = name.rpartition("/")
        target = library.normalise(ctx.site, folder) if folder.startswith("/") else (
            f"{self.folder}/{folder}" if folder else self.folder)
        lst, item = library.add_file(ctx.site, target, leaf, ctx.request.body, overwrite)
        return ctx.reply({"d": file_entity(ctx.site, lst, item)})


class FoldersNode(Node):
    """`…/Folders`: GET, add('name' or URL), AddUsingPath, POST with ServerRelativeUrl."""

    type_name = "SP.FolderCollection"
    children = {"add": "add", "addusingpath": "add", "getbyurl": "by_url"}

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        rows = query_entities(ctx, [folder_entity(ctx.site, p) for p in library.folders_in(ctx.site, self.folder)])
        return ctx.reply(collection([select_keys(r, select) for r in rows]))

    def by_url(self, ctx: Ctx, seg: Segment) -> Node:
        return folder_node(ctx, f"{self.folder}/{seg.arg()}")

    def add(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(lambda c: self._add(c, str(seg.arg("DecodedUrl") or seg.arg("url") or "")))

    def post(self, ctx: Ctx) -> Response:
        return self._add(ctx, str(ctx.json().get("ServerRelativeUrl") or ""))

    def _add(self, ctx: Ctx, url: str) -> Response:
        target = url if url.startswith("/") else f"{self.folder}/{url}"
        _, path = library.ensure_folder(ctx.site, target)
        return ctx.reply({"d": folder_entity(ctx.site, path)})


class FileNode(FileMore, Node):
    """One file: GET, `$value` (GET download, PUT/POST content), ListItemAllFields, Versions,
    StartUpload/ContinueUpload/FinishUpload, Publish/CheckIn/CheckOut (void), DELETE."""

    type_name = "SP.File"
    children = {"$value": "value", "listitemallfields": "list_item", "versions": "versions",
                "startupload": "start", "continueupload": "cont", "finishupload": "finish",
                "publish": "void", "checkin": "void", "checkout": "void", "undocheckout": "void",
                "unpublish": "void", "savebinarystream": "save", "openbinarystream": "value", **FILE_MORE_CHILDREN}

    def __init__(self, lst: SPList, item: Item) -> None:
        self.lst, self.item = lst, item

    def get(self, ctx: Ctx) -> Response:
        select, expand = selection(ctx)
        entity = file_entity(ctx.site, self.lst, self.item)
        entity["ServerRelativePath"] = resource_path(self.item.ref)   # selectable, not in the default set
        if not select:
            del entity["ServerRelativePath"]
        if any(e.lower() == "listitemallfields" for e in expand):
            item_select = [s.split("/", 1)[1] for s in select if s.lower().startswith("listitemallfields/")]
            # an expanded ListItemAllFields shows dates in site time without Z
            # (file-with-listitemallfields-expanded.verbose.json)
            entity["ListItemAllFields"] = render_item(ctx, self.lst, self.item, item_select, [],
                                                      f"{entity['__metadata']['uri']}/ListItemAllFields",
                                                      local_dates=True)
        # with ListItemAllFields expanded the recorded part carries no ETAG header
        # (file-with-listitemallfields-expanded.verbose.json); a plain file GET keeps the SP.File ETag
        headers = {} if "ListItemAllFields" in entity and "__deferred" not in entity["ListItemAllFields"] \
            else {"ETag": entity["ETag"]}
        return ctx.reply({"d": select_keys(entity, select)}, headers=headers)

    def value(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            if c.method in ("PUT", "POST", "MERGE"):
                return self._save(c)
            assert self.item.file is not None
            return raw_bytes(self.item.file.content)
        return Call(run, allow_get=True)

    def save(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(self._save)

    def _save(self, ctx: Ctx) -> Response:
        library.replace_content(ctx.site, self.lst, self.item, ctx.request.body)
        return ctx.empty(204)

    def list_item(self, ctx: Ctx, seg: Segment) -> Node:
        """The library item; its ETag header is "\"<file-guid>,n\"" (file-listitemallfields.verbose.json)."""
        return ItemNode(self.lst, self.item)

    def start(self, ctx: Ctx, seg: Segment) -> Node:
        """StartUpload(uploadId=…): returns the bytes received so far (Edm.Int64 as a string in verbose)."""
        upload_id = str(seg.arg("uploadId") or "")
        return Call(lambda c: c.reply({"d": {"StartUpload": str(library.start_upload(
            c.site, self.lst, self.item, upload_id, c.request.body))}}))

    def cont(self, ctx: Ctx, seg: Segment) -> Node:
        upload_id, offset = str(seg.arg("uploadId") or ""), _offset(seg)
        return Call(lambda c: c.reply({"d": {"ContinueUpload": str(library.continue_upload(
            c.site, upload_id, offset, c.request.body))}}))

    def finish(self, ctx: Ctx, seg: Segment) -> Node:
        upload_id, offset = str(seg.arg("uploadId") or ""), _offset(seg)

        def run(c: Ctx) -> Response:
            library.finish_upload(c.site, self.lst, self.item, upload_id, offset, c.request.body)
            return c.reply({"d": file_entity(c.site, self.lst, self.item)})
        return Call(run)

    def void(self, ctx: Ctx, seg: Segment) -> Node:
        name = {"publish": "Publish", "checkin": "CheckIn", "checkout": "CheckOut"}.get(seg.name.lower(), seg.name)
        return Call(lambda c: c.void(name))

    def delete(self, ctx: Ctx) -> Response:
        ItemNode(self.lst, self.item).delete(ctx)   # same IF-MATCH check and change log as the item
        return ctx.empty(200)


def _offset(seg: Segment) -> int:
    try:
        return int(seg.arg("fileOffset"))
    except (TypeError, ValueError):
        raise errors.argument_error("The fileOffset parameter must be a number.") from None
