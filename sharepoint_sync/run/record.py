"""Recording a run: its row in ILN Sync Runs (best effort), its report in the local ledger, its tokens."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, Callable

from sharepoint_sync import clock
from sharepoint_sync.clock import stamp
from sharepoint_sync.core import schema as s
from sharepoint_sync.core.report import Counts, Mode, RunReport, problems_text
from sharepoint_sync.errors import AuthError, SyncError, describe
from sharepoint_sync.failures import Failure
from sharepoint_sync.log import get_logger
from sharepoint_sync.ports import ChangesQuery, CreateRow, SiteGateway
from sharepoint_sync.redaction import redact_all
from sharepoint_sync.state import State

log = get_logger("sharepoint_sync.run")

#: cap for the Runs list's note columns (SharePoint's plain multi-line text holds 63,999 characters)
NOTE_LIMIT = 60_000


#: state value: when the worker last checked the site, for runs that left no row (see docs/sync.md)
LAST_CHECKED = "last_checked"


def record_run(gateway: SiteGateway, state: State, names: s.SiteNames, report: RunReport) -> RunReport:
    """Write the run's row in ILN Sync Runs (best effort) and keep the report in the local ledger."""
    return record_and_close(gateway, state, names, report, [], always=True)[0]


def worth_a_row(report: RunReport) -> bool:
    """A run gets its own row in ILN Sync Runs when it changed or read something or met a problem; a
    quiet check (nothing changed, nothing wrong) only moves the "last checked" value, so a 10-minute
    schedule does not add 144 rows a day (issue 14)."""
    c = report.counts
    return bool(c.writes or c.documents_read or report.failures or report.problems or report.locked
                or report.outcome != "Succeeded")


def record_and_close(gateway: SiteGateway, state: State, names: s.SiteNames, report: RunReport,
                     closing: list[ChangesQuery], *, always: bool = False,
                     save: Callable[[RunReport, list[Any]], None] | None = None) -> tuple[RunReport, list[Any]]:
    """In one `$batch`: the run's closing change queries (`closing`) and, when the run is worth one
    (or `always`), its row in ILN Sync Runs (best effort: a failure is one more problem of the run).
    Then, in one state transaction, the report goes to the local ledger (or, for a quiet check, to the
    "last checked" value) and `save(report, answers)` keeps the rest of the run's end (tokens, pending):
    a crash leaves the state file wholly before or wholly after the run's end (issue 12).
    Returns the report and the answers to `closing` (None for one that could not be asked)."""
    # redacted first (`redaction.redact_all`): what it returns is what the Runs row, the ledger and
    # `iln-sync run`'s output show, so server text echoing a token reaches none of them
    report = redact_all(report)
    recorded = always or worth_a_row(report)
    operations: list[Any] = list(closing)
    if recorded:
        operations.append(CreateRow(names.runs, _row_values(report), s.R_RUN_ID))
    try:
        results = gateway.run_batch(operations) if operations else []
    except AuthError:
        raise
    except SyncError as error:
        results = [error] * len(operations)
    if recorded and isinstance(results[-1], SyncError):  # a run staff cannot see did not succeed
        problem = redact_all(f"The run could not be recorded in {names.runs}: {describe(results[-1])}")
        report = report.with_(outcome="Partial" if report.outcome == "Succeeded" else report.outcome,
                              problems=report.problems + (problem,))
    answers = [None if isinstance(r, SyncError) else r for r in results[:len(closing)]]
    with state.transaction():  # after the remote batch: no lock is held across a request
        _keep(state, report, recorded)
        if save is not None:
            save(report, answers)
    return report, answers


