"""`…/lists(…)/views`: the view collection, one view and its ViewFields (SP.ViewFieldCollection).

Not in the shared recordings; routes, bodies and behaviour follow Microsoft's documentation:
- ViewCollection: GET, POST with an SP.View body, `add` with SP.ViewCreationInformation, `GetByTitle`,
  `GetById`, `views('guid')` ("Lists and list items REST API reference", ViewCollection resource,
  https://learn.microsoft.com/previous-versions/office/developer/sharepoint-rest-reference/dn531433(v=office.15));
- View: GET (ViewFields deferred, as any navigation property), MERGE, DELETE (View resource, same page);
- ViewFieldCollection: GET gives `Items` (Collection(Edm.String) of internal names) and `SchemaXml`;
  `addViewField('name')`, `removeViewField('name')`, `moveViewFieldTo` ({"field", "index"}) and
  `removeAllViewFields` (SP.ViewFieldCollection.add, jj246043(v=office.15); ViewFieldCollection
  resource, jj244841(v=office.15)). A name may be the internal or the display name; a name that is no
  field of the list fails with ArgumentException (SPViewFieldCollection.Add(String):
  ClientCallableExceptionConstraint FixedId "fieldNameDoesNotExist", ErrorType ArgumentException,
  https://learn.microsoft.com/previous-versions/office/developer/sharepoint-2010/ms464796(v=office.14)).
  Adding a field already in the view leaves the view as it is.
"""
from __future__ import annotations

from typing import Any

from ..http import Response
from . import errors
from .base import Call, Ctx, Node, payload, require_type
from .models import SPList
from .odata import Segment
from .query import query_entities, selection
from .verbose import collection, deferred, list_uri, meta, select_keys
from .views import DEFAULT_ROW_LIMIT, fields_schema_xml, list_view_xml, new_view, server_relative_url


def _uri(site: Any, lst: SPList, view: dict[str, Any]) -> str:
    return f"{list_uri(site, lst)}/Views(guid'{view['Id']}')"


def view_entity(site: Any, lst: SPList, view: dict[str, Any]) -> dict[str, Any]:
    """SP.View in verbose form: ViewFields deferred, then the scalar properties."""
    uri = _uri(site, lst, view)
    url = server_relative_url(lst, view)
    return {"__metadata": meta(uri, "SP.View"), "ViewFields": deferred(f"{uri}/ViewFields"),
            "Aggregations": None, "AggregationsStatus": None, "BaseViewId": "1", "ContentTypeId": {
                "__metadata": {"type": "SP.ContentTypeId"}, "StringValue": "0x"},
            "DefaultView": bool(view.get("DefaultView")), "DefaultViewForContentType": False,
            "EditorModified": False, "Formats": None, "Hidden": False, "HtmlSchemaXml": list_view_xml(lst, view),
            "Id": view["Id"], "ImageUrl": "/_layouts/15/images/generic.png?rev=47", "IncludeRootFolder": False,
            "ViewJoins": None, "JSLink": "clienttemplates.js", "ListViewXml": list_view_xml(lst, view),
            "Method": None, "MobileDefaultView": False, "MobileView": False, "ModerationType": None,
            "OrderedView": False, "Paged": True, "PersonalView": bool(view.get("PersonalView")),
            "ViewProjectedFields": None, "ViewQuery": view.get("ViewQuery") or "", "ReadOnlyView": False,
            "RequiresClientIntegration": False, "RowLimit": int(view.get("RowLimit") or DEFAULT_ROW_LIMIT),
            "Scope": 0, "ServerRelativePath": {"__metadata": {"type": "SP.ResourcePath"}, "DecodedUrl": url},
            "ServerRelativeUrl": url, "StyleId": None, "Threaded": False, "Title": view["Title"],
            "Toolbar": "", "ToolbarTemplateName": None, "ViewType": "HTML", "ViewData": None}


