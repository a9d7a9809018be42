"""`iln-sync serve [--config FILE] [--now] [--log-format json|console]`: the worker as a service.

Runs the configured jobs ([service]: sync, membership pass, digest, reminders) on their schedules in
the configured time zone until SIGTERM or SIGINT, then stops cleanly (see sharepoint_sync/service.py
and docs/deploy.md). Exit codes: 0 stopped cleanly, 1 a job overran the stop grace time, 2 configuration.
A sync that fails inside the service is a Failed run (recorded, logged); a job that raises is logged with
`failures.classify`'s kind and sentence (schedule.job.failed) and the schedule goes on.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Any, TextIO

from sharepoint_sync import log
from sharepoint_sync.config import add_config_argument, load_config

HELP = "Run the worker as a service: sync, membership pass, digest and reminders on their schedules."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config FILE, --now, --log-format."""
    add_config_argument(parser)
    parser.add_argument("--now", action="store_true", help="run the sync once right away, then keep the schedule")
    add_log_format_argument(parser)


def add_log_format_argument(parser: argparse.ArgumentParser) -> None:
    """--log-format json|console (default: JSON unless the log stream is a terminal)."""
    parser.add_argument("--log-format", choices=("json", "console"), default=None,
                        help="log lines as JSON or for people (default: JSON unless stderr is a terminal)")


def configure_logging(args: argparse.Namespace) -> bool:
    """Configure logging from --log-format; True when the logs are JSON."""
    choice = getattr(args, "log_format", None)
    as_json = log.wants_json(sys.stderr, choice)
    log.configure(json=as_json)
    return as_json


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Validate, say when each job runs next, then serve until stopped."""
    from sharepoint_sync.service import Service

    from sharepoint_sync.progress import terminal_progress

    json_logs = configure_logging(args)
    stream = out or sys.stdout
    config = load_config(args.config)
    service = Service(config)
    service.control.progress = terminal_progress(sys.stderr, json_logs=json_logs)  # a first backfill, by hand

    def announce(scheduler: Any) -> None:
        times = ", ".join(f"{name} {when:%Y-%m-%d %H:%M %Z}" for name, when in scheduler.next_run_times().items() if when)
        print(f"iln-sync serve ({config.service.timezone}): next {times}"
              f"{'; sync now' if args.now else ''}; SIGTERM or Ctrl-C stops", file=stream, flush=True)

    holder: dict[str, Any] = {}

    def announce_and_keep(scheduler: Any) -> None:
        holder["scheduler"] = scheduler
        announce(scheduler)

    def after_job(name: str, result: Any) -> None:
        if name == "sync":
            print(after_run_line(result, holder["scheduler"].next_run_times().get("sync")), file=stream, flush=True)

    service.on_result = after_job
    code = service.serve(now=args.now, announce=announce_and_keep)
    if code != 0:  # a job overran the grace time: do not wait for its thread at exit
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def after_run_line(report: Any, next_run: Any) -> str:
    """One line for the person watching after each sync (without it, `serve --now` goes quiet after its first
    run and looks stuck), e.g. `run 2026-…-ab12cd: Succeeded, 0 write(s), 4 document(s) need review; next run …`."""
    due = f"next run {next_run:%Y-%m-%d %H:%M %Z}" if next_run else "no next run scheduled"
    if report is None or not hasattr(report, "outcome"):
        return f"run finished; {due}"
    counts = getattr(report, "counts", None)
    writes = getattr(counts, "writes", "?")
    waiting = len(getattr(report, "needs_review", ()) or ())
    return f"run {report.run_id}: {report.outcome}, {writes} write(s), {waiting} document(s) need review; {due}"
