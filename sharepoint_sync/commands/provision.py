"""`iln-sync provision [--config FILE] [--dry-run]`: create whatever lists, columns, indexes and the
"Needs review" views are missing on the site. Idempotent; never drops or changes a column or list:
a column of the wrong type is reported, not touched.

Exit codes: 0 the site has (now) everything; 1 a list or column of ours has another type (reported, not
changed); 2 configuration (or no site at site.url); 3 sign-in or permission refused; 7 a remote error.
Failures end through cli.main (`failures.classify`)."""
from __future__ import annotations

import argparse
import sys
from typing import TextIO

from sharepoint_sync import log
from sharepoint_sync.config import add_config_argument, load_config

HELP = "Create the lists, columns, indexes and views the worker needs (only what is missing)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config FILE, --dry-run."""
    add_config_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help="show what would be added, add nothing")


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Provision the site and print every step; exit 0 (1 when a list or column has the wrong type)."""
    from sharepoint_sync.run.provision import provision_site
    from sharepoint_sync.run.session import site_names
    from sharepoint_sync.edges import open_gateway
    from sharepoint_sync.pages.schema import PageNames

    log.configure()
    stream = out or sys.stdout
    config = load_config(args.config)
    plan = provision_site(open_gateway(config), site_names(config), apply=not args.dry_run,
                          pages=PageNames(config.pages.resources_library, config.pages.site_pages_library))
    # step.describe() starts with its own verb ("create list ...", "add column ..."): prefix a state,
    # not a second verb ("would add: add column" read twice).
    prefix = "would " if args.dry_run else "done: "
    for step in plan.steps:
        print(f"{prefix}{step.describe()}", file=stream)
    for problem in plan.problems:
        print(f"not changed: {problem}", file=stream)
    print(provision_summary(len(plan.steps), dry_run=args.dry_run, config_path=config.path), file=stream)
    return 1 if plan.problems else 0


def provision_summary(steps: int, *, dry_run: bool, config_path: object) -> str:
    """The closing line of `iln-sync provision`: how many additions, and the next step to take."""
    if not steps:
        return "Nothing to add: the site has every list, column, index and view the worker needs."
    if dry_run:
        return f"{steps} addition(s) needed, none made (--dry-run). Run again without --dry-run to make them."
    return f"{steps} addition(s) made. Next: `iln-sync plan --config {config_path}` shows what a run would write."
