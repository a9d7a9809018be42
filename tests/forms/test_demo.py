"""The demo letters: deterministic per day, covering the membership states and review cases."""
from __future__ import annotations

import io
from collections import Counter
from datetime import date

import docx
import pytest

from iln_demo.forms.demo import demo_letters
from sharepoint_sync.record import REVIEW_REASONS

from tests.forms.conftest import TODAY


@pytest.fixture()
def letters(demo_set):
    return demo_set


def test_same_day_gives_the_same_letters(letters) -> None:
    """Two calls with the same today give identical files and expectations."""
    again = demo_letters(TODAY)
    assert [(x.path_in_library, x.file_name, x.data, x.expected) for x in again] == \
        [(x.path_in_library, x.file_name, x.data, x.expected) for x in letters]


def test_about_thirty_letters_with_unique_paths(letters) -> None:
    """Around thirty files, each at a distinct path, folders without stray slashes."""
    assert 25 <= len(letters) <= 40
    paths = [(x.path_in_library, x.file_name) for x in letters]
    assert len(set(paths)) == len(paths)
    assert all(not x.path_in_library.startswith("/") and not x.path_in_library.endswith("/") for x in letters)
    assert len({x.path_in_library for x in letters}) >= 4


def test_expected_records_follow_the_schema(letters, submission_set, record_validator) -> None:
    """Every expected record (letters and submissions) validates against loc-record.schema.json."""
    for record in [x.expected for x in letters] + [s.expected for s in submission_set]:
        errors = list(record_validator.iter_errors(record))
        assert not errors, (record["file"], errors[:1])


def test_membership_states_are_all_present(letters) -> None:
    """Active now, expired, pending KDE signature, a two-year spring term and a superseded district."""
    ok = [x.expected for x in letters if x.expected["status"] == "ok"]
    this_year = "2026-2027"
    assert any(this_year in r["school_years"] and r["kde_signed_on"] for r in ok)
    assert any(this_year in r["school_years"] and not r["kde_signed_on"] for r in ok)
    assert any(r["expires_on"] < TODAY.isoformat() for r in ok)
    assert any(len(r["school_years"]) == 2 for r in ok)
    per_district = Counter(r["district"] for r in ok)
    assert any(count > 1 for count in per_district.values())


def test_review_cases_and_a_non_loc_are_included(letters) -> None:
    """Missing date, unknown district, placeholder and no action points each appear; one agenda is not an LOC."""
    reasons = {reason for x in letters for reason in x.expected["review_reasons"]}
    for reason in ("missing_signature_date", "unknown_district", "unfilled_placeholder", "missing_action_points"):
        assert reason in reasons and reason in REVIEW_REASONS
    assert [x.expected["status"] for x in letters].count("not_a_loc") == 1


def test_dates_move_with_today() -> None:
    """A year later, the current school year's folder is a year later too."""
    later = demo_letters(date(2027, 11, 28))
    assert any(x.path_in_library.startswith("2027-2028") for x in later)


def test_every_letter_opens_in_python_docx(letters) -> None:
    """Each generated file is a Word document python-docx can open."""
    for letter in letters:
        assert docx.Document(io.BytesIO(letter.data)).paragraphs


def test_submissions_carry_columns_and_an_attachment(submission_set) -> None:
    """Each submission has a district, a submitter e-mail, notes and an attached LOC with its truth."""
    submissions = submission_set
    assert len(submissions) >= 3
    for item in submissions:
        assert item.district and "@" in item.submitter_email and item.notes
        assert item.attachment_name.endswith(".docx") and item.data[:2] == b"PK"
        assert item.expected["file"] == item.attachment_name
    assert {s.expected["status"] for s in submissions} == {"ok", "needs_review"}
