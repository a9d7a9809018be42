"""The page for people: `GET /` shows the fake site as KDE staff would see it in SharePoint — lists with
their items, library files with their columns, published pages rendered from their canvas, and the
mail outbox. Every value is escaped (document text is hostile); canvas and HTML mail bodies go through
the allow-list sanitiser. `GET /?refresh=N` reloads the page every N seconds.
"""
from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from sharepoint_sync.fake_tenant.http import Request, Response, Router
from sharepoint_sync.fake_tenant.sanitize import canvas_html, sanitize_html

if TYPE_CHECKING:
    from sharepoint_sync.fake_tenant.tenant import FakeTenant

_LIBRARY_TEMPLATES = {101, 119}  # document library, Site Pages: their rows are shown as files/pages
_SITE_PAGES = 119
_MAX_ROWS = 500
_FOLD_AT = 90

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#faf9f8}
header{background:#03787c;color:#fff;padding:16px 32px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;font-size:13px;opacity:.9}header code{color:#fff}
main{padding:8px 32px 48px;max-width:1400px}h2{border-bottom:2px solid #03787c;padding-bottom:4px;margin-top:32px}
h3{margin:20px 0 6px}nav a{color:#fff;margin-right:16px}
table{border-collapse:collapse;font-size:13px;margin:6px 0 12px;display:block;overflow-x:auto;max-width:100%}
th,td{background:#fff;border:1px solid #e1dfdd;padding:4px 8px;text-align:left;vertical-align:top;max-width:420px}
th{background:#f3f2f1;font-weight:600}tr:nth-child(even) td{background:#fcfcfc}
.muted{color:#605e5c;font-size:13px}.card{background:#fff;border:1px solid #e1dfdd;padding:12px 20px;margin:10px 0}
details summary{cursor:pointer}details[open] summary{display:none}td details{white-space:pre-wrap}
.card h2{border:none;font-size:18px}.mail pre{white-space:pre-wrap;font-family:inherit;margin:8px 0 0}.empty{color:#605e5c;font-style:italic}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _text(value: Any) -> str:
    """One value as plain text: lists joined, objects as compact JSON, midnight UTC dates as dates."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value).removesuffix("T00:00:00Z")


def _cell(value: Any) -> str:
    """One escaped table cell; long text (notes, JSON reports) folds into a <details> (no script needed)."""
    text = _text(value)
    if len(text) <= _FOLD_AT:
        return _e(text)
    return f"<details><summary>{_e(text[:_FOLD_AT - 20])}…</summary>{_e(text)}</details>"


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    if not rows:
        return '<p class="empty">(empty)</p>'
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows[:_MAX_ROWS])
    more = f'<p class="muted">{len(rows) - _MAX_ROWS} more rows not shown.</p>' if len(rows) > _MAX_ROWS else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def _columns(lst: dict[str, Any]) -> list[tuple[str, str]]:
    """(internal name, display title) of the list's own columns, Title first."""
    return [("Title", "Title")] + [(f["internal_name"], f.get("title") or f["internal_name"])
                                   for f in lst.get("fields", []) if f["internal_name"] != "Title"]


def _lists_section(state: dict[str, Any]) -> str:
    parts = ["<h2 id='lists'>Lists</h2>"]
    lists = [lst for lst in state.get("lists", []) if lst.get("base_template") not in _LIBRARY_TEMPLATES]
    if not lists:
        parts.append('<p class="empty">No lists yet.</p>')
    for lst in lists:
        columns = _columns(lst)
        rows = [[item.get("Id")] + [item.get(name) for name, _ in columns] + [item.get("Modified")]
                for item in lst.get("items", [])]
        parts.append(f"<h3>{_e(lst.get('title'))} <span class='muted'>({len(rows)} items)</span></h3>")
        parts.append(_table(["ID"] + [title for _, title in columns] + ["Modified"], rows))
    return "".join(parts)


def _files_section(state: dict[str, Any]) -> str:
    parts = ["<h2 id='files'>Library files</h2>"]
    libraries = [lst for lst in state.get("lists", []) if lst.get("base_template") == 101]
    files = state.get("files", [])
    for lib in libraries:
        mine = [f for f in files if f.get("library") == lib.get("title")]
        extra = [(name, title) for name, title in _columns(lib) if name != "Title"]
        rows = [[f.get("name") or f.get("server_relative_url"), f.get("size"), f.get("version"), f.get("modified")]
                + [(f.get("columns") or {}).get(name) for name, _ in extra] for f in mine]
        parts.append(f"<h3>{_e(lib.get('title'))} <span class='muted'>({len(rows)} files)</span></h3>")
        parts.append(_table(["File", "Size", "Version", "Modified"] + [t for _, t in extra], rows))
    if not libraries:
        parts.append('<p class="empty">No libraries.</p>')
    return "".join(parts)


def _pages_section(state: dict[str, Any]) -> str:
    parts = ["<h2 id='pages'>Pages</h2>"]
    pages = state.get("pages", [])
    published = [p for p in pages if p.get("published")]
    for page in published:
        parts.append(f"<div class='card'><h3>{_e(page.get('title') or page.get('name'))}</h3>"
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


def render_page(info: dict[str, Any], state: dict[str, Any], refresh: int | None = None) -> str:
    """The whole HTML document for the tenant's current state."""
    site = state.get("site") or {}
    meta = f'<meta http-equiv="refresh" content="{int(refresh)}">' if refresh else ""
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{meta}"
        f"<title>{_e(site.get('title') or 'Fake tenant')} — iln-sync fake tenant</title><style>{_CSS}</style></head>"
        f"<body><header><h1>{_e(site.get('title') or 'Fake tenant')}</h1>"
        f"<p>Site <code>{_e(info.get('site_url'))}</code> · tenant <code>{_e(info.get('tenant_id'))}</code> · "
        f"control API <code>{_e(info.get('control_url'))}/state</code></p>"
        f"<nav><a href='#lists'>Lists</a><a href='#files'>Files</a><a href='#pages'>Pages</a>"
        f"<a href='#outbox'>Outbox</a></nav></header><main>"
        f"{_lists_section(state)}{_files_section(state)}{_pages_section(state)}"
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
                               int(refresh) if refresh.isdigit() and int(refresh) > 0 else None)
        response = Response.text(document, content_type="text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
