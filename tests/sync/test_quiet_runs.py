"""Quiet runs (issue 14): a run that finds nothing changed asks only for changes, yet never misses what it must see:
a staff edit on the worker's own lists, a new day (members expire with the calendar), a run that did not finish."""
from __future__ import annotations

import datetime as dt

from sharepoint_sync.core import schema as s
from tests.fakes import letter
from tests.sync.helpers import NAMES, NOW, provisioned


def _synced(expires: str | None = None):
    rig = provisioned()
    rig.site.upload(NAMES.library, "marion.docx", letter("Marion County", expires=expires))
    rig.run()
    rig.run()  # past our own writes: from here on, quiet
    return rig


def test_a_quiet_run_only_asks_the_four_lists_for_changes() -> None:
    """Nothing changed since a settled run today: one batch of four change queries, no read, no write."""
    rig = _synced()
    rig.site.calls.clear()
    writes = rig.site.writes
    report = rig.run()
    assert rig.site.calls == ["get_changes"] * 4 and rig.site.writes == writes
    assert report.outcome == "Succeeded" and report.counts.writes == 0


def test_a_staff_edit_on_a_member_row_is_seen_and_corrected_by_the_next_run() -> None:
    """Staff change a member's status (not locked): ILN Members' change log makes the run read and re-plan it."""
    rig = _synced()
    [row] = rig.site.lists[NAMES.members].items.values()
    rig.site.staff_edit(NAMES.members, row.item_id, **{s.M_STATUS: s.MEMBER_EXPIRED})
    report = rig.run()
    assert report.counts.members_updated == 1 and rig.members()["Marion County"][s.M_STATUS] == s.MEMBER_ACTIVE
    rig.site.calls.clear()
    rig.run()
    rig.run()
    assert rig.site.calls[-4:] == ["get_changes"] * 4 and "read_rows" not in rig.site.calls[-4:]


def test_a_new_day_reads_the_lists_again_so_a_member_expires_on_time() -> None:
    """The term ends on 2026-06-30: the first run on 2026-07-01 reads the lists and marks the member Expired,
    though no document changed."""
    rig = _synced(expires="2026-06-30")
    assert rig.members()["Marion County"][s.M_STATUS] == s.MEMBER_ACTIVE
    report = rig.run(now=dt.datetime(2026, 7, 1, 12, tzinfo=dt.timezone.utc))
    assert report.counts.members_updated == 1 and rig.members()["Marion County"][s.M_STATUS] == s.MEMBER_EXPIRED


def test_after_a_run_that_did_not_finish_the_next_run_reads_again() -> None:
    """A run stopped by a spent retry budget leaves the lists unsettled: the next run is not quiet and finishes."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "marion.docx", letter("Marion County"))
    rig.site.upload(NAMES.library, "boyd.docx", letter("Boyd County"))
    rig.site.budget_after_writes = 1
    assert rig.run().outcome == "Partial"
    rig.site.budget_after_writes = None
    report = rig.run(now=NOW + dt.timedelta(minutes=10))
    assert report.outcome == "Succeeded" and set(rig.members()) == {"Marion County", "Boyd County"}
