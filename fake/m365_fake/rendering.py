"""The fake tenant's HTML pages through Jinja2: one environment, autoescape on, templates as package data.

Every value a template writes is escaped by Jinja2 (document text is hostile). The only markup let
through unescaped is what the allow-list sanitiser (nh3, `m365_fake.sanitize`) returns, and only
where a template asks for it with the `sanitized` (mail HTML) or `canvas` (page canvas) filter.
"""
from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from m365_fake.sanitize import canvas_html, sanitize_html

# a missing or None value shows as nothing (the tenant's state is whatever clients put there)
_ENV = Environment(loader=PackageLoader("m365_fake", "templates"), autoescape=True, trim_blocks=True,
                   lstrip_blocks=True, finalize=lambda value: "" if value is None else value)
# nh3's output is the one source of markup: it has dropped everything off its allow-list
_ENV.filters["sanitized"] = lambda markup: Markup(sanitize_html(markup or ""))
_ENV.filters["canvas"] = lambda canvas: Markup(canvas_html(canvas))


def render(template: str, **values: Any) -> str:
    """The named template (under m365_fake/templates/) rendered with `values`."""
    return _ENV.get_template(template).render(**values)


def cell_html(cell: Any) -> str:
    """One table cell (`page_cells.Cell`) as HTML, through the `cell` macro of templates/cells.html."""
    return str(_ENV.get_template("cells.html").module.cell(cell))  # type: ignore[attr-defined]
