"""The page for people: `GET /` shows the fake site as KDE staff would see it in SharePoint — lists with
their items, library files with their columns, published pages rendered from their canvas, and the
mail outbox. Each list is headed with what it is, its row count and how many rows its "Needs review"
view shows; values are shown by column type (page_cells.py); wide tables scroll inside their box
with ID and Title (or File) pinned. Every value is escaped (document text is hostile); canvas and
HTML mail bodies go through the allow-list sanitiser. `GET /?refresh=N` reloads every N seconds.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Collection

from m365_fake.http import Request, Response, Router
from m365_fake.page_cells import escape, render_value, site_zone
from m365_fake.sanitize import canvas_html, sanitize_html

if TYPE_CHECKING:
    from m365_fake.tenant import FakeTenant

_LIBRARY_TEMPLATES = {101, 119}  # document library, Site Pages: their rows are shown as files/pages
_SITE_PAGES = 119
_MAX_ROWS = 500

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#faf9f8}
header{background:#03787c;color:#fff;padding:16px 32px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;font-size:13px;opacity:.9}header code{color:#fff}
main{padding:8px 32px 48px}h2{border-bottom:2px solid #03787c;padding-bottom:4px;margin-top:32px}
h3{margin:24px 0 2px}h3+p.about{margin:0 0 6px}nav a{color:#fff;margin-right:16px}
.scroll{overflow:auto;max-width:100%;max-height:32em;margin:6px 0 12px;border:1px solid #e1dfdd}
table{border-collapse:separate;border-spacing:0;font-size:13px}
th,td{background:#fff;border-right:1px solid #edebe9;border-bottom:1px solid #edebe9;padding:4px 8px;
text-align:left;vertical-align:top;max-width:26em;overflow-wrap:break-word}
th{background:#f3f2f1;font-weight:600;position:sticky;top:0;z-index:2}tr:nth-child(even) td{background:#fbfbfb}
.pin{position:sticky;left:0;z-index:1}.pin.id{width:3em;min-width:3em;max-width:3em;box-sizing:border-box}
.pin2{position:sticky;left:3em;z-index:1;min-width:12em}.edge{box-shadow:3px 0 0 #c8c6c4}
th.pin,th.pin2{z-index:3}td.num{text-align:right;font-variant-numeric:tabular-nums}td.num,td.date,.nw{white-space:nowrap}
.lines{white-space:pre-line}.wide{min-width:18em}code.hash{font-size:12px}
.muted{color:#605e5c;font-size:13px}.about{color:#605e5c;font-size:13px}
.card{background:#fff;border:1px solid #e1dfdd;padding:12px 20px;margin:10px 0}
details summary{cursor:pointer}details[open] summary{opacity:.6}details pre{white-space:pre-wrap;margin:4px 0;font-size:12px}
.flag{background:#fff4ce;color:#8a3707;padding:0 4px;border-radius:3px;white-space:nowrap}
.folder{display:block;color:#605e5c;font-size:12px}
.card h2{border:none;font-size:18px}.mail pre{white-space:pre-wrap;font-family:inherit;margin:8px 0 0}
.empty{color:#605e5c;font-style:italic}
"""
#: the built-in columns the page shows, with the field type they have in SharePoint
_BUILTIN_TYPES = {"ID": "Counter", "Title": "Text", "Modified": "DateTime", "Created": "DateTime"}
_NUMERIC = {"Counter", "Integer", "Number", "Currency"}
_WIDE = {"Note"}
#: the view whose row count the heading reports (the worker's "Needs review" views)
_REVIEW_VIEW = "Needs review"


def _e(value: Any) -> str:
    return escape(value)


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
    return f" class='{' '.join(classes)}'" if classes else ""


def _table(columns: list[tuple[str, str]], rows: list[list[str]], pinned: int = 0) -> str:
    """A table of already-rendered cells; `columns` are (header, field type); the first `pinned`
    columns stay in view while the rest scroll sideways."""
    if not rows:
        return '<p class="empty">(empty)</p>'
    classes = [_column_class(kind, i, pinned) for i, (_, kind) in enumerate(columns)]
    head = "".join(f"<th{css}>{_e(title)}</th>" for (title, _), css in zip(columns, classes, strict=True))
    body = "".join("<tr>" + "".join(f"<td{css}>{cell}</td>" for cell, css in zip(row, classes, strict=True)) + "</tr>"
                   for row in rows[:_MAX_ROWS])
    more = f'<p class="muted">{len(rows) - _MAX_ROWS} more rows not shown.</p>' if len(rows) > _MAX_ROWS else ""
    return f"<div class='scroll'><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{more}"


