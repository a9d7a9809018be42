"""Which build the tests ran: pure Python from the source tree, or the compiled release build (setup.py)."""
from __future__ import annotations

import importlib
import os
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def compiled_modules(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The dotted names of the modules setup.py compiles (its COMPILED list, read without building)."""
    import setuptools

    monkeypatch.setattr(setuptools, "setup", lambda **_: None)
    monkeypatch.chdir(ROOT)
    paths = runpy.run_path(str(ROOT / "setup.py"))["COMPILED"]
    return [p.removesuffix(".py").replace("/", ".") for p in paths]


def test_setup_compiles_the_reader_and_field_reading_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The release build compiles the reader and every field-reading module, nothing outside extraction."""
    names = compiled_modules(monkeypatch)
    assert "sharepoint_sync.extract.reader" in names and "sharepoint_sync.extract.fields.lines" in names
    assert all(name.startswith("sharepoint_sync.extract.") for name in names)
    assert not {"sharepoint_sync.extract.preflight", "sharepoint_sync.extract.isolation"} & set(names)


def test_the_reading_modules_are_compiled_exactly_in_the_release_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `make test-release` every module setup.py compiles is an extension module; otherwise each is
    its .py source (a compiled file left in the source tree would silently shadow an edited module)."""
    release = os.environ.get("ILN_SYNC_RELEASE_BUILD") == "1"
    for name in compiled_modules(monkeypatch):
        where = Path(importlib.import_module(name).__file__ or "")
        assert (where.suffix == ".so") == release, f"{name} was imported from {where}"
        assert ((ROOT / "sharepoint_sync") in where.parents) != release, f"{name} was imported from {where}"
