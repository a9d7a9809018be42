"""Seed content for the fake site, so a person can try `iln-sync provision` / `run` against a site that
already holds letters (`iln-sync emulator --seed demo`); `iln_demo.tenant.iln_tenant(seed="demo")` hands it to the fake tenant.

`demo`: the "Letters of Commitment" library with the demo letters (iln_demo.forms.demo — made by
the project's own form code, dates relative to today) in their school-year/region folders, as KDE staff
would have uploaded them. Lists are left to `iln-sync provision`, which owns the site schema.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Callable

from sharepoint_sync import clock

LETTERS_LIBRARY = "Letters of Commitment"
SEEDS = ("demo",)


class UnknownSeed(ValueError):
    """A seed name this tenant does not know."""


def seed_function(name: str) -> Callable[[Any], int]:
    """The fake tenant's seed callable for the named seed (checked now, so a typo fails at start)."""
    if name not in SEEDS:
        raise UnknownSeed(f"unknown seed {name!r}; known: {', '.join(SEEDS)}")
    return lambda site: apply_seed(site, name)


def apply_seed(site: Any, name: str) -> int:
    """Put the named seed content into `site`; returns how many files were added."""
    if name not in SEEDS:
        raise UnknownSeed(f"unknown seed {name!r}; known: {', '.join(SEEDS)}")
    from m365_fake.sharepoint import library
    from m365_fake.sharepoint.errors import SPError
    from m365_fake.sharepoint.models import DOCUMENT_LIBRARY

    letters = _demo_letters(clock.today())
    with site.lock:
        try:
            lst = site.list_by_title(LETTERS_LIBRARY)
        except SPError:
            lst = site.create_list(LETTERS_LIBRARY, DOCUMENT_LIBRARY)
        for letter in letters:
            folder = f"{lst.url}/{letter.path_in_library}" if letter.path_in_library else lst.url
            library.ensure_folder(site, folder)
            library.add_file(site, folder, letter.file_name, letter.data, overwrite=True)
    return len(letters)


@lru_cache(maxsize=2)
def _demo_letters(today: dt.date) -> tuple[Any, ...]:
    """The demo letters for `today`, built once (python-docx takes seconds) and reused by resets."""
    from iln_demo.forms.demo import demo_letters

    return tuple(demo_letters(today))
