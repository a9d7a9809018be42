"""Recording a run: its row in ILN Sync Runs (best effort) and its report in the local ledger."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

from sharepoint_sync import clock
from sharepoint_sync.core import schema as s
from sharepoint_sync.core.report import RunReport, problems_text
from sharepoint_sync.errors import AuthError, SyncError, describe
from sharepoint_sync.log import get_logger
from sharepoint_sync.ports import SiteGateway
from sharepoint_sync.state import State

log = get_logger("sharepoint_sync.engine")

#: cap for the Runs list's note columns (SharePoint's plain multi-line text holds 63,999 characters)
NOTE_LIMIT = 60_000


def record_run(gateway: SiteGateway, state: State, names: s.SiteNames, report: RunReport) -> RunReport:
    """Write the run's row in ILN Sync Runs (best effort) and keep the report in the local ledger."""
    c = report.counts
    values = {
        s.TITLE: report.run_id, s.R_OUTCOME: report.outcome if report.outcome in s.OUTCOMES else "Failed",
        s.R_STARTED: report.started_at, s.R_FINISHED: report.finished_at, s.R_SEEN: c.documents_seen,
        s.R_READ: c.documents_read, s.R_NEEDS_REVIEW: len(report.needs_review), s.R_FAILURES: len(report.failures),
        s.R_WRITES: c.writes, s.R_PROBLEMS: problems_text(report)[:NOTE_LIMIT] or None,
        s.R_REPORT: _json_text(report),
    }
    try:
        gateway.create_row(names.runs, values, key_column=s.TITLE)
    except AuthError:
        raise
    except SyncError as error:  # the run itself is done: a failure to record it is one more problem
        report = report.with_(problems=report.problems + (f"The run could not be recorded in {names.runs}: {describe(error)}",))
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


