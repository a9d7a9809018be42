"""Published site pages as a person sees them: `GET {site}/SitePages/<name>.aspx`.

SharePoint serves a modern page at its file's address and shows visitors its *published* version
(a saved draft stays with its editor until it is published: learn.microsoft.com, "Create and use
modern pages on a SharePoint site"). This view does the same for the fake site: the published
canvas of the page, every text web part through the allow-list sanitiser (`sanitize.canvas_html`),
inside a page frame of our own (SharePoint's real chrome is not reproduced). A page never
published is a 404, as it is for a visitor without edit rights.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from m365_fake.http import Request, Response, Router
from m365_fake.page_cells import escape
from m365_fake.sanitize import canvas_html

if TYPE_CHECKING:
    from m365_fake.tenant import FakeTenant

_CSS = """
body{font-family:"Segoe UI",system-ui,-apple-system,Roboto,sans-serif;margin:0;color:#242424;background:#fff}
.suite{background:#03787c;color:#fff;padding:10px 32px;font-size:15px;display:flex;gap:24px;align-items:center}
.suite a{color:#fff;text-decoration:none;font-weight:600}.suite .site{font-size:18px}
.title{background:#f3f9f9;border-bottom:1px solid #d1e7e7;padding:28px 32px 18px}
.title h1{margin:0;font-size:32px;font-weight:600;color:#035a5d}.title p{margin:6px 0 0;color:#616161;font-size:13px}
main{max-width:1040px;padding:8px 32px 48px}
section{margin:18px 0 8px}
h2{font-size:22px;font-weight:600;color:#035a5d;margin:22px 0 10px;padding-bottom:4px;border-bottom:2px solid #d1e7e7}
p,li{font-size:15px;line-height:1.5}a{color:#03787c}
table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0 12px}
th,td{border:1px solid #e0e0e0;padding:8px 10px;text-align:left;vertical-align:top}
thead th{background:#03787c;color:#fff;font-weight:600}tbody th{background:#f3f9f9;width:12em;font-weight:600}
tbody tr:nth-child(even) td{background:#fafafa}td ul,td ol{margin:0;padding-left:18px}
strong{color:#035a5d}
"""


def _published(pages: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    for page in pages:
        if name.lower().endswith(".aspx") and str(page.get("name") or "").lower() == name.lower() and page.get("published"):
            return page
    return None


def _sections(canvas: Any) -> list[str]:
    """Each web part of the canvas in its own section, sanitised."""
    try:
        controls = json.loads(canvas) if isinstance(canvas, str) else canvas
    except ValueError:
        controls = None
    if not isinstance(controls, list):
        return [canvas_html(canvas)]
    return [canvas_html([control]) for control in controls if isinstance(control, dict)]


def render_site_page(site: dict[str, Any], page: dict[str, Any]) -> str:
    """The whole HTML document of one published page."""
    body = "".join(f"<section>{html}</section>" for html in _sections(page.get("canvas_content")) if html)
    site_title = escape(site.get("title") or "Site")
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(page.get('title'))} — "
            f"{site_title}</title><style>{_CSS}</style></head><body>"
            f"<div class='suite'><span class='site'>{site_title}</span><a href='/'>Site contents</a></div>"
            f"<div class='title'><h1>{escape(page.get('title'))}</h1>"
            f"<p>Published page · version {escape(page.get('version'))}</p></div>"
            f"<main>{body}</main></body></html>")


class SitePagesView:
    """Serves the tenant's published pages at their own addresses."""

    def __init__(self, tenant: "FakeTenant", site_path: str) -> None:
        self.tenant = tenant
        self.site_path = site_path

    def register(self, router: Router) -> None:
        """Add `GET {site}/SitePages/<name>.aspx`."""
        pages = f"{self.site_path.strip('/')}/SitePages"   # any letter case, as SharePoint's addresses
        router.add("GET", f"/<anycase({pages!r}, tail='segment'):name>", self.render)

    def render(self, request: Request) -> Response:
        """The published page, or 404 when no such page was ever published."""
        state = self.tenant.state()
        page = _published(state.get("pages", []), request.params.get("name", ""))
        if page is None:
            response = Response.text("404 NOT FOUND: no published page at this address", status=404)
        else:
            response = Response.text(render_site_page(state.get("site") or {}, page),
                                     content_type="text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
