"""Issue 13: faults stay where they happen — one bad document never stops a run, a throttled run still
makes progress. Each test drives the real worker (msal + office365) against the fake tenant's fault rules
and asserts the figure it measures (documents processed, runs, retries, token requests)."""
from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise
from typing import Any

import pytest

from sharepoint_sync import clock
from sharepoint_sync.auth import SHAREPOINT
from sharepoint_sync.edges import authenticator_for
from sharepoint_sync.config import Config
from sharepoint_sync.core import schema as s
from sharepoint_sync.prefetch import WIDTH
from sharepoint_sync.retry import GATE
from sharepoint_sync.state import State
from tests.sync.reliability_helpers import doc_status, fast_gateway, fill, rows, seed_letters
from tests.sync.tenant_helpers import faulted, run

pytestmark = pytest.mark.integration

FAULT_STATUSES = {500, 502, 503, 504, 429}


def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "sleep", lambda seconds: None)


def test_virus_blocked_file_is_one_document_needing_review_and_the_run_goes_on(
        config: Config, emulator: Any, clean_tenant: Any) -> None:
    """A 403 with X-Virus-Infected on one download: that document Needs review ("virus scan"), 4 of 5 processed."""
    names = seed_letters(config, clean_tenant, 5)
    with faulted(emulator, method="GET", path=names[2] + r"'\)/\$value$", status=403,
                 headers={"X-Virus-Infected": "Eicar-Test-Signature"}) as since:
        report = run(config)
    downloads = [r for r in emulator.requests(since) if r["path"].endswith(names[2] + "')/$value")]
    status = doc_status(clean_tenant, config)
    assert len(downloads) == 1  # refused for good: not retried, not taken for a missing grant
    assert status[names[2]][0] == s.SOURCE_NEEDS_REVIEW and "virus scan" in status[names[2]][1]
    assert [status[n][0] for n in names if n != names[2]] == [s.SOURCE_PROCESSED] * 4
    assert report.outcome == "Succeeded" and report.counts.processed == 4 and report.counts.needs_review == 1
    assert [e.name for e in report.needs_review] == [names[2]]  # listed for staff in the run's report and row
    assert len(rows(clean_tenant, config.site.commitments_list)) == 4


@pytest.mark.parametrize("fault", [{"status": 503}, {"hang": 2}], ids=["always-503", "always-hangs"])
def test_file_that_never_downloads_fails_alone_then_needs_review_after_three_runs(
        config: Config, emulator: Any, clean_tenant: Any, monkeypatch: pytest.MonkeyPatch,
        fault: dict[str, Any]) -> None:
    """One file failing every download: 9 of 10 processed in run 1; a failure each run; Needs review at run 3."""
    _no_backoff(monkeypatch)
    names = seed_letters(config, clean_tenant, 10)
    impatient = replace(config, sync=replace(config.sync, request_timeout_seconds=0.5))
    bad = names[4]
    reports, statuses = [], []
    with faulted(emulator, method="GET", path=bad + r"'\)/\$value$", **fault):
        for _ in range(3):
            reports.append(run(impatient))
            statuses.append(doc_status(clean_tenant, config)[bad][0])
    assert [r.outcome for r in reports] == ["Partial"] * 3
    assert [[f.name for f in r.failures] for r in reports] == [[bad]] * 3
    assert reports[0].counts.processed == 9 and len(rows(clean_tenant, config.site.commitments_list)) == 9
    assert statuses == [None, None, s.SOURCE_NEEDS_REVIEW]
    assert "did not serve the file" in doc_status(clean_tenant, config)[bad][1]
    healed = run(config)  # the fault is gone: tried again, read, processed
    assert healed.outcome == "Succeeded" and healed.counts.documents_read == 1
    assert doc_status(clean_tenant, config)[bad][0] == s.SOURCE_PROCESSED
    assert len(rows(clean_tenant, config.site.commitments_list)) == 10


