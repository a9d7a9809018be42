"""The daily membership pass: members recomputed from the Commitments rows with today's date, no letter read."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sharepoint_sync.core import schema as s
from sharepoint_sync.run.model import RunOptions
from sharepoint_sync.run.provision import provision_site
from sharepoint_sync.run.session import Session, site_names
from sharepoint_sync.run.sync import run_once
from sharepoint_sync.edges import open_gateway
from sharepoint_sync.state import State
from tests.fakes import FakeExtractor, letter
from tests.sync.helpers import NAMES, provisioned

JUNE_15 = dt.datetime(2026, 6, 15, 16, 0, tzinfo=dt.timezone.utc)
JULY_1 = dt.datetime(2026, 7, 1, 4, 20, tzinfo=dt.timezone.utc)  # 00:20 in Frankfort
DISTRICTS = ["Adair County", "Boyd County", "Clark County", "Daviess County", "Estill County"]


def test_an_active_member_becomes_expired_on_july_1_with_no_letter_changed() -> None:
    """A letter whose term ends June 30: Active and grant eligible in June, Expired and not eligible on July 1."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "adair.docx", letter("Adair County", signed="2025-09-10"))
    rig.run(now=JUNE_15)
    before = rig.members()["Adair County"]
    assert before[s.M_STATUS] == s.MEMBER_ACTIVE and before[s.M_GRANT] is True
    downloads = rig.site.calls.count("download")
    report = Session(rig.site, rig.extractor, rig.state, NAMES).membership_pass(now=JULY_1, today=JULY_1.date())
    after = rig.members()["Adair County"]
    assert (after[s.M_STATUS], after[s.M_GRANT]) == (s.MEMBER_EXPIRED, False)
    assert "term ended on 2026-06-30" in after[s.M_NOTES]
    assert report.outcome == "Succeeded" and report.mode == "members" and report.counts.members_updated == 1
    assert report.counts.documents_read == 0 and rig.site.calls.count("download") == downloads
    runs = rig.site.rows(NAMES.runs)
    assert runs[-1][s.TITLE] == report.run_id and runs[-1][s.R_OUTCOME] == "Succeeded"


def test_a_second_pass_the_same_day_writes_nothing() -> None:
    """Unchanged content means no write: the pass right after another changes no member row."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "adair.docx", letter("Adair County", signed="2025-09-10"))
    rig.run(now=JUNE_15)
    session = Session(rig.site, rig.extractor, rig.state, NAMES)
    session.membership_pass(now=JULY_1, today=JULY_1.date())
    assert session.membership_pass(now=JULY_1, today=JULY_1.date()).counts.writes == 0


def test_every_member_expiring_at_once_is_not_stopped_by_the_share_guard() -> None:
    """Five of five members expiring on July 1 is the calendar, not a mass change: the pass applies it."""
    rig = provisioned()
    for district in DISTRICTS:
        rig.site.upload(NAMES.library, f"{district}.docx", letter(district, signed="2025-09-10"))
    rig.run(now=JUNE_15)
    report = Session(rig.site, rig.extractor, rig.state, NAMES).membership_pass(now=JULY_1, today=JULY_1.date())
    assert report.outcome == "Succeeded" and report.counts.members_updated == 5
    assert {m[s.M_STATUS] for m in rig.members().values()} == {s.MEMBER_EXPIRED}


def test_a_mass_change_that_is_not_an_expiry_still_stops_the_pass() -> None:
    """Commitments edited so that most members would change in another way: the pass is Aborted, nothing written."""
    rig = provisioned()
    for district in DISTRICTS:
        rig.site.upload(NAMES.library, f"{district}.docx", letter(district, signed="2025-09-10", kde=None))
    rig.run(now=JUNE_15)
    for item_id in list(rig.site._list(NAMES.members).items):  # staff (or a bug) marked every row Active by hand
        rig.site.staff_edit(NAMES.members, item_id, **{s.M_STATUS: s.MEMBER_ACTIVE})
    report = Session(rig.site, rig.extractor, rig.state, NAMES).membership_pass(now=JUNE_15, today=JUNE_15.date())
    assert report.outcome == "Aborted" and report.counts.writes == 0
    assert {m[s.M_STATUS] for m in rig.members().values()} == {s.MEMBER_ACTIVE}


def test_an_empty_commitments_list_with_members_present_is_not_applied() -> None:
    """A Commitments list read as empty while members exist stops the pass (it would orphan every member)."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "adair.docx", letter("Adair County", signed="2025-09-10"))
    rig.run(now=JUNE_15)
    rig.site._list(NAMES.commitments).items.clear()  # a read that came back empty
    report = Session(rig.site, rig.extractor, rig.state, NAMES).membership_pass(now=JULY_1, today=JULY_1.date())
    assert report.outcome == "Aborted" and "came back empty" in report.problems[-1]
    assert rig.members()["Adair County"][s.M_STATUS] == s.MEMBER_ACTIVE


