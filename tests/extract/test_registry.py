"""The project's district registry (config/ky-districts.csv): Kentucky's 171 active districts."""
from __future__ import annotations

import csv

from sharepoint_sync.extract.registry import DEFAULT_PATH, default_registry, load_registry


def test_registry_holds_the_171_active_districts() -> None:
    """120 county and 51 independent districts are active; merged ones are kept but inactive."""
    active = [d for d in default_registry().districts if d.active]
    assert len(active) == 171
    assert sum(d.kind == "county" for d in active) == 120
    assert sum(d.kind == "independent" for d in active) == 51


def test_canonical_names_are_unique() -> None:
    """No district appears twice."""
    names = [d.name for d in default_registry().districts]
    assert len(names) == len(set(names))


def test_every_variant_matches_its_own_district() -> None:
    """Each written variant in the registry matches the district it belongs to, never another."""
    registry = default_registry()
    for district in (d for d in registry.districts if d.active):
        for written in (district.name, *district.variants):
            assert registry.match(written) == district.name, written


def test_merged_districts_never_match() -> None:
    """Silver Grove, West Point and Providence merged into county districts: a letter naming them needs review."""
    registry = default_registry()
    for name in ("Silver Grove Independent", "West Point Independent Schools", "Providence Independent"):
        assert registry.match(name) is None


def test_every_row_has_a_note_where_it_differs_from_the_reference() -> None:
    """Rows changed from the shared reference carry a note saying what changed and why."""
    with open(DEFAULT_PATH, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert all(r["notes"] for r in rows if r["active"] == "no")
    assert list(rows[0]) == ["district", "type", "county", "variants", "email_slug", "active", "notes"]


def test_load_registry_reads_a_given_file(tmp_path) -> None:
    """A registry file elsewhere loads the same way (a deployment may ship its own)."""
    path = tmp_path / "r.csv"
    path.write_text("district,type,county,variants,email_slug,active,notes\n"
                    "Redbud County,county,Redbud,Redbud County Schools,redbud,yes,test\n")
    assert load_registry(path).match("Redbud Co. Schools") == "Redbud County"


def test_the_registry_is_package_data_so_an_installed_wheel_carries_it() -> None:
    """The default registry lives inside the package and matches pyproject's package-data globs."""
    import fnmatch
    import tomllib
    from pathlib import Path

    import sharepoint_sync

    package = Path(sharepoint_sync.__file__).resolve().parent
    relative = DEFAULT_PATH.relative_to(package).as_posix()
    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    globs = pyproject["tool"]["setuptools"]["package-data"]["sharepoint_sync"]
    assert DEFAULT_PATH.is_file() and any(fnmatch.fnmatch(relative, g) for g in globs)
