"""`iln-sync status [--config FILE] [--json]`: is the worker healthy?

Prints the last runs from the local ledger (outcome, kind, writes), when each job fires next, who
holds the run lock, and how old the last successful sync is. Exit codes (for monitoring): 0 healthy,
1 the last successful sync is older than `service.alert_after_minutes` (or there was none), 2 configuration
(or a state file that cannot be opened). Failures end through cli.main (`failures.classify`).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from sharepoint_sync import clock
from sharepoint_sync.commands.serve import add_log_format_argument, configure_logging
from sharepoint_sync.config import Config, add_config_argument, load_config

HELP = "Show the last runs, the next job times and the run lock; exit 1 when the last good sync is too old."
#: how many runs are listed
SHOWN_RUNS = 5
SYNC_MODES = ("full", "changes")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config FILE, --json, --log-format."""
    add_config_argument(parser)
    parser.add_argument("--json", action="store_true", help="print the status as JSON")
    add_log_format_argument(parser)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print the status; exit 1 when the last successful sync is too old."""
    configure_logging(args)
    stream = out or sys.stdout
    status = gather(load_config(args.config), clock.now())
    print(json.dumps(status, indent=2) if args.json else render(status), file=stream)
    return 0 if status["healthy"] else 1


def gather(config: Config, now: dt.datetime) -> dict[str, Any]:
    """Everything `status` shows, as JSON-ready data."""
    from sharepoint_sync.runlock import holder_pid, is_held, lock_path
    from sharepoint_sync.scheduler import next_fire_times
    from sharepoint_sync.state import State

    with State(config.sync.state_path) as state:
        runs = state.runs()
    zone = ZoneInfo(config.service.timezone)
    lock = lock_path(config.sync.state_path)
    last_ok = next((r for r in reversed(runs) if r["outcome"] == "Succeeded"
                    and (r["report"] or {}).get("mode") in SYNC_MODES), None)
    age = _age_minutes(last_ok["finished_at"], now) if last_ok else None
    limit = config.service.alert_after_minutes
    return {
        "runs": [_run_line(r) for r in runs[-SHOWN_RUNS:]],
        "next": {name: when.astimezone(zone).isoformat() if when else None
                 for name, when in next_fire_times(config.service.schedules(), config.service.timezone, now).items()},
        "lock": {"path": str(lock), "held": is_held(lock), "holder_pid": holder_pid(lock)},
        "last_successful_sync": last_ok["finished_at"] if last_ok else None,
        "minutes_since_successful_sync": round(age, 1) if age is not None else None,
        "alert_after_minutes": limit,
        "healthy": age is not None and age <= limit,
    }


def _run_line(run: dict[str, Any]) -> dict[str, Any]:
    report = run["report"] or {}
    return {"run_id": run["run_id"], "outcome": run["outcome"], "mode": report.get("mode", "?"),
            "started_at": run["started_at"], "finished_at": run["finished_at"],
            "writes": (report.get("counts") or {}).get("writes"), "problems": len(report.get("problems") or ())}


def _age_minutes(stamp: str | None, now: dt.datetime) -> float | None:
    if not stamp:
        return None
    when = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    return (now - when).total_seconds() / 60


def render(status: dict[str, Any]) -> str:
    """The status for people."""
    lines = ["Last runs (newest last):"] if status["runs"] else ["Last runs: none recorded yet."]
    for r in status["runs"]:
        writes = "" if r["writes"] is None else f", {r['writes']} write(s)"
        problems = f", {r['problems']} problem(s)" if r["problems"] else ""
        lines.append(f"  {r['run_id']}  {r['outcome']:<9} {r['mode']:<8} finished {r['finished_at']}{writes}{problems}")
    lines.append("Next:" if status["next"] else "Next: no job is scheduled ([service] turns every job off).")
    lines += [f"  {name:<11} {when or 'never'}" for name, when in status["next"].items()]
    lock = status["lock"]
    holder = f"held by pid {lock['holder_pid'] or 'unknown'}" if lock["held"] else "free"
    lines.append(f"Run lock: {holder} ({lock['path']})")
    age, limit = status["minutes_since_successful_sync"], status["alert_after_minutes"]
    if age is None:
        lines.append("ALERT: no successful sync is recorded yet.")
    elif age > limit:
        lines.append(f"ALERT: the last successful sync finished {age:.0f} minutes ago ({status['last_successful_sync']}), "
                     f"more than the allowed {limit:.0f}.")
    else:
        lines.append(f"OK: the last successful sync finished {age:.0f} minute(s) ago ({status['last_successful_sync']}).")
    return "\n".join(lines)
