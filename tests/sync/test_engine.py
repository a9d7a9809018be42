"""The sync run against the in-memory site: library + submissions, decisions, locks, corrections."""
from __future__ import annotations

import datetime as dt

from sharepoint_sync.core import schema as s
from sharepoint_sync.run.provision import provision_site
from tests.fakes import letter, not_a_letter
from tests.sync.helpers import NAMES, NOW, provisioned


def test_provision_creates_every_list_then_changes_nothing() -> None:
    """provision adds the five lists and the resources library with their keys and views; a second
    provision adds nothing (the in-memory site has no Site Pages library: reported, never created)."""
    rig = provisioned()
    assert set(rig.site.lists) == {NAMES.library, NAMES.submissions, NAMES.commitments, NAMES.members, NAMES.runs,
                                   "ILN Resources"}
    assert rig.site.lists[NAMES.commitments].fields[s.C_KEY].unique
    assert rig.site.lists[NAMES.members].fields[s.M_DISTRICT].unique
    assert "Needs review" in rig.site.lists[NAMES.library].views
    again = provision_site(rig.site, NAMES)
    assert again.steps == () and rig.site.writes == 0
    assert again.problems == ('The site has no "Site Pages" library, so no page can be published; every modern '
                              "SharePoint site has one: check [pages] site_pages_library.",)


def test_first_run_fills_lists_and_second_run_writes_nothing() -> None:
    """Letters in the library and a submission become commitments and members; a re-run writes nothing,
    not even a row of its own in ILN Sync Runs (a quiet check moves only the state's "last checked")."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "marion.docx", letter("Marion County"), folder="2025/fall")
    rig.site.upload(NAMES.library, "agenda.docx", not_a_letter())
    rig.site.submit(NAMES.submissions, {"adair.docx": letter("Adair County", kde=None)}, SubmissionDistrict="Adair Co. Schools")
    first = rig.run()
    assert first.outcome == "Succeeded" and first.mode == "full"
    members = rig.members()
    assert members["Marion County"][s.M_STATUS] == s.MEMBER_ACTIVE and members["Marion County"][s.M_GRANT] is True
    assert members["Adair County"][s.M_STATUS] == s.MEMBER_PENDING_KDE and not members["Adair County"][s.M_GRANT]
    assert rig.library()["agenda.docx"][s.WB_STATUS] == s.SOURCE_NOT_LOC
    assert rig.library()["marion.docx"][s.WB_STATUS] == s.SOURCE_PROCESSED
    assert rig.site.rows(NAMES.submissions)[0][s.WB_STATUS] == s.SOURCE_PROCESSED
    extracted = rig.extractor.calls
    writes = rig.site.writes
    second = rig.run()
    assert second.counts.writes == 0 and second.mode == "changes"
    assert rig.site.writes == writes  # a quiet run records itself locally only
    assert rig.extractor.calls == extracted  # our own write-backs are recognised, nothing is read again
    assert len(rig.site.rows(NAMES.runs)) == 1
    assert rig.state.value("last_checked")["at"] == second.finished_at


def test_no_change_run_only_asks_for_changes_in_one_batch() -> None:
    """A run after a quiet period asks the four lists for changes in one batch and does nothing else."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "marion.docx", letter("Marion County"))
    rig.run()
    rig.run()
    rig.site.calls.clear()
    batches = rig.site.batches
    rig.run()
    assert sorted(rig.site.calls) == ["get_changes"] * 4 and rig.site.batches == batches + 1


def test_needs_review_then_staff_accept_as_read() -> None:
    """A letter needing review holds the member at Needs review until staff choose Accept as read."""
    rig = provisioned()
    doc = rig.site.upload(NAMES.library, "b.docx", letter("Boyd County", status="needs_review",
                                                          reasons=("missing_contact",)))
    report = rig.run()
    assert rig.members()["Boyd County"][s.M_STATUS] == s.MEMBER_NEEDS_REVIEW
    assert report.needs_review[0].reasons == ("No contact with an email address is listed.",)
    assert "No contact" in rig.library()["b.docx"][s.WB_REASONS]
    rig.site.staff_edit(NAMES.library, doc.item_id, **{s.WB_DECISION: s.DECISION_ACCEPT})
    rig.run()
    assert rig.members()["Boyd County"][s.M_STATUS] == s.MEMBER_ACTIVE
    assert rig.library()["b.docx"][s.WB_STATUS] == s.SOURCE_PROCESSED
    assert rig.commitments()[0][s.C_STATUS] == s.COMMITMENT_ACCEPTED