@pytest.mark.integration
def test_membership_pass_on_the_fake_tenant_flips_the_members_row(config: Any) -> None:
    """Over HTTPS with the real gateway: the Members row reads Expired and not grant eligible after the July 1 pass."""
    gateway = open_gateway(config)
    names = site_names(config)
    provision_site(gateway, names)
    gateway.upload_file(names.library, "adair.docx", letter("Adair County", signed="2025-09-10"))
    with State(config.sync.state_path) as state:
        run_once(gateway, FakeExtractor(), state, names, RunOptions(), now=JUNE_15)
        session = Session(gateway, FakeExtractor(), state, names)
        report = session.membership_pass(now=JULY_1, today=JULY_1.date())
    rows = {r.values[s.M_DISTRICT]: r.values for r in gateway.read_rows(names.members, [s.M_DISTRICT, s.M_STATUS, s.M_GRANT])}
    assert rows["Adair County"][s.M_STATUS] == s.MEMBER_EXPIRED and not rows["Adair County"][s.M_GRANT]
    assert report.outcome == "Succeeded" and report.counts.members_updated == 1
    runs = gateway.read_rows(names.runs, [s.TITLE, s.R_OUTCOME])
    assert report.run_id in {r.values[s.TITLE] for r in runs}


@pytest.mark.integration
def test_the_july_1_pass_also_updates_the_spotlight_and_mails_the_expiry(config: Any, tenant_info: dict[str, Any],
                                                                         https_session: Any) -> None:
    """Through a configured session: after the pass the district's spotlight reads "Former member" and one
    summary mail says the member expired; the Members row, the page and the mail agree."""
    from email import message_from_bytes
    from email.policy import default
    from pathlib import Path

    from sharepoint_sync.run.session import open_session

    with open_session(config, extractor=FakeExtractor()) as session:
        session.provision()
        session.gateway.upload_file(session.names.library, "adair.docx", letter("Adair County", signed="2025-09-10"))
        run_once(session.gateway, session.extractor, session.state, session.names, RunOptions(), now=JUNE_15,
                 pages=session.pages)
        outbox = Path(tenant_info["outbox_dir"])
        before = set(outbox.glob("*.eml"))
        report = session.membership_pass(now=JULY_1, today=JULY_1.date())
    assert report.outcome == "Succeeded" and report.counts.members_updated == 1 and report.counts.pages_published >= 1
    page = https_session.get(f"{config.site.url}/SitePages/iln-district-adair-county.aspx")
    assert page.status_code == 200 and "Former member" in page.text
    mails = [message_from_bytes(p.read_bytes(), policy=default) for p in set(outbox.glob("*.eml")) - before]
    assert len(mails) == 1 and "Adair County" in mails[0].get_body(("plain",)).get_content()
    assert "xpired" in mails[0].get_body(("plain",)).get_content()


def test_a_pass_that_fails_while_reading_is_failed_and_recorded() -> None:
    """The Commitments read failing after its retries: the pass is Failed (exit 7), in the ledger and in ILN Sync Runs."""
    from sharepoint_sync.errors import TransientRemoteError
    from sharepoint_sync.failures import exit_code_of

    rig = provisioned()
    rig.site.read_faults[NAMES.commitments] = TransientRemoteError("SharePoint answered 503", status=503)
    report = Session(rig.site, rig.extractor, rig.state, NAMES).membership_pass(now=JULY_1, today=JULY_1.date())
    assert (report.outcome, report.mode, report.ended_by, report.failed_step) == ("Failed", "members", "transient",
                                                                                  "reading")
    assert exit_code_of(report) == 7 and "SharePoint answered 503" in report.problems[0]
    assert [(r["run_id"], r["outcome"]) for r in rig.state.runs()] == [(report.run_id, "Failed")]
    assert rig.site.rows(NAMES.runs)[-1][s.R_OUTCOME] == "Failed"
