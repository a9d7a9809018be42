"""`iln-sync run [--config FILE] [--full] [--force] [--json]`: one sync run.

Reads what changed on the site (or everything with --full), reads the letters, writes the results
back, keeps ILN Commitments and ILN Members true, records the run in ILN Sync Runs and prints its
report (for people, or as JSON with --json). Exit codes: 0 succeeded (or stopped cleanly by SIGTERM/
SIGINT), 4 partial (the rest is left for the next run), 5 stopped by a guard (nothing written; --force
to override), 3 sign-in or permission refused, 2 configuration, 6 another run holds the lock.
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
    """Run once and print the report; the exit code says how it ended."""
    from sharepoint_sync.core.report import RunReport, render_text
    from sharepoint_sync.engine import open_session
    from sharepoint_sync.commands.provision import missing_list_hint
    from sharepoint_sync.errors import SafetyAbort, TransientRemoteError
    from sharepoint_sync.progress import terminal_progress
    from sharepoint_sync.runlock import RunLock, lock_path
    from sharepoint_sync.service import install_stop_signals
    from sharepoint_sync.stopping import RunControl

    json_logs = configure_logging(args)
    stream = out or sys.stdout
    config = load_config(args.config)
    control = RunControl(progress=terminal_progress(sys.stderr, json_logs=json_logs))
    restore_signals = install_stop_signals(control.request_stop)
    try:
        with missing_list_hint(getattr(config, "path", None)), RunLock(lock_path(config.sync.state_path)) as lock:
            lock.acquire(config.service.lock_wait_seconds, control)  # LockHeld: exit 6, one log line
            with open_session(config) as session:
                session.control = control
                report = session.run(full=args.full, force=args.force)
    except SafetyAbort as stopped:
        aborted: RunReport | None = getattr(stopped, "report", None)
        if aborted is None:
            raise
        report = aborted
        exit_code = SafetyAbort.exit_code
    else:
        exit_code = TransientRemoteError.exit_code if report.outcome == "Partial" else 0
    finally:
        restore_signals()
    print(json.dumps(report.to_json(), indent=2, ensure_ascii=False) if args.json else render_text(report), file=stream)
    return exit_code
