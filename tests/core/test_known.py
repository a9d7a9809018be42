"""core.known: a library file with no Commitments row of its own is judged from its write-back, exactly as
a download would judge it, or it is downloaded (pure)."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from hypothesis import given, settings, strategies as st

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.duplicates import known_fingerprints, mark_duplicates, with_fingerprints
from sharepoint_sync.core.known import (REFUSALS, content_hash_of, known_without_row, letters_by_fingerprint,
                                        renamed_from_row)
from sharepoint_sync.core.plan import source_action
from sharepoint_sync.core.sources import (Commitment, SourceVerdict, commitment_from_row, commitment_values,
                                          judge_source, judged_tag)
from sharepoint_sync.extract.registry import default_registry
from sharepoint_sync.ports import ContentRef, Row, SourceItem
from sharepoint_sync.record import READING, LocRecord
from tests.core.test_plan import record, source

NAMES = default_registry()
NAME = "LOC 7.docx"
TAG = "{0f0e0d0c-0000-4000-8000-000000000007},2,1234"
HOLDER = replace(record("Knox County", "2025-09-02"), file="LOC 1.docx")
FINGERPRINT = hashlib.sha256(b"the letter's bytes").hexdigest()
CODES = [r.review_reasons[0] for r in REFUSALS]
DECISIONS = [None, s.DECISION_ACCEPT, s.DECISION_IGNORE]


#: a submission's content tag: its attachments' (run.collect.with_attachment_tag); the replaced one's other bytes
SUB_TAG, SUB_TAG_REPLACED = (f"attachments:{hashlib.sha256(n).hexdigest()}" for n in (b"1", b"2"))
KINDS = ["library", "submission"]


def _item(fields: dict[str, Any], tag: str = TAG, version: str = "1.0", kind: str = "library") -> SourceItem:
    if kind == "submission":  # one attachment, the item named by its Title, the tag of its attachments
        return SourceItem("submission", 7, "guid-7", "Submission", "https://x/form?ID=7", '"4"', version,
                          "2026-01-01T00:00:00Z", fields, (ContentRef(NAME, f"/Lists/S/Attachments/7/{NAME}"),),
                          content_tag=SUB_TAG if tag == TAG else SUB_TAG_REPLACED)
    return SourceItem("library", 7, "guid-7", NAME, "https://x/7", '"4"', version, "2026-01-01T00:00:00Z",
                      fields, (ContentRef(NAME, f"/l/{NAME}"),), content_tag=tag)


def _holder_rows() -> tuple[Row, ...]:
    """The Commitments row of item 1, read from the same bytes as the duplicate."""
    verdict = judge_source(source(1), [("LOC 1.docx", HOLDER)], "1.0", "h", names=NAMES)
    holder = with_fingerprints(verdict, {"LOC 1.docx": FINGERPRINT}, {}).commitments[0]
    return (Row(1, '"1"', commitment_values(holder)),)


def _judged(item: SourceItem, records: list[tuple[str, LocRecord]], content_hash: str, version: str,
            fingerprints: dict[str, str], rows: tuple[Row, ...]) -> SourceVerdict:
    """The verdict as run.sync.prepare gives it, from a download or from what is known."""
    verdict = judge_source(item, records, version, content_hash, names=NAMES)
    return mark_duplicates([with_fingerprints(verdict, fingerprints, known_fingerprints(rows))], rows)[0]


def _downloaded(item: SourceItem, content: str, rows: tuple[Row, ...], version: str = "1.0") -> SourceVerdict:
    """What a download of the file gives: its record (a copy of item 1's letter, or a refusal) judged."""
    fingerprint = FINGERPRINT if content == "duplicate" else hashlib.sha256(content.encode()).hexdigest()
    real = replace(HOLDER, file=NAME) if content == "duplicate" else next(
        replace(r, file=NAME) for r in REFUSALS if r.review_reasons[0] == content)
    return _judged(item, [(NAME, real)], content_hash_of([(NAME, fingerprint)]), version, {NAME: fingerprint}, rows)


def _written(content: str, decision: str | None, rows: tuple[Row, ...], kind: str = "library",
             form: str | None = None) -> dict[str, Any]:
    """The source's columns after a run judged it (downloaded) and wrote its write-back (`form`: a
    submission's District column as it was then)."""
    fields: dict[str, Any] = {s.WB_DECISION: decision, **({s.SUB_DISTRICT: form} if kind == "submission" else {})}
    verdict = _downloaded(_item(fields, kind=kind), content, rows)
    return {**fields, **verdict.write_back}


def _rebuilt(item: SourceItem, rows: tuple[Row, ...]) -> SourceVerdict | None:
    letters = letters_by_fingerprint(c for r in rows if (c := _commitment(r)) is not None)
    known = known_without_row(item, {}, letters, NAMES)
    if known is None:
        return None
    return _judged(item, list(known.records), known.content_hash, known.version, dict(known.fingerprints), rows)


def _commitment(row: Row) -> Commitment | None:
    return commitment_from_row(dict(row.values))


def test_a_duplicate_is_judged_from_the_row_of_the_letter_it_copies_and_needs_no_write() -> None:
    """A copy of item 1's letter, its write-back showing our tag: judged a duplicate again, no write."""
    rows = _holder_rows()
    item = _item(_written("duplicate", None, rows), version="2.0")
    verdict = _rebuilt(item, rows)
    assert verdict is not None and verdict.commitments == () and source_action("L", verdict, "now") is None
    assert "Duplicate of" in verdict.write_back[s.WB_REASONS]


def test_a_file_that_is_not_a_letter_is_judged_from_its_write_back_and_needs_no_write() -> None:
    """A document that is not a letter (and a Word template), known by its tag: no download, no write."""
    for code in ("not_a_loc", "unreadable:template", "unreadable:corrupt"):
        item = _item(_written(code, None, ()), version="2.0")
        verdict = _rebuilt(item, ())
        assert verdict is not None and source_action("L", verdict, "now") is None, code


def test_a_replaced_file_or_an_older_reading_is_downloaded() -> None:
    """Another content tag (new bytes), or a tag written by an earlier reading of letters: not known."""
    fields = _written("not_a_loc", None, ())
    assert _rebuilt(_item(fields, tag="{0f0e0d0c-0000-4000-8000-000000000007},3,999"), ()) is None
    older = {**fields, s.WB_CONTENT_TAG: judged_tag(TAG, READING - 1)}
    assert _rebuilt(_item(older), ()) is None


def test_a_file_judged_without_its_bytes_is_downloaded() -> None:
    """A virus-blocked file's write-back carries no content tag: it is never taken for a judgement."""
    item = _item({})
    unread = judge_source(item, [(NAME, replace(REFUSALS[0], review_reasons=("unreadable:virus_blocked",)))],
                          names=NAMES, unread=True)
    assert unread.write_back[s.WB_CONTENT_TAG] is None
    assert _rebuilt(_item({**unread.write_back, s.WB_HASH: "ab" * 32}), ()) is None


def test_a_file_with_a_live_row_of_its_own_is_left_to_its_row() -> None:
    """A letter with its own Commitments row is not rebuilt from its write-back (`run.read.known_read` does it)."""
    rows = _holder_rows()
    letter = _commitment(rows[0])
    assert letter is not None
    own = {NAME: replace(letter, key="library:7", item_id=7, name=NAME)}
    item = _item(_written("duplicate", None, rows))
    assert known_without_row(item, own, letters_by_fingerprint(own.values()), NAMES) is None


def test_a_submission_whose_one_attachment_is_not_a_letter_or_a_copy_is_judged_from_its_write_back() -> None:
    """One attachment, not a letter or a copy of item 1's letter, its attachments' tag as judged: no download, no write."""
    rows = _holder_rows()
    for content in ("not_a_loc", "unreadable:corrupt", "duplicate"):
        item = _item(_written(content, None, rows, "submission", "Knox County"), version="2.0", kind="submission")
        verdict = _rebuilt(item, rows)
        assert verdict is not None and verdict.commitments == () and source_action("S", verdict, "now") is None, content


def test_a_submission_whose_attachment_was_replaced_or_that_has_two_is_downloaded() -> None:
    """Another attachments' tag (a file replaced, added or removed), or two attachments: not known."""
    fields = _written("not_a_loc", None, (), "submission")
    assert _rebuilt(_item(fields, tag="other", kind="submission"), ()) is None
    two = replace(_item(fields, kind="submission"), contents=(ContentRef(NAME, "/a"), ContentRef("b.pdf", "/b")))
    assert _rebuilt(two, ()) is None


@settings(max_examples=400, deadline=None)
@given(content=st.sampled_from(["duplicate", *CODES]), then=st.sampled_from(DECISIONS),
       now=st.sampled_from(DECISIONS), replaced=st.booleans(), older_reading=st.booleans(),
       holder=st.sampled_from(["kept", "gone", "withdrawn"]), edited=st.sampled_from([None, s.WB_STATUS, s.WB_REASONS]),
       kind=st.sampled_from(KINDS), form_then=st.sampled_from([None, "Knox County", "Boyd County"]),
       form_now=st.sampled_from([None, "Knox County", "Boyd County"]))
def test_what_is_rebuilt_is_what_a_download_would_give(content: str, then: str | None, now: str | None,
                                                       replaced: bool, older_reading: bool, holder: str,
                                                       edited: str | None, kind: str, form_then: str | None,
                                                       form_now: str | None) -> None:
    """Whatever happened since the file (a document, or a submission's one attachment) was judged (a new
    decision, its bytes replaced, a new reading, the original letter's row gone or withdrawn, a write-back
    column edited by hand, the submission form's District changed), the file is either downloaded (None)
    or given exactly the verdict a download would give; unchanged, it needs no write."""
    rows_then = _holder_rows()
    fields = {**_written(content, then, rows_then, kind, form_then), s.WB_DECISION: now}
    if kind == "submission":
        fields[s.SUB_DISTRICT] = form_now
    if older_reading:
        fields[s.WB_CONTENT_TAG] = judged_tag(TAG, READING - 1)
    if edited:
        fields[edited] = "Changed by hand"
    rows_now = {"kept": rows_then, "gone": (),
                "withdrawn": (Row(1, '"2"', {**rows_then[0].values, s.C_STATUS: s.COMMITMENT_WITHDRAWN}),)}[holder]
    if replaced:  # new bytes: a new tag; what a download gives is then not what was judged, so never rebuilt
        assert _rebuilt(_item(fields, tag=TAG.replace(",2,", ",3,"), version="3.0", kind=kind), rows_now) is None
        return
    item = _item(fields, version="2.0", kind=kind)
    rebuilt = _rebuilt(item, rows_now)
    if older_reading or edited == s.WB_STATUS:
        assert rebuilt is None
        return
    if rebuilt is not None:
        downloaded = _downloaded(item, content, rows_now)
        assert (rebuilt.write_back, rebuilt.commitments) == (downloaded.write_back, downloaded.commitments)
    if then == now and holder == "kept" and not edited and form_then == form_now:
        assert rebuilt is not None and source_action("L", rebuilt, "now") is None


def _own_row(tag: str = TAG, status: str | None = None) -> dict[str, Commitment]:
    """Item 7's own live row, read from the bytes now tagged `tag` when the file was called "old.docx"."""
    verdict = judge_source(replace(_item({}, tag), contents=(ContentRef("old.docx", "/l/old.docx"),)),
                           [("old.docx", replace(HOLDER, file="old.docx"))], "1.0", "h", names=NAMES)
    c = with_fingerprints(verdict, {"old.docx": FINGERPRINT}, {}).commitments[0]
    return {"old.docx": replace(c, status=status or c.status)}


def test_a_letter_renamed_with_its_bytes_unchanged_is_its_row_under_the_new_name() -> None:
    """Same content tag, new name: the row's record renamed, the new name's hash, the current version, no download."""
    known = renamed_from_row(_item({}, version="3.0"), _own_row())
    assert known is not None and known.version == "3.0" and known.fingerprints == {NAME: FINGERPRINT}
    assert known.records == ((NAME, replace(HOLDER, file=NAME)),)
    assert known.content_hash == content_hash_of([(NAME, FINGERPRINT)])


def test_a_rename_with_other_bytes_a_withdrawn_row_or_the_same_name_is_not_a_rename() -> None:
    """Another tag (new bytes too), a withdrawn row, a row of the same name, a submission: None (downloaded
    or judged otherwise)."""
    assert renamed_from_row(_item({}), _own_row(tag=TAG.replace(",2,", ",3,"))) is None
    assert renamed_from_row(_item({}), _own_row(status=s.COMMITMENT_WITHDRAWN)) is None
    same = _own_row()["old.docx"]
    assert renamed_from_row(_item({}), {NAME: replace(same, name=NAME)}) is None
    assert renamed_from_row(_item({}, kind="submission"), _own_row()) is None
