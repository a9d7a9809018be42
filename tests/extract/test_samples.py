"""Every public sample letter gives exactly its expected record (contract comparison rules)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sharepoint_sync.extract.api import extract_in_process
from tests.fixture_files import LOC_SAMPLES, require

SAMPLES = LOC_SAMPLES
#: the day the expected records were written for (s17/s18's implausible dates depend on it)
TODAY = dt.date(2026, 11, 28)


def _expected() -> list[Path]:
    return sorted(require(SAMPLES).glob("*.expected.json"))


def _document_for(expected: Path) -> Path:
    name = json.loads(expected.read_text())["file"]
    return expected.with_name(name)


def comparable(record: dict) -> dict:
    """The contract compares review_reasons as a set and everything else exactly."""
    return {**record, "review_reasons": sorted(record["review_reasons"])}


@pytest.mark.parametrize("expected", _expected(), ids=lambda p: p.name.split(".")[0])
def test_sample_gives_its_expected_record(expected: Path) -> None:
    """The extracted record equals the sample's expected record."""
    document = _document_for(expected)
    record = extract_in_process(document.read_bytes(), document.name, TODAY).to_json()
    assert comparable(record) == comparable(json.loads(expected.read_text()))


def test_every_sample_has_an_expected_record() -> None:
    """The fixture set is complete: 30 letters, each with its expected record."""
    assert len(_expected()) == 30
    assert all(_document_for(p).exists() for p in _expected())
