"""Allow-list HTML sanitiser for page canvas content and HTML mail bodies shown on the people page.

Document text is hostile: everything not on the allow-list is dropped (tags) or escaped (text);
`script`, `style` and similar elements are dropped with their content; the only attribute kept is an
`href` with an http(s)/mailto scheme on `a` (relative links are dropped too). The sanitising is nh3's
(Python bindings of the Rust `ammonia` crate, an html5ever-based allow-list cleaner), not ours.
"""
from __future__ import annotations

import html
import json
from typing import Any

import nh3

ALLOWED_TAGS = frozenset({
    "p", "br", "b", "strong", "i", "em", "u", "s", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "a", "span", "div", "blockquote", "code", "pre", "hr",
})
_DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript",
                                "textarea", "select", "svg", "math", "title", "head"})
_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitize_html(markup: str) -> str:
    """`markup` reduced to the allow-listed tags, with all text escaped."""
    return nh3.clean(markup or "", tags=set(ALLOWED_TAGS), clean_content_tags=set(_DROP_WITH_CONTENT),
                     attributes={"a": {"href"}}, url_schemes=set(_SCHEMES), url_relative="deny",
                     link_rel="noopener noreferrer", strip_comments=True)


def canvas_html(canvas: Any) -> str:
    """Sanitised HTML for a modern page's canvas content.

    CanvasContent1 is a JSON array of controls whose text web parts carry `innerHTML`
    (https://learn.microsoft.com/sharepoint/dev/spfx/web-parts/guidance/modern-page-canvas — controlType 4 is
    rich text); older pages store the canvas as HTML with `data-sp-*` attributes. Both are handled.
    """
    if not canvas:
        return ""
    if isinstance(canvas, str):
        try:
            canvas = json.loads(canvas)
        except ValueError:
            return sanitize_html(canvas)
    if not isinstance(canvas, list):
        return ""
    parts = []
    for control in canvas:
        if not isinstance(control, dict):
            continue
        if control.get("innerHTML"):
            parts.append(sanitize_html(str(control["innerHTML"])))
        elif isinstance(control.get("webPartData"), dict):
            title = control["webPartData"].get("title") or "web part"
            parts.append(f"<p><em>[{html.escape(str(title))}]</em></p>")
    return "\n".join(parts)
