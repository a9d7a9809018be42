"""The `iln-sync` command line. Each subcommand lives in `sharepoint_sync.commands.<name>` and exposes
`HELP`, `add_arguments(parser)` and `run(args) -> int`; they are imported only when used so that
`iln-sync extract` never pays for msal or office365.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from sharepoint_sync import __version__
from sharepoint_sync.errors import SyncError, describe

#: subcommand name -> module under sharepoint_sync.commands (order = order in --help)
COMMANDS = {
    "extract": "extract",
    "emulator": "emulator",
    "check": "check",
    "provision": "provision",
    "plan": "plan",
    "run": "run",
    "demo": "demo",
    "serve": "serve",
    "status": "status",
    "schedule": "schedule",
    "forms": "forms",
}


def _available() -> dict[str, str]:
    return {
        name: mod for name, mod in COMMANDS.items()
        if importlib.util.find_spec(f"sharepoint_sync.commands.{mod}") is not None
    }


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand registered."""
    parser = argparse.ArgumentParser(prog="iln-sync", description="KY ILN SharePoint sync worker.")
    parser.add_argument("--version", action="version", version=f"iln-sync {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, mod in _available().items():
        module = importlib.import_module(f"sharepoint_sync.commands.{mod}")
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args._module.run(args) or 0)
    except SyncError as error:
        print(f"iln-sync {args.command}: {describe(error)}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
