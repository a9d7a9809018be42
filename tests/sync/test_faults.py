"""Faults during a run: crashes, conflicts with staff, a spent retry budget, refused sign-in, the guards."""
from __future__ import annotations

from typing import Any

import pytest

from sharepoint_sync.core import schema as s
from sharepoint_sync.failures import exit_code_of
from sharepoint_sync.state import State
from tests.fakes import Crash, letter
from tests.sync.helpers import NAMES, Rig, provisioned


def _seed(rig: Rig) -> None:
    rig.site.upload(NAMES.library, "a.docx", letter("Adair County"))
    rig.site.upload(NAMES.library, "b.docx", letter("Boyd County", kde=None))
    rig.site.upload(NAMES.library, "b2.docx", letter("Boyd County", "2025-10-01", kde=None, poc="Bo New"))
    rig.site.submit(NAMES.submissions, {"c.docx": letter("Clay County", status="needs_review",
                                                         reasons=("missing_contact",))})


def _clean_result() -> dict:
    rig = provisioned()
    _seed(rig)
    rig.run()
    return rig.snapshot()


def _keys(rig: Rig) -> list[str]:
    return [r[s.C_KEY] for r in rig.commitments()] + [r[s.M_DISTRICT] for r in rig.site.rows(NAMES.members)]


def _rerun_converges(rig: Rig, expected: dict, what: str) -> None:
    """After a crash: the next run gives the expected lists with no duplicate key, and the one after writes nothing."""
    rig.run()
    assert rig.snapshot() == expected, what
    assert len(_keys(rig)) == len(set(_keys(rig))), what
    assert rig.run().counts.writes == 0, what


def test_crash_after_any_number_of_writes_then_rerun_converges_without_duplicates() -> None:
    """Killing the run after N writes (every N) and running again gives the same lists, no duplicate row."""
    expected = _clean_result()
    total = 4 + 4 + 3  # write-backs, commitments, members of the seed
    for n in range(total + 1):
        rig = provisioned()
        _seed(rig)
        rig.site.crash_after_writes = n
        with pytest.raises(Crash):
            rig.run()
        rig.site.crash_after_writes = None
        _rerun_converges(rig, expected, f"crash after {n} writes")


def test_staff_edit_between_read_and_write_is_kept() -> None:
    """A 412 on a member row re-reads and re-plans it: the column staff just changed keeps their value."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "d.docx", letter("Daviess County", kde=None))
    rig.run()
    row = next(iter(rig.site.lists[NAMES.members].items.values()))

    def staff(item) -> None:
        item.values[s.POINT_OF_CONTACT] = "Kept By Staff"
    rig.site.conflicts[(NAMES.members, row.item_id)] = staff
    rig.site.upload(NAMES.library, "d.docx", letter("Daviess County", kde="2025-10-02", poc="Lee New"))
    report = rig.run()
    member = rig.members()["Daviess County"]
    assert member[s.POINT_OF_CONTACT] == "Kept By Staff"
    assert member[s.M_STATUS] == s.MEMBER_ACTIVE  # the columns staff did not touch were still written
    assert report.outcome == "Succeeded"


def test_conflict_that_locks_the_row_writes_nothing() -> None:
    """If staff lock the row between our read and our write, the re-plan only reports the change."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "e.docx", letter("Estill County", kde=None))
    rig.run()
    row = next(iter(rig.site.lists[NAMES.members].items.values()))
    rig.site.conflicts[(NAMES.members, row.item_id)] = lambda item: item.values.update({s.M_LOCKED: True})
    rig.site.upload(NAMES.library, "e.docx", letter("Estill County"))
    report = rig.run()
    assert rig.members()["Estill County"][s.M_STATUS] == s.MEMBER_PENDING_KDE
    assert [lc.district for lc in report.locked] == ["Estill County"]


def test_conflict_on_a_document_write_back_honours_the_new_decision_next_run() -> None:
    """A staff decision set while we were writing the document is honoured, never overwritten."""
    rig = provisioned()
    doc = rig.site.upload(NAMES.library, "f.docx", letter("Floyd County", status="needs_review",
                                                          reasons=("missing_contact",)))
    rig.site.conflicts[(NAMES.library, doc.item_id)] = lambda item: item.values.update({s.WB_DECISION: s.DECISION_ACCEPT})
    rig.run()
    assert rig.library()["f.docx"][s.WB_DECISION] == s.DECISION_ACCEPT
    assert rig.library()["f.docx"][s.WB_STATUS] == s.SOURCE_PROCESSED
    rig.run()
    assert rig.members()["Floyd County"][s.M_STATUS] == s.MEMBER_ACTIVE
    assert rig.run().counts.writes == 0