def _fields(lst: dict[str, Any]) -> list[dict[str, Any]]:
    """The list's own columns (not Title), as the snapshot describes them."""
    return [f for f in lst.get("fields", []) if f.get("internal_name") != "Title"]


def _cell(value: Any, fld: dict[str, Any], zone: Any, flagged: Collection[str] = ()) -> str:
    return render_value(value, str(fld.get("type") or "Text"), date_only=bool(fld.get("date_only")), zone=zone,
                        flagged=flagged)


def _about(lst: dict[str, Any], kind: str, count: int, unit: str) -> str:
    """The line under a list's heading: what it is, how many rows, how many need review."""
    parts = [_e(kind), f"{count} {_e(unit if count != 1 else unit.rstrip('s'))}"]
    review = (lst.get("view_counts") or {}).get(_REVIEW_VIEW)
    if review is not None:
        flagged = f"<span class='flag'>{review} need review</span>" if review else "none need review"
        parts.append(flagged)
    description = f" — {_e(lst['description'])}" if lst.get("description") else ""
    return f"<p class='about'>{' · '.join(parts)}{description}</p>"


def _lists_section(state: dict[str, Any], zone: Any, flagged: Collection[str] = ()) -> str:
    parts = ["<h2 id='lists'>Lists</h2>"]
    lists = [lst for lst in state.get("lists", []) if lst.get("base_template") not in _LIBRARY_TEMPLATES]
    if not lists:
        parts.append('<p class="empty">No lists yet.</p>')
    for lst in lists:
        fields = _fields(lst)
        columns = [("ID", "Counter"), ("Title", "Text")] + [(f.get("title") or f["internal_name"], f.get("type") or "Text")
                                                           for f in fields] + [("Modified", "DateTime")]
        builtin = {name: {"type": kind} for name, kind in _BUILTIN_TYPES.items()}
        rows = [[_cell(item.get("Id"), builtin["ID"], zone), _cell(item.get("Title"), builtin["Title"], zone)]
                + [_cell(item.get(f["internal_name"]), f, zone, flagged) for f in fields]
                + [_cell(item.get("Modified"), builtin["Modified"], zone)] for item in lst.get("items", [])]
        parts.append(f"<h3>{_e(lst.get('title'))}</h3>{_about(lst, 'List', len(rows), 'items')}")
        parts.append(_table(columns, rows, pinned=2))
    return "".join(parts)


def _size(size: Any) -> str:
    try:
        value = int(size)
    except (TypeError, ValueError):
        return _e(size)
    return f"{value} bytes" if value < 1024 else f"{value / 1024:.0f} KB" if value < 1024 * 1024 else f"{value / 1048576:.1f} MB"


def _file_name(file: dict[str, Any], library_url: str) -> str:
    """The file name, with its folder inside the library under it."""
    folder = str(file.get("folder") or "")
    inside = folder[len(library_url):].strip("/") if library_url and folder.startswith(library_url) else ""
    shown = file.get("name") or file.get("server_relative_url")
    return _e(shown) + (f"<span class='folder'>{_e(inside)}</span>" if inside else "")


def _files_section(state: dict[str, Any], zone: Any) -> str:
    parts = ["<h2 id='files'>Library files</h2>"]
    libraries = [lst for lst in state.get("lists", []) if lst.get("base_template") == 101]
    files = state.get("files", [])
    for lib in libraries:
        mine = [f for f in files if f.get("library") == lib.get("title")]
        fields = _fields(lib)
        columns = [("File", "File"), ("Size", "Number"), ("Version", "Text"), ("Modified", "DateTime")] + [
            (f.get("title") or f["internal_name"], f.get("type") or "Text") for f in fields]
        rows = [[_file_name(f, str(lib.get("url") or "")), _size(f.get("size")), _e(f.get("version")),
                 _cell(f.get("modified"), {"type": "DateTime"}, zone)]
                + [_cell((f.get("columns") or {}).get(fld["internal_name"]), fld, zone) for fld in fields] for f in mine]
        parts.append(f"<h3>{_e(lib.get('title'))}</h3>{_about(lib, 'Document library', len(rows), 'files')}")
        parts.append(_table(columns, rows, pinned=1))
    if not libraries:
        parts.append('<p class="empty">No libraries.</p>')
    return "".join(parts)


