"""Every column the issue names, as a real run leaves it on the fake tenant: write-backs, ILN Members, ILN Sync Runs."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from sharepoint_sync.config import Config
from sharepoint_sync.core import schema as s
from sharepoint_sync.run.provision import provision_site
from sharepoint_sync.run.session import site_names
from sharepoint_sync.edges import open_gateway
from sharepoint_sync.record import Person
from tests.sync.tenant_helpers import form_letter, run

pytestmark = pytest.mark.integration


def _knox(config: Config) -> None:
    provision_site(open_gateway(config), site_names(config))
    gateway = open_gateway(config)
    letter = form_letter("Knox County Schools", dt.date(2025, 9, 2), dt.date(2025, 9, 20), "Bea New",
                         contacts=(Person("Cy Two", "Instructional Coach", "cy.two@knox.kyschools.us"),),
                         initiatives=("Portrait of a Learner", "Deeper Learning"))
    gateway.upload_file(config.site.library, "Knox LOC.docx", letter, folder="2025-2026/Region 1")
    item = gateway.create_row(config.site.submissions_list, {s.TITLE: "Knox via form", s.SUB_DISTRICT: "Knox Co. Schools",
                                                            s.SUB_EMAIL: "bea.new@knox.kyschools.us"}, key_column=s.TITLE)
    # the form's copy is countersigned a day later: another file (the very same bytes would be one letter,
    # the second copy marked as a duplicate; tests/sync/test_reliability.py)
    countersigned = form_letter("Knox County Schools", dt.date(2025, 9, 2), dt.date(2025, 9, 21), "Bea New",
                                contacts=(Person("Cy Two", "Instructional Coach", "cy.two@knox.kyschools.us"),),
                                initiatives=("Portrait of a Learner", "Deeper Learning"))
    gateway.add_attachment(config.site.submissions_list, item.item_id, "Knox copy.docx", countersigned)


def _only(rows: list[Any]) -> dict[str, Any]:
    assert len(rows) == 1
    return dict(rows[0].values)


def test_write_back_columns_on_the_document_and_the_submission_item(config: Config) -> None:
    """Both a library document and a submission item show status, district, signed on, years, the version read
    (not the one our write-back made), time."""
    _knox(config)
    gateway = open_gateway(config)
    sources = ((config.site.library, "library"), (config.site.submissions_list, "submission"))
    read_versions = {title: gateway.list_sources(title, kind, [])[0].version for title, kind in sources}
    run(config)
    columns = [f.internal_name for f in s.WRITE_BACK_FIELDS]
    for list_title, kind in sources:
        [source] = gateway.list_sources(list_title, kind, columns)
        wb = source.fields
        assert wb[s.WB_STATUS] == s.SOURCE_PROCESSED, list_title
        assert (wb[s.WB_DISTRICT], wb[s.WB_SIGNED_ON], wb[s.WB_SCHOOL_YEARS]) == ("Knox County", "2025-09-02", "2025-2026")
        assert wb[s.WB_VERSION] == read_versions[list_title] != source.version and wb[s.WB_PROCESSED_AT] == "2026-01-15T12:00:00Z"
        assert not wb[s.WB_REASONS] and not wb[s.WB_DECISION] and len(wb[s.WB_HASH]) == 64


def test_member_row_holds_every_column_the_issue_lists(config: Config) -> None:
    """ILN Members: status, years, expiry, grant, contact, signatory, contacts, plan, focus, initiatives, link, sync time."""
    _knox(config)
    run(config)
    m = _only(open_gateway(config).read_rows(config.site.members_list, [f.internal_name for f in s.MEMBER_FIELDS]))
    assert (m[s.M_DISTRICT], m[s.M_STATUS], m[s.M_GRANT]) == ("Knox County", s.MEMBER_ACTIVE, True)
    assert (m[s.SCHOOL_YEARS], m[s.EXPIRES_ON]) == ("2025-2026", "2026-06-30")
    assert "Bea New" in m[s.POINT_OF_CONTACT] and "bea.new@knox.kyschools.us" in m[s.POINT_OF_CONTACT]
    assert "Sam Super" in m[s.SIGNATORY] and "Cy Two" in m[s.CONTACTS]
    assert "deeper learning" in m[s.ACTION_POINTS].lower() and "deeper learning" in m[s.FOCUS_AREAS].lower()
    assert m[s.INITIATIVES].splitlines() == ["Portrait of a Learner", "Deeper Learning"]
    assert m[s.M_LATEST_LINK].startswith("https://") and "Knox" in m[s.M_LATEST_LINK]
    assert m[s.M_LAST_SYNCED] == "2026-01-15T12:00:00Z" and m[s.M_LOCKED] is False


def test_run_row_records_outcome_counts_and_problems(config: Config) -> None:
    """ILN Sync Runs gets one row per run that did something: outcome, times, counts, the report as JSON;
    a quiet run after it adds no row, only the state's "last checked"."""
    _knox(config)
    report = run(config)
    again = run(config)
    rows = open_gateway(config).read_rows(config.site.runs_list, [s.TITLE] + [f.internal_name for f in s.RUN_FIELDS])
    by_id = {r.values[s.TITLE]: r.values for r in rows}
    assert set(by_id) == {report.run_id}
    first = by_id[report.run_id]
    assert (first[s.R_OUTCOME], first[s.R_SEEN], first[s.R_READ], first[s.R_FAILURES]) == ("Succeeded", 2, 2, 0)
    assert first[s.R_WRITES] == report.counts.writes > 0 and first[s.R_STARTED] == "2026-01-15T12:00:00Z"
    assert json.loads(first[s.R_REPORT])["counts"]["commitments_created"] == 2
    assert again.counts.writes == 0 and again.counts.documents_seen == 0
    from sharepoint_sync.state import State
    with State(config.sync.state_path) as state:
        assert state.value("last_checked") == {"at": again.finished_at, "run_id": report.run_id, "quiet_runs_since": 1}


def test_an_attachment_added_to_a_read_submission_is_read_next_run(config: Config) -> None:
    """A second letter attached to a submission already read is found by the change scan and gets its commitment."""
    _knox(config)
    run(config)
    gateway = open_gateway(config)
    [item] = gateway.list_sources(config.site.submissions_list, "submission", [])
    boyd = form_letter("Boyd County Schools", dt.date(2025, 9, 8), dt.date(2025, 9, 30), "Cy Boyd")
    gateway.add_attachment(config.site.submissions_list, item.item_id, "Boyd.docx", boyd)
    report = run(config)
    assert report.mode == "changes" and report.counts.commitments_created == 1
    members = {r.values[s.M_DISTRICT] for r in gateway.read_rows(config.site.members_list, [s.M_DISTRICT])}
    assert members == {"Knox County", "Boyd County"}
    assert run(config).counts.writes == 0
