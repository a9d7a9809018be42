"""`iln-sync provision [--config FILE] [--dry-run]`: create whatever lists, columns, indexes and the
"Needs review" views are missing on the site. Idempotent; never drops or changes a column or list:
a column of the wrong type is reported, not touched."""
from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from typing import Iterator, TextIO

from sharepoint_sync import log
from sharepoint_sync.config import add_config_argument, load_config

HELP = "Create the lists, columns, indexes and views the worker needs (only what is missing)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config FILE, --dry-run."""
    add_config_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help="show what would be added, add nothing")


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Provision the site and print every step; exit 0 (1 when a list or column has the wrong type)."""
    from sharepoint_sync.engine import provision_site, site_names
    from sharepoint_sync.gateway import open_gateway

    log.configure()
    stream = out or sys.stdout
    config = load_config(args.config)
    plan = provision_site(open_gateway(config), site_names(config), apply=not args.dry_run)
    verb = "would add" if args.dry_run else "added"
    for step in plan.steps:
        print(f"{verb}: {step.describe()}", file=stream)
    for problem in plan.problems:
        print(f"not changed: {problem}", file=stream)
    if not plan.steps:
        print("Nothing to add: the site has every list, column, index and view the worker needs.", file=stream)
    return 1 if plan.problems else 0


@contextmanager
def missing_list_hint() -> Iterator[None]:
    """A list or column the worker needs is missing (404, or 400 'does not exist'): say to provision."""
    from sharepoint_sync.errors import RemoteError

    try:
        yield
    except RemoteError as error:
        if error.status in (400, 404) and "does not exist" in error.message:
            raise RemoteError(f"{error.message} The site is missing what the worker needs: run `iln-sync provision`.",
                              status=error.status) from error
        raise