def _replayed_early(requests: list[dict[str, Any]], waits: dict[Any, float]) -> list[tuple[str, float]]:
    """(path, seconds after the 429) of every request sent again before the Retry-After its 429 gave."""
    early = []
    for i, told in enumerate(requests):
        wait = waits.get(told.get("fault")) if told["status"] == 429 else None
        again = next((r for r in requests[i + 1:] if r["path"] == told["path"]), None) if wait else None
        if again is not None and again["at"] - told["at"] < wait - 0.05:  # 50 ms: the log's clock vs ours
            early.append((told["path"], round(again["at"] - told["at"], 3)))
    return early


def _statuses(entries: list[dict[str, Any]], method: str, path: str) -> list[int]:
    """The answers, in order, to the requests matching method and path, sent alone or as `$batch` parts."""
    found = []
    for entry in entries:
        for op in entry.get("operations") or [entry]:
            if op["method"] == method and re.search(path, op["path"]):
                found.append(op["status"])
    return found


@pytest.mark.parametrize("what", [r"GetByTitle\('ILN Commitments'\)$", r"GetByTitle\('ILN Members'\)/fields$"],
                         ids=["list", "fields"])
def test_500_on_a_metadata_read_is_retried_and_the_run_is_recorded(config: Config, emulator: Any,
                                                                   clean_tenant: Any, what: str) -> None:
    """A bare 500 on a list or fields read (alone or as a `$batch` part) is retried and the run Succeeds with
    its Runs row."""
    seed_letters(config, clean_tenant, 2)
    with faulted(emulator, method="GET", path=what, status=500, count=1) as since:
        report = run(config)
    hits = _statuses(emulator.requests(since), "GET", what)
    assert hits[:2] == [500, 200], hits  # the 500 was served (alone or as a $batch part), then the read retried
    assert report.outcome == "Succeeded" and report.counts.commitments_created == 2
    assert [r[s.R_OUTCOME] for r in rows(clean_tenant, config.site.runs_list)] == ["Succeeded"]


def test_58_letters_under_30_percent_faults_all_land_within_3_runs_without_duplicates(
        config: Config, emulator: Any, clean_tenant: Any) -> None:
    """~30 % of calls fail (500/502/503/504, 429 with and without Retry-After): every run writes, all 58
    commitments exist within 3 runs, each run's counts true, no key twice, no retry before a Retry-After was over."""
    names = seed_letters(config, clean_tenant, 58)
    per_rule = 0.058  # six rules in turn: 1 - 0.942^6 = 30 % of calls
    rules = [{"path": r"/_api/", "status": status, "probability": per_rule, "seed": 13 + i}
             for i, status in enumerate((500, 502, 503, 504, 429))]
    rules.append({"path": r"/_api/", "status": 429, "headers": {"Retry-After": "1"}, "probability": per_rule,
                  "seed": 99})
    gateway = fast_gateway(config)
    since = emulator.last_seq()
    added = emulator.session.post(f"{emulator.url}/faults", json=rules)
    added.raise_for_status()
    waits = {f["id"]: 1.0 for f in added.json()["faults"][-1:]}  # the last rule's 429s say Retry-After: 1
    reports, created = [], []
    try:
        for _ in range(3):
            reports.append(run(config, gateway))
            created.append(len(rows(clean_tenant, config.site.commitments_list)))
            if created[-1] == len(names) and reports[-1].outcome == "Succeeded":
                break
        premature = emulator.budget()["premature_retries"]
    finally:
        emulator.clear_faults()
        GATE.reopen()
    ours = [r for r in emulator.requests(since) if "/_api/" in r["path"] and "/_emulator/" not in r["path"]]
    faulted_share = sum(r["status"] in FAULT_STATUSES for r in ours) / len(ours)
    keys = [r[s.C_KEY] for r in rows(clean_tenant, config.site.commitments_list)]
    members = [r[s.M_DISTRICT] for r in rows(clean_tenant, config.site.members_list)]
    print(f"\n58 letters, {faulted_share:.0%} of {len(ours)} calls faulted: commitments after each run {created}, "
          f"writes per run {[r.counts.writes for r in reports]}, outcomes {[r.outcome for r in reports]}")
    assert 0.22 <= faulted_share <= 0.38
    assert all(r.counts.writes > 0 for r in reports)  # each run writes what it could
    assert created == sorted(created) and created[-1] == 58  # never less, all within 3 runs
    # counts are true: each run reports the commitments it added (none lost with a batch's answer)
    assert [r.counts.commitments_created for r in reports] == [b - a for a, b in pairwise([0, *created])]
    assert len(keys) == len(set(keys)) == 58 and len(members) == len(set(members))
    assert any(r["status"] == 429 and r.get("fault") in waits for r in ours)  # some calls were told to wait
    assert _replayed_early(ours, waits) == []  # no request told to wait was sent again before its Retry-After
    # the fake tenant also counts requests that were already on the wire when a 429 was sent: only the
    # downloads overlap (prefetch.WIDTH in flight), so at most WIDTH - 1 of those per Retry-After answer
    told_to_wait = sum(1 for r in ours if r["status"] in (429, 503))
    assert all(p["path"].endswith("/$value") for p in premature), premature
    assert len(premature) <= (WIDTH - 1) * told_to_wait, premature
    settled = run(config)  # faults gone: the members still waiting are written, no commitment is redone
    assert settled.outcome == "Succeeded" and settled.counts.commitments_created == 0
    assert len(rows(clean_tenant, config.site.members_list)) == 58 and run(config).counts.writes == 0


