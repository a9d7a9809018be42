"""The page for people: `GET /` shows the fake site as KDE staff would see it in SharePoint — lists with
their items, library files with their columns, published pages rendered from their canvas, and the
mail outbox. Each list is headed with what it is, its row count and how many rows its "Needs review"
view shows; values are shown by column type (page_cells.py); wide tables scroll inside their box
with ID and Title (or File) pinned. This module gathers the page's content as plain data; the markup
is templates/people.html (Jinja2, autoescape on), so every value is escaped (document text is
hostile); canvas and HTML mail bodies go through the allow-list sanitiser. `GET /?refresh=N`
reloads every N seconds.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Collection

from m365_fake.http import Request, Response, Router
from m365_fake.page_cells import Cell, cell, site_zone
from m365_fake.rendering import render

if TYPE_CHECKING:
    from m365_fake.tenant import FakeTenant

_LIBRARY_TEMPLATES = {101, 119}  # document library, Site Pages: their rows are shown as files/pages
_SITE_PAGES = 119
_MAX_ROWS = 500

#: the built-in columns the page shows, with the field type they have in SharePoint
_BUILTIN_TYPES = {"ID": "Counter", "Title": "Text", "Modified": "DateTime", "Created": "DateTime"}
_NUMERIC = {"Counter", "Integer", "Number", "Currency"}
_WIDE = {"Note"}
#: the view whose row count the heading reports (the worker's "Needs review" views)
_REVIEW_VIEW = "Needs review"


@dataclass(frozen=True)
class Table:
    """A table of cells: `columns` are (header, CSS classes); rows past the limit are counted in `hidden`."""

    columns: list[tuple[str, str]]
    rows: list[list[Cell]]
    hidden: int = 0


def _column_class(field_type: str, position: int, pinned: int) -> str:
    classes = []
    if position < pinned:
        classes.append("pin id" if position == 0 and pinned == 2 else ("pin" if position == 0 else "pin2"))
        if position == pinned - 1:
            classes.append("edge")
    if field_type in _NUMERIC:
        classes.append("num")
    if field_type == "DateTime":
        classes.append("date")
    if field_type in _WIDE:
        classes.append("wide")
    return " ".join(classes)


def _table(columns: list[tuple[str, str]], rows: list[list[Cell]], pinned: int = 0) -> Table:
    """`columns` are (header, field type); the first `pinned` columns stay in view while the rest scroll."""
    classes = [_column_class(kind, i, pinned) for i, (_, kind) in enumerate(columns)]
    return Table([(title, css) for (title, _), css in zip(columns, classes, strict=True)], rows[:_MAX_ROWS],
                 max(0, len(rows) - _MAX_ROWS))


def _fields(lst: dict[str, Any]) -> list[dict[str, Any]]:
    """The list's own columns (not Title), as the snapshot describes them."""
    return [f for f in lst.get("fields", []) if f.get("internal_name") != "Title"]


def _cell(value: Any, fld: dict[str, Any], zone: Any, flagged: Collection[str] = ()) -> Cell:
    return cell(value, str(fld.get("type") or "Text"), date_only=bool(fld.get("date_only")), zone=zone, flagged=flagged)


def _about(lst: dict[str, Any], kind: str, count: int, unit: str) -> dict[str, Any]:
    """The line under a list's heading: what it is, how many rows, how many need review."""
    return {"kind": kind, "count": count, "unit": unit if count != 1 else unit.rstrip("s"),
            "review": (lst.get("view_counts") or {}).get(_REVIEW_VIEW), "description": lst.get("description") or ""}


