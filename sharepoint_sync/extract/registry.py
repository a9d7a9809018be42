"""Load the project's Kentucky district registry into a `Registry`.

The canonical file is package data, `sharepoint_sync/data/ky-districts.csv` (declared in
pyproject's `[tool.setuptools.package-data]`), so a non-editable `pip install` carries it;
`config/ky-districts.csv` is a symbolic link to it for people who look for it beside the example
configuration. (It used to be found as `<repo>/config/...` relative to this file, which does not
exist in an installed wheel: every letter then failed to read.)

The only impure part of field reading: it reads one CSV file. Columns: district, type, county,
variants ("|"-separated), email_slug, active ("yes"/"no"), notes. Rows marked inactive (merged
districts) are kept for the record but never matched.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from .fields.district import District, Registry

#: the registry shipped with the package (package data, present in editable and wheel installs)
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "ky-districts.csv"


def load_registry(path: Path | str = DEFAULT_PATH) -> Registry:
    """Read a registry CSV file."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return Registry(tuple(_district(row) for row in rows))


def _district(row: dict[str, str]) -> District:
    variants = tuple(v.strip() for v in (row.get("variants") or "").split("|") if v.strip())
    return District(
        name=row["district"].strip(),
        kind=row.get("type", "").strip(),
        county=(row.get("county") or "").strip(),
        variants=variants,
        active=(row.get("active") or "yes").strip().lower() != "no",
    )


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The shipped registry, read once per process."""
    return load_registry(DEFAULT_PATH)