def test_ignore_decision_removes_the_letter_from_membership() -> None:
    """'Ignore' makes a letter count for nothing; the district's row stays and asks for a look."""
    rig = provisioned()
    doc = rig.site.upload(NAMES.library, "c.docx", letter("Clay County"))
    rig.run()
    rig.site.staff_edit(NAMES.library, doc.item_id, **{s.WB_DECISION: s.DECISION_IGNORE})
    rig.run()
    member = rig.members()["Clay County"]
    assert member[s.M_STATUS] == s.MEMBER_NEEDS_REVIEW and member[s.M_GRANT] is False
    assert rig.library()["c.docx"][s.WB_STATUS] == s.SOURCE_IGNORED
    assert len(rig.site.rows(NAMES.members)) == 1


def test_staff_lock_is_never_written_but_reported() -> None:
    """A member row 'Managed by staff' keeps its values; the report says what would have changed."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "d.docx", letter("Daviess County", kde=None))
    rig.run()
    row = next(i for i in rig.site.lists[NAMES.members].items.values())
    rig.site.staff_edit(NAMES.members, row.item_id, **{s.M_LOCKED: True, s.M_STATUS: s.MEMBER_ACTIVE})
    rig.site.upload(NAMES.library, "d.docx", letter("Daviess County", kde=None, poc="Lee New"))
    report = rig.run()
    member = rig.members()["Daviess County"]
    assert member[s.M_STATUS] == s.MEMBER_ACTIVE and "Pat Doe" in member[s.POINT_OF_CONTACT]
    assert report.locked and report.locked[0].district == "Daviess County"
    assert s.POINT_OF_CONTACT in report.locked[0].changes


def test_correction_as_new_version_replaces_its_own_record() -> None:
    """A new version of the same document updates its commitment row; no second row appears."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "e.docx", letter("Estill County", kde=None))
    rig.run()
    rig.site.upload(NAMES.library, "e.docx", letter("Estill County", kde="2025-10-01"))
    rig.run()
    assert len(rig.commitments()) == 1
    assert rig.commitments()[0][s.C_KDE_SIGNED_ON] == "2025-10-01"
    assert rig.members()["Estill County"][s.M_STATUS] == s.MEMBER_ACTIVE


def test_later_letter_supersedes_earlier_for_the_same_district() -> None:
    """Of two letters from one district, the one signed later decides the member row."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "new.docx", letter("Fayette County", "2025-09-01", poc="Nia New"))
    rig.site.upload(NAMES.library, "old.docx", letter("Fayette County", "2024-09-01", poc="Oli Old"))
    rig.run()
    member = rig.members()["Fayette County"]
    assert "Nia New" in member[s.POINT_OF_CONTACT] and member[s.SCHOOL_YEARS] == "2025-2026"
    assert len(rig.site.rows(NAMES.members)) == 1 and len(rig.commitments()) == 2


def test_expiry_by_date_without_any_document_change() -> None:
    """When the term ends, the next run marks the member Expired and no longer grant eligible."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "g.docx", letter("Grant County", "2025-09-01"))
    rig.run()
    assert rig.members()["Grant County"][s.M_GRANT] is True
    later = dt.datetime(2026, 7, 1, 12, tzinfo=dt.timezone.utc)
    report = rig.run(now=later)
    assert rig.members()["Grant County"][s.M_STATUS] == s.MEMBER_EXPIRED
    assert rig.members()["Grant County"][s.M_GRANT] is False
    assert report.counts.members_updated == 1


def test_submission_naming_another_district_needs_review() -> None:
    """A submission whose form names another district than its letter is held for review."""
    rig = provisioned()
    rig.site.submit(NAMES.submissions, {"h.docx": letter("Hart County")}, SubmissionDistrict="Henry County")
    rig.site.submit(NAMES.submissions, {}, SubmissionDistrict="Henry County")
    report = rig.run()
    items = {r["Title"] + str(i): r for i, r in enumerate(rig.site.rows(NAMES.submissions))}
    statuses = sorted(r[s.WB_STATUS] for r in items.values())
    assert statuses == [s.SOURCE_NEEDS_REVIEW, s.SOURCE_NOT_LOC]
    assert any("Henry County" in r for e in report.needs_review for r in e.reasons)
    assert rig.members()["Hart County"][s.M_STATUS] == s.MEMBER_NEEDS_REVIEW


