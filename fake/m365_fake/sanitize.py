"""Allow-list HTML sanitiser for page canvas content and HTML mail bodies shown on the people page.

Document text is hostile: everything not on the allow-list is dropped (tags) or escaped (text);
`script`, `style` and similar elements are dropped with their content; the only attribute kept is an
`href` with an http(s)/mailto scheme on `a`. Built on the stdlib parser so it has no dependencies.
"""
from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from typing import Any

ALLOWED_TAGS = frozenset({
    "p", "br", "b", "strong", "i", "em", "u", "s", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "a", "span", "div", "blockquote", "code", "pre", "hr",
})
_VOID = frozenset({"br", "hr"})
_DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript",
                                "textarea", "select", "svg", "math", "title", "head"})
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED_TAGS:
            return
        attributes = ""
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            if href.lower().startswith(_SAFE_SCHEMES):
                attributes = f' href="{html.escape(href, quote=True)}" rel="noopener noreferrer"'
        self.out.append(f"<{tag}{attributes}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID and not self.dropping:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in self.open:
            return
        while self.open:  # close everything opened inside it, so the output stays balanced
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.open))


def sanitize_html(markup: str) -> str:
    """`markup` reduced to the allow-listed tags, with all text escaped."""
    parser = _Sanitiser()
    parser.feed(markup or "")
    return parser.result()


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
