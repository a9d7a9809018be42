"""`iln-sync schedule [--config FILE] [--now]`: run the sync on the configured cron schedule until stopped.

Validates the configuration first (exit 2 on problems), prints when the next run is due, then runs
`iln-sync run` (the engine's session) at each time of `sync.schedule`. Ctrl-C or SIGTERM stop it
cleanly after a running job has finished.
"""
from __future__ import annotations

import argparse
import signal
import sys
from typing import Any, Callable, TextIO

from sharepoint_sync import log
from sharepoint_sync.config import Config, add_config_argument, load_config

HELP = "Run the sync on the configured cron schedule (sync.schedule) until stopped."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config FILE, --now."""
    add_config_argument(parser)
    parser.add_argument("--now", action="store_true", help="run once right away, then keep the schedule")


def sync_job(config: Config) -> Callable[[], Any]:
    """The scheduled job: one engine run on this configuration (imported lazily, only when it runs)."""
    def run() -> Any:
        from sharepoint_sync.engine import open_session

        with open_session(config) as session:
            report = session.run()
        log.get_logger("sharepoint_sync.scheduler").info("schedule.run.report", outcome=getattr(report, "outcome", None))
        return report
    return run


def run(args: argparse.Namespace, out: TextIO | None = None, job: Callable[[], Any] | None = None) -> int:
    """Validate, print the next run time, then block running the job on schedule."""
    from sharepoint_sync.scheduler import Schedule

    log.configure()
    stream = out or sys.stdout
    config = load_config(args.config)
    schedule = Schedule(announced(job or sync_job(config), lambda: schedule.next_run_time(), stream),
                        config.sync.schedule)
    _stop_on_sigterm(schedule)
    print(f"iln-sync schedule: \"{config.sync.schedule}\" (America/New_York); next run "
          f"{'now' if args.now else schedule.next_run_time()}; Ctrl-C to stop", file=stream, flush=True)
    if args.now:
        schedule.run_soon()
    try:
        schedule.start()
    except (KeyboardInterrupt, SystemExit):
        schedule.shutdown()
    return 0


def announced(job: Callable[[], Any], next_run: Callable[[], Any], stream: TextIO) -> Callable[[], Any]:
    """The job, then one line for the person watching: how the run ended and when the next one is due
    (without it, `schedule --now` goes quiet after its first run and looks stuck)."""
    def run_and_say() -> Any:
        report = job()
        print(after_run_line(report, next_run()), file=stream, flush=True)
        return report
    return run_and_say


def after_run_line(report: Any, next_run: Any) -> str:
    """E.g. `run 2026-…-ab12cd: Succeeded, 0 writes, 4 need review; next run 2026-12-01 06:00:00-05:00`."""
    due = f"next run {next_run:%Y-%m-%d %H:%M %Z}" if next_run else "no next run scheduled"
    if report is None or not hasattr(report, "outcome"):
        return f"run finished; {due}"
    counts = getattr(report, "counts", None)
    writes = getattr(counts, "writes", "?")
    waiting = len(getattr(report, "needs_review", ()) or ())
    return f"run {report.run_id}: {report.outcome}, {writes} write(s), {waiting} document(s) need review; {due}"


def _stop_on_sigterm(schedule: Any) -> None:
    def stop(_signum: int, _frame: Any) -> None:
        schedule.shutdown(wait=False)
    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (tests): Ctrl-C handling is enough
        pass
