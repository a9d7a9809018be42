"""`iln-sync run [--config FILE] [--full] [--force] [--json]`: one sync run.

Reads what changed on the site (or everything with --full), reads the letters, writes the results
back, keeps ILN Commitments and ILN Members true, records the run in ILN Sync Runs and prints its
report (for people, or as JSON with --json). Every run that started is recorded (local ledger, and
ILN Sync Runs when SharePoint takes the row) and its exit code comes from its report
(`failures.exit_code_of`): 0 succeeded (or stopped cleanly by SIGTERM/SIGINT), 4 partial (the rest is
left for the next run), 5 stopped by a guard (Aborted: nothing written; --force to override), 7 failed
(a remote error the run could not get past), and a Failed run ended by configuration (2: site.url
names no site, lists not provisioned), sign-in or permission (3) or a bug (1) takes that code. Before a
run starts: 2 configuration, 6 another run holds the lock (through cli.main, `failures.classify`).
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from sharepoint_sync.commands.serve import add_log_format_argument, configure_logging
from sharepoint_sync.config import add_config_argument, load_config

HELP = "Run the sync once: read new letters, write results back, keep the member lists true."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config FILE, --full, --force, --json."""
    add_config_argument(parser)
    parser.add_argument("--full", action="store_true", help="re-scan everything instead of reading changes")
    parser.add_argument("--force", action="store_true", help="apply even when a guard would stop the run")
    parser.add_argument("--json", action="store_true", help="print the run report as JSON")
    add_log_format_argument(parser)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run once and print the report; the exit code says how it ended (from the report, never an exception)."""
    from sharepoint_sync.core.report import render_text
    from sharepoint_sync.failures import exit_code_of
    from sharepoint_sync.progress import terminal_progress
    from sharepoint_sync.run.session import open_session
    from sharepoint_sync.runlock import RunLock, lock_path
    from sharepoint_sync.service import install_stop_signals
    from sharepoint_sync.stopping import RunControl

    json_logs = configure_logging(args)
    stream = out or sys.stdout
    config = load_config(args.config)
    control = RunControl(progress=terminal_progress(sys.stderr, json_logs=json_logs))
    restore_signals = install_stop_signals(control.request_stop)
    try:
        with RunLock(lock_path(config.sync.state_path)) as lock:
            lock.acquire(config.service.lock_wait_seconds, control)  # LockHeld: exit 6, one log line
            with open_session(config) as session:
                session.control = control
                report = session.run(full=args.full, force=args.force)
    finally:
        restore_signals()
    print(json.dumps(report.to_json(), indent=2, ensure_ascii=False) if args.json else render_text(report), file=stream)
    if report.outcome == "Failed" and report.problems:  # the same line cli.main prints for a failed command
        print(f"iln-sync run: {report.problems[0]}", file=sys.stderr)
    return exit_code_of(report)