def test_short_lived_tokens_are_reused_for_the_whole_run(config: Config, emulator: Any, clean_tenant: Any) -> None:
    """Tokens living 120 s (under msal's 5-minute margin): a 6-letter run asks Entra once, not per call."""
    seed_letters(config, clean_tenant, 6)
    emulator.set_token_lifetime(120)
    authenticator_for(config).invalidate(SHAREPOINT)
    since = emulator.last_seq()
    report = run(config)
    sent = emulator.requests(since)
    tokens = [r for r in sent if r["path"].endswith("/oauth2/v2.0/token")]
    assert report.outcome == "Succeeded" and len(sent) > 20  # batched: fewer calls, but many token uses
    assert len(tokens) == 1


def test_failure_streak_is_forgotten_once_the_file_is_read(config: Config, emulator: Any, clean_tenant: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Two failed runs, then a read: the count starts again, so a later failure is 1 in a row, not 3."""
    _no_backoff(monkeypatch)
    names = seed_letters(config, clean_tenant, 2)
    with faulted(emulator, method="GET", path=names[1] + r"'\)/\$value$", status=503):
        run(config)
        run(config)
    assert run(config).outcome == "Succeeded"
    with State(config.sync.state_path) as state:
        assert state.note_failure(config.site.library, 2, "again") == 1


JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJpbG4tc3luYyJ9.c2lnbmF0dXJlLXNlY3JldA"
TEMPAUTH = "v1.eyJzaXRlaWQiOiJzZWNyZXQtdGVtcGF1dGgtdmFsdWUifQ"


def test_server_error_echoing_a_token_reaches_no_runs_row_report_or_state_file(
        config: Config, emulator: Any, clean_tenant: Any) -> None:
    """A 500 whose message echoes a bearer token, a JWT and a tempauth= URL: 0 copies in the Runs row,
    the printed report (text and JSON), the state file; the failure itself is still reported."""
    import json

    from sharepoint_sync.core.report import render_text

    names = seed_letters(config, clean_tenant, 2)
    echo = (f"Denied for Bearer {JWT} while serving https://h/_layouts/15/download.aspx?UniqueId=1&"
            f"tempauth={TEMPAUTH} (token {JWT})")
    body = {"error": {"code": "-2146232060, Microsoft.SharePoint.SPException",
                      "message": {"lang": "en-US", "value": echo}}}
    with faulted(emulator, method="GET", path=names[1] + r"'\)/\$value$", status=500, body=body):
        report = run(config)
    row = rows(clean_tenant, config.site.runs_list)[0]
    written = {"Problems": row[s.R_PROBLEMS], "ReportJson": row[s.R_REPORT], "stdout": render_text(report),
               "stdout --json": json.dumps(report.to_json()),
               "state file": config.sync.state_path.read_bytes().decode("latin-1")}
    assert [f.name for f in report.failures] == [names[1]] and "Denied for [redacted]" in row[s.R_PROBLEMS]
    leaks = {where: [secret for secret in (JWT, TEMPAUTH, "eyJzdWIi") if secret in text]
             for where, text in written.items()}
    assert leaks == {where: [] for where in written}


ROWS = 5_001  # one past SharePoint's list view threshold (the fake tenant's default is SharePoint's 5,000)


@pytest.mark.parametrize("which", ["commitments", "members", "runs"])
def test_each_list_the_worker_looks_up_answers_at_5001_rows(config: Config, clean_tenant: Any, which: str) -> None:
    """At 5,001 rows: the key lookup (indexed column) finds a row, a create finds it again instead of adding,
    every row reads back in pages; 5,002 rows after, no duplicate."""
    from sharepoint_sync.run.provision import provision_site
    from sharepoint_sync.run.session import site_names
    from sharepoint_sync.edges import open_gateway

    names = site_names(config)
    title, column = dict((t, (t, c)) for t, c in s.lookup_columns(names))[getattr(names, which)]
    gateway = open_gateway(config)
    provision_site(gateway, names)
    fill(clean_tenant, title, ROWS, lambda i: {s.TITLE: f"row {i}", column: f"key-{i:05d}"})
    found = gateway.find_rows(title, column, "key-04999", [s.TITLE])
    created = gateway.create_row(title, {s.TITLE: "new", column: "key-new"}, key_column=column)
    again = gateway.create_row(title, {s.TITLE: "new", column: "key-new"}, key_column=column)
    assert [r.values[s.TITLE] for r in found] == ["row 4999"] and again.item_id == created.item_id
    assert len(gateway.read_rows(title, [column])) == ROWS + 1


def test_run_records_itself_when_the_runs_list_has_5001_rows(config: Config, clean_tenant: Any) -> None:
    """ILN Sync Runs past the threshold: the run finds its own row by RunId and is recorded, Succeeded."""
    seed_letters(config, clean_tenant, 2)
    fill(clean_tenant, config.site.runs_list, ROWS, lambda i: {s.TITLE: f"old-{i}", s.R_RUN_ID: f"old-{i}"})
    report = run(config)
    recorded = [r for r in rows(clean_tenant, config.site.runs_list) if r.get(s.R_RUN_ID) == report.run_id]
    assert report.outcome == "Succeeded" and not report.problems and len(recorded) == 1
    assert len(rows(clean_tenant, config.site.runs_list)) == ROWS + 1


def test_library_and_submissions_past_5001_items_are_listed_and_read(config: Config, clean_tenant: Any) -> None:
    """A library of 5,000 folders + 2 letters and a submissions list of 5,001 items: the full scan pages
    by Id (never refused), both letters are processed; a lookup of changed items by Id answers too."""
    from sharepoint_sync.edges import open_gateway

    seed_letters(config, clean_tenant, 2)
    fill(clean_tenant, config.site.library, ROWS - 2, folders=True)
    report = run(config)
    assert report.outcome == "Succeeded" and report.counts.processed == 2
    fill(clean_tenant, config.site.submissions_list, ROWS, lambda i: {s.TITLE: f"form {i}"})
    gateway = open_gateway(config)
    some = gateway.list_sources(config.site.submissions_list, "submission", [s.WB_STATUS], [7, 4_999, 5_001])
    assert sorted(i.item_id for i in some) == [7, 4_999, 5_001]
    assert len(gateway.list_sources(config.site.submissions_list, "submission", [s.WB_STATUS])) == ROWS


def test_run_that_cannot_record_itself_does_not_report_success(config: Config, emulator: Any,
                                                                clean_tenant: Any) -> None:
    """SharePoint refusing the run's own row in ILN Sync Runs (SPQueryThrottledException on its create, inside
    the closing $batch): the run ends Partial (exit 4) and says why."""
    seed_letters(config, clean_tenant, 1)
    body = {"error": {"code": "-2147024860, Microsoft.SharePoint.SPQueryThrottledException",
                      "message": {"lang": "en-US", "value": "The attempted operation is prohibited because it "
                                  "exceeds the list view threshold."}}}
    with faulted(emulator, method="POST", path=r"ILN Sync Runs'\)/items$", status=500, body=body):
        report = run(config)
    assert report.outcome == "Partial" and report.counts.commitments_created == 1
    assert any("could not be recorded in ILN Sync Runs" in p for p in report.problems)
    assert rows(clean_tenant, config.site.runs_list) == []


def test_letter_text_starting_with_a_formula_character_is_stored_as_text_for_export(
        config: Config, clean_tenant: Any) -> None:
    """A note cell starting '=1+2 …' (a letter's first action point) is stored behind an apostrophe (Excel/CSV keep it text), read
    back exactly, and a second run writes nothing."""
    import datetime as dt

    from sharepoint_sync.run.provision import provision_site

    from sharepoint_sync.run.session import site_names
    from iln_demo.forms.fill import FormValues, fill_form
    from sharepoint_sync.edges import open_gateway
    from sharepoint_sync.record import Person, Signatory

    provision_site(open_gateway(config), site_names(config))
    points = ("=1+2 deeper learning in every school.", "@SUM(A1) project-based learning for all.")
    letter = fill_form(FormValues(district="Knox County", academic_year=2025,
                                  point_of_contact=Person("Pat Lee", "Director", "pat.lee@knox.kyschools.us"),
                                  action_points=points, signatory=Signatory("Sam Super", "Superintendent"),
                                  district_signed_on=dt.date(2025, 9, 2), kde_name="Marcus Hale",
                                  kde_signed_on=dt.date(2025, 9, 20)))
    site = clean_tenant.site
    site.upload(f"{site.list_by_title(config.site.library).url}/formula.docx", letter)
    assert run(config).counts.commitments_created == 1
    stored = rows(clean_tenant, config.site.commitments_list)[0][s.ACTION_POINTS]
    assert stored.startswith("'=1+2") and not stored.startswith(("=", "+", "-", "@", "\t"))
    read = open_gateway(config).read_rows(config.site.commitments_list, [s.ACTION_POINTS])[0]
    assert read.values[s.ACTION_POINTS].startswith("=1+2")
    assert run(config).counts.writes == 0


def test_same_letter_under_two_names_is_one_commitment_and_the_copy_says_duplicate_of(
        config: Config, clean_tenant: Any) -> None:
    """Identical bytes as a.docx and copy.docx (same run), then as late.docx (next run): 1 commitment, both
    copies Needs review "Duplicate of <link to a.docx>", and a further run writes nothing."""
    import datetime as dt

    from sharepoint_sync.run.provision import provision_site

    from sharepoint_sync.run.session import site_names
    from sharepoint_sync.edges import open_gateway
    from tests.sync.tenant_helpers import form_letter

    provision_site(open_gateway(config), site_names(config))
    site = clean_tenant.site
    root = site.list_by_title(config.site.library).url
    letter = form_letter("Knox County", dt.date(2025, 9, 2), dt.date(2025, 9, 20), "Pat Lee")
    site.upload(f"{root}/a.docx", letter)
    site.upload(f"{root}/copy.docx", letter)
    first = run(config)
    site.upload(f"{root}/late.docx", letter)
    second = run(config)
    commitments = rows(clean_tenant, config.site.commitments_list)
    status = doc_status(clean_tenant, config)
    assert [c[s.TITLE] for c in commitments] == ["a.docx"] and first.counts.commitments_created == 1
    assert second.counts.commitments_created == 0
    assert status["a.docx"][0] == s.SOURCE_PROCESSED
    for copy in ("copy.docx", "late.docx"):
        assert status[copy][0] == s.SOURCE_NEEDS_REVIEW and "Duplicate of" in status[copy][1]
        assert "a.docx" in status[copy][1]
    assert run(config).counts.writes == 0
