"""`iln-sync run [--config FILE] [--full] [--force] [--json]`: one sync run.

Reads what changed on the site (or everything with --full), reads the letters, writes the results
back, keeps ILN Commitments and ILN Members true, records the run in ILN Sync Runs and prints its
report (for people, or as JSON with --json). Exit codes: 0 succeeded, 4 partial (the rest is left
for the next run), 5 stopped by a guard (nothing written; --force to override), 3 sign-in or
permission refused, 2 configuration.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from sharepoint_sync import log
from sharepoint_sync.config import add_config_argument, load_config

HELP = "Run the sync once: read new letters, write results back, keep the member lists true."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config FILE, --full, --force, --json."""
    add_config_argument(parser)
    parser.add_argument("--full", action="store_true", help="re-scan everything instead of reading changes")
    parser.add_argument("--force", action="store_true", help="apply even when a guard would stop the run")
    parser.add_argument("--json", action="store_true", help="print the run report as JSON")


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run once and print the report; the exit code says how it ended."""
    from sharepoint_sync.core.report import render_text
    from sharepoint_sync.engine import open_session
    from sharepoint_sync.commands.provision import missing_list_hint
    from sharepoint_sync.errors import SafetyAbort, TransientRemoteError

    log.configure()
    stream = out or sys.stdout
    config = load_config(args.config)
    try:
        with missing_list_hint(getattr(config, "path", None)), open_session(config) as session:
            report = session.run(full=args.full, force=args.force)
    except SafetyAbort as stopped:
        report = getattr(stopped, "report", None)
        if report is None:
            raise
        exit_code = SafetyAbort.exit_code
    else:
        exit_code = TransientRemoteError.exit_code if report.outcome == "Partial" else 0
    print(json.dumps(report.to_json(), indent=2, ensure_ascii=False) if args.json else render_text(report), file=stream)
    return exit_code
