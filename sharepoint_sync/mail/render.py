"""Mail content → HTML and plain text, through the Jinja2 templates in `templates/` (the environment is
`sharepoint_sync.templating`'s, the one module importing jinja2).

HTML templates are autoescaped (every value from a document is text, `<script>` stays `&lt;script&gt;`);
links are kept only with https or mailto schemes; every value, in HTML and text alike, loses control
and bidi characters first (`finalize`). The layout is for Outlook's Word engine: nested tables with
fixed widths, inline styles only, no scripts, no images, no web fonts (Microsoft, "Outlook HTML and CSS
support", and litmus/caniemail: `<style>` blocks and CSS layout are ignored by Outlook for Windows).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sharepoint_sync.core.report import terminal_safe
from sharepoint_sync.pages.links import https_href, mailto_href
from sharepoint_sync.templating import Markup, environment
from sharepoint_sync.mail.content import Digest, Reminder, Summary


@dataclass(frozen=True)
class Rendered:
    """A mail's subject, plain-text body and HTML body."""

    subject: str
    text: str
    html: str


def safe_href(url: Any) -> str:
    """`url` when it is an https or mailto link, else "" (a `javascript:` or `data:` link is dropped)."""
    text = terminal_safe(str(url or "")).strip()
    if text[:7].lower() == "mailto:":
        return mailto_href(text[7:]) or ""
    return https_href(text) or ""  # the pages' rule: absolute https with a host, nothing that breaks out


def _finalize(value: Any) -> Any:
    """Every printed value without control/bidi characters; already-safe markup (macro output) as is."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return terminal_safe(str(value))


_ENV = environment("sharepoint_sync.mail", html_suffixes=("html.j2",), keep_trailing_newline=True,
                   finalize=_finalize, filters=(("href", safe_href),))


def _render(name: str, subject: str, **values: Any) -> Rendered:
    text = _ENV.get_template(f"{name}.txt.j2").render(subject=subject, **values)
    html = _ENV.get_template(f"{name}.html.j2").render(subject=subject, **values)
    return Rendered(subject, text, html)


def render_summary(summary: Summary) -> Rendered:
    """The run summary email."""
    return _render("summary", summary.subject, s=summary, links=summary.links)


def render_digest(digest: Digest) -> Rendered:
    """The weekly digest email."""
    return _render("digest", digest.subject, d=digest, links=digest.links)


def render_reminder(reminder: Reminder) -> Rendered:
    """A renewal reminder email."""
    return _render("reminder", reminder.subject, r=reminder, links=reminder.links)
