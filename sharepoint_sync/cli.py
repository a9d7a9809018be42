"""The `iln-sync` command line. Each subcommand is a module exposing `HELP`, `add_arguments(parser)` and
`run(args) -> int`: the worker's own live in `sharepoint_sync.commands`, and installed add-ons (the demo
kit) register theirs through the `iln_sync.commands` entry point group. Command modules import their heavy
dependencies inside `run`, so that `iln-sync extract` never pays for msal or office365.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from importlib.metadata import entry_points

from sharepoint_sync import __version__
from sharepoint_sync.failures import Failure, classify
from sharepoint_sync.log import configure as configure_logging
from sharepoint_sync.log import get_logger, redact

#: the worker's own subcommands: name -> module under sharepoint_sync.commands (order = order in --help)
COMMANDS = {
    "extract": "sharepoint_sync.commands.extract",
    "check": "sharepoint_sync.commands.check",
    "provision": "sharepoint_sync.commands.provision",
    "plan": "sharepoint_sync.commands.plan",
    "run": "sharepoint_sync.commands.run",
    "serve": "sharepoint_sync.commands.serve",
    "status": "sharepoint_sync.commands.status",
    "schedule": "sharepoint_sync.commands.schedule",
}
#: other installed distributions (the demo kit: demo, emulator, forms) add subcommands here, each entry
#: point naming a module with the same HELP / add_arguments / run interface; the worker never imports them
ENTRY_POINT_GROUP = "iln_sync.commands"


def _available() -> dict[str, str]:
    """Every subcommand: the worker's own, then those other installed packages register."""
    found = {name: module for name, module in COMMANDS.items() if importlib.util.find_spec(module) is not None}
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        found.setdefault(entry.name, entry.value)
    return found


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand registered."""
    parser = argparse.ArgumentParser(prog="iln-sync", description="KY ILN SharePoint sync worker.")
    parser.add_argument("--version", action="version", version=f"iln-sync {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in _available().items():
        module = importlib.import_module(module_name)
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
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - every failure ends here, classified once (failures.py)
        failure = classify(error)
        report_failure(args.command, failure)
        return failure.exit_code


def report_failure(command: str, failure: Failure) -> None:
    """The one line a person reads when a command fails (stderr). An unexpected error's traceback goes to
    the log as well (`command.failed`, redacted by log.py's processors), never into that line."""
    if failure.internal:
        configure_logging()  # a no-op when the command configured it already
        get_logger("sharepoint_sync.cli").error("command.failed", command=command, kind=failure.kind,
                                                exit_code=failure.exit_code, exc_info=failure.error)
    print(f"iln-sync {command}: {redact(failure.sentence)}", file=sys.stderr)
