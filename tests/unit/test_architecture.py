"""Who may import what: each outside library lives behind exactly one module, the core is pure."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "sharepoint_sync"

# outside library -> the only modules (paths relative to the package, prefix match) allowed to import it
OWNERS = {
    "msal": ("auth.py",),
    "office365": ("gateway/",),
    "apscheduler": ("scheduler.py",),
    "docx": ("forms/",),  # python-docx writes our forms; reading goes through our own lxml reader
    "portalocker": ("runlock.py",),
    "tqdm": ("progress.py",),
}
# the pure core: no network, disk, clock or environment
PURE = ("core/", "record.py", "extract/blocks.py", "extract/fields/", "errors.py")
IMPURE_MODULES = {
    "os", "pathlib", "socket", "sqlite3", "subprocess", "requests", "urllib3", "http", "time",
    "msal", "office365", "apscheduler", "structlog", "multiprocessing", "shutil", "tempfile",
}
IMPURE_OWN = ("sharepoint_sync.gateway", "sharepoint_sync.auth", "sharepoint_sync.state",
              "sharepoint_sync.engine", "sharepoint_sync.scheduler", "sharepoint_sync.clock",
              "sharepoint_sync.fake_tenant", "sharepoint_sync.config", "sharepoint_sync.certificate",
              "sharepoint_sync.extract.registry")
CLOCK_CALLS = {("datetime", "now"), ("datetime", "utcnow"), ("date", "today"), ("time", "time")}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", _modules(), ids=_rel)
def test_outside_libraries_are_imported_only_by_their_owner(path: Path) -> None:
    """msal only in auth, office365 only in the gateway, APScheduler only in the scheduler."""
    rel = _rel(path)
    for name in _imports(ast.parse(path.read_text())):
        top = name.split(".")[0]
        if top in OWNERS and not rel.startswith("fake_tenant/"):
            assert rel.startswith(OWNERS[top]), f"{rel} imports {name}; only {OWNERS[top]} may"


@pytest.mark.parametrize("path", [p for p in _modules() if _rel(p).startswith(PURE)], ids=_rel)
def test_core_is_pure(path: Path) -> None:
    """The core touches no network, disk, clock or environment."""
    for name in _imports(ast.parse(path.read_text())):
        assert name.split(".")[0] not in IMPURE_MODULES, f"{_rel(path)} imports {name}"
        assert not name.startswith(IMPURE_OWN), f"{_rel(path)} imports {name}"


@pytest.mark.parametrize("path", _modules(), ids=_rel)
def test_only_the_clock_module_reads_the_clock(path: Path) -> None:
    """datetime.now()/date.today()/time.time() appear only in clock.py (the fake tenant has its own)."""
    rel = _rel(path)
    if rel == "clock.py" or rel.startswith("fake_tenant/"):
        return
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            assert (node.value.id, node.attr) not in CLOCK_CALLS, f"{rel} reads the clock: {node.value.id}.{node.attr}"


def test_fake_tenant_does_not_use_the_client_libraries() -> None:
    """The fake tenant is an independent server: it never borrows msal or office365 to fake them."""
    for path in (PACKAGE / "fake_tenant").rglob("*.py"):
        for name in _imports(ast.parse(path.read_text())):
            assert name.split(".")[0] not in {"msal", "office365"}, f"{_rel(path)} imports {name}"
