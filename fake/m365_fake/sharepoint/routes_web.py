"""The web, its lists (every addressing form office365 uses) and fields; views are in routes_views."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from ..http import Response
from . import errors
from .base import Call, Ctx, Node, payload, require_type
from .models import FIELD_KINDS, KIND_NAMES, Field, SPList
from .odata import Segment
from .query import query_entities, selection
from .routes_items import ItemNode, ItemsNode, add_validate_update, coerce_value, render_item
from .routes_views import ViewNode, ViewsNode, view_by_id
from .routes_web_more import WEB_MORE_CHILDREN, WebMore
from .routes_caml import LIST_MORE_CHILDREN, ListMore
from .entities import field_entity, list_entity, regional_settings, time_zone, web_entity, web_selectable
from .verbose import collection, list_uri, select_keys


class WebNode(WebMore, Node):
    """`_api/web` (and `_api/site/rootweb`); the default library, site columns, recycle bin and users
    are in routes_web_more."""

    type_name = "SP.Web"
    children = {**WEB_MORE_CHILDREN,"lists": "lists", "getlist": "get_list", "getlistusingpath": "get_list",
                "getlistbytitle": "list_by_title", "getfolderbyserverrelativeurl": "folder",
                "getfolderbyserverrelativepath": "folder", "getfilebyserverrelativeurl": "file",
                "getfilebyserverrelativepath": "file", "getfilebyid": "file_by_id", "getfolderbyid": "folder_by_id",
                "getchanges": "changes", "rootfolder": "root_folder", "currentuser": "current_user",
                "sitepages": "site_pages", "folders": "folders", "regionalsettings": "regional"}

    def get(self, ctx: Ctx) -> Response:
        select, expand = selection(ctx)
        entity = web_entity(ctx.site)
        wanted = {e.lower() for e in expand}
        if "regionalsettings" in wanted or "regionalsettings/timezone" in wanted:
            entity["RegionalSettings"] = regional_settings(ctx.site, "regionalsettings/timezone" in wanted)
        if select:
            entity.update(web_selectable(ctx.site))
        return ctx.reply({"d": select_keys(entity, select)})

    def merge(self, ctx: Ctx) -> Response:
        """MERGE on the web: Title/Description; 204 with no ETAG, a web has none
        (batch-mixed-200-204.verbose.raw.json part 2)."""
        body = ctx.json()
        require_type(ctx, body, "SP.Web")
        values = payload(body)
        ctx.site.title = str(values.get("Title", ctx.site.title))
        ctx.site.description = str(values.get("Description", ctx.site.description) or "")
        return ctx.empty(204)

    def regional(self, ctx: Ctx, seg: Segment) -> Node:
        return RegionalSettingsNode()

    def folders(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_files import FoldersNode, folder_node
        if seg.called:   # web/Folders('Shared Documents')
            return folder_node(ctx, f"{ctx.site.path}/{seg.arg()}")
        return FoldersNode(ctx.site.path)

    def lists(self, ctx: Ctx, seg: Segment) -> Node:
        if seg.called:   # lists('guid') / Lists(guid'...')
            return ListNode(ctx.site.list_by_id(str(seg.arg())))
        return ListsNode()

    def get_list(self, ctx: Ctx, seg: Segment) -> Node:
        url = seg.arg("DecodedUrl") or seg.arg("url") or seg.arg()
        return ListNode(ctx.site.list_by_url(str(url or "")))

    def list_by_title(self, ctx: Ctx, seg: Segment) -> Node:
        return ListNode(ctx.site.list_by_title(str(seg.arg() or "")))

    def folder(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_files import folder_node
        return folder_node(ctx, str(seg.arg("DecodedUrl") or seg.arg("url") or ""))

    def file(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_files import file_node
        return file_node(ctx, str(seg.arg("DecodedUrl") or seg.arg("url") or ""))

    def file_by_id(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_files import file_node_by_id
        return file_node_by_id(ctx, str(seg.arg() or ""))

    def folder_by_id(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_files import folder_node_by_id
        return folder_node_by_id(ctx, str(seg.arg() or ""))

    def root_folder(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_files import FolderNode
        return FolderNode(ctx.site.path)

    def changes(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_changes import changes_call
        return changes_call(None, None)

    def current_user(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_users import APP_ID, UserNode
        return UserNode(APP_ID)   # the app principal (app-only token)

    def site_pages(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_pages import SitePagesNode
        return SitePagesNode()


class RegionalSettingsNode(Node):
    """`_api/web/RegionalSettings` (TimeZone deferred unless expanded) and `…/RegionalSettings/TimeZone`."""

    type_name = "SP.RegionalSettings"
    children = {"timezone": "time_zone"}

    def get(self, ctx: Ctx) -> Response:
        select, expand = selection(ctx)
        expanded = any(e.lower() == "timezone" for e in expand)
        return ctx.reply({"d": select_keys(regional_settings(ctx.site, expanded), select)})

    def time_zone(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(lambda c: c.reply({"d": time_zone(c.site)}), allow_get=True, type_name="SP.TimeZone")


class ListsNode(Node):
    """`_api/web/lists`: GET (query options), POST creates (list-create.verbose.json)."""

    type_name = "SP.ListCollection"
    children = {"getbytitle": "by_title", "getbyid": "by_id", "ensuresitepageslibrary": "site_pages"}

    def by_title(self, ctx: Ctx, seg: Segment) -> Node:
        return ListNode(ctx.site.list_by_title(str(seg.arg() or "")))

    def by_id(self, ctx: Ctx, seg: Segment) -> Node:
        return ListNode(ctx.site.list_by_id(str(seg.arg() or "")))

    def site_pages(self, ctx: Ctx, seg: Segment) -> Node:
        lst = next(lst for lst in ctx.site.lists.values() if lst.base_template == 119)
        return Call(lambda c: c.reply({"d": list_entity(c.site, lst)}))

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        rows = query_entities(ctx, [list_entity(ctx.site, lst) for lst in ctx.site.lists.values()])
        return ctx.reply(collection([select_keys(r, select) for r in rows]))

    def post(self, ctx: Ctx) -> Response:
        """201 Created, ETAG "1", LOCATION …/_api/Web/Lists(guid'…') (list-create.verbose.json)."""
        body = ctx.json()
        require_type(ctx, body, "SP.List")
        values = payload(body)
        title = values.get("Title")
        if not isinstance(title, str):
            raise errors.argument_error("The list title must be given.")
        template = int(values.get("BaseTemplate", 100) or 100)
        lst = ctx.site.create_list(title, template, str(values.get("Description") or ""))
        return ctx.reply({"d": list_entity(ctx.site, lst)}, 201,
                         {"ETag": f'"{lst.version}"', "Location": list_uri(ctx.site, lst)})


class ListNode(ListMore, Node):
    """One list, whichever way it was addressed."""

    type_name = "SP.List"
    children = {"items": "items", "getitembyid": "item", "fields": "fields", "views": "views",
                "defaultview": "default_view", "rootfolder": "root_folder", "getchanges": "changes",
                "addvalidateupdateitemusingpath": "add_validate", "addvalidateupdateitem": "add_validate",
                "getitembyuniqueid": "item_by_unique_id", **LIST_MORE_CHILDREN}

    def __init__(self, lst: SPList) -> None:
        self.lst = lst

    def get(self, ctx: Ctx) -> Response:
        select, expand = selection(ctx)
        entity = list_entity(ctx.site, self.lst)
        for name in {e.split("/")[0].lower() for e in expand}:
            if name == "rootfolder":
                from .routes_files import folder_entity
                entity["RootFolder"] = folder_entity(ctx.site, self.lst.url)
            elif name == "fields":
                entity["Fields"] = {"results": [field_entity(ctx.site, self.lst, f) for f in self.lst.fields]}
            elif name == "items":
                entity["Items"] = self._expanded_items(ctx, select)
        from .expand import nested_select
        return ctx.reply({"d": nested_select(select_keys(entity, select), select)},
                         headers={"ETag": f'"{self.lst.version}"'})

    def _expanded_items(self, ctx: Ctx, select: list[str]) -> dict[str, Any]:
        """$expand=Items: every item, `Items/X` selects applied, and no `__next` on an expanded
        collection (list-items-select-via-expand.verbose.json, list-items-full-default-fields.verbose.json)."""
        item_select = [s.split("/", 1)[1] for s in select if s.lower().startswith("items/")]
        items = sorted(self.lst.items.values(), key=lambda i: i.id)
        return {"results": [render_item(ctx, self.lst, i, item_select, []) for i in items]}

    def merge(self, ctx: Ctx) -> Response:
        """204 with the new list version as ETAG (list-update-204.verbose.json)."""
        body = ctx.json()
        require_type(ctx, body, "SP.List")
        ctx.site.update_list(self.lst, payload(body))
        return ctx.empty(204, {"ETag": f'"{self.lst.version}"'})

    def delete(self, ctx: Ctx) -> Response:
        ctx.site.lists.pop(self.lst.id, None)
        from .models import DELETE
        ctx.site.log(DELETE, self.lst, kind="list")
        return ctx.empty(200)

    def items(self, ctx: Ctx, seg: Segment) -> Node:
        if seg.called:   # items(5)
            return self.item(ctx, seg)
        return ItemsNode(self.lst)

    def item(self, ctx: Ctx, seg: Segment) -> Node:
        try:
            item_id = int(seg.arg())
        except (TypeError, ValueError):
            raise errors.bad_request(f"The value '{seg.arg()}' is not a valid item id.") from None
        return ItemNode(self.lst, ctx.site.item(self.lst, item_id))

    def item_by_unique_id(self, ctx: Ctx, seg: Segment) -> Node:
        wanted = str(seg.arg() or "").lower()
        for item in self.lst.items.values():
            if item.guid == wanted or (item.file and item.file.unique_id == wanted):
                return ItemNode(self.lst, item)
        raise errors.item_not_found()

    def fields(self, ctx: Ctx, seg: Segment) -> Node:
        if seg.called:
            return FieldNode(self.lst, _field_by_id(self.lst, str(seg.arg())))
        return FieldsNode(self.lst)

    def views(self, ctx: Ctx, seg: Segment) -> Node:
        if seg.called:   # views('guid') / Views(guid'...')
            return ViewNode(self.lst, view_by_id(self.lst, str(seg.arg() or "")))
        return ViewsNode(self.lst)

    def default_view(self, ctx: Ctx, seg: Segment) -> Node:
        view = next((v for v in self.lst.views if v.get("DefaultView")), self.lst.views[0])
        return ViewNode(self.lst, view)

    def root_folder(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_files import FolderNode
        return FolderNode(self.lst.url)

    def changes(self, ctx: Ctx, seg: Segment) -> Node:
        from .routes_changes import changes_call
        return changes_call(self.lst, None)

    def add_validate(self, ctx: Ctx, seg: Segment) -> Node:
        op = "AddValidateUpdateItem" if seg.name.lower() == "addvalidateupdateitem" else "AddValidateUpdateItemUsingPath"
        return Call(lambda c: add_validate_update(c, self.lst, op))


def _field_by_id(lst: SPList, field_id: str) -> Field:
    for fld in lst.fields:
        if fld.id == field_id.strip("{}").lower():
            return fld
    raise errors.argument_error("Invalid field name. {" + field_id + "}")


class FieldsNode(Node):
    """`…/fields`: GET, POST (SP.Field body), AddField, CreateFieldAsXml, getby* lookups."""

    type_name = "SP.FieldCollection"
    children = {"getbyinternalnameortitle": "by_name", "getbytitle": "by_name", "getbyid": "by_id",
                "addfield": "add_field", "createfieldasxml": "create_as_xml", "add": "add_field"}

    def __init__(self, lst: SPList) -> None:
        self.lst = lst

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        rows = query_entities(ctx, [field_entity(ctx.site, self.lst, f) for f in self.lst.fields])
        return ctx.reply(collection([select_keys(r, select) for r in rows]))

    def by_name(self, ctx: Ctx, seg: Segment) -> Node:
        name = str(seg.arg() or "")
        fld = self.lst.field(name)
        if fld is None:
            raise errors.field_not_found(name)
        return FieldNode(self.lst, fld)

    def by_id(self, ctx: Ctx, seg: Segment) -> Node:
        return FieldNode(self.lst, _field_by_id(self.lst, str(seg.arg())))

    def post(self, ctx: Ctx) -> Response:
        """POST …/fields with an SP.Field* body: 201 with the field (README gap 10: status inferred)."""
        values = payload(ctx.json())
        fld = self._create(ctx, values)
        return ctx.reply({"d": field_entity(ctx.site, self.lst, fld)}, 201)

    def add_field(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(lambda c: c.reply({"d": field_entity(c.site, self.lst,
                                                         self._create(c, payload(c.json(), "parameters")))}))

    def _create(self, ctx: Ctx, values: dict[str, Any]) -> Field:
        title = values.get("Title")
        if not isinstance(title, str) or not title.strip():
            raise errors.argument_error("The field title must be given.")
        kind = KIND_NAMES.get(_field_type_kind(values.get("FieldTypeKind", 2)), "Text")
        choices = values.get("Choices")
        fld = ctx.site.add_field(
            self.lst, title, kind, internal_name=values.get("InternalName") or values.get("StaticName"),
            indexed=bool(values.get("Indexed", False)), enforce_unique=bool(values.get("EnforceUniqueValues", False)),
            required=bool(values.get("Required", False)), description=str(values.get("Description") or ""),
            choices=list(choices.get("results", [])) if isinstance(choices, dict) else list(choices or []),
            date_only=str(values.get("DisplayFormat", "")) in ("0", "DateOnly"))   # SP.DateTimeFieldFormatType
        return _with_default(fld, values.get("DefaultValue"))

    def create_as_xml(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(self._create_as_xml)

    def _create_as_xml(self, ctx: Ctx) -> Response:
        """CreateFieldAsXml: 200 with the field entity (field-add-createfieldasxml.verbose.json).
        The Name attribute is used only with AddFieldInternalNameHint (Options & 8), as in SharePoint."""
        params = payload(ctx.json(), "parameters")
        xml = str(params.get("SchemaXml") or "")
        if "<!DOCTYPE" in xml.upper() or "<!ENTITY" in xml.upper():
            raise errors.argument_error("The field schema must not declare a DTD.")
        try:
            node = ET.fromstring(xml)
        except ET.ParseError:
            raise errors.argument_error("The field schema XML is not valid.") from None
        title = node.get("DisplayName") or node.get("Name") or ""
        kind = node.get("Type", "Text")
        if kind not in FIELD_KINDS:
            raise errors.argument_error(f"The field type '{kind}' is not valid.")
        use_name = int(params.get("Options") or 0) & 8
        choices = [c.text or "" for c in node.iter("CHOICE")]
        fld = ctx.site.add_field(
            self.lst, title, kind, internal_name=(node.get("Name") or node.get("StaticName")) if use_name else None,
            indexed=node.get("Indexed", "").upper() == "TRUE",
            enforce_unique=node.get("EnforceUniqueValues", "").upper() == "TRUE",
            required=node.get("Required", "").upper() == "TRUE", choices=choices,
            group=node.get("Group") or "Custom Columns", description=node.get("Description") or "",
            date_only=node.get("Format", "") == "DateOnly")
        default = node.find("Default")
        _with_default(fld, default.text if default is not None else None)
        if int(params.get("Options") or 0) & 16:   # SP.AddFieldOptions.AddFieldToDefaultView
            _show_in_default_view(self.lst, fld)
        return ctx.reply({"d": field_entity(ctx.site, self.lst, fld)})


def _with_default(fld: Field, raw: Any) -> Field:
    """A column default (e.g. "0" for a Yes/No column), stored typed; new items get it when unset."""
    if raw not in (None, ""):
        fld.default = coerce_value(fld, raw)
    return fld


def _show_in_default_view(lst: SPList, fld: Field) -> None:
    view = next((v for v in lst.views if v.get("DefaultView")), None)
    if view is not None and fld.internal_name not in view["ViewFields"]:
        view["ViewFields"].append(fld.internal_name)


class FieldNode(Node):
    """One field: GET, MERGE (Indexed, EnforceUniqueValues...) -> 204, DELETE."""

    type_name = "SP.Field"

    def __init__(self, lst: SPList, fld: Field) -> None:
        self.lst, self.fld = lst, fld

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        return ctx.reply({"d": select_keys(field_entity(ctx.site, self.lst, self.fld), select)})

    def merge(self, ctx: Ctx) -> Response:
        ctx.site.update_field(self.lst, self.fld, payload(ctx.json()))
        return ctx.empty(204)

    def delete(self, ctx: Ctx) -> Response:
        if self.fld.builtin:
            raise errors.SPError(400, "-2146233088, System.InvalidOperationException",
                                 "You cannot delete a hidden column.")
        self.lst.fields.remove(self.fld)
        for view in self.lst.views:   # a deleted column leaves every view it was shown in
            if self.fld.internal_name in view.get("ViewFields", []):
                view["ViewFields"].remove(self.fld.internal_name)
        return ctx.empty(200)


def _field_type_kind(value: Any) -> int:
    """SP.Field's FieldTypeKind (Edm.Int32, sent as a number or a numeric string): anything else is the
    OData deserializer's 400, never a handler crash (wording as routes_items' type errors)."""
    if value is None or value == "":
        return 2
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise errors.bad_request("Cannot convert a primitive value to the expected type 'Edm.Int32'. "
                             "See the inner exception for more details.")
