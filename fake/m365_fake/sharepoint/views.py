"""List views as data: a view's fields, CAML query and schema XML, and what its filter lets through.

A view is stored as a plain dict on `SPList.views` (Id, Title, DefaultView, PersonalView, RowLimit,
ViewQuery, ViewFields = internal names in display order, Url = its page name). None of this is in
the shared recordings; the shapes follow Microsoft's documentation:
- "Lists and list items REST API reference", View / ViewCollection / ViewFieldCollection resources
  (https://learn.microsoft.com/previous-versions/office/developer/sharepoint-rest-reference/dn531433(v=office.15));
- "View element (List)" and "Query schema" for the CAML of ListViewXml and ViewQuery
  (https://learn.microsoft.com/sharepoint/dev/schema/view-element-list,
  https://learn.microsoft.com/sharepoint/dev/schema/query-schema).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any, Iterable
from xml.sax.saxutils import quoteattr

from .models import SPList, new_guid

#: a new custom list's "All Items" shows the linked Title; a new library's "All Documents" shows the
#: type icon, the linked name, Modified and Modified By (what SharePoint Online creates for templates 100/101)
DEFAULT_LIST_FIELDS = ("LinkTitle",)
DEFAULT_LIBRARY_FIELDS = ("DocIcon", "LinkFilename", "Modified", "Editor")
#: SharePoint's default row limit for a view created without one (SP.ViewCreationInformation.RowLimit)
DEFAULT_ROW_LIMIT = 30


def _page_name(lst: SPList, title: str) -> str:
    """The view's .aspx name, unique in the list (SharePoint numbers a clashing URL)."""
    taken = {str(v.get("Url", "")).lower() for v in lst.views}
    base, n = title.strip() or "View", 0
    name = f"{base}.aspx"
    while name.lower() in taken:
        n += 1
        name = f"{base}{n}.aspx"
    return name


def new_view(lst: SPList, title: str, *, fields: Iterable[str] = (), query: str = "", row_limit: int = DEFAULT_ROW_LIMIT,
             default: bool = False, personal: bool = False, page_name: str | None = None) -> dict[str, Any]:
    """A view dict for `lst` (not yet added); `default` makes it the list's default view."""
    return {"Id": new_guid(), "Title": title, "DefaultView": default, "PersonalView": personal,
            "RowLimit": int(row_limit), "ViewQuery": query, "ViewFields": list(fields),
            "Url": page_name or _page_name(lst, title)}


def default_view(lst: SPList) -> dict[str, Any]:
    """The view a new list or library starts with ("All Items" / "All Documents", AllItems.aspx)."""
    if lst.is_library:
        return new_view(lst, "All Documents", fields=DEFAULT_LIBRARY_FIELDS, default=True, page_name="AllItems.aspx")
    return new_view(lst, "All Items", fields=DEFAULT_LIST_FIELDS, default=True, page_name="AllItems.aspx")


def server_relative_url(lst: SPList, view: dict[str, Any]) -> str:
    """A list's view pages sit in its root folder, a library's in its Forms folder
    (e.g. /sites/x/Lists/Tasks/AllItems.aspx, /sites/x/Shared Documents/Forms/AllItems.aspx)."""
    folder = f"{lst.url}/Forms" if lst.is_library else lst.url
    return f"{folder}/{view['Url']}"


def fields_schema_xml(view: dict[str, Any]) -> str:
    """SP.ViewFieldCollection.SchemaXml: one <FieldRef Name="…" /> per view field, in order."""
    return "".join(f"<FieldRef Name={quoteattr(name)} />" for name in view.get("ViewFields", []))


def list_view_xml(lst: SPList, view: dict[str, Any]) -> str:
    """SP.View.ListViewXml / HtmlSchemaXml: the <View> element with its query, fields and row limit."""
    attrs = {"Name": "{" + str(view["Id"]).upper() + "}", "DefaultView": "TRUE" if view.get("DefaultView") else "",
             "Type": "HTML", "DisplayName": str(view["Title"]), "Url": server_relative_url(lst, view),
             "Level": "1", "BaseViewID": "1", "ContentTypeID": "0x",
             "ImageUrl": "/_layouts/15/images/dlicon.png?rev=47" if lst.is_library else "/_layouts/15/images/generic.png?rev=47"}
    rendered = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items() if v)
    return (f"<View {rendered}><Query>{view.get('ViewQuery') or ''}</Query>"
            f"<ViewFields>{fields_schema_xml(view)}</ViewFields>"
            f"<RowLimit Paged=\"TRUE\">{int(view.get('RowLimit') or DEFAULT_ROW_LIMIT)}</RowLimit>"
            "<JSLink>clienttemplates.js</JSLink><XslLink Default=\"TRUE\">main.xsl</XslLink>"
            "<Toolbar Type=\"Standard\"/></View>")


# --- what a view's <Where> lets through (for counts on the people page and view tests) --------------

def _where(query: str) -> ET.Element | None:
    """The <Where> element of a ViewQuery (which holds <Where> and <OrderBy> without a root)."""
    if not query.strip() or "<!" in query:
        return None
    try:
        root = ET.fromstring(f"<Query>{query}</Query>")
    except ET.ParseError:
        return None
    return root.find("Where")


def _field_value(values: dict[str, Any], name: str) -> Any:
    value = values.get(name)
    if isinstance(value, dict):
        value = value.get("Url") or value.get("results")
    return value


def _matches(node: ET.Element, values: dict[str, Any]) -> bool:
    tag = node.tag
    children = list(node)
    if tag in ("And", "Or"):
        results = [_matches(child, values) for child in children]
        return all(results) if tag == "And" else any(results)
    ref = node.find("FieldRef")
    value = _field_value(values, ref.get("Name", "") if ref is not None else "")
    if tag == "IsNull":
        return value in (None, "", [])
    if tag == "IsNotNull":
        return value not in (None, "", [])
    wanted = (node.findtext("Value") or "").strip()
    have = [str(v) for v in value] if isinstance(value, list) else [_text(value)]
    if tag == "Eq":
        return wanted in have
    if tag == "Neq":
        return wanted not in have
    if tag == "Contains":
        return any(wanted.lower() in h.lower() for h in have)
    if tag == "BeginsWith":
        return any(h.startswith(wanted) for h in have)
    return False   # a comparison this emulation does not evaluate lets nothing through


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


def view_filter_matches(query: str, values: dict[str, Any]) -> bool:
    """True when an item with these column values (internal name -> value) passes the view's <Where>
    (Eq, Neq, Contains, BeginsWith, IsNull, IsNotNull, And, Or); a view with no <Where> shows everything."""
    where = _where(query)
    if where is None or not list(where):
        return True
    return _matches(list(where)[0], values)
