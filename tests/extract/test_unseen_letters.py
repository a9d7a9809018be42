"""Hand-written Letters of Commitment unlike the samples and the variant generator give the record
the contract calls for (expected records written by hand from docs/contract/loc-record.md)."""
from __future__ import annotations

import datetime as dt

import pytest

from sharepoint_sync.extract.api import extract_in_process
from tests.extract.unseen.letters import LETTERS, Letter

#: the day of the run the expected records assume (as for the public samples)
TODAY = dt.date(2026, 11, 28)


def comparable(record: dict) -> dict:
    """The contract compares review_reasons as a set and everything else exactly."""
    return {**record, "review_reasons": sorted(record["review_reasons"])}


@pytest.mark.parametrize("letter", LETTERS, ids=lambda letter: letter.file.split(".")[0])
def test_unseen_letter_gives_its_expected_record(letter: Letter) -> None:
    """The extracted record equals the record read off the contract by hand."""
    record = extract_in_process(letter.data, letter.file, TODAY).to_json()
    assert comparable(record) == comparable(letter.expected)


def test_there_are_at_least_25_unseen_letters() -> None:
    """The unseen set is large enough to mean something, and its file names are distinct."""
    assert len(LETTERS) >= 25
    assert len({letter.file for letter in LETTERS}) == len(LETTERS)
