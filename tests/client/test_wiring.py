"""How a session's edges are wired (sharepoint_sync/edges.py): one place, each edge its own section, one
HTTP session per configuration, each caller's own timeout on it."""
from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sharepoint_sync.auth import SHAREPOINT, SIGN_IN_TIMEOUT
from sharepoint_sync.config import Config
from sharepoint_sync.edges import authenticator_for, graph_transport, open_gateway

PACKAGE = Path(__file__).resolve().parents[2] / "sharepoint_sync"
#: the edges that must be handed sections, never the whole configuration
EDGE_MODULES = ("auth.py", "gateway/__init__.py", "gateway/client.py", "gateway/site.py", "gateway/batching.py",
                "gateway/pages.py", "gateway/provision.py", "mail/graph.py", "mail/smtp.py")
#: constructors only the wiring point calls
WIRED = {"Authenticator", "SharePointClient", "GraphTransport"}


def _imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("sharepoint_sync.config") for alias in node.names}


@pytest.mark.parametrize("rel", EDGE_MODULES)
def test_an_edge_never_sees_the_whole_config(rel: str) -> None:
    """auth, the gateway and the mail transports import section dataclasses only, never `Config`."""
    assert "Config" not in _imported_names(PACKAGE / rel), rel


def test_only_the_wiring_point_builds_the_edges() -> None:
    """Authenticator, SharePointClient and GraphTransport are constructed in edges.py and nowhere else."""
    for path in PACKAGE.rglob("*.py"):
        if path.name == "edges.py":
            continue
        calls = {node.func.id for node in ast.walk(ast.parse(path.read_text()))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
        assert not calls & WIRED, f"{path.relative_to(PACKAGE)} builds {calls & WIRED}"


def test_sign_in_sharepoint_and_graph_share_one_http_session(tenant_config: Config) -> None:
    """For one configuration the authenticator, every gateway and the Graph transport use one session."""
    session = authenticator_for(tenant_config).session
    assert open_gateway(tenant_config).client.session is session
    assert open_gateway(tenant_config).client.session is session
    assert graph_transport(tenant_config).session is session


def test_the_sharepoint_scope_is_the_site_origin(tenant_config: Config) -> None:
    """The authenticator asks for `{origin of site.url}/.default`; the gateway links with the same origin."""
    origin = tenant_config.site.origin
    assert authenticator_for(tenant_config).scope_for(SHAREPOINT) == f"{origin}/.default"
    gateway = open_gateway(tenant_config)
    assert gateway.link("/sites/KYILN/Shared Documents/a b.docx") == f"{origin}/sites/KYILN/Shared%20Documents/a%20b.docx"


def test_each_caller_keeps_its_own_timeout_on_the_shared_session(tenant_config: Config,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Sign-in calls wait SIGN_IN_TIMEOUT; SharePoint calls the configured request timeout, even with a
    config that differs only in that timeout (same authenticator, same session)."""
    import requests

    calls: list[tuple[str, Any]] = []
    original = requests.Session.request

    def spy(self: Any, method: str, url: str, **kwargs: Any) -> Any:
        calls.append((url, kwargs.get("timeout")))
        return original(self, method, url, **kwargs)

    monkeypatch.setattr(requests.Session, "request", spy)
    impatient = replace(tenant_config, sync=replace(tenant_config.sync, request_timeout_seconds=7.0))
    assert authenticator_for(impatient) is authenticator_for(tenant_config)
    authenticator_for(impatient).invalidate(SHAREPOINT)  # so this test's first call signs in
    open_gateway(impatient).web()
    sign_in = [t for url, t in calls if "/oauth2/" in url or "openid-configuration" in url]
    sharepoint = [t for url, t in calls if "/_api/" in url]
    assert sharepoint == [(7.0, 7.0)]
    assert sign_in and set(sign_in) == {SIGN_IN_TIMEOUT}
