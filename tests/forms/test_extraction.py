"""The extractor reads the official form exactly (issue 3 item 6) and generated variants as the truth says."""
from __future__ import annotations

import pytest

from iln_demo.forms import tags
from iln_demo.forms.blank import blank_form_bytes
from iln_demo.forms.fill import FormValues, facts_of, fill_form
from iln_demo.forms.truth import expected_record
from iln_demo.forms.variants import variants
from tests.forms.accuracy import differences

api = pytest.importorskip("sharepoint_sync.extract.api", reason="the extractor has not landed yet")

from tests.forms.conftest import TODAY  # noqa: E402 - after the importorskip above, like the extractor import


def _read(data: bytes, name: str) -> dict:
    return api.extract_in_process(data, name, TODAY).to_json()


def test_blank_official_form_reads_as_an_unfilled_form() -> None:
    """The blank form is a kyiln-2023 LOC with nothing filled: every placeholder counts as empty."""
    all_prompts = frozenset(t for t in tags.all_tags() if not t.startswith("iln.initiative."))
    expected = expected_record(facts_of(FormValues(leave_placeholders=all_prompts), "blank.docx", TODAY, None))
    assert _read(blank_form_bytes(), "blank.docx") == expected


def test_filled_official_forms_read_exactly(demo_set, submission_set) -> None:
    """Every demo letter and submission made with the official form gives exactly its expected record."""
    items = [(x.file_name, x.data, x.expected) for x in demo_set]
    items += [(s.attachment_name, s.data, s.expected) for s in submission_set]
    misses = {name: differences(expected, _read(data, name)) for name, data, expected in items}
    assert {name: diff for name, diff in misses.items() if diff} == {}


def _check_variants(batch, label: str) -> None:
    misses = {}
    for variant in batch:
        diff = differences(variant.expected, _read(variant.data, variant.file_name))
        if diff:
            misses[variant.file_name] = (diff, list(variant.features))
    assert misses == {}, f"misread variants ({label})"


def test_variants_read_as_their_truth(variant_set) -> None:
    """Sixty unseen variants (seed 7) read exactly as their truth says."""
    _check_variants(variant_set, "seed 7")


def test_variants_of_another_seed_read_as_their_truth() -> None:
    """Forty more variants (seed 2) read exactly too: the extractor is not tuned to one draw."""
    _check_variants(variants(40, 2, TODAY), "seed 2")


def test_a_filled_official_form_reads_back_what_was_typed() -> None:
    """End to end, with literal values (not the truth module): the tagged form reads back field by field."""
    from tests.forms.test_fill import VALUES

    record = _read(fill_form(VALUES), "metcalfe.docx")
    assert (record["template"], record["status"], record["review_reasons"]) == ("kyiln-2023", "ok", [])
    assert (record["district"], record["district_as_written"]) == ("Metcalfe County", "Metcalfe Co. Schools")
    assert record["point_of_contact"] == {"name": "Kristen T. Wireman", "title": "Director of Innovation",
                                          "email": "kristen.wireman@metcalfe.kyschools.us"}
    assert [c["name"] for c in record["contacts"]] == ["Kristen T. Wireman", "Courtney Bowman", "Dale Pruitt", "Ann Lee"]
    assert record["signatory"] == {"name": "Zachary Vanover", "title": "Superintendent"}
    assert (record["district_signed_on"], record["kde_signed_on"]) == ("2024-11-08", "2024-11-29")
    assert (record["academic_year_stated"], record["school_years"], record["expires_on"]) == (
        "2024-2025", ["2024-2025"], "2025-06-30")
    assert record["focus_areas"] == ["flexible scheduling", "professional learning communities"]
    assert record["initiatives"] == ["Portrait of a Learner", "Deeper Learning"]
    assert record["action_points"][0] == "The district is exploring flexible scheduling at the secondary level."
