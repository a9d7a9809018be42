"""Issue 11's classes of reading mistakes: new letters in all three forms give the record the contract
calls for (expected records written by hand from docs/contract/loc-record.md before the fix)."""
from __future__ import annotations

import pytest

from sharepoint_sync.extract.api import extract_in_process
from tests.extract.mistakes.letters import CLASSES, LETTERS
from tests.extract.test_unseen_letters import TODAY, comparable
from tests.extract.unseen.common import Letter


@pytest.mark.parametrize("letter", LETTERS, ids=lambda letter: letter.file.split(".")[0])
def test_mistake_class_letter_gives_its_expected_record(letter: Letter) -> None:
    """The extracted record equals the record read off the contract by hand."""
    record = extract_in_process(letter.data, letter.file, TODAY).to_json()
    assert comparable(record) == comparable(letter.expected)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_class_has_letters_of_all_three_forms(name: str) -> None:
    """Each class holds letters of the 2018, 2019 and 2023 forms (year: the 2023 form, the only one stating a year)."""
    forms = {letter.expected["template"] for letter in CLASSES[name]()}
    assert forms == ({"kyiln-2023"} if name == "year" else {"kyiln-2018", "kyiln-2019", "kyiln-2023"})


def test_letter_names_are_new() -> None:
    """No letter shares a file name with another."""
    assert len({letter.file for letter in LETTERS}) == len(LETTERS)
