"""core.duplicates: one file, one commitment, whichever names and places it has (pure)."""
from __future__ import annotations

from dataclasses import replace

from sharepoint_sync.extract.registry import default_registry
from sharepoint_sync.core import schema as s
from sharepoint_sync.core.duplicates import (known_fingerprints, mark_duplicates, moved_originals, names_an_original,
                                             released_originals, vanished_sources, with_fingerprints)
from sharepoint_sync.core.sources import commitment_values, judge_source
from sharepoint_sync.ports import ContentRef, Row
from tests.core.test_plan import record, source


def _verdict(item_id: int, fingerprint: str, known: dict[str, str] | None = None):
    verdict = judge_source(source(item_id), [(f"{item_id}.docx", record("Knox County", "2025-09-02"))], "1.0", "h",
                           names=default_registry())
    return with_fingerprints(verdict, {f"{item_id}.docx": fingerprint} if fingerprint else {}, known or {})


def test_second_copy_in_one_run_is_a_duplicate_of_the_first_by_item_id() -> None:
    """Items 7 and 3 with one fingerprint: 3 keeps the commitment, 7 needs review 'Duplicate of …/3'."""
    out = mark_duplicates([_verdict(7, "f1"), _verdict(3, "f1"), _verdict(9, "f2")], ())
    assert [len(v.commitments) for v in out] == [0, 1, 1]
    assert out[0].write_back[s.WB_STATUS] == s.SOURCE_NEEDS_REVIEW
    assert "Duplicate of https://x/3" in out[0].write_back[s.WB_REASONS]


def test_the_copy_that_already_has_its_commitment_row_keeps_it() -> None:
    """A row for item 9 holds the fingerprint: item 2, read now with the same bytes, is the duplicate."""
    existing = _verdict(9, "f1").commitments[0]
    rows = (Row(1, '"1"', commitment_values(existing)),)
    out = mark_duplicates([_verdict(2, "f1")], rows)
    assert out[0].commitments == () and "9.docx" in out[0].write_back[s.WB_REASONS]


def test_a_source_read_from_state_keeps_the_fingerprint_its_row_holds() -> None:
    """No download this run: the commitment carries the row's fingerprint, so its RecordJson is unchanged."""
    existing = _verdict(9, "f1").commitments[0]
    rows = (Row(1, '"1"', commitment_values(existing)),)
    again = _verdict(9, "", known_fingerprints(rows))
    assert commitment_values(again.commitments[0])[s.C_RECORD] == commitment_values(existing)[s.C_RECORD]
    assert mark_duplicates([again], rows)[0].commitments == again.commitments


def _row(item_id: int, fingerprint: str, row_id: int = 1, status: str | None = None) -> Row:
    values = commitment_values(_verdict(item_id, fingerprint).commitments[0])
    return Row(row_id, '"1"', {**values, **({s.C_STATUS: status} if status else {})})


def test_deleting_the_original_releases_its_fingerprint() -> None:
    """Item 3 held f1 and is deleted: its commitment is released; item 9's (f2, untouched) is not."""
    rows = (_row(3, "f1"), _row(9, "f2", 2))
    released = released_originals([], rows, frozenset({("library", 3)}))
    assert [c.key for c in released] == ["library:3"]


def test_an_original_read_again_with_other_bytes_releases_the_old_fingerprint() -> None:
    """Item 3 now holds f9: whoever still holds f1 (a copy) must be judged again."""
    assert [c.key for c in released_originals([_verdict(3, "f9")], (_row(3, "f1"),))] == ["library:3"]


def test_an_original_read_again_unchanged_releases_nothing() -> None:
    """Item 3 read with the same bytes (a column edit): it keeps f1, its copies stay as they are."""
    assert released_originals([_verdict(3, "f1")], (_row(3, "f1"),)) == ()


def test_a_withdrawn_row_held_nothing_to_release() -> None:
    """A withdrawn row's source is gone already: nothing it held is released again."""
    assert released_originals([], (_row(3, "f1", status=s.COMMITMENT_WITHDRAWN),), frozenset({("library", 3)})) == ()


def test_the_copy_is_found_by_the_duplicate_reason_written_on_it() -> None:
    """Item 7 marked 'Duplicate of …/3' names 3 as its original, not 4; an unmarked item names none."""
    copy = mark_duplicates([_verdict(3, "f1"), _verdict(7, "f1")], ())[1]
    original, other = _verdict(3, "f1").commitments[0], _verdict(4, "f1").commitments[0]
    marked = source(7, {s.WB_REASONS: copy.write_back[s.WB_REASONS]})
    assert names_an_original(marked, [original])
    assert not names_an_original(marked, [other])
    assert not names_an_original(source(8), [original])


def test_a_full_rescan_that_does_not_list_a_source_makes_it_vanished() -> None:
    """Rows of a re-scanned kind whose source was not listed vanish; listed ones and other kinds do not."""
    rows = (_row(3, "f1"), _row(4, "f2", 2))
    assert vanished_sources(rows, [], frozenset({"library"}), frozenset({("library", 4)})) == {("library", 3)}
    assert vanished_sources(rows, [("library", 9)], frozenset(), frozenset()) == {("library", 9)}


def test_when_the_original_is_gone_the_lowest_remaining_copy_takes_over() -> None:
    """Original 3 deleted, copies 7 and 5 judged in the same run: 5 holds f1, 7 is 'Duplicate of …/5'."""
    out = mark_duplicates([_verdict(7, "f1"), _verdict(5, "f1")], (_row(3, "f1"),), gone=frozenset({("library", 3)}))
    assert [len(v.commitments) for v in out] == [0, 1]
    assert "Duplicate of https://x/5:" in out[0].write_back[s.WB_REASONS]


def _renamed(item_id: int, fingerprint: str, name: str):
    item = source(item_id)
    moved = replace(item, name=name, link=f"https://x/new/{name}", contents=(ContentRef(name, f"/l/new/{name}",
                                                                                          f"https://x/new/{name}"),))
    verdict = judge_source(moved, [(name, record("Knox County", "2025-09-02"))], "1.0", "h", names=default_registry())
    return with_fingerprints(verdict, {name: fingerprint}, {})


def test_a_renamed_original_is_moved_and_its_copy_links_the_new_address() -> None:
    """Item 3 (holding f1) listed as new/a2.docx: moved, not released; a copy judged now links the new address."""
    rows = (_row(3, "f1"),)
    renamed = _renamed(3, "f1", "a2.docx")
    assert [c.link for c in moved_originals([renamed], rows)] == ["https://x/3"]  # as its row recorded it
    assert released_originals([renamed], rows) == ()
    copy = mark_duplicates([renamed, _verdict(7, "f1")], rows)[1]
    assert copy.commitments == () and "Duplicate of https://x/new/a2.docx:" in copy.write_back[s.WB_REASONS]
    assert '"a2.docx"' in copy.write_back[s.WB_REASONS]


def test_an_original_read_again_at_its_old_address_or_released_is_not_moved() -> None:
    """Unchanged address, deleted, or read with other bytes: nothing is moved (released covers the last two)."""
    rows = (_row(3, "f1"),)
    assert moved_originals([_verdict(3, "f1")], rows) == ()
    assert moved_originals([], rows, frozenset({("library", 3)})) == ()
    assert moved_originals([_renamed(3, "f9", "a2.docx")], rows) == ()