def view_fields_entity(site: Any, lst: SPList, view: dict[str, Any]) -> dict[str, Any]:
    """SP.ViewFieldCollection: `Items` (internal names in display order) and `SchemaXml`."""
    uri = f"{_uri(site, lst, view)}/ViewFields"
    return {"__metadata": meta(uri, "SP.ViewFieldCollection"), "SchemaXml": fields_schema_xml(view),
            "Items": {"__metadata": {"type": "Collection(Edm.String)"}, "results": list(view["ViewFields"])}}


def _field_name(lst: SPList, name: Any) -> str:
    """The internal name of a list field given by internal or display name; ArgumentException otherwise."""
    fld = lst.field(str(name or ""))
    if fld is None:
        raise errors.field_not_found(str(name or ""))
    return fld.internal_name


class ViewsNode(Node):
    """`…/views`: GET (query options), POST (SP.View), add (SP.ViewCreationInformation), lookups."""

    type_name = "SP.ViewCollection"
    children = {"add": "add", "getbytitle": "by_title", "getbyid": "by_id"}

    def __init__(self, lst: SPList) -> None:
        self.lst = lst

    def get(self, ctx: Ctx) -> Response:
        select, _ = selection(ctx)
        rows = query_entities(ctx, [view_entity(ctx.site, self.lst, v) for v in self.lst.views])
        return ctx.reply(collection([select_keys(r, select) for r in rows]))

    def by_title(self, ctx: Ctx, seg: Segment) -> Node:
        title = str(seg.arg() or "").lower()
        view = next((v for v in self.lst.views if v["Title"].lower() == title), None)
        if view is None:
            raise errors.argument_error(f"The view '{seg.arg()}' does not exist.")
        return ViewNode(self.lst, view)

    def by_id(self, ctx: Ctx, seg: Segment) -> Node:
        return ViewNode(self.lst, view_by_id(self.lst, str(seg.arg() or "")))

    def post(self, ctx: Ctx) -> Response:
        """POST an SP.View body: 201 with the view (ViewCollection resource: "POST …/views")."""
        body = ctx.json()
        require_type(ctx, body, "SP.View")
        values = payload(body)
        view = self._create(values, query=values.get("ViewQuery"), fields=values.get("ViewFields"))
        return ctx.reply({"d": view_entity(ctx.site, self.lst, view)}, 201)

    def add(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(self._add)

    def _add(self, ctx: Ctx) -> Response:
        """views/add(parameters: SP.ViewCreationInformation {Title, ViewFields, Query, RowLimit,
        PersonalView, SetAsDefaultView}): 200 with the view."""
        values = payload(ctx.json(), "parameters")
        view = self._create(values, query=values.get("Query"), fields=values.get("ViewFields"),
                            make_default=bool(values.get("SetAsDefaultView", False)))
        return ctx.reply({"d": view_entity(ctx.site, self.lst, view)})

    def _create(self, values: dict[str, Any], *, query: Any, fields: Any, make_default: bool = False) -> dict[str, Any]:
        title = str(values.get("Title") or "")
        if not title.strip():
            raise errors.argument_error("The view title must be given.")
        names = fields.get("results", []) if isinstance(fields, dict) else list(fields or [])
        view = new_view(self.lst, title, fields=[_field_name(self.lst, n) for n in names], query=str(query or ""),
                        row_limit=int(values.get("RowLimit") or DEFAULT_ROW_LIMIT),
                        personal=bool(values.get("PersonalView", False)))
        if make_default or values.get("DefaultView"):
            _make_default(self.lst, view)
        self.lst.views.append(view)
        return view


def view_by_id(lst: SPList, view_id: str) -> dict[str, Any]:
    """A view by GUID (braces and case ignored)."""
    wanted = view_id.strip("{}").lower()
    for view in lst.views:
        if str(view["Id"]).lower() == wanted:
            return view
    raise errors.argument_error("Invalid view id.")  # wording not recorded


def _make_default(lst: SPList, view: dict[str, Any]) -> None:
    for other in lst.views:
        other["DefaultView"] = False
    view["DefaultView"] = True


class ViewNode(Node):
    """One view: GET (`$expand=ViewFields` inlines them), MERGE, DELETE, `ViewFields`."""

    type_name = "SP.View"
    children = {"viewfields": "view_fields"}

    def __init__(self, lst: SPList, view: dict[str, Any]) -> None:
        self.lst, self.view = lst, view

    def get(self, ctx: Ctx) -> Response:
        select, expand = selection(ctx)
        entity = view_entity(ctx.site, self.lst, self.view)
        if any(e.lower() == "viewfields" for e in expand):
            entity["ViewFields"] = view_fields_entity(ctx.site, self.lst, self.view)
        return ctx.reply({"d": select_keys(entity, select)})

    def merge(self, ctx: Ctx) -> Response:
        """MERGE Title, ViewQuery, RowLimit, DefaultView: 204 (like a list's MERGE, list-update-204)."""
        body = ctx.json()
        require_type(ctx, body, "SP.View")
        values = payload(body)
        if "Title" in values and str(values["Title"]).strip():
            self.view["Title"] = str(values["Title"])
        if "ViewQuery" in values:
            self.view["ViewQuery"] = str(values["ViewQuery"] or "")
        if "RowLimit" in values:
            self.view["RowLimit"] = int(values["RowLimit"] or DEFAULT_ROW_LIMIT)
        if values.get("DefaultView"):
            _make_default(self.lst, self.view)
        return ctx.empty(204)

    def delete(self, ctx: Ctx) -> Response:
        """DELETE: 200; the default view cannot be deleted (SharePoint keeps one default view)."""
        if self.view.get("DefaultView"):
            raise errors.SPError(400, "-2146233088, System.InvalidOperationException",
                                 "The default view cannot be deleted.")  # wording not recorded
        self.lst.views.remove(self.view)
        return ctx.empty(200)

    def view_fields(self, ctx: Ctx, seg: Segment) -> Node:
        return ViewFieldsNode(self.lst, self.view)


class ViewFieldsNode(Node):
    """`…/ViewFields`: GET (SP.ViewFieldCollection) and its four service operations."""

    type_name = "SP.ViewFieldCollection"
    children = {"addviewfield": "add", "add": "add", "removeviewfield": "remove",
                "moveviewfieldto": "move", "removeallviewfields": "remove_all"}

    def __init__(self, lst: SPList, view: dict[str, Any]) -> None:
        self.lst, self.view = lst, view

    def get(self, ctx: Ctx) -> Response:
        return ctx.reply({"d": view_fields_entity(ctx.site, self.lst, self.view)})

    def add(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            name = _field_name(self.lst, seg.arg("strField") or seg.arg())
            if name not in self.view["ViewFields"]:
                self.view["ViewFields"].append(name)
            return c.void("AddViewField")
        return Call(run)

    def remove(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            name = _field_name(self.lst, seg.arg("strField") or seg.arg())
            if name in self.view["ViewFields"]:
                self.view["ViewFields"].remove(name)
            return c.void("RemoveViewField")
        return Call(run)

    def move(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(self._move)

    def _move(self, ctx: Ctx) -> Response:
        """moveViewFieldTo {"field": name, "index": n}: the first position is 0."""
        body = payload(ctx.json())
        name = _field_name(self.lst, body.get("field"))
        fields = self.view["ViewFields"]
        try:
            index = int(body["index"])
        except (KeyError, TypeError, ValueError):
            raise errors.argument_error("The index must be a number.") from None
        if name not in fields or not 0 <= index < len(fields):
            raise errors.SPError(400, "-2146233086, System.ArgumentOutOfRangeException",
                                 "Specified argument was out of the range of valid values.")
        fields.remove(name)
        fields.insert(index, name)
        return ctx.void("MoveViewFieldTo")

    def remove_all(self, ctx: Ctx, seg: Segment) -> Node:
        def run(c: Ctx) -> Response:
            self.view["ViewFields"].clear()
            return c.void("RemoveAllViewFields")
        return Call(run)