def test_spent_retry_budget_ends_partial_and_next_run_finishes() -> None:
    """Running out of retries ends the run as partial; the next run completes the rest."""
    expected = _clean_result()
    rig = provisioned()
    _seed(rig)
    rig.site.budget_after_writes = 5
    report = rig.run()
    assert report.outcome == "Partial" and report.problems
    rig.site.budget_after_writes = None
    assert rig.run().outcome == "Succeeded"
    assert rig.snapshot() == expected


def test_refused_sign_in_stops_at_once_and_marks_nothing() -> None:
    """An AuthError stops the run before anything is written: the run is Failed (exit 3), kept in the local ledger."""
    rig = provisioned()
    _seed(rig)
    rig.site.auth_fails = True
    report = rig.run()
    rig.site.auth_fails = False
    assert report.outcome == "Failed" and report.ended_by == "auth" and exit_code_of(report) == 3
    assert rig.site.writes == 0 and all(s.WB_STATUS not in r for r in rig.site.rows(NAMES.library))
    assert rig.state.runs()[-1]["outcome"] == "Failed"


def test_mass_member_change_is_stopped_unless_forced() -> None:
    """A run that would change most member rows stops and says why; --force lets it through."""
    rig = provisioned()
    for i, district in enumerate(["Adair County", "Allen County", "Bath County", "Bell County", "Boone County"]):
        rig.site.upload(NAMES.library, f"{i}.docx", letter(district, kde=None))
    rig.run()
    for i, district in enumerate(["Adair County", "Allen County", "Bath County", "Bell County", "Boone County"]):
        rig.site.upload(NAMES.library, f"{i}.docx", letter(district))
    writes = rig.site.writes
    stopped = rig.run()
    assert stopped.outcome == "Aborted" and exit_code_of(stopped) == 5
    assert "5 of 5 member rows" in stopped.problems[0]
    assert rig.site.writes == writes + 1  # only the run's row, outcome Aborted
    assert rig.site.rows(NAMES.runs)[-1][s.R_OUTCOME] == "Aborted"
    rig.run(force=True)
    assert {m[s.M_STATUS] for m in rig.members().values()} == {s.MEMBER_ACTIVE}


def test_library_found_empty_stops_the_run() -> None:
    """If every letter disappeared from the library, the run stops instead of withdrawing them all."""
    rig = provisioned()
    docs = [rig.site.upload(NAMES.library, f"{i}.docx", letter(d)) for i, d in enumerate(["Lee County", "Knox County"])]
    rig.run()
    for doc in docs:
        rig.site.delete(NAMES.library, doc.item_id)
    stopped = rig.run()
    assert stopped.outcome == "Aborted" and "looks empty" in stopped.problems[0]
    assert {r[s.C_STATUS] for r in rig.commitments()} == {s.COMMITMENT_ACCEPTED}
    rig.run(force=True)
    assert {r[s.C_STATUS] for r in rig.commitments()} == {s.COMMITMENT_WITHDRAWN}


def test_plan_shows_guard_problems_without_raising() -> None:
    """plan reports that the run would stop, and why."""
    rig = provisioned()
    doc = rig.site.upload(NAMES.library, "x.docx", letter("Lee County"))
    rig.run()
    rig.site.delete(NAMES.library, doc.item_id)
    _, report = rig.plan()
    assert any("looks empty" in p for p in report.problems)


def _changes(rig: Rig) -> None:
    rig.site.upload(NAMES.library, "a.docx", letter("Adair County", "2025-10-05", poc="Al Fix"))
    doc_b = next(i for i in rig.site.lists[NAMES.library].items.values() if i.values["FileLeafRef"] == "b.docx")
    rig.site.delete(NAMES.library, doc_b.item_id)
    sub = next(iter(rig.site.lists[NAMES.submissions].items.values()))
    rig.site.staff_edit(NAMES.submissions, sub.item_id, **{s.WB_DECISION: s.DECISION_ACCEPT})
    rig.site.upload(NAMES.library, "d.docx", letter("Daviess County"))


