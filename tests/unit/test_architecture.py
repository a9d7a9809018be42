"""What import-linter cannot check: who reads the clock, and two rules about what modules say.

Who may import whom (the pure core, each library's one owner, the three distributions) is import-linter's,
in the contracts of pyproject.toml (tests/unit/test_import_contracts.py runs them). A clock read is no
import: the pure core uses `datetime` for its values, so only a scan of the calls can tell `date(2025, 9, 1)`
from `date.today()`. The scan resolves each name through the module's imports (aliases such as
`import datetime as dt`, `from datetime import datetime as D`, and relative imports of the worker's own
modules), so `dt.datetime.now()` is found as surely as `datetime.now()`.
"""
from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "sharepoint_sync"
#: reads of the wall clock (called or passed along, e.g. as a default factory); clock.py is their one home
CLOCK_READS = frozenset({
    "datetime.datetime.now", "datetime.datetime.utcnow", "datetime.datetime.today", "datetime.date.today",
    "time.time", "time.time_ns", "time.localtime", "time.gmtime", "time.ctime", "time.asctime",
})
#: the pure modules of docs/architecture.md, as in the "pure core" contract of pyproject.toml
PURE = ("sharepoint_sync.core", "sharepoint_sync.record", "sharepoint_sync.errors",
        "sharepoint_sync.extract.blocks", "sharepoint_sync.extract.fields", "sharepoint_sync.pages.model", "sharepoint_sync.pages.content",
        "sharepoint_sync.pages.links", "sharepoint_sync.pages.canvas", "sharepoint_sync.pages.render",
        "sharepoint_sync.pages.schema", "sharepoint_sync.mail.headers", "sharepoint_sync.mail.content",
        "sharepoint_sync.mail.message", "sharepoint_sync.templating")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@cache
def _tree(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


def _package_of(module: str) -> str:
    return module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]


def _absolute(module: str, node: ast.ImportFrom) -> str:
    """The module an ImportFrom names, relative imports resolved against `module`'s package."""
    if node.level == 0:
        return node.module or ""
    base = _package_of(module).split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def bindings(module: str) -> dict[str, str]:
    """Each name the module's imports bind -> the dotted name it stands for (`dt` -> `datetime`)."""
    bound: dict[str, str] = {}
    for node in ast.walk(_tree(module)):
        if isinstance(node, ast.Import):
            for alias in node.names:  # `import a.b` binds a to a; `import a.b as c` binds c to a.b
                top = alias.name.split(".")[0]
                bound[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{source}.{alias.name}"
    return bound


def _dotted(node: ast.expr) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"]; None for anything that is not a plain name chain."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def clock_reads(module: str) -> list[str]:
    """The clock reads in one module's code, as `line: qualified.name`."""
    bound = bindings(module)
    found: list[tuple[int, str]] = []
    for node in ast.walk(_tree(module)):
        if not isinstance(node, (ast.Attribute, ast.Name)) or not isinstance(node.ctx, ast.Load):
            continue
        chain = _dotted(node)
        if chain and chain[0] in bound:
            qualified = ".".join([bound[chain[0]], *chain[1:]])
            if qualified in CLOCK_READS:
                found.append((node.lineno, qualified))
    return [f"{line}: {name}" for line, name in sorted(found)]


def own_imports(module: str) -> set[str]:
    """The worker's modules that `module` imports, relative imports resolved (`from . import x` is x)."""
    names: set[str] = set()
    for node in ast.walk(_tree(module)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            names.add(source)
            names.update(f"{source}.{a.name}" for a in node.names)
    return {name for name in names if name in MODULES}


def _reached(start: str) -> dict[str, list[str]]:
    """Every worker module `start` imports, directly or not, with the chain that gets there."""
    chains = {start: [start]}
    todo = [start]
    while todo:
        current = todo.pop()
        for name in sorted(own_imports(current)):
            if name not in chains:
                chains[name] = [*chains[current], name]
                todo.append(name)
    return chains


def _pure(module: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in PURE)


@pytest.mark.parametrize("module", [m for m in MODULES if m != "sharepoint_sync.clock"])
def test_only_the_clock_module_reads_the_clock(module: str) -> None:
    """datetime.now()/date.today()/time.time() (however imported or aliased) appear only in clock.py."""
    assert clock_reads(module) == [], f"{module} reads the clock; ask sharepoint_sync.clock instead"


@pytest.mark.parametrize("module", [m for m in MODULES if _pure(m)])
def test_the_pure_core_reaches_no_clock_through_what_it_imports(module: str) -> None:
    """No module a pure module imports (relative imports followed, at any depth) reads the clock."""
    for reached, chain in _reached(module).items():
        assert reached != "sharepoint_sync.clock" and not clock_reads(reached), " -> ".join(chain)


def test_the_scan_sees_aliased_and_relative_clock_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scanner itself: `dt.datetime.now`, an aliased `date.today`, `from time import time` and a relative
    import of a module that reads the clock are all found; a date built from numbers is not a read."""
    source = ("import datetime as dt\nfrom datetime import date as D\nfrom time import time as stamp\n"
              "from . import helper\nA = dt.datetime.now()\nB = D.today\nC = stamp()\nE = D(2025, 9, 1)\n")
    helper = "import datetime\nNOW = datetime.datetime.utcnow()\n"
    (tmp_path / "sharepoint_sync" / "core").mkdir(parents=True)
    for name, text in (("__init__", ""), ("probe", source), ("helper", helper)):
        (tmp_path / "sharepoint_sync" / "core" / f"{name}.py").write_text(text)
    core = tmp_path / "sharepoint_sync" / "core"
    probe, other = "sharepoint_sync.core.probe", "sharepoint_sync.core.helper"
    monkeypatch.setattr(sys.modules[__name__], "MODULES", {
        "sharepoint_sync.core": core / "__init__.py", probe: core / "probe.py", other: core / "helper.py"})
    _tree.cache_clear()
    try:
        assert clock_reads(probe) == ["5: datetime.datetime.now", "6: datetime.date.today", "7: time.time"]
        assert _reached(probe)[other] == [probe, other] and clock_reads(other) == ["2: datetime.datetime.utcnow"]
    finally:
        _tree.cache_clear()


def test_what_the_worker_writes_out_goes_through_the_one_redaction_step() -> None:
    """Runs rows, the ledger and reports are redacted by `redaction.redact_all`, which uses `log.redact`."""
    for module in ("sharepoint_sync.run.record", "sharepoint_sync.state", "sharepoint_sync.run.sync"):
        assert "sharepoint_sync.redaction" in own_imports(module), module
    assert bindings("sharepoint_sync.redaction").get("redact") == "sharepoint_sync.log.redact"


def test_the_batch_wire_format_lives_in_the_gateway() -> None:
    """`$batch` bodies are built and parsed only in gateway/batch.py; the engine speaks ports.Operation values."""
    for module, path in MODULES.items():
        if not module.startswith("sharepoint_sync.gateway"):
            assert "multipart/mixed" not in path.read_text(encoding="utf-8"), f"{module} handles multipart bodies"