def _keep(state: State, report: RunReport, recorded: bool) -> None:
    c = report.counts
    if recorded:
        state.record_run(report.run_id, report.started_at, report.finished_at, report.outcome, report.to_json())
        state.set_value(LAST_CHECKED, {"at": report.finished_at, "run_id": report.run_id, "quiet_runs_since": 0})
    else:
        before = state.value(LAST_CHECKED) or {}
        state.set_value(LAST_CHECKED, {"at": report.finished_at, "run_id": before.get("run_id"),
                                       "quiet_runs_since": int(before.get("quiet_runs_since") or 0) + 1})
    # the one summary event of a run: every counter, so a log search answers what a run did
    log.info("sync.run.finished", run_id=report.run_id, outcome=report.outcome, mode=report.mode,
             started_at=report.started_at, finished_at=report.finished_at, **asdict(c), writes=c.writes,
             needs_review_entries=len(report.needs_review), failures=len(report.failures),
             locked=len(report.locked), problems=len(report.problems), recorded=recorded)


def _row_values(report: RunReport) -> dict[str, Any]:
    """The run's row in ILN Sync Runs."""
    c = report.counts
    return {
        s.TITLE: report.run_id, s.R_RUN_ID: report.run_id,
        s.R_OUTCOME: report.outcome if report.outcome in s.OUTCOMES else "Failed",
        s.R_STARTED: report.started_at, s.R_FINISHED: report.finished_at, s.R_SEEN: c.documents_seen,
        s.R_READ: c.documents_read, s.R_NEEDS_REVIEW: len(report.needs_review), s.R_FAILURES: len(report.failures),
        s.R_WRITES: c.writes, s.R_PROBLEMS: problems_text(report)[:NOTE_LIMIT] or None,
        s.R_REPORT: _json_text(report),
    }


def _json_text(report: RunReport) -> str:
    """The report as JSON for the Runs list, cut to its counts when too long for a note column."""
    text = json.dumps(report.to_json(), ensure_ascii=False)
    return text if len(text) <= NOTE_LIMIT else json.dumps({"run_id": report.run_id, "truncated": True,
                                                            "counts": report.to_json()["counts"]})


def failed_report(run_id: str, started: str, mode: Mode, step: str, failure: Failure,
                  counts: Counts = Counts()) -> RunReport:
    """The report of a run that `failure` ended while in `step`: Failed, with the kind and the sentence."""
    return RunReport(run_id, started, stamp(clock.now()), "Failed", mode, counts,
                     problems=(f"The run failed while {step}: {failure.sentence}",),
                     ended_by=failure.kind, failed_step=step)


#: failure kinds that mean SharePoint would refuse (or cannot take) the run's row: not even tried
_NO_ROW = {"auth": "sign-in or permission was refused", "permission": "sign-in or permission was refused",
           "config": "the site could not be reached at site.url"}


def record_failure(gateway: SiteGateway, state: State, names: s.SiteNames, report: RunReport,
                   error: BaseException | None = None) -> RunReport:
    """Record a Failed run: its row in ILN Sync Runs when SharePoint may still take it (best effort), and
    always its entry in the local ledger, which says so when the row could not be written. The summary
    event `sync.run.finished` follows (`_keep`); a bug's traceback is logged with `sync.run.failed`."""
    log.error("sync.run.failed", run_id=report.run_id, kind=report.ended_by, step=report.failed_step,
              problem=report.problems[0] if report.problems else None,
              exc_info=error if report.ended_by == "internal" else None)
    why_not = _NO_ROW.get(report.ended_by or "")
    if why_not is not None:
        return _ledger_only(state, names, report, f"{why_not}; this entry is in the local ledger only")
    try:
        return record_and_close(gateway, state, names, report, [], always=True)[0]
    except Exception as failure:  # noqa: BLE001 - the row is best effort; the ledger entry is not
        return _ledger_only(state, names, report, describe(failure))


def _ledger_only(state: State, names: s.SiteNames, report: RunReport, why: str) -> RunReport:
    """The run's entry in the local ledger, saying why ILN Sync Runs has no row for it."""
    report = redact_all(report.with_(problems=report.problems + (f"The run could not be recorded in {names.runs}: {why}",)))
    _keep(state, report, recorded=True)
    return report
