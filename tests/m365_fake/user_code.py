"""Fixtures for the tests written as ordinary office365-rest-python-client user code."""
from __future__ import annotations

from typing import Any, Callable

import pytest
from office365.runtime.auth.token_response import TokenResponse
from office365.sharepoint.client_context import ClientContext
from office365.sharepoint.lists.creation_information import ListCreationInformation


@pytest.fixture
def ctx(clean_tenant: Any, tenant_info: dict[str, Any], get_token: Callable[..., str]) -> ClientContext:
    """A ClientContext for a fresh fake site, signed in with a certificate token, trusting the fake's CA."""
    token = get_token()
    return (ClientContext(tenant_info["site_url"])
            .with_access_token(lambda: TokenResponse(access_token=token, token_type="Bearer"))
            .with_transport(verify=tenant_info["ca_path"]))


def new_list(ctx: ClientContext, title: str, template: int = 100) -> Any:
    """Create a list (100) or document library (101) the way the library's examples do."""
    return ctx.web.lists.add(ListCreationInformation(title, None, template)).execute_query()
