"""Fixtures for the sync tests that use the fake tenant."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

import pytest

from sharepoint_sync.config import Config, load_config


@pytest.fixture
def config(clean_tenant: Any, tenant_info: dict[str, Any], tmp_path: Path) -> Iterator[Config]:
    """The fake tenant's ready configuration, with a state file of this test's own."""
    loaded = load_config(tenant_info["config_path"])
    yield replace(loaded, sync=replace(loaded.sync, state_path=tmp_path / "state.sqlite"))
