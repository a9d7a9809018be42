"""Any sequence of staff actions and runs: one row per key, members agree with the letters, re-runs write nothing."""
from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, example, given, settings, strategies as st

from sharepoint_sync.core import schema as s
from sharepoint_sync.state import State
from tests.fakes import letter, not_a_letter
from tests.sync.helpers import NAMES, Rig, provisioned

DISTRICTS = ("Adair County", "Boyd County", "Clay County")
FILES = ("a.docx", "b.docx", "c.docx", "d.docx")

upload = st.tuples(st.just("upload"), st.sampled_from(FILES), st.sampled_from(DISTRICTS),
                   st.sampled_from(["2024-09-10", "2025-03-01", "2025-09-10"]), st.booleans(), st.booleans())
decide = st.tuples(st.just("decide"), st.sampled_from(FILES), st.sampled_from(s.DECISIONS + ("",)))
other = st.tuples(st.sampled_from(["delete", "junk", "lock", "run", "lose_state"]), st.sampled_from(FILES))
rename = st.tuples(st.just("rename"), st.sampled_from(FILES), st.sampled_from(FILES), st.sampled_from(["", "Final"]))
actions = st.lists(st.one_of(upload, decide, other, rename), min_size=1, max_size=10)


def _doc(rig: Rig, name: str) -> Any:
    return next((i for i in rig.site.lists[NAMES.library].items.values() if i.values.get("FileLeafRef") == name), None)


def _act(rig: Rig, action: tuple) -> None:
    kind, name = action[0], action[1]
    doc = _doc(rig, name)
    if kind == "upload":
        _, _, district, signed, kde, ok = action
        rig.site.upload(NAMES.library, name, letter(district, signed, kde="2025-12-01" if kde else None,
                                                    status="ok" if ok else "needs_review",
                                                    reasons=() if ok else ("missing_contact",)))
    elif kind == "junk":
        rig.site.upload(NAMES.library, name, not_a_letter())
    elif kind == "decide" and doc:
        rig.site.staff_edit(NAMES.library, doc.item_id, **{s.WB_DECISION: action[2] or None})
    elif kind == "delete" and doc:
        rig.site.delete(NAMES.library, doc.item_id)
    elif kind == "rename" and doc and _doc(rig, action[2]) is None:  # staff rename (and move) it to a free name
        rig.site.rename(NAMES.library, doc.item_id, action[2], folder=action[3])
    elif kind == "lock" and rig.site.lists[NAMES.members].items:
        row = next(iter(rig.site.lists[NAMES.members].items.values()))
        rig.site.staff_edit(NAMES.members, row.item_id, **{s.M_LOCKED: True})
    elif kind == "run":
        rig.run(force=True)
    elif kind == "lose_state":
        rig.state = State(":memory:")


# derandomize: the same 80 histories on every machine, so CI's verdict is reproducible; histories found
# failing in wider searches (raise max_examples and drop derandomize, by hand) are pinned with @example
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@example([("upload", "a.docx", "Adair County", "2024-09-10", True, False), ("run", "a.docx"),
          ("delete", "a.docx"), ("upload", "a.docx", "Adair County", "2024-09-10", True, False)])
@given(actions)
# a letter replaced by new content, then a copy of its old content uploaded: the copy is the original now
# (the old row's fingerprint is stale), with or without local state
@example([("upload", "a.docx", "Adair County", "2024-09-10", False, False), ("run", "a.docx"),
          ("upload", "a.docx", "Adair County", "2025-03-01", False, False),
          ("upload", "b.docx", "Adair County", "2024-09-10", False, False)])
# the original of two copies deleted (the lower copy takes over, the other points to it); and deleted after
# a lost state (the full re-scan sees it unlisted, not deleted)
@example([("upload", "a.docx", "Adair County", "2024-09-10", True, True), ("upload", "b.docx", "Adair County",
          "2024-09-10", True, True), ("upload", "c.docx", "Adair County", "2024-09-10", True, True), ("run", "a.docx"),
          ("delete", "a.docx"), ("run", "a.docx")])
@example([("upload", "a.docx", "Boyd County", "2025-03-01", False, True), ("upload", "b.docx", "Boyd County",
          "2025-03-01", False, True), ("run", "a.docx"), ("lose_state", "a.docx"), ("delete", "a.docx")])
# the original of a copy renamed and moved: the copy's "Duplicate of" follows it in that run
@example([("upload", "a.docx", "Adair County", "2024-09-10", True, True), ("upload", "b.docx", "Adair County",
          "2024-09-10", True, True), ("run", "a.docx"), ("rename", "a.docx", "d.docx", "Final")])
def test_any_history_keeps_one_row_per_key_and_converges(history: list[tuple]) -> None:
    """After any history, a run leaves one commitment per letter, one member per district, every "Duplicate of"
    links a document that is there, and a re-run writes nothing."""
    rig = provisioned()
    for action in history:
        _act(rig, action)
    rig.run(force=True)
    keys = [r[s.C_KEY] for r in rig.commitments()]
    assert len(keys) == len(set(keys))
    districts = [r[s.M_DISTRICT] for r in rig.site.rows(NAMES.members)]
    assert len(districts) == len(set(districts))
    live = {r[s.C_DISTRICT] for r in rig.commitments()
            if r[s.C_STATUS] in (s.COMMITMENT_ACCEPTED, s.COMMITMENT_NEEDS_REVIEW)}
    assert live <= set(districts)
    for doc in rig.site.lists[NAMES.library].items.values():
        assert doc.values.get(s.WB_STATUS) in s.SOURCE_STATUSES
    links = {d.link for d in rig.site.list_sources(NAMES.library, "library", [])}
    for reasons in (str(d.get(s.WB_REASONS) or "") for d in rig.site.rows(NAMES.library)):
        for line in reasons.splitlines():  # every "Duplicate of <link>:" links a document that is there
            assert not line.startswith("Duplicate of ") or line.split(": ", 1)[0][len("Duplicate of "):] in links
    assert rig.plan()[0].actions == ()
    assert rig.run().counts.writes == 0
    rig.state = State(":memory:")
    assert rig.run(full=True).counts.writes == 0


def test_deleting_the_original_of_a_duplicate_promotes_the_copy_in_the_same_run() -> None:
    """The copy of a deleted original takes over its commitment at once, so a later full re-scan writes nothing."""
    rig = provisioned()
    for action in [("upload", "c.docx", "Adair County", "2024-09-10", False, False),
                   ("upload", "a.docx", "Adair County", "2024-09-10", False, False),
                   ("run", "a.docx"), ("delete", "c.docx")]:
        _act(rig, action)
    rig.run(force=True)
    rig.state = State(":memory:")
    assert rig.run(full=True).counts.writes == 0
