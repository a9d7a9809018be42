"""The `site` fixture: every contract test runs once on the in-memory site and once on the fake tenant."""
from __future__ import annotations

from typing import Any

import pytest

from sharepoint_sync.config import load_config
from sharepoint_sync.edges import open_gateway
from tests.contract.sites import MemorySite, SiteUnderTest, TenantSite, provision


@pytest.fixture(params=["memory", "tenant"])
def bare_site(request: pytest.FixtureRequest) -> SiteUnderTest:
    """An implementation of the site port with none of the contract's lists yet."""
    if request.param == "memory":
        return MemorySite()
    tenant: Any = request.getfixturevalue("clean_tenant")
    info: dict[str, Any] = request.getfixturevalue("tenant_info")
    return TenantSite(open_gateway(load_config(info["config_path"], environ={})), tenant.site)


@pytest.fixture
def site(bare_site: SiteUnderTest) -> SiteUnderTest:
    """An implementation of the site port with the contract's library and lists provisioned."""
    provision(bare_site.gateway)
    return bare_site