def test_crash_during_an_incremental_run_converges_too() -> None:
    """Changes (new version, deletion, staff decision, new letter) survive a crash at any write."""
    clean = provisioned()
    _seed(clean)
    clean.run()
    _changes(clean)
    clean.run()
    expected = clean.snapshot()
    for n in range(8):
        rig = provisioned()
        _seed(rig)
        rig.run()
        _changes(rig)
        rig.site.writes = 0
        rig.site.crash_after_writes = n
        with pytest.raises(Crash):
            rig.run()
        rig.site.crash_after_writes = None
        _rerun_converges(rig, expected, f"crash after {n} writes")


def test_new_content_racing_our_write_back_is_read_next_run() -> None:
    """A new version uploaded between our download and our write-back is read by the next run."""
    rig = provisioned()
    doc = rig.site.upload(NAMES.library, "r.docx", letter("Russell County", kde=None))

    def upload_meanwhile(item) -> None:
        item.contents = {"r.docx": letter("Russell County")}
        item.content_n += 1  # new bytes: SharePoint moves the content counter too
    rig.site.conflicts[(NAMES.library, doc.item_id)] = upload_meanwhile
    rig.run()
    assert rig.members()["Russell County"][s.M_STATUS] == s.MEMBER_PENDING_KDE
    rig.run()
    assert rig.members()["Russell County"][s.M_STATUS] == s.MEMBER_ACTIVE
    assert rig.run().counts.writes == 0


def test_refused_commitment_is_written_by_the_next_run() -> None:
    """A row SharePoint refuses is a failure of this run (partial) and is written by the next one."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "t.docx", letter("Todd County"))
    rig.site.refuse_create_once.add("t.docx")
    report = rig.run()
    assert report.outcome == "Partial" and [f.name for f in report.failures] == ["t.docx"]
    assert rig.commitments() == []
    rig.run()
    assert [c[s.C_KEY] for c in rig.commitments()] == ["library:1"]
    assert rig.run().counts.writes == 0


class CrashingState(State):
    """The state file, where the process dies on the n-th state write (after the SharePoint write it records)."""

    def __init__(self, crash_at: int | None) -> None:
        super().__init__(":memory:")
        self.crash_at, self.saves = crash_at, 0

    def _saving(self) -> None:
        self.saves += 1
        if self.crash_at is not None and self.saves >= self.crash_at:
            self.crash_at = None
            raise Crash(f"crash at state write {self.saves}")

    def save_memo(self, *args: Any) -> None:
        self._saving()
        super().save_memo(*args)

    def save_token(self, *args: Any) -> None:
        self._saving()
        super().save_token(*args)

    def set_pending(self, *args: Any) -> None:
        self._saving()
        super().set_pending(*args)


def test_crash_between_a_sharepoint_write_and_its_state_entry_converges() -> None:
    """Dying after a write landed but before the state recorded it (at every such point) still converges, no duplicate."""
    expected = _clean_result()
    counting = provisioned()
    counting.state = CrashingState(None)
    _seed(counting)
    counting.run()
    assert counting.state.saves > 4
    for n in range(1, counting.state.saves + 1):
        rig = provisioned()
        rig.state = CrashingState(n)
        _seed(rig)
        with pytest.raises(Crash):
            rig.run()
        _rerun_converges(rig, expected, f"crash at state write {n}")


def test_a_bug_during_a_run_is_a_failed_run_with_its_traceback_logged() -> None:
    """An unexpected error (a bug) ends the run Failed with kind internal (exit 1): recorded in the ledger and the
    Runs list, its traceback in `sync.run.failed`, never lost."""
    from structlog.testing import capture_logs

    rig = provisioned()
    rig.site.upload(NAMES.library, "a.docx", letter("Adair County"))
    rig.site.read_faults[NAMES.members] = KeyError("IlnStatus")
    with capture_logs() as logs:
        report = rig.run()
    assert (report.outcome, report.ended_by, report.failed_step, exit_code_of(report)) == ("Failed", "internal",
                                                                                     "collecting", 1)
    assert "KeyError" in report.problems[0] and rig.state.runs()[-1]["outcome"] == "Failed"
    assert rig.site.rows(NAMES.runs)[-1][s.R_OUTCOME] == "Failed"
    (failed,) = [e for e in logs if e["event"] == "sync.run.failed"]
    assert isinstance(failed["exc_info"], KeyError)