def test_deleted_document_withdraws_its_commitment() -> None:
    """Deleting a letter withdraws its commitment (the row stays) and the member asks for a look."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "keep.docx", letter("Knott County"))
    gone = rig.site.upload(NAMES.library, "gone.docx", letter("Lee County"))
    rig.run()
    rig.site.delete(NAMES.library, gone.item_id)
    rig.run()
    rows = {r[s.TITLE]: r for r in rig.commitments()}
    assert rows["gone.docx"][s.C_STATUS] == s.COMMITMENT_WITHDRAWN
    assert rig.members()["Lee County"][s.M_STATUS] == s.MEMBER_NEEDS_REVIEW


def test_plan_writes_nothing() -> None:
    """plan lists the writes a run would make and makes none (nor any state entry)."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "m.docx", letter("Mason County"))
    plan, report = rig.plan()
    assert {a.target for a in plan.actions} == {"source", "commitment", "member"}
    assert rig.site.writes == 0 and rig.state.token(NAMES.library) is None
    assert report.outcome == "Planned" and report.planned == plan.actions


def test_vanished_document_is_skipped_without_failure() -> None:
    """A document deleted between listing and download is skipped, and the run succeeds."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "v.docx", letter("Magoffin County"))
    rig.site.vanish_on_download.add("v.docx")
    report = rig.run()
    assert report.outcome == "Succeeded" and report.counts.skipped == 1 and not report.failures


def test_expired_change_token_falls_back_to_full_rescan_without_duplicates() -> None:
    """An expired change token means a full re-scan, which finds everything and duplicates nothing."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "n.docx", letter("Nelson County"))
    rig.run()
    rig.site.expire_tokens = True
    report = rig.run()
    assert report.mode == "full" and report.counts.writes == 0
    assert len(rig.commitments()) == 1 and len(rig.site.rows(NAMES.members)) == 1


def test_lost_state_costs_a_rescan_never_a_duplicate() -> None:
    """With the state file gone, the run re-scans and finds nothing to write: neither the library letter
    nor the submission's attachment, whose content fingerprints match their Commitments rows, is downloaded."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "o.docx", letter("Ohio County"))
    rig.site.submit(NAMES.submissions, {"p.docx": letter("Owen County")})
    rig.run()
    before = rig.snapshot()
    from sharepoint_sync.state import State
    rig.state = State(":memory:")
    downloads = rig.site.calls.count("download")
    report = rig.run()
    assert report.counts.writes == 0 and report.counts.documents_read == 0
    assert rig.site.calls.count("download") - downloads == 0
    assert rig.snapshot() == before


def test_lost_state_after_a_new_reading_of_letters_reads_every_letter_again(monkeypatch) -> None:
    """Rows made by an earlier reading of letters (`record.READING`) are not trusted after a lost state:
    the letter is downloaded and read again, though its SharePoint fingerprint is unchanged."""
    from sharepoint_sync.run import read
    from sharepoint_sync.state import State

    rig = provisioned()
    rig.site.upload(NAMES.library, "o.docx", letter("Ohio County"))
    rig.run()
    rig.state = State(":memory:")
    monkeypatch.setattr(read, "READING", read.READING + 1)
    downloads = rig.site.calls.count("download")
    report = rig.run()
    assert report.counts.documents_read == 1 and rig.site.calls.count("download") - downloads == 1


def test_now_is_used_for_processed_at() -> None:
    """The write-back's 'Processed at' is the run's time, in UTC."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "q.docx", letter("Perry County"))
    rig.run()
    assert rig.library()["q.docx"][s.WB_PROCESSED_AT] == NOW.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_next_run_skips_our_own_write_backs_but_not_staff_changes_made_meanwhile() -> None:
    """Our write-backs are not listed again; a letter uploaded while a run was writing is read next run."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "a.docx", letter("Adair County"))
    rig.run()
    assert rig.run().counts.documents_seen == 0
    rig.site.upload(NAMES.library, "a.docx", letter("Adair County", poc="New Person"))
    row = next(iter(rig.site.lists[NAMES.members].items.values()))
    rig.site.conflicts[(NAMES.members, row.item_id)] = (
        lambda item: rig.site.upload(NAMES.library, "late.docx", letter("Lee County")))
    rig.run()
    assert "Lee County" not in rig.members()
    report = rig.run()
    assert report.counts.documents_read == 1 and "Lee County" in rig.members()


def test_the_worker_has_no_way_to_delete_a_row_or_a_list() -> None:
    """Rows and lists are never deleted: neither the port nor the real gateway offers a delete."""
    from sharepoint_sync.gateway import SharePointGateway
    from sharepoint_sync.ports import SiteGateway

    for cls in (SiteGateway, SharePointGateway):
        assert [name for name in dir(cls) if "delete" in name.lower() or "drop" in name.lower()] == []
