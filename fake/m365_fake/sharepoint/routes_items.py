"""List items: query with paging, create, MERGE/DELETE with IF-MATCH, the PnP-style
AddValidateUpdateItemUsingPath / ValidateUpdateListItem, and item attachments."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..http import Headers, Response
from . import errors
from .base import Call, Ctx, Node, check_if_match, require_type
from .models import Field, Item, SPList
from .odata import Segment, parse_datetime
from .query import query_items, selection
from .routes_item_more import ITEM_MORE_CHILDREN, ItemMore
from .verbose import (api, collection, item_entity, item_etag_header, list_uri, meta, resource_path,
                      user_entity)

_IGNORED_ON_WRITE = {"id", "guid", "contenttypeid", "fsobjtype", "filesystemobjecttype"}


def coerce_value(fld: Field, value: Any) -> Any:
    """A written value checked and normalised for its column type; 400 like the OData reader."""
    if value is None or value == "":
        return None if value is None else ("" if fld.kind in ("Text", "Note", "Choice") else None)
    try:
        if fld.kind in ("Number", "Currency"):
            return float(value)
        if fld.kind in ("Integer", "Counter", "User", "Lookup"):
            return int(value)
        if fld.kind == "Boolean":
            if isinstance(value, str):
                return value.strip().lower() in ("true", "1", "yes")
            return bool(value)
        if fld.kind == "DateTime":
            return parse_datetime(value.isoformat() if isinstance(value, datetime) else str(value))
    except (TypeError, ValueError, errors.SPError):
        raise errors.bad_request(f"Cannot convert a primitive value to the expected type for the column "
                                 f"'{fld.internal_name}'.") from None
    if fld.kind == "MultiChoice":
        items = value.get("results", []) if isinstance(value, dict) else value
        return [str(v) for v in (items if isinstance(items, list) else [items])]
    if fld.kind == "URL" and isinstance(value, dict):
        return {"Url": value.get("Url"), "Description": value.get("Description")}
    if isinstance(value, (dict, list)):
        raise errors.bad_request(f"An unexpected value was found for the property '{fld.entity_name}'.")
    return str(value) if fld.kind in ("Text", "Note", "Choice", "URL") else value


def item_values(lst: SPList, body: dict[str, Any]) -> dict[str, Any]:
    """Map entity property names of a write body to stored values; unknown names are a 400."""
    values: dict[str, Any] = {}
    for key, value in body.items():
        if key == "__metadata" or key.lower() in _IGNORED_ON_WRITE:
            continue
        fld = lst.field(key) if not key.startswith("OData_") else lst.field(key[len("OData_"):])
        if fld is None or (fld.kind == "User" and not key.lower().endswith("id")):
            raise errors.unknown_property(key, lst.item_type)
        if fld.read_only and fld.internal_name not in ("FileLeafRef",):
            continue
        values[fld.internal_name] = coerce_value(fld, value)
    return values


class ItemsNode(Node):
    """`…/items`: GET with the query options and paging; POST creates an item."""

    type_name = "SP.ListItemCollection"
    children = {"getbyid": "by_id", "getbystringid": "by_id"}

    def __init__(self, lst: SPList) -> None:
        self.lst = lst

    def by_id(self, ctx: Ctx, seg: Segment) -> Node:
        return ItemNode(self.lst, ctx.site.item(self.lst, _int(seg.arg("sId"))))

    def get(self, ctx: Ctx) -> Response:
        page, next_url = query_items(ctx, self.lst, list(self.lst.items.values()))
        select, expand = selection(ctx)
        return ctx.reply(collection([render_item(ctx, self.lst, i, select, expand) for i in page], next_url))

    def post(self, ctx: Ctx) -> Response:
        """Create: 201, the item entity, ETAG and LOCATION (inferred, README gap 2)."""
        body = ctx.json()
        require_type(ctx, body, self.lst.item_type)
        if self.lst.is_library:
            raise errors.SPError(400, "-2130575200, Microsoft.SharePoint.SPException",
                                 "To add an item to a document library, use SPFileCollection.Add()")
        item = ctx.site.add_item(self.lst, item_values(self.lst, body))
        location = f"{list_uri(ctx.site, self.lst)}/Items({item.id})"
        return ctx.reply({"d": render_item(ctx, self.lst, item, [], [])}, 201,
                         {"ETag": item_etag_header(self.lst, item), "Location": location})


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise errors.bad_request(f"The value '{value}' is not a valid item id.") from None


def render_item(ctx: Ctx, lst: SPList, item: Item, select: list[str], expand: list[str],
                uri: str | None = None, local_dates: bool = False) -> dict[str, Any]:
    """One item with its $expand-ed navigation properties (AttachmentFiles, File, Folder, Author, Editor)."""
    expanded: dict[str, Any] = {}
    for name in {e.split("/")[0].lower() for e in expand}:
        if name == "attachmentfiles":
            expanded["AttachmentFiles"] = {"results": [attachment_entity(ctx.site, lst, item, n)
                                                       for n in item.attachments]}
        elif name in ("author", "editor"):
            uid = item.author_id if name == "author" else item.editor_id
            expanded[name.title()] = user_entity(ctx.site, uid)
        elif name in ("fieldvaluesastext", "fieldvaluesashtml"):
            from .routes_item_more import field_values
            key = "FieldValuesAsText" if name == "fieldvaluesastext" else "FieldValuesAsHtml"
            expanded[key] = field_values(ctx.site, lst, item, as_html=name == "fieldvaluesashtml")
        elif (fld := lst.field(name)) is not None and fld.kind == "User":
            person = item.values.get(fld.internal_name)
            expanded[fld.internal_name] = user_entity(ctx.site, person) if person else None
        elif name == "file" and item.file is not None:
            from .routes_files import file_entity
            expanded["File"] = file_entity(ctx.site, lst, item)
        elif name == "folder" and item.is_folder:
            from .routes_files import folder_entity
            expanded["Folder"] = folder_entity(ctx.site, item.ref)
    from .expand import nested_select
    return nested_select(item_entity(ctx.site, lst, item, select, expanded, uri, local_dates), select)


class ItemNode(ItemMore, Node):
    """`…/items(n)` or `…/ListItemAllFields`."""

    type_name = "SP.ListItem"
    children = {"attachmentfiles": "attachments", "validateupdatelistitem": "validate_update",
                "file": "file", "folder": "folder", "getchanges": "changes", "systemupdate": "void",
                "parentlist": "parent_list",
                "updateoverwriteversion": "void", **ITEM_MORE_CHILDREN}

    def __init__(self, lst: SPList, item: Item, uri: str | None = None) -> None:
        self.lst, self.item, self.uri = lst, item, uri

    def get(self, ctx: Ctx) -> Response:
        select, expand = selection(ctx)
        return ctx.reply({"d": render_item(ctx, self.lst, self.item, select, expand, self.uri)},
                         headers={"ETag": item_etag_header(self.lst, self.item)})

    def _check(self, ctx: Ctx) -> None:
        # the object's etag as the 412 message quotes it: "<guid>,<n>" (error-412-etag-mismatch.nometadata.reported.json)
        guid = self.item.file.unique_id if self.item.file is not None else self.item.guid
        current = f'"{guid},{self.item.version}"'
        check_if_match(ctx, current, (f'"{self.item.version}"', current))

    def merge(self, ctx: Ctx) -> Response:
        """MERGE: 204 with the new ETag (list-update-204.verbose.json shape; README gap 3)."""
        body = ctx.json()
        require_type(ctx, body, self.lst.item_type)
        self._check(ctx)
        values = item_values(self.lst, body)
        if "FileLeafRef" in values and self.item.file is not None:
            from .library import rename_file
            rename_file(ctx.site, self.lst, self.item, str(values.pop("FileLeafRef")))
        ctx.site.update_item(self.lst, self.item, values)
        return ctx.empty(204, {"ETag": item_etag_header(self.lst, self.item)})

    def delete(self, ctx: Ctx) -> Response:
        """DELETE: 200 with an empty body and no ETAG (list-item-delete.verbose.json)."""
        self._check(ctx)
        ctx.site.delete_item(self.lst, self.item)
        return ctx.empty(200)

    def attachments(self, ctx: Ctx, seg: Segment) -> Node:
        if seg.called:
            return AttachmentNode(self.lst, self.item, str(seg.arg()))
        return AttachmentsNode(self.lst, self.item)

    def parent_list(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_web import ListNode
        return ListNode(self.lst)

    def void(self, ctx: Ctx, seg: Segment) -> Node:
        """SystemUpdate/UpdateOverwriteVersion without pending values: nothing to change."""
        return Call(lambda c: c.empty(200))

    def validate_update(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(lambda c: validate_update(c, self.lst, self.item), type_name="ValidateUpdateListItem")

    def file(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_files import FileNode
        if self.item.file is None:
            raise errors.SPError(404, "-2147024894, System.IO.FileNotFoundException", "File Not Found.")
        return FileNode(self.lst, self.item)

    def folder(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_files import FolderNode
        return FolderNode(self.item.ref if self.item.is_folder else self.item.folder)

    def changes(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_changes import changes_call
        return changes_call(self.lst, self.item)


def form_values(lst: SPList, entries: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """formValues [{FieldName, FieldValue}] -> stored values and per-field results (HasException)."""
    values, results = {}, []
    for entry in entries:
        name, raw = str(entry.get("FieldName", "")), entry.get("FieldValue")
        fld = lst.field(name)
        error = None
        if fld is None:
            error = f"Column '{name}' does not exist. It may have been deleted by another user."
        else:
            try:
                values[fld.internal_name] = coerce_value(fld, raw)
            except errors.SPError as exc:
                error = exc.message
        results.append({"ErrorCode": -2130575338 if error else 0, "ErrorMessage": error, "FieldName": name,
                        "FieldValue": raw, "HasException": error is not None, "ItemId": 0})
    return values, results


def validate_update(ctx: Ctx, lst: SPList, item: Item) -> Response:
    """ValidateUpdateListItem: 200 with per-field results (list-item-validateupdate.verbose.json)."""
    body = ctx.json()
    values, results = form_values(lst, body.get("formValues") or [])
    if not any(r["HasException"] for r in results):
        # bNewDocumentUpdate: the update belongs to the upload, so no new major version is made
        ctx.site.update_item(lst, item, values, new_version=not body.get("bNewDocumentUpdate"))
    for r in results:
        r["ItemId"] = item.id
    return ctx.reply({"d": {"ValidateUpdateListItem": {
        "__metadata": {"type": "Collection(SP.ListItemFormUpdateValue)"}, "results": results}}})


def add_validate_update(ctx: Ctx, lst: SPList, op: str = "AddValidateUpdateItemUsingPath") -> Response:
    """AddValidateUpdateItemUsingPath: the new Id comes back as a string
    (list-item-create-addvalidateupdate.verbose.json)."""
    body = ctx.json()
    values, results = form_values(lst, body.get("formValues") or [])
    if not any(r["HasException"] for r in results):
        item = _create_in_folder(ctx, lst, body.get("listItemCreateInfo"), values)
        results.append({"ErrorCode": 0, "ErrorMessage": None, "FieldName": "Id", "FieldValue": str(item.id),
                        "HasException": False, "ItemId": 0})
    return ctx.reply({"d": {op: {
        "__metadata": {"type": "Collection(SP.ListItemFormUpdateValue)"}, "results": results}}})


def _create_in_folder(ctx: Ctx, lst: SPList, info: Any, values: dict[str, Any]) -> Item:
    """The new item of AddValidateUpdateItem[UsingPath]: `listItemCreateInfo` may name a folder
    (FolderPath {DecodedUrl} or FolderUrl) and ask for a folder (UnderlyingObjectType 1, LeafName)."""
    from . import library
    info = info if isinstance(info, dict) else {}
    folder = info.get("FolderPath") or info.get("FolderUrl") or ""
    folder = folder.get("DecodedUrl", "") if isinstance(folder, dict) else str(folder or "")
    parent = library.normalise(ctx.site, folder) if folder else lst.url
    if ctx.site.list_for_path(parent) is not lst or not library.folder_exists(ctx.site, parent):
        raise errors.argument_error("Server relative urls must start with SPWeb.ServerRelativeUrl")
    if str(info.get("UnderlyingObjectType", 0)) == "1":
        leaf = str(info.get("LeafName") or values.get("Title") or "")
        _, path = library.ensure_folder(ctx.site, f"{parent}/{leaf}")
        item = next(i for i in lst.items.values() if i.is_folder and i.ref.lower() == path.lower())
        if values:
            ctx.site.update_item(lst, item, values, new_version=False)
        return item
    return ctx.site.add_item(lst, values, folder=library.canonical_folder(ctx.site, parent))


# ------------------------------------------------------------------------------------ attachments
def attachment_entity(site: Any, lst: SPList, item: Item, name: str) -> dict[str, Any]:
    """SP.Attachment (attachment-add.verbose.json)."""
    uri = f"{api(site)}/Web/Lists(guid'{lst.id}')/Items({item.id})/AttachmentFiles('{name}')"
    url = f"{lst.url}/Attachments/{item.id}/{name}"
    return {"__metadata": meta(uri, "SP.Attachment"), "FileName": name, "FileNameAsPath": resource_path(name),
            "ServerRelativePath": resource_path(url), "ServerRelativeUrl": url}


class AttachmentsNode(Node):
    """`…/items(n)/AttachmentFiles`: GET lists them; `add(FileName='x')` adds one."""

    type_name = "SP.AttachmentCollection"
    children = {"add": "add", "addusingpath": "add", "getbyfilename": "by_name", "getbyfilenameaspath": "by_name"}

    def __init__(self, lst: SPList, item: Item) -> None:
        self.lst, self.item = lst, item

    def get(self, ctx: Ctx) -> Response:
        return ctx.reply(collection([attachment_entity(ctx.site, self.lst, self.item, n)
                                     for n in self.item.attachments]))

    def by_name(self, ctx: Ctx, seg: Segment) -> Node:
        return AttachmentNode(self.lst, self.item, str(seg.arg("DecodedUrl") or ""))

    def add(self, ctx: Ctx, seg: Segment) -> Node:
        name = str(seg.arg("FileName") or seg.arg("DecodedUrl") or "")
        return Call(lambda c: self._add(c, name), type_name="SP.Attachment")

    def _add(self, ctx: Ctx, name: str) -> Response:
        # '#' and '%' are allowed in SharePoint Online names (learn.microsoft.com "Supporting % and # in
        # files and folders with the ResourcePath API")
        if not name or any(ch in name for ch in '\\/:*?"<>|'):
            raise errors.argument_error("The file name is not valid.")
        if name in self.item.attachments:
            raise errors.SPError(500, "-2130575257, Microsoft.SharePoint.SPException",
                                 "The specified name is already in use.")
        self.item.attachments[name] = ctx.request.body
        # attachments bump the item etag "1" -> "2" (item-attachmentfiles-expanded.verbose.json)
        ctx.site.update_item(self.lst, self.item, {})
        return ctx.reply({"d": attachment_entity(ctx.site, self.lst, self.item, name)})


class AttachmentNode(Node):
    """One attachment: GET metadata, `$value` content, DELETE."""

    type_name = "SP.Attachment"
    children = {"$value": "value"}

    def __init__(self, lst: SPList, item: Item, name: str) -> None:
        if name not in item.attachments:
            raise errors.file_not_found(f"{lst.url}/Attachments/{item.id}/{name}")
        self.lst, self.item, self.name = lst, item, name

    def get(self, ctx: Ctx) -> Response:
        return ctx.reply({"d": attachment_entity(ctx.site, self.lst, self.item, self.name)})

    def value(self, ctx: Ctx, seg: Segment) -> Node:
        return AttachmentValueNode(self.lst, self.item, self.name)

    def delete(self, ctx: Ctx) -> Response:
        del self.item.attachments[self.name]
        self.item.attachment_files.pop(self.name, None)  # added again, it is a new file (attachment_files.py)
        ctx.site.update_item(self.lst, self.item, {})
        return ctx.empty(200)


class AttachmentValueNode(Node):
    """An attachment's bytes: GET reads them; PUT replaces them in place (`PUT …/AttachmentFiles('name')/$value`,
    the usual way to update an attachment over REST: *inferred*, neither recorded here nor found on a
    Microsoft page)."""

    type_name = "SP.Attachment"

    def __init__(self, lst: SPList, item: Item, name: str) -> None:
        self.lst, self.item, self.name = lst, item, name

    def get(self, ctx: Ctx) -> Response:
        return raw_bytes(self.item.attachments[self.name])

    def put(self, ctx: Ctx) -> Response:
        self.item.attachments[self.name] = ctx.request.body
        ctx.site.update_item(self.lst, self.item, {})  # as adding one: the item's ETag moves (inferred)
        return ctx.empty(204)


def raw_bytes(content: bytes) -> Response:
    """Raw file bytes with no JSON envelope (file-content-download.raw.json); the Content-Type of `$value`
    was not recorded (README gap 7), octet-stream is assumed."""
    return Response(200, Headers({"Content-Type": "application/octet-stream",
                                  "Content-Length": str(len(content))}), content)


__all__ = ["ItemsNode", "ItemNode", "render_item", "add_validate_update"]
