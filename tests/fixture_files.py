"""Where the repository's own test fixtures live, and the one way tests ask for them.

Everything a test reads ships in the repository (issue 11: a fresh clone with nothing beside it runs
every test). A missing fixture is a broken checkout, so `require` FAILS the test, never skips it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
LOC_SAMPLES = FIXTURES / "loc-samples"
REALWORLD_CORPUS = FIXTURES / "realworld-docx"
SHAREPOINT_RESPONSES = FIXTURES / "sharepoint-responses"
CONTRACT_SCHEMA = REPO / "docs" / "contract" / "loc-record.schema.json"
CONTRACT = REPO / "docs" / "contract" / "loc-record.md"


def require(path: Path) -> Path:
    """`path` itself when it exists; otherwise the calling test fails, naming the missing fixture."""
    if not path.exists():
        pytest.fail(f"test fixture missing from the repository: {path.relative_to(REPO)}", pytrace=False)
    return path
