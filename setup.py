"""The release build: with ILN_SYNC_COMPILE=1 the pure reading modules are compiled by mypyc.

Everything else about the distribution is in pyproject.toml. Without the variable (every editable
install, `make install`, `make test`'s main run) nothing is compiled and the source tree stays pure
Python, so an edited module is what runs. `make release` builds the compiled wheel (the one to deploy,
docs/deploy.md) and `make test` runs the extraction tests against it too (`.venv-release`).

Compiled: the accepted-view reader and field reading, pure functions over plain values that spend
their time in small Python functions (docs/benchmarks.md, "Compiled release build"). Not compiled:
pre-flight and isolation (zip, sockets, processes: C already), and everything beyond extraction.
"""
from __future__ import annotations

import os
from pathlib import Path

from setuptools import setup

#: the modules mypyc compiles in the release build (paths relative to this file)
COMPILED = sorted(
    [str(p) for p in Path("sharepoint_sync/extract/fields").glob("*.py") if p.name != "__init__.py"]
    + [f"sharepoint_sync/extract/{name}.py" for name in (
        "reader", "reader_glyphs", "reader_markup", "reader_package", "reader_styles")]
)


def _extensions() -> list:
    if os.environ.get("ILN_SYNC_COMPILE") != "1":
        return []
    from mypyc.build import mypycify  # only the release build needs mypy (the dev extra has it)

    return mypycify(COMPILED, opt_level="3")


setup(ext_modules=_extensions())
