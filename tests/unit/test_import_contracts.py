"""import-linter's contracts in pyproject.toml hold: the three distributions stay apart, the pure core imports
no edge, each outside library has one owner."""
from __future__ import annotations

import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_every_import_contract_holds() -> None:
    """`lint-imports` passes every contract of pyproject.toml (its report names any broken import chain)."""
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def test_the_worker_declares_none_of_the_fakes_or_demo_kits_dependencies() -> None:
    """`pip install .` of the worker alone brings no fake server, no PyJWT of its own, no python-docx."""
    worker = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    fake = tomllib.loads((ROOT / "fake" / "pyproject.toml").read_text())["project"]
    demo = tomllib.loads((ROOT / "demo" / "pyproject.toml").read_text())["project"]
    declared = {_name(d) for d in worker["dependencies"]}
    assert not declared & ({_name(d) for d in fake["dependencies"]} - {"cryptography"})
    assert not declared & {"m365-fake", "iln-sync-demo", "python-docx"}
    assert {_name(d) for d in demo["dependencies"]} >= {"iln-sync", "m365-fake"}


def test_the_demo_kit_registers_its_subcommands_through_the_entry_point() -> None:
    """`iln-sync demo|emulator|forms` come from the demo kit's entry points, not the worker's table."""
    from sharepoint_sync.cli import COMMANDS, build_parser

    demo = tomllib.loads((ROOT / "demo" / "pyproject.toml").read_text())["project"]
    kit = demo["entry-points"]["iln_sync.commands"]
    assert set(kit) == {"demo", "emulator", "forms"} and not set(kit) & set(COMMANDS)
    choices = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(kit) <= set(choices)


def _name(requirement: str) -> str:
    return requirement.split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower()
