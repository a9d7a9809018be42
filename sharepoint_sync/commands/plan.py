"""`iln-sync plan [--config FILE] [--full] [--json]`: every write the next run would make, and
whether a guard would stop it. Reads the site and the documents; writes nothing, anywhere.

Exit codes: 0 planned; 5 a guard would stop the run; 2 configuration (or no site at site.url, or lists
not provisioned); 3 sign-in or permission refused; 7 a remote error while reading. Failures end through
cli.main (`failures.classify`), as `check`'s and `run`'s do, in the same sentences."""
from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from sharepoint_sync import log
from sharepoint_sync.config import add_config_argument, load_config

HELP = "Show every change the next run would make, without making any."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config FILE, --full, --json."""
    add_config_argument(parser)
    parser.add_argument("--full", action="store_true", help="plan a full re-scan instead of reading changes")
    parser.add_argument("--json", action="store_true", help="print the plan as JSON")


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print the plan; exit 0, or 5 when a guard would stop the run."""
    from sharepoint_sync.core.report import render_plan
    from sharepoint_sync.errors import EXIT_GUARD, EXIT_OK
    from sharepoint_sync.run.session import open_session

    log.configure()
    stream = out or sys.stdout
    config = load_config(args.config)
    with open_session(config) as session:
        plan, report = session.plan(full=args.full)
    if args.json:
        print(json.dumps(report.to_json(with_plan=True), indent=2, ensure_ascii=False), file=stream)
    else:
        print(render_plan(plan), file=stream)
        for problem in report.problems:
            print(f"The run would stop: {problem}", file=stream)
    return EXIT_GUARD if report.problems else EXIT_OK
