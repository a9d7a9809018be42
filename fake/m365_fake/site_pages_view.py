"""Published site pages as a person sees them: `GET {site}/SitePages/<name>.aspx`.

SharePoint serves a modern page at its file's address and shows visitors its *published* version
(a saved draft stays with its editor until it is published: learn.microsoft.com, "Create and use
modern pages on a SharePoint site"). This view does the same for the fake site: the published
canvas of the page, every text web part through the allow-list sanitiser (`sanitize.canvas_html`),
inside a page frame of our own (templates/site_page.html, Jinja2 with autoescape; SharePoint's real
chrome is not reproduced). A page never published is a 404, as it is for a visitor without edit rights.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from m365_fake.http import Request, Response, Router
from m365_fake.rendering import render

if TYPE_CHECKING:
    from m365_fake.tenant import FakeTenant



def _published(pages: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    if not name.lower().endswith(".aspx"):
        return None
    for page in pages:
        if str(page.get("name") or "").lower() == name.lower() and page.get("published"):
            return page
    return None


def _parts(canvas: Any) -> list[Any]:
    """The canvas split into what the template sanitises one section at a time: each web part of a JSON
    canvas on its own, or the whole canvas when it is stored as HTML."""
    try:
        controls = json.loads(canvas) if isinstance(canvas, str) else canvas
    except ValueError:
        controls = None
    if not isinstance(controls, list):
        return [canvas]
    return [[control] for control in controls if isinstance(control, dict)]


def render_site_page(site: dict[str, Any], page: dict[str, Any]) -> str:
    """The whole HTML document of one published page (templates/site_page.html)."""
    return render("site_page.html", site=site, page=page, parts=_parts(page.get("canvas_content")))


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
