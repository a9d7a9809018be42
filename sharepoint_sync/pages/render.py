"""Pages from values, through the Jinja2 templates in `templates/` (autoescape on; the environment is
`sharepoint_sync.templating`'s, the one module importing jinja2). Pure: the same inputs give the same pages, byte for byte.

Each template defines one macro per section of its page; each section becomes one text web part.
Everything from documents or lists reaches the HTML through Jinja's escaping; links are only
those `links.https_href`/`links.mailto_href` let through (computed in `content`).
"""
from __future__ import annotations

from typing import Any

from sharepoint_sync.pages import content as c
from sharepoint_sync.pages.canvas import canvas_content, content_hash
from sharepoint_sync.templating import environment
from sharepoint_sync.pages.model import (DIRECTORY_SLUG, PageInputs, PageKind, RenderedPage, initiative_slug,
                                         spotlight_slug)

_SECTIONS = {
    "directory": ("intro", "members", "pending", "initiatives"),
    "initiative": ("intro", "districts", "resources"),
    "spotlight": ("intro", "points", "contacts", "history"),
}


def _sections(kind: PageKind, page: Any) -> list[str]:
    module = environment("sharepoint_sync.pages").get_template(f"{kind}.html.j2").module
    return [" ".join(str(getattr(module, name)(page)).split()) for name in _SECTIONS[kind]]


def _page(slug: str, kind: PageKind, title: str, view: Any) -> RenderedPage:
    canvas = canvas_content(slug, _sections(kind, view))
    return RenderedPage(slug, title, kind, canvas, content_hash(title, canvas))


def render_pages(inputs: PageInputs) -> tuple[RenderedPage, ...]:
    """Every page the site should show: the directory, the six initiatives, the district spotlights."""
    directory = c.directory(inputs)
    pages = [_page(DIRECTORY_SLUG, "directory", directory.title, directory)]
    pages += [_page(initiative_slug(name), "initiative", view.title, view) for name, view in c.initiative_pages(inputs)]
    pages += [_page(spotlight_slug(name), "spotlight", view.title, view) for name, view in c.spotlights(inputs)]
    return tuple(pages)
