"""Jinja2, and only here: the template environments the page and mail renderers draw from.

Autoescape is always on for HTML (every value from a document is text); `StrictUndefined` makes a
misspelt template variable an error rather than an empty cell. Pure: templates are package data, read
once per environment.
"""
from __future__ import annotations

from functools import cache
from typing import Any, Callable

import jinja2
from markupsafe import Markup

__all__ = ["Markup", "environment"]


@cache
def environment(package: str, *, html_suffixes: tuple[str, ...] = (), keep_trailing_newline: bool = False,
                finalize: Callable[[Any], Any] | None = None,
                filters: tuple[tuple[str, Callable[..., Any]], ...] = ()) -> jinja2.Environment:
    """The environment over `package`'s `templates/` folder. With `html_suffixes`, only templates whose
    names end so are autoescaped (a mail's plain-text part must not be); without, every template is."""
    autoescape: Any = (jinja2.select_autoescape(enabled_extensions=html_suffixes, default=False)
                       if html_suffixes else True)
    env = jinja2.Environment(loader=jinja2.PackageLoader(package, "templates"), autoescape=autoescape,
                             undefined=jinja2.StrictUndefined, finalize=finalize, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=keep_trailing_newline)
    env.filters.update(dict(filters))
    return env
