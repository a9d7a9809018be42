"""CAML on a list: `GetItems` (a CamlQuery: `<Where>`, `<OrderBy>`, `RowLimit`, `Scope`,
`FolderServerRelativeUrl`, paging by `ListItemCollectionPosition`), `RenderListDataAsStream`,
`GetListItemChangesSinceToken`, `getRelatedFields` and `Recycle` of a list's item.

The CAML subset is what the schema documents (learn.microsoft.com "Query Schema"): `Eq Neq Lt Leq Gt
Geq Contains BeginsWith IsNull IsNotNull In And Or` over `<FieldRef Name>` and `<Value Type>`.
View scopes: default (the folder's own items and folders), `Recursive` (all items below, no
folders), `RecursiveAll` (everything below). Answers: `GetItems` is an SP.ListItem collection as
`…/items` gives (recorded shapes); the `RenderListDataAsStream` JSON (`Row` with string values,
`FirstRow`, `LastRow`, `RowLimit`, `NextHref`) and the `GetListItemChangesSinceToken` XML
(`<listitems><Changes LastChangeToken>…<rs:data ItemCount><z:row ows_…/>`) are **inferred** from
learn.microsoft.com (SP.List.RenderListDataAsStream, Lists.GetListItemChangesSinceToken) — no
recording exists.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any, Callable
from xml.sax.saxutils import quoteattr

from ..http import Response
from . import errors, library
from .base import Call, Ctx, Node
from .models import DELETE, Item, SPList, token_number
from .odata import Segment, coerce_pair, parse_datetime
from .query import _check_threshold, _sort_key, column_reader, selection

LIST_MORE_CHILDREN = {"getitems": "get_items", "renderlistdataasstream": "render_stream",
                      "getlistitemchangessincetoken": "changes_since_token", "getrelatedfields": "related_fields"}
_COMPARE = {"eq": "eq", "neq": "ne", "lt": "lt", "leq": "le", "gt": "gt", "geq": "ge"}


def parse_view(xml: str) -> ET.Element:
    """The `<View>` element (a bare `<Query>` is wrapped); DTDs are refused (hostile input)."""
    text = (xml or "").strip() or "<View/>"
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise errors.argument_error("The query must not declare a DTD.")
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        raise errors.argument_error("Cannot complete this action. Please try again.") from None
    if root.tag != "View":
        view = ET.Element("View")
        view.append(root)
        root = view
    return root


def _find(node: ET.Element | None, tag: str) -> ET.Element | None:
    if node is None:
        return None
    return next((c for c in node if c.tag.lower() == tag.lower()), None)


def _value(node: ET.Element) -> Any:
    value = _find(node, "Value")
    if value is None:
        return None
    kind = (value.get("Type") or "Text").lower()
    text = (value.text or "").strip()
    if _find(value, "Today") is not None:
        return datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    if kind == "datetime":
        return parse_datetime(text)
    if kind in ("integer", "counter", "number", "currency", "lookup", "user"):
        return float(text) if "." in text else int(text or 0)
    if kind == "boolean":
        return text.lower() in ("1", "true")
    return text


Reader = Callable[[Item, str], "tuple[Any, str]"]


def matches(node: ET.Element | None, item: Item, read: Reader) -> bool:
    """Evaluate one `<Where>` operator for an item."""
    if node is None:
        return True
    tag = node.tag.lower()
    kids = list(node)
    if tag == "where":
        return all(matches(k, item, read) for k in kids)
    if tag in ("and", "or"):
        results = [matches(k, item, read) for k in kids]
        return all(results) if tag == "and" else any(results)
    ref = _find(node, "FieldRef")
    if ref is None or not ref.get("Name"):
        raise errors.argument_error("One or more field types are not installed properly. Go to the list "
                                    "settings page to delete these fields.")
    value, kind = read(item, ref.get("Name", ""))
    if ref.get("LookupId", "").upper() == "TRUE" and isinstance(value, dict):
        value = value.get("Id")
    if tag == "isnull":
        return value in (None, "", [])
    if tag == "isnotnull":
        return value not in (None, "", [])
    if tag == "in":
        values = _find(node, "Values")
        return any(_equal(value, kind, _value(_wrap(v))) for v in (values if values is not None else []))
    wanted = _value(node)
    if tag in ("contains", "beginswith"):
        text, needle = str(value or "").lower(), str(wanted or "").lower()
        return needle in text if tag == "contains" else text.startswith(needle)
    if tag not in _COMPARE:
        raise errors.argument_error(f"The CAML element <{node.tag}> is not supported.")
    from .odata import _compare
    return _compare(_COMPARE[tag], (value, kind), (wanted, ""))


def _wrap(value: ET.Element) -> ET.Element:
    holder = ET.Element("Holder")
    holder.append(value)
    return holder


def _equal(value: Any, kind: str, wanted: Any) -> bool:
    a, b = coerce_pair((value, kind), (wanted, ""))
    return a == b


def _in_scope(item: Item, folder: str, scope: str) -> bool:
    inside = item.folder.lower() == folder.lower()
    below = (item.folder.lower() + "/").startswith(folder.lower() + "/")
    if scope == "recursiveall":
        return below
    if scope == "recursive":
        return below and not item.is_folder
    return inside


def caml_items(ctx: Ctx, lst: SPList, view: ET.Element, folder: str, paging: str) -> tuple[list[Item], bool]:
    """The items a view selects, ordered, after the paging position; (page, more pages follow)."""
    query = _find(view, "Query")
    where, order = _find(query, "Where"), _find(query, "OrderBy")
    orders = [(r.get("Name", ""), (r.get("Ascending") or "TRUE").upper() == "FALSE")
              for r in (order if order is not None else []) if r.tag == "FieldRef"]
    names = {r.get("Name", "") for r in (where.iter("FieldRef") if where is not None else [])}
    _check_threshold(ctx.site, lst, names | {n for n, _ in orders})
    read = column_reader(ctx.site, lst)
    scope = (view.get("Scope") or "").lower()
    rows = sorted((i for i in lst.items.values() if _in_scope(i, folder, scope)), key=lambda i: i.id)
    rows = [i for i in rows if matches(where, i, read)]
    for name, desc in reversed(orders):
        rows = sorted(rows, key=lambda i: _sort_key(read(i, name)[0]), reverse=desc)
    rows = _after(rows, paging)
    limit_node = _find(view, "RowLimit")
    limit = int((limit_node.text or "0").strip() or 0) if limit_node is not None else 0
    if limit <= 0:
        limit = max(len(rows), 1)
    return rows[:limit], len(rows) > limit


def _after(rows: list[Item], paging: str) -> list[Item]:
    """Rows after `Paged=TRUE&p_ID=<n>` (the last row of the previous page)."""
    parts = dict(p.split("=", 1) for p in (paging or "").split("&") if "=" in p)
    if "p_ID" not in parts:
        return rows
    try:
        last = int(parts["p_ID"])
    except ValueError:
        raise errors.argument_error(f"The paging information '{paging}' is not valid.") from None
    ids = [i.id for i in rows]
    return rows[ids.index(last) + 1:] if last in ids else [i for i in rows if i.id > last]


def _folder(ctx: Ctx, lst: SPList, url: Any) -> str:
    if not url:
        return lst.url
    path = library.canonical_folder(ctx.site, library.normalise(ctx.site, str(url)))
    if ctx.site.list_for_path(path) is not lst or not library.folder_exists(ctx.site, path):
        raise errors.folder_not_found(path)
    return path


class ListMore:
    """Mixin of `routes_web.ListNode` (which has `lst`)."""

    lst: SPList

    def get_items(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(self._get_items, type_name="SP.ListItemCollection")

    def _get_items(self, ctx: Ctx) -> Response:
        from .routes_items import render_item
        from .verbose import collection
        query = ctx.json().get("query") or {}
        position = query.get("ListItemCollectionPosition") or {}
        view = parse_view(str(query.get("ViewXml") or ""))
        folder = _folder(ctx, self.lst, query.get("FolderServerRelativeUrl"))
        page, _ = caml_items(ctx, self.lst, view, folder, str(position.get("PagingInfo") or ""))
        select, expand = selection(ctx)
        return ctx.reply(collection([render_item(ctx, self.lst, i, select, expand) for i in page]))

    def render_stream(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(self._render_stream)

    def _render_stream(self, ctx: Ctx) -> Response:
        params = ctx.json().get("parameters") or {}
        view = parse_view(str(params.get("ViewXml") or ""))
        folder = _folder(ctx, self.lst, params.get("FolderServerRelativeUrl"))
        paging = "&".join(f"{k}={v}" for k, v in ctx.query.items() if k in ("Paged", "p_ID"))
        page, more = caml_items(ctx, self.lst, view, folder, paging)
        first = int(ctx.query.get("PageFirstRow") or 1)
        body: dict[str, Any] = {"Row": [stream_row(ctx.site, self.lst, i) for i in page], "FirstRow": first,
                                "FolderPermissions": "0x7ffffffffffbffff", "LastRow": first + len(page) - 1,
                                "RowLimit": len(page), "FilterLink": "?", "ForceNoHierarchy": "1",
                                "HierarchyHasIndention": ""}
        if more and page:
            body["NextHref"] = f"?Paged=TRUE&p_ID={page[-1].id}&PageFirstRow={first + len(page)}"
        # the Stream comes back raw (office365 reads it as bytes); its Content-Type is inferred
        return Response.json(body, content_type="text/plain; charset=utf-8")

    def changes_since_token(self, ctx: Ctx, seg: Segment) -> Node:
        return Call(self._changes_since_token)

    def _changes_since_token(self, ctx: Ctx) -> Response:
        query = ctx.json().get("query") or {}
        token = str(query.get("ChangeToken") or "")
        site, lst = ctx.site, self.lst
        since = token_number(token) if token else None
        if token and (since is None or since < site.change_floor or since > site.change_number):
            raise errors.invalid_change_token()
        changed = {c.item_id for c in site.changes if c.list_id == lst.id and c.object_kind == "item"
                   and (since is None or c.number > since)}
        deleted = sorted({c.item_id for c in site.changes if c.list_id == lst.id and c.change_type == DELETE
                          and since is not None and c.number > since} - set(lst.items))
        items = [i for i in sorted(lst.items.values(), key=lambda i: i.id) if since is None or i.id in changed]
        return Response(200, body=changes_xml(site, lst, items, deleted).encode("utf-8"),
                        headers=_xml_headers())

    def related_fields(self, ctx: Ctx, seg: Segment) -> Node:
        """getRelatedFields: lookup columns of other lists that use this one (none can be made here)."""
        from .verbose import collection
        return Call(lambda c: c.reply(collection([])), allow_get=True)


def _xml_headers() -> Any:
    from ..http import Headers
    return Headers({"Content-Type": "text/xml; charset=utf-8"})


def _row_value(site: Any, lst: SPList, item: Item, name: str, value: Any) -> Any:
    from .routes_item_more import _text
    fld = lst.field(name)
    if fld is not None and fld.kind == "User" and value:
        from .routes_users import user_record
        record = user_record(site, int(value))
        return [{"id": str(value), "title": record["Title"], "email": record["Email"], "sip": record["Email"],
                 "picture": ""}]
    return _text(site, lst, name, value)


def stream_row(site: Any, lst: SPList, item: Item) -> dict[str, Any]:
    """One `Row` entry: every value a string (people as [{id,title,email}]), as list views render them."""
    from .verbose import unique_id
    row: dict[str, Any] = {"ID": str(item.id), "PermMask": "0x7ffffffffffbffff", "FSObjType": str(int(item.is_folder)),
                           "UniqueId": "{" + unique_id(item).upper() + "}", "FileRef": item.ref,
                           "FileLeafRef": item.name or f"{item.id}_.000", "FileDirRef": item.folder,
                           "Title": str(item.values.get("Title") or ""),
                           "Created": _row_value(site, lst, item, "Created", item.created),
                           "Modified": _row_value(site, lst, item, "Modified", item.modified),
                           "Author": _row_value(site, lst, item, "Author", item.author_id),
                           "Editor": _row_value(site, lst, item, "Editor", item.editor_id)}
    for fld in lst.fields:
        if not fld.builtin:
            row[fld.internal_name] = _row_value(site, lst, item, fld.internal_name,
                                                item.values.get(fld.internal_name, fld.default))
    return row


def changes_xml(site: Any, lst: SPList, items: list[Item], deleted: list[int]) -> str:
    """The Lists web service rowset (inferred shape, see the module docstring)."""
    parts = [f'<listitems xmlns:s="uuid:BDC6E3F0-6DA3-11d1-A2A3-00AA00C14882" '
             f'xmlns:dt="uuid:C2F41010-65B3-11d1-A29F-00AA00C14882" xmlns:rs="urn:schemas-microsoft-com:rowset" '
             f'xmlns:z="#RowsetSchema"><Changes LastChangeToken={quoteattr(site.list_token(lst))}>']
    parts += [f'<Id ChangeType="Delete" UniqueId="">{i}</Id>' for i in deleted]
    parts.append(f'</Changes><rs:data ItemCount="{len(items)}">')
    for item in items:
        row = stream_row(site, lst, item)
        attrs = " ".join(f"ows_{k}={quoteattr(v if isinstance(v, str) else ';#'.join(p['title'] for p in v))}"
                         for k, v in row.items() if k != "PermMask")
        parts.append(f"<z:row {attrs} />")
    parts.append("</rs:data></listitems>")
    return "".join(parts)


__all__ = ["LIST_MORE_CHILDREN", "ListMore", "caml_items", "parse_view"]
