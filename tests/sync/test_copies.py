"""The copies of a letter whose original a run lets go are judged in that run (in-memory site): the lowest
remaining copy takes the commitment, the others point to it, and a full re-scan after a lost state agrees."""
from __future__ import annotations

from sharepoint_sync.core import schema as s
from sharepoint_sync.state import State
from tests.fakes import letter
from tests.sync.helpers import NAMES, Rig, provisioned

LETTER = letter("Adair County", "2025-09-10")


def _live(rig: Rig) -> dict[str, str]:
    return {r[s.C_KEY]: r[s.TITLE] for r in rig.commitments() if r[s.C_STATUS] != s.COMMITMENT_WITHDRAWN}


def _settles(rig: Rig) -> None:
    assert rig.run().counts.writes == 0
    rig.state = State(":memory:")
    assert rig.run(full=True).counts.writes == 0


def test_of_three_copies_the_lowest_remaining_takes_over_and_the_other_points_to_it() -> None:
    """a, b, c the same letter; a deleted: b's commitment is made in that run, c is 'Duplicate of' b."""
    rig = provisioned()
    a, b, c = (rig.site.upload(NAMES.library, n, LETTER) for n in ("a.docx", "b.docx", "c.docx"))
    rig.run()
    rig.site.delete(NAMES.library, a.item_id)
    report = rig.run()
    assert _live(rig) == {f"library:{b.item_id}": "b.docx"}
    assert report.counts.documents_read == 0  # both copies known from their write-back
    library = rig.library()
    assert library["b.docx"][s.WB_STATUS] == s.SOURCE_PROCESSED
    assert "Duplicate of" in library["c.docx"][s.WB_REASONS] and "b.docx" in library["c.docx"][s.WB_REASONS]
    assert rig.members()["Adair County"][s.M_STATUS] == s.MEMBER_ACTIVE
    _settles(rig)


def test_an_original_replaced_by_another_letter_hands_its_old_letter_to_the_copy() -> None:
    """a gets new bytes (another letter): a keeps its key with the new letter, b takes the old one at once."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "a.docx", LETTER)
    b = rig.site.upload(NAMES.library, "b.docx", LETTER)
    rig.run()
    rig.site.upload(NAMES.library, "a.docx", letter("Boyd County", "2025-09-12"))
    rig.run()
    assert sorted(_live(rig).values()) == ["a.docx", "b.docx"] and f"library:{b.item_id}" in _live(rig)
    assert set(rig.members()) == {"Adair County", "Boyd County"}
    _settles(rig)


def test_a_submitted_copy_takes_over_from_a_deleted_library_original() -> None:
    """The letter in the library and attached to a submission: the library file deleted, the submission's
    attachment becomes the commitment in that run (known from its write-back: one attachment, its tag unchanged)."""
    rig = provisioned()
    original = rig.site.upload(NAMES.library, "a.docx", LETTER)
    sub = rig.site.submit(NAMES.submissions, {"letter.docx": LETTER})
    rig.run()
    assert list(_live(rig)) == [f"library:{original.item_id}"]
    rig.site.delete(NAMES.library, original.item_id)
    plan, _ = rig.plan()
    assert ("commitment", "create", f"submission:{sub.item_id}:letter.docx") in {(a.target, a.op, a.key)
                                                                                for a in plan.actions}
    report = rig.run(force=True)  # the library's only letter withdrawn: the emptied-library guard would stop the run
    assert report.counts.documents_read == 0
    assert list(_live(rig)) == [f"submission:{sub.item_id}:letter.docx"]
    _settles(rig)


def test_renaming_the_original_moves_its_copies_link_in_the_same_run() -> None:
    """a (the commitment) renamed and moved to Final/: in that run b's 'Duplicate of' links Final/a2.docx,
    neither downloaded (a from its row: same content tag; b from its write-back); the commitment keeps its
    key under the new name; then 0 writes."""
    rig = provisioned()
    a = rig.site.upload(NAMES.library, "a.docx", LETTER)
    rig.site.upload(NAMES.library, "b.docx", LETTER)
    rig.run()
    rig.site.rename(NAMES.library, a.item_id, "a2.docx", folder="Final")
    calls = len(rig.site.calls)
    report = rig.run()
    assert report.counts.documents_read == 0 and "download" not in rig.site.calls[calls:]
    reasons = rig.library()["b.docx"][s.WB_REASONS]
    assert "Duplicate of https://fake/sites/KYILN/" in reasons and "/Final/a2.docx:" in reasons
    assert "/a.docx" not in reasons
    assert _live(rig) == {f"library:{a.item_id}": "a2.docx"}
    _settles(rig)