def _pages_section(state: dict[str, Any]) -> str:
    parts = ["<h2 id='pages'>Pages</h2>"]
    pages = state.get("pages", [])
    published = [p for p in pages if p.get("published")]
    for page in published:
        # the title opens the page at its own address, as a visitor sees it (site_pages_view.py)
        parts.append(f"<div class='card'><h3><a href='{_e(page.get('url'))}'>{_e(page.get('title') or page.get('name'))}</a></h3>"
                     f"<p class='muted'>{_e(page.get('url'))} · version {_e(page.get('version'))}</p>"
                     f"{canvas_html(page.get('canvas_content'))}</div>")
    drafts = [p for p in pages if not p.get("published")]
    if drafts:
        parts.append("<p class='muted'>Drafts (not published): " + ", ".join(_e(p.get("name")) for p in drafts) + "</p>")
    if not pages:
        parts.append('<p class="empty">No pages yet.</p>')
    return "".join(parts)


def _mail_body(mail: dict[str, Any]) -> str:
    if mail.get("content_type") == "html":
        return f"<div>{sanitize_html(mail.get('content', ''))}</div>"
    return f"<pre>{_e(mail.get('content', ''))}</pre>"


def _outbox_section(mails: list[dict[str, Any]]) -> str:
    parts = ["<h2 id='outbox'>Outbox</h2>"]
    if not mails:
        parts.append('<p class="empty">No mail sent yet.</p>')
    for mail in reversed(mails):
        recipients = ", ".join(mail.get("to", []) + mail.get("cc", []))
        attachments = ", ".join(a.get("name", "") for a in mail.get("attachments", []))
        parts.append(f"<div class='card mail'><strong>{_e(mail.get('subject'))}</strong>"
                     f"<p class='muted'>From {_e(mail.get('from'))} to {_e(recipients)} · {_e(mail.get('sent_at'))}"
                     f"{' · attachments: ' + _e(attachments) if attachments else ''}</p>{_mail_body(mail)}</div>")
    return "".join(parts)


def render_page(info: dict[str, Any], state: dict[str, Any], refresh: int | None = None,
                flagged: Collection[str] = ()) -> str:
    """The whole HTML document for the tenant's current state; `flagged` cell values are highlighted."""
    site = state.get("site") or {}
    zone = site_zone(site.get("time_zone"))
    meta = f'<meta http-equiv="refresh" content="{int(refresh)}">' if refresh else ""
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{meta}"
        f"<title>{_e(site.get('title') or 'Fake tenant')} — fake Microsoft 365 tenant</title><style>{_CSS}</style></head>"
        f"<body><header><h1>{_e(site.get('title') or 'Fake tenant')}</h1>"
        f"<p>Site <code>{_e(info.get('site_url'))}</code> · tenant <code>{_e(info.get('tenant_id'))}</code> · "
        f"control API <code>{_e(info.get('control_url'))}/state</code> · times in "
        f"{_e(site.get('time_zone') or 'UTC')}</p>"
        f"<nav><a href='#lists'>Lists</a><a href='#files'>Files</a><a href='#pages'>Pages</a>"
        f"<a href='#outbox'>Outbox</a></nav></header><main>"
        f"{_lists_section(state, zone, flagged)}{_files_section(state, zone)}{_pages_section(state)}"
        f"{_outbox_section(state.get('mails', []))}</main></body></html>"
    )


class Page:
    """Serves the people page for one FakeTenant."""

    def __init__(self, tenant: "FakeTenant") -> None:
        self.tenant = tenant

    def register(self, router: Router) -> None:
        """Add `GET /`."""
        router.add("GET", r"/", self.render)

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