def _lists(state: dict[str, Any], zone: Any, flagged: Collection[str] = ()) -> list[dict[str, Any]]:
    shown = []
    for lst in (x for x in state.get("lists", []) if x.get("base_template") not in _LIBRARY_TEMPLATES):
        fields = _fields(lst)
        columns = [("ID", "Counter"), ("Title", "Text")] + [(f.get("title") or f["internal_name"], f.get("type") or "Text")
                                                           for f in fields] + [("Modified", "DateTime")]
        builtin = {name: {"type": kind} for name, kind in _BUILTIN_TYPES.items()}
        rows = [[_cell(item.get("Id"), builtin["ID"], zone), _cell(item.get("Title"), builtin["Title"], zone)]
                + [_cell(item.get(f["internal_name"]), f, zone, flagged) for f in fields]
                + [_cell(item.get("Modified"), builtin["Modified"], zone)] for item in lst.get("items", [])]
        shown.append({"title": lst.get("title"), "about": _about(lst, "List", len(rows), "items"),
                      "table": _table(columns, rows, pinned=2)})
    return shown


def _size(size: Any) -> str:
    try:
        value = int(size)
    except (TypeError, ValueError):
        return "" if size is None else str(size)
    return f"{value} bytes" if value < 1024 else f"{value / 1024:.0f} KB" if value < 1024 * 1024 else f"{value / 1048576:.1f} MB"


def _file_name(file: dict[str, Any], library_url: str) -> Cell:
    """The file name, with its folder inside the library under it."""
    folder = str(file.get("folder") or "")
    inside = folder[len(library_url):].strip("/") if library_url and folder.startswith(library_url) else ""
    return Cell("file", str(file.get("name") or file.get("server_relative_url") or ""), more=inside)


def _libraries(state: dict[str, Any], zone: Any) -> list[dict[str, Any]]:
    shown = []
    files = state.get("files", [])
    for lib in (x for x in state.get("lists", []) if x.get("base_template") == 101):
        mine = [f for f in files if f.get("library") == lib.get("title")]
        fields = _fields(lib)
        columns = [("File", "File"), ("Size", "Number"), ("Version", "Text"), ("Modified", "DateTime")] + [
            (f.get("title") or f["internal_name"], f.get("type") or "Text") for f in fields]
        rows = [[_file_name(f, str(lib.get("url") or "")), Cell(text=_size(f.get("size"))),
                 Cell(text=str(f.get("version") or "")), _cell(f.get("modified"), {"type": "DateTime"}, zone)]
                + [_cell((f.get("columns") or {}).get(fld["internal_name"]), fld, zone) for fld in fields] for f in mine]
        shown.append({"title": lib.get("title"), "about": _about(lib, "Document library", len(rows), "files"),
                      "table": _table(columns, rows, pinned=1)})
    return shown


def _mails(mails: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest first, with recipients and attachment names joined for their line."""
    return [{"subject": mail.get("subject"), "sender": mail.get("from"), "sent_at": mail.get("sent_at"),
             "recipients": ", ".join(mail.get("to", []) + mail.get("cc", [])),
             "attachments": ", ".join(a.get("name", "") for a in mail.get("attachments", [])),
             "html": mail.get("content_type") == "html", "content": mail.get("content", "")}
            for mail in reversed(mails)]


def render_page(info: dict[str, Any], state: dict[str, Any], refresh: int | None = None,
                flagged: Collection[str] = ()) -> str:
    """The whole HTML document for the tenant's current state; `flagged` cell values are highlighted."""
    site = state.get("site") or {}
    zone = site_zone(site.get("time_zone"))
    pages = state.get("pages", [])
    return render("people.html", info=info, site=site, refresh=int(refresh) if refresh else None,
                  lists=_lists(state, zone, flagged), libraries=_libraries(state, zone),
                  published=[p for p in pages if p.get("published")],
                  drafts=[p for p in pages if not p.get("published")], mails=_mails(state.get("mails", [])))


class Page:
    """Serves the people page for one FakeTenant."""

    def __init__(self, tenant: "FakeTenant") -> None:
        self.tenant = tenant

    def register(self, router: Router) -> None:
        """Add `GET /`."""
        router.add("GET", "/", self.render)

    def render(self, request: Request) -> Response:
        """The page, built from the same state as `GET /_emulator/state`."""
        refresh = request.query.get("refresh", "")
        document = render_page(self.tenant.info, self.tenant.state(),
                               int(refresh) if refresh.isdigit() and int(refresh) > 0 else None,
                               flagged=self.tenant.flagged_values)
        response = Response.text(document, content_type="text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
