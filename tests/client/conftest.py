"""Client-edge fixtures over CORE's fake tenant (tests/conftest.py): its config, loaded and validated."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from sharepoint_sync.config import Config, load_config
from sharepoint_sync.retry import GATE


@pytest.fixture(autouse=True)
def open_gate() -> Iterator[None]:
    """The process-wide Retry-After gate starts and ends each test open (a faked wait must not leak)."""
    GATE.reopen()
    yield
    GATE.reopen()


@pytest.fixture()
def tenant_config(clean_tenant: Any, tenant_info: dict[str, Any]) -> Config:
    """The fake tenant's ready iln-sync.toml, loaded (the tenant reset around the test)."""
    return load_config(tenant_info["config_path"], environ={})


@pytest.fixture()
def config_copy(tmp_path: Path, tenant_info: dict[str, Any]):
    """Factory: a copy of the fake tenant's config with text fragments replaced, written into tmp_path."""
    def make(replace: dict[str, str]) -> Path:
        text = Path(tenant_info["config_path"]).read_text()
        for old, new in replace.items():
            assert old in text, old
            text = text.replace(old, new)
        path = tmp_path / "iln-sync.toml"
        path.write_text(text)
        return path
    return make
