"""LOC variants: deterministic per seed, varied, with expected records that follow the contract."""
from __future__ import annotations

import io
from collections import Counter
import docx
import pytest

from iln_demo.forms.variants import variants

from tests.forms.conftest import TODAY


@pytest.fixture()
def sixty(variant_set):
    return variant_set


def test_same_seed_same_variants(sixty) -> None:
    """Equal (seed, today) give identical bytes, records and features (the first n of a longer run too)."""
    again = variants(15, 7, TODAY)
    assert [(v.file_name, v.data, v.expected, v.features) for v in again] == \
        [(v.file_name, v.data, v.expected, v.features) for v in sixty[:15]]


def test_other_seed_other_variants(sixty) -> None:
    """A different seed draws different letters."""
    assert [v.data for v in variants(5, 8, TODAY)] != [v.data for v in sixty[:5]]


def test_expected_records_follow_the_schema(sixty, record_validator) -> None:
    """Every expected record validates against loc-record.schema.json and names its file."""
    for variant in sixty:
        assert not list(record_validator.iter_errors(variant.expected)), variant.file_name
        assert variant.expected["file"] == variant.file_name


def test_all_generations_and_both_verdicts_appear(sixty) -> None:
    """Sixty variants cover the three forms, ok and needs_review letters."""
    assert {v.expected["template"] for v in sixty} == {"kyiln-2018", "kyiln-2019", "kyiln-2023"}
    assert {v.expected["status"] for v in sixty} == {"ok", "needs_review"}


def test_layout_variations_are_exercised(sixty) -> None:
    """Headings, list kinds, contact layouts, date formats and placements vary across the set."""
    features = Counter(f.split(":")[0] + ":" + f.split(":")[1] for v in sixty for f in v.features)
    kinds = lambda prefix: {f for f in features if f.startswith(prefix)}  # noqa: E731
    assert len(kinds("action_points:numpr")) + len(kinds("action_points:typed")) >= 4
    assert len(kinds("date_format:")) >= 6
    assert len(kinds("contacts:")) >= 8
    assert len(kinds("district_placement:")) >= 3


def test_each_review_reason_has_its_feature(sixty) -> None:
    """A variant generated with a problem expects exactly that review reason."""
    for variant in sixty:
        problems = [f.split(":", 1)[1] for f in variant.features if f.startswith("problem:")]
        assert variant.expected["review_reasons"] == problems, variant.file_name


def test_spring_letter_without_stated_year_covers_two_years(sixty) -> None:
    """An older-form letter signed January-May covers two school years (the term rule)."""
    spring = [v for v in sixty if "term:spring" in v.features and v.expected["template"] != "kyiln-2023"
              and v.expected["status"] == "ok"]
    assert spring and all(len(v.expected["school_years"]) == 2 for v in spring)


def test_variants_open_in_python_docx(sixty) -> None:
    """Every variant is a Word document python-docx can open."""
    for variant in sixty:
        assert docx.Document(io.BytesIO(variant.data)).paragraphs
