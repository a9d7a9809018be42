"""Round 2 of hand-written Letters of Commitment nobody tuned the extractor on give the record the
contract calls for (expected records written by hand from docs/contract/loc-record.md)."""
from __future__ import annotations

import pytest

from sharepoint_sync.extract.api import extract_in_process
from tests.extract.test_unseen_letters import TODAY, comparable
from tests.extract.unseen.common import Letter
from tests.extract.unseen.letters import LETTERS
from tests.extract.unseen.letters_round2 import LETTERS_ROUND2 as FIRST
from tests.extract.unseen.letters_round2_more import LETTERS_ROUND2_MORE

LETTERS_ROUND2 = FIRST + LETTERS_ROUND2_MORE


@pytest.mark.parametrize("letter", LETTERS_ROUND2, ids=lambda letter: letter.file.split(".")[0])
def test_round2_letter_gives_its_expected_record(letter: Letter) -> None:
    """The extracted record equals the record read off the contract by hand."""
    record = extract_in_process(letter.data, letter.file, TODAY).to_json()
    assert comparable(record) == comparable(letter.expected)


def test_round2_has_30_new_letters_with_new_names() -> None:
    """Round 2 holds at least 30 letters, none sharing a file name with each other or the first round."""
    names = {letter.file for letter in LETTERS_ROUND2}
    assert len(LETTERS_ROUND2) >= 30 and len(names) == len(LETTERS_ROUND2)
    assert not names & {letter.file for letter in LETTERS}
