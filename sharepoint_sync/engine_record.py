"""Recording a run: its row in ILN Sync Runs (best effort), its report in the local ledger, its tokens."""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import TYPE_CHECKING
from dataclasses import asdict

from sharepoint_sync import clock
from sharepoint_sync.core import schema as s
from sharepoint_sync.core.report import RunReport, problems_text
from sharepoint_sync.errors import AuthError, SyncError, describe
from sharepoint_sync.log import get_logger
from sharepoint_sync.ports import ChangeTokenExpired, SiteGateway
from sharepoint_sync.redaction import redact_all
from sharepoint_sync.state import State

if TYPE_CHECKING:  # pragma: no cover
    from sharepoint_sync.engine import Scan
    from sharepoint_sync.engine_apply import Applier

log = get_logger("sharepoint_sync.engine")

#: cap for the Runs list's note columns (SharePoint's plain multi-line text holds 63,999 characters)
NOTE_LIMIT = 60_000


def record_run(gateway: SiteGateway, state: State, names: s.SiteNames, report: RunReport) -> RunReport:
    """Write the run's row in ILN Sync Runs (best effort) and keep the report in the local ledger.

    The report is redacted first (`redaction.redact_all`): what it returns is what the Runs row, the
    ledger and `iln-sync run`'s output show, so server text echoing a token reaches none of them."""
    report = redact_all(report)
    c = report.counts
    values = {
        s.TITLE: report.run_id, s.R_RUN_ID: report.run_id, s.R_OUTCOME: report.outcome if report.outcome in s.OUTCOMES else "Failed",
        s.R_STARTED: report.started_at, s.R_FINISHED: report.finished_at, s.R_SEEN: c.documents_seen,
        s.R_READ: c.documents_read, s.R_NEEDS_REVIEW: len(report.needs_review), s.R_FAILURES: len(report.failures),
        s.R_WRITES: c.writes, s.R_PROBLEMS: problems_text(report)[:NOTE_LIMIT] or None,
        s.R_REPORT: _json_text(report),
    }
    try:
        gateway.create_row(names.runs, values, key_column=s.R_RUN_ID)
    except AuthError:
        raise
    except SyncError as error:  # the run itself is done, but a run staff cannot see did not succeed
        report = report.with_(outcome="Partial" if report.outcome == "Succeeded" else report.outcome, problems=report.problems + (redact_all(
            f"The run could not be recorded in {names.runs}: {describe(error)}"),))
    state.record_run(report.run_id, report.started_at, report.finished_at, report.outcome, report.to_json())
    # the one summary event of a run: every counter, so a log search answers what a run did
    log.info("sync.run.finished", run_id=report.run_id, outcome=report.outcome, mode=report.mode,
             started_at=report.started_at, finished_at=report.finished_at, **asdict(c), writes=c.writes,
             needs_review_entries=len(report.needs_review), failures=len(report.failures),
             locked=len(report.locked), problems=len(report.problems))
    return report


def _json_text(report: RunReport) -> str:
    """The report as JSON for the Runs list, cut to its counts when too long for a note column."""
    text = json.dumps(report.to_json(), ensure_ascii=False)
    return text if len(text) <= NOTE_LIMIT else json.dumps({"run_id": report.run_id, "truncated": True,
                                                            "counts": report.to_json()["counts"]})


def stamp(moment: dt.datetime) -> str:
    """A moment as the UTC `YYYY-MM-DDTHH:MM:SSZ` the lists and the report use."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def ledger_only(state: State, run_id: str, started: str, outcome: str, problem: str) -> None:
    """A run that stopped before it could write its row (sign-in or permission refused): ledger and one error log."""
    state.record_run(run_id, started, stamp(clock.now()), outcome, {"problems": [problem]})
    log.error("sync.run.stopped", run_id=run_id, problem=problem)


def save_progress(gateway: SiteGateway, state: State, scans: list["Scan"], applier: "Applier", *, early: bool) -> None:
    """Save each list's change token and the items left pending. A run that stopped early or left writes
    for later still saves its token: everything it did not finish is pending, so the next run does only
    what is left (never the whole re-scan again). Deleted items whose withdrawal waits stay pending too:
    the next run finds them gone again."""
    for scan in scans:
        token = scan.next_token if early else _past_own_writes(gateway, scan, applier.source_writes.get(scan.list_title))
        state.save_token(scan.list_title, token)
        state.set_pending(scan.list_title, applier.pending.get(scan.list_title, set()))
        for item_id in scan.gone:
            state.forget(scan.list_title, item_id)


def _past_own_writes(gateway: SiteGateway, scan: "Scan", ours: Counter[int] | None) -> str:
    """The token to save: past this run's own write-backs when they are the only changes since the
    run's token (one update per item we wrote, nothing else), so the next run does not list them again.
    Any other change (a staff edit meanwhile, say) keeps the run's token: the next run looks at all."""
    if not ours:
        return scan.next_token
    try:
        since = gateway.get_changes(scan.list_title, scan.next_token)
    except ChangeTokenExpired:
        return scan.next_token
    theirs = Counter(c.item_id for c in since.changes)
    only_ours = all(c.kind == "update" for c in since.changes) and theirs == ours
    return since.next_token if only_ours else scan.next_token
