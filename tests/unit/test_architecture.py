"""Who may import what: each outside library lives behind exactly one module, the core is pure."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "sharepoint_sync"
FAKE = ROOT / "fake" / "m365_fake"

# outside library -> the only modules (paths relative to the package, prefix match) allowed to import it
OWNERS = {
    "msal": ("auth.py",),
    "office365": ("gateway/",),
    "apscheduler": ("scheduler.py",),
    # python-docx writes the demo kit's forms (iln_demo.forms); the worker reads with its own lxml reader
    "docx": (),
    "jinja2": ("templating.py",),  # the page and mail templates
    "markupsafe": ("templating.py",),
    "smtplib": ("mail/smtp.py",),
    "aiosmtpd": (),  # test-only: the loopback SMTP server
    "trustme": (),  # test-only (and the fake tenant's): certificates
    "portalocker": ("runlock.py",),
    "tqdm": ("progress.py",),
    "orjson": ("extract/isolation.py",),  # the worker's records, parent <- worker
}
# the pure core: no network, disk, clock or environment
PURE = ("core/", "record.py", "extract/blocks.py", "extract/fields/", "errors.py",
        "pages/model.py", "pages/content.py", "pages/links.py", "pages/canvas.py", "pages/render.py", "pages/schema.py",
        "templating.py",
        "mail/headers.py", "mail/content.py", "mail/message.py")
IMPURE_MODULES = {
    "os", "pathlib", "socket", "sqlite3", "subprocess", "requests", "urllib3", "http", "time",
    "msal", "office365", "apscheduler", "structlog", "multiprocessing", "shutil", "tempfile", "smtplib", "ssl",
}
IMPURE_OWN = ("sharepoint_sync.mail.graph", "sharepoint_sync.mail.smtp", "sharepoint_sync.mail.jobs",
              "sharepoint_sync.mail.ledger", "sharepoint_sync.mail.delivery", "sharepoint_sync.gateway", "sharepoint_sync.auth", "sharepoint_sync.state",
              "sharepoint_sync.engine", "sharepoint_sync.scheduler", "sharepoint_sync.clock",
              "m365_fake", "sharepoint_sync.config", "sharepoint_sync.certificate",
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
        if top in OWNERS:
            assert OWNERS[top] and rel.startswith(OWNERS[top]), f"{rel} imports {name}; only {OWNERS[top]} may"


@pytest.mark.parametrize("path", [p for p in _modules() if _rel(p).startswith(PURE)], ids=_rel)
def test_core_is_pure(path: Path) -> None:
    """The core touches no network, disk, clock or environment."""
    for name in _imports(ast.parse(path.read_text())):
        assert name.split(".")[0] not in IMPURE_MODULES, f"{_rel(path)} imports {name}"
        assert not name.startswith(IMPURE_OWN), f"{_rel(path)} imports {name}"


@pytest.mark.parametrize("path", _modules(), ids=_rel)
def test_only_the_clock_module_reads_the_clock(path: Path) -> None:
    """datetime.now()/date.today()/time.time() appear only in clock.py."""
    rel = _rel(path)
    if rel == "clock.py":
        return
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            assert (node.value.id, node.attr) not in CLOCK_CALLS, f"{rel} reads the clock: {node.value.id}.{node.attr}"


def test_fake_tenant_does_not_use_the_client_libraries() -> None:
    """The fake tenant is an independent server: it never borrows msal or office365 to fake them."""
    for path in FAKE.rglob("*.py"):
        for name in _imports(ast.parse(path.read_text())):
            assert name.split(".")[0] not in {"msal", "office365"}, f"{path.relative_to(ROOT)} imports {name}"


@pytest.mark.parametrize("path", [p for p in _modules() if _rel(p).startswith("extract/")], ids=_rel)
def test_extraction_never_depends_on_the_sync_core(path: Path) -> None:
    """extract/ produces records and their evidence; how the sync words them (core/) is never read back into it."""
    tree = ast.parse(path.read_text())
    relative = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level >= 2}
    assert not any(name.startswith("sharepoint_sync.core") for name in _imports(tree)), _rel(path)
    assert not any(name.startswith("core") for name in relative), _rel(path)


def test_what_the_worker_writes_out_goes_through_the_one_redaction_step() -> None:
    """Runs rows, the ledger and reports are redacted by `redaction.redact_all`, which uses `log.redact`."""
    for rel in ("engine_record.py", "state.py", "engine.py"):
        assert "sharepoint_sync.redaction" in _imports(ast.parse((PACKAGE / rel).read_text())), rel
    tree = ast.parse((PACKAGE / "redaction.py").read_text())
    assert any(isinstance(n, ast.ImportFrom) and n.module == "sharepoint_sync.log" and
               [a.name for a in n.names] == ["redact"] for n in ast.walk(tree))


@pytest.mark.parametrize("path", _modules(), ids=_rel)
def test_only_the_prefetcher_starts_worker_threads(path: Path) -> None:
    """Concurrency in the worker is one bounded place: downloads ahead of extraction (prefetch.py)."""
    rel = _rel(path)
    if rel in ("prefetch.py",) or rel.startswith("fake_tenant/"):
        return
    for name in _imports(ast.parse(path.read_text())):
        assert not name.startswith("concurrent"), f"{rel} imports {name}; only prefetch.py may"


def test_the_batch_wire_format_lives_in_the_gateway() -> None:
    """`$batch` bodies are built and parsed only in gateway/batch.py; the engine speaks ports.Operation values."""
    for path in _modules():
        rel = _rel(path)
        if rel.startswith(("gateway/", "fake_tenant/")):
            continue
        assert "multipart/mixed" not in path.read_text(), f"{rel} handles multipart bodies"
