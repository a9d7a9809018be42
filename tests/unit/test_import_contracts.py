"""import-linter's contracts in pyproject.toml hold: the three distributions stay apart, the worker is layered,
the pure core imports no edge, each outside library has one owner."""
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
    # both use cryptography (certificates) and Jinja2 (the worker's pages and mail, the fake's own pages)
    assert not declared & ({_name(d) for d in fake["dependencies"]} - {"cryptography", "jinja2"})
    assert not declared & {"m365-fake", "iln-sync-demo", "python-docx", "werkzeug", "pyjwt"}
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


def test_the_worker_is_layered_commands_over_run_over_edges_over_core() -> None:
    """pyproject.toml holds a layers contract with commands above the run, the run above the edges, the core last."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    order = [next(i for i, layer in enumerate(layers) if f"sharepoint_sync.{name}" in layer.split(" : "))
             for name in ("commands", "run", "gateway", "state", "auth", "core")]
    assert order[0] < order[1] < min(order[2:5]) and max(order[2:5]) < order[5] == len(layers) - 1


def test_the_runs_modules_import_each_other_without_a_cycle() -> None:
    """No module of `sharepoint_sync.run` is imported back, even indirectly, by one it imports (the old
    engine <-> engine_apply cycle is gone: the steps share their values through run.model)."""
    import itertools

    import grimp

    graph = grimp.build_graph("sharepoint_sync")
    modules = sorted(m for m in graph.modules if m.startswith("sharepoint_sync.run."))
    assert len(modules) >= 8
    cycles = [(a, b) for a, b in itertools.permutations(modules, 2)
              if graph.direct_import_exists(importer=a, imported=b) and graph.chain_exists(importer=b, imported=a)]
    assert cycles == []
