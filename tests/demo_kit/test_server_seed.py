"""`--seed demo`: the fake site starts with the demo letters in the Letters of Commitment library."""
from __future__ import annotations

from pathlib import Path

import pytest

from iln_demo.seed import UnknownSeed, apply_seed
from iln_demo.tenant import iln_tenant
from tests.conftest import trusting_session


def test_demo_seed_fills_the_library_and_survives_reset(tmp_path: Path) -> None:
    """The seeded tenant serves the letters as library files; a reset brings the same letters back."""
    with iln_tenant(tmp_path, seed="demo") as tenant:
        session = trusting_session(tenant.info["ca_path"])
        files = session.get(f"{tenant.info['control_url']}/state").json()["files"]
        session.post(f"{tenant.info['control_url']}/reset").raise_for_status()
        after = session.get(f"{tenant.info['control_url']}/state").json()["files"]
    assert files and {f["library"] for f in files} == {"Letters of Commitment"}
    assert all(f["name"].endswith(".docx") and f["size"] > 0 for f in files)
    assert sorted(f["server_relative_url"] for f in after) == sorted(f["server_relative_url"] for f in files)


def test_unknown_seed_is_refused(fake_tenant: object) -> None:
    """A seed name the tenant does not know is an error, not a silent no-op."""
    with pytest.raises(UnknownSeed):
        apply_seed(fake_tenant.site, "nonsense")
