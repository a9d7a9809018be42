"""Robustness: generated LOC variants (forms.variants: many layouts, wordings, date formats and
problems, with truth derived from the generation parameters) read exactly as the contract says."""
from __future__ import annotations

import datetime as dt

import pytest

variants_module = pytest.importorskip("iln_demo.forms.variants", reason="FORMS' variant generator is not present")
from sharepoint_sync.extract.api import extract_in_process  # noqa: E402

TODAY = dt.date(2026, 11, 28)


def comparable(record: dict) -> dict:
    """review_reasons compare as a set, everything else exactly."""
    return {**record, "review_reasons": sorted(record["review_reasons"])}


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_variants_read_exactly(seed: int) -> None:
    """Every generated variant gives its expected record (failures name the file and its features)."""
    wrong = []
    for variant in variants_module.variants(50, seed, TODAY):
        got = comparable(extract_in_process(variant.data, variant.file_name, TODAY).to_json())
        expected = comparable(variant.expected)
        if got != expected:
            fields = sorted(k for k in expected if got[k] != expected[k])
            wrong.append((variant.file_name, fields, variant.features))
    assert wrong == []
