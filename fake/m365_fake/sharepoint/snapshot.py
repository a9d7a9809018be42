"""The site as plain JSON-ready data, for the control API's `GET state` and the people page."""
from __future__ import annotations

from typing import Any

from .models import SITE_PAGES, Item, SPList, iso
from .verbose import SITE_TIME_ZONE, field_json
from .views import view_filter_matches


def _values(lst: SPList, item: Item) -> dict[str, Any]:
    values: dict[str, Any] = {"Id": item.id, "Title": item.values.get("Title")}
    for fld in lst.fields:
        if not fld.builtin:
            value = field_json(fld, item.values.get(fld.internal_name))
            values[fld.internal_name] = value.get("results") if isinstance(value, dict) and "results" in value else value
    values.update({"Created": iso(item.created), "Modified": iso(item.modified), "Version": f"{item.version}.0",
                   "EditorId": item.editor_id, "Attachments": sorted(item.attachments)})
    return values


def _file(lst: SPList, item: Item) -> dict[str, Any]:
    assert item.file is not None
    return {"name": item.name, "server_relative_url": item.ref, "folder": item.folder, "unique_id": item.file.unique_id,
            "size": len(item.file.content), "version": item.file.label, "modified": iso(item.file.modified),
            "columns": _values(lst, item)}


def _page(item: Item) -> dict[str, Any]:
    page = dict(item.page or {})
    return {"id": item.id, "name": item.name, "url": item.ref, "title": page.get("Title"),
            "published": page.get("published", False), "version": page.get("Version"),
            "canvas_content": page.get("PublishedCanvasContent1") or page.get("CanvasContent1"),
            "draft_canvas_content": page.get("CanvasContent1")}


def _view_counts(lst: SPList) -> dict[str, int]:
    """How many items (files, not folders) each view's <Where> lets through, by view title."""
    rows = [{**i.values, "ID": i.id} for i in lst.items.values() if not i.is_folder]
    return {v["Title"]: sum(view_filter_matches(str(v.get("ViewQuery") or ""), r) for r in rows) for v in lst.views}


def site_snapshot(site: Any) -> dict[str, Any]:
    """Lists with fields and items, library files with their columns, pages with canvas content."""
    lists, files, pages = [], [], []
    for lst in site.lists.values():
        lists.append({
            "id": lst.id, "title": lst.title, "url": lst.url, "base_template": lst.base_template,
            "description": lst.description,
            "item_count": len(lst.items),
            "fields": [{"internal_name": f.internal_name, "title": f.title, "type": f.kind, "indexed": f.indexed,
                        "unique": f.enforce_unique, "required": f.required, "date_only": f.date_only}
                       for f in lst.fields if not f.builtin],
            "items": [_values(lst, i) for i in lst.items.values() if lst.base_template != SITE_PAGES],
            "views": [v["Title"] for v in lst.views],
            "view_counts": _view_counts(lst),
        })
        for item in lst.items.values():
            if item.file is not None and lst.base_template != SITE_PAGES:
                files.append({"library": lst.title, **_file(lst, item)})
            if item.page is not None:
                pages.append(_page(item))
    return {"site": {"url": site.web_url, "title": site.title, "grant": site.grant, "threshold": site.threshold,
                     "time_zone": SITE_TIME_ZONE},
            "lists": lists, "files": files, "pages": pages, "change_count": len(site.changes)}
