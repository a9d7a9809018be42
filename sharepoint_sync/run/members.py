"""The daily membership pass: ILN Members recomputed from the Commitments held in SharePoint, with today's
date, no letter read. A member whose term ended (`expires_on`, June 30) is Expired from July 1 and is no
longer grant eligible although no letter changed; the sync run only notices that when it runs, so the
pass makes it happen on the day. Same plan-then-apply path as a run (`core.plan.plan_members`, the
guards, `run.apply.Applier`), recorded in ILN Sync Runs with mode "members".
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from typing import Any

from sharepoint_sync import clock
from sharepoint_sync.core import schema as s
from sharepoint_sync.core.guards import guard_problems
from sharepoint_sync.core.plan import Plan, plan_members
from sharepoint_sync.core.report import Outcome, RunReport
from sharepoint_sync.core.sources import commitment_from_row
from sharepoint_sync.run.apply import Applier
from sharepoint_sync.failures import classify
from sharepoint_sync.run.record import failed_report, record_failure, record_run, stamp
from sharepoint_sync.log import bound_run, get_logger
from sharepoint_sync.ports import Row, SiteGateway
from sharepoint_sync.state import State
from sharepoint_sync.stopping import RunControl

log = get_logger("sharepoint_sync.run")


def membership_pass(gateway: SiteGateway, state: State, names: s.SiteNames, *, now: dt.datetime | None = None,
                    today: dt.date | None = None, control: RunControl | None = None,
                    max_member_change_share: float = 0.5, pages: Any = None) -> RunReport:
    """Recompute every member row from the Commitments list as of `today` (default: the UTC date of `now`);
    with `pages` (a `pages.step.PageStep`), the pages follow (a member that expired shows as former).
    Recorded whatever ends it, as a run is (`run.sync.run_once`): a failure makes it Failed."""
    moment = now or clock.now()
    started = stamp(moment)
    run_id = f"{started}-m{uuid.uuid4().hex[:5]}"
    with bound_run(run_id):
        log.info("sync.members.started", run_id=run_id)
        step: list[str] = ["reading"]
        try:
            return _pass(gateway, state, names, today or moment.date(), started, run_id, control,
                         max_member_change_share, pages, step)
        except Exception as error:  # noqa: BLE001 - whatever ends a started pass, the pass is recorded
            return record_failure(gateway, state, names,
                                  failed_report(run_id, started, "members", step[0], classify(error)), error)


def _pass(gateway: SiteGateway, state: State, names: s.SiteNames, day: dt.date, started: str, run_id: str,
          control: RunControl | None, share: float, pages: Any, step: list[str]) -> RunReport:
    gateway.begin_run()
    commitment_rows = gateway.read_rows(names.commitments, (s.TITLE,) + tuple(f.internal_name for f in s.COMMITMENT_FIELDS))
    member_rows = gateway.read_rows(names.members, (s.TITLE,) + tuple(f.internal_name for f in s.MEMBER_FIELDS))
    plan = members_plan(names, commitment_rows, member_rows, day, started)
    problems = _pass_problems(plan, commitment_rows, member_rows, share)
    if problems:
        report = RunReport(run_id, started, stamp(clock.now()), "Aborted", "members", problems=tuple(problems))
        return record_run(gateway, state, names, report)
    step[0] = "applying"
    applier = Applier(gateway, state, names, {}, started, control)
    applier.apply(plan)
    step[0] = "publishing pages"
    published = pages.publish(plan, day) if pages is not None and not applier.stopped else None
    step[0] = "recording"
    failures = tuple(applier.failures) + tuple(published.failures if published else ())
    outcome: Outcome = ("Stopped" if applier.stop_requested else "Partial" if applier.stopped or failures
                        else "Succeeded")
    stopped = (f"Stopped early, the rest is left for the next pass: {applier.stopped}",) if applier.stopped else ()
    counts = replace(applier.counts, pages_published=len(published.published)) if published else applier.counts
    report = RunReport(run_id, started, stamp(clock.now()), outcome, "members", counts,
                       failures=failures, locked=plan.locked + tuple(applier.locked),
                       problems=stopped).with_(applied=tuple(applier.applied))
    return record_run(gateway, state, names, report)


def members_plan(names: s.SiteNames, commitment_rows: list[Row], member_rows: list[Row], today: dt.date,
                 now: str) -> Plan:
    """The member writes that make ILN Members agree with the Commitments rows on `today` (pure)."""
    commitments = [c for row in commitment_rows if (c := commitment_from_row(dict(row.values))) is not None]
    actions, locked = plan_members(names.members, commitments, tuple(member_rows), today, now)
    return Plan(actions, locked, len(member_rows), 0, 0, tuple(commitments))


def _pass_problems(plan: Plan, commitment_rows: list[Row], member_rows: list[Row], share: float) -> list[str]:
    """The share guard (term endings not counted), and an empty Commitments list with members present
    (a failed read would otherwise turn every member into 'Needs review')."""
    problems = guard_problems(plan, share)
    if member_rows and not commitment_rows:
        problems.append(f"The Commitments list came back empty while {len(member_rows)} member rows exist; "
                        "nothing was changed. Run `iln-sync run --full` to rebuild it from the letters.")
    return problems
