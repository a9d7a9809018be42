"""SharePoint modern page content: CanvasContent1 as a JSON string of text web parts.

The shape of a text web part (controlType 4, `innerHTML`, `position` with zone/section indexes and
`sectionFactor` 12 for a full-width column) is the one the SharePoint page REST API documents
(learn.microsoft.com, "Working with modern pages / CanvasContent1") and the one
tests/fixtures/sharepoint-responses/sitepages-create.nometadata.mock.json carries as a string.
Ids are derived from the page name and position (uuid5), so the same content gives the same bytes.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from typing import Sequence

_NAMESPACE = uuid.UUID("6f0d3c52-41a8-4d0e-9a51-3b0c6a8f1e27")  # iln-sync pages; never change


def text_web_part(slug: str, zone: int, html: str) -> dict:
    """One full-width text web part in its own section (zone) of the page."""
    return {"controlType": 4, "id": str(uuid.uuid5(_NAMESPACE, f"{slug}#{zone}")), "displayMode": 2, "emphasis": {},
            "position": {"zoneIndex": zone, "sectionIndex": 1, "controlIndex": 1, "sectionFactor": 12,
                         "layoutIndex": 1},
            "innerHTML": html}


def canvas_content(slug: str, sections: Sequence[str]) -> str:
    """CanvasContent1 for the page: one text web part per section (already escaped HTML)."""
    return json.dumps([text_web_part(slug, i, html) for i, html in enumerate(sections, start=1)],
                      ensure_ascii=False, separators=(",", ":"))


def content_hash(title: str, canvas: str) -> str:
    """SHA-256 of what a person sees: the title and the canvas (the version kept on the page's item)."""
    return hashlib.sha256(json.dumps([title, canvas], ensure_ascii=False).encode("utf-8")).hexdigest()
