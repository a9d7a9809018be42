"""A client configured with the production names (login.microsoftonline.com, <tenant>.sharepoint.com,
graph.microsoft.com) reaches the fake tenant unchanged through HTTPS_PROXY and REQUESTS_CA_BUNDLE."""
from __future__ import annotations

import socket
import ssl
from pathlib import Path
from typing import Any

import msal
import pytest
import requests
from office365.sharepoint.client_context import ClientContext


@pytest.fixture
def through_proxy(clean_tenant: Any, tenant_info: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The environment an unmodified script is started with: the proxy and the fake's CA bundle."""
    monkeypatch.setenv("HTTPS_PROXY", tenant_info["proxy_url"])
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", tenant_info["ca_path"])
    for name in ("NO_PROXY", "no_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    return tenant_info


def test_office365_with_client_certificate_and_production_site_url(through_proxy: dict[str, Any]) -> None:
    """ClientContext(<tenant>.sharepoint.com).with_client_certificate signs in at login.microsoftonline.com
    and reads the web, whose URL is the production one."""
    info = through_proxy
    ctx = ClientContext(info["production_site_url"]).with_client_certificate(
        info["tenant_id"], info["client_id"], thumbprint=info["thumbprint_sha1"], cert_path=info["key_path"])
    web = ctx.web.get().execute_query()
    assert web.url == info["production_site_url"]
    docs = ctx.web.default_document_library().get().execute_query()
    assert docs.root_folder.get().execute_query().server_relative_url == "/sites/KYILN/Shared Documents"


def test_msal_tokens_for_production_scopes_and_graph_send_mail(through_proxy: dict[str, Any],
                                                                clean_tenant: Any) -> None:
    """msal with the production authority gets tokens for https://<tenant>.sharepoint.com/.default and
    https://graph.microsoft.com/.default (no AADSTS500011), and Graph's real URL accepts the mail."""
    info = through_proxy
    app = msal.ConfidentialClientApplication(
        info["client_id"], authority=info["production_authority"],
        client_credential={"private_key": Path(info["key_path"]).read_text(),
                           "public_certificate": Path(info["cert_path"]).read_text()})
    sharepoint = app.acquire_token_for_client([info["production_sharepoint_scope"]])
    graph = app.acquire_token_for_client([info["production_graph_scope"]])
    assert "access_token" in sharepoint and "access_token" in graph, (sharepoint, graph)
    answer = requests.post("https://graph.microsoft.com/v1.0/users/iln-sync@education.ky.gov/sendMail", timeout=30,
                           headers={"Authorization": f"Bearer {graph['access_token']}"},
                           json={"message": {"subject": "via the real name",
                                             "body": {"contentType": "Text", "content": "ok"},
                                             "toRecipients": [{"emailAddress": {"address": "iln@education.ky.gov"}}]}})
    assert answer.status_code == 202
    assert [m["subject"] for m in clean_tenant.outbox.messages] == ["via the real name"]


def test_server_certificate_is_valid_for_the_production_names(tenant_info: dict[str, Any]) -> None:
    """The fake's certificate verifies under each production host name (SNI through the tunnel)."""
    context = ssl.create_default_context(cafile=tenant_info["ca_path"])
    port = int(tenant_info["base_url"].rsplit(":", 1)[1])
    for host in tenant_info["production_hosts"]:
        with (socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
              context.wrap_socket(raw, server_hostname=host) as tls):
            assert tls.version() is not None


def test_proxy_refuses_other_hosts_and_plain_requests(tenant_info: dict[str, Any]) -> None:
    """The proxy tunnels only the production names on 443: another host is 403, a plain GET 405."""
    host, port = tenant_info["proxy_url"].removeprefix("http://").split(":")

    def ask(line: bytes) -> bytes:
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            conn.sendall(line + b"\r\nHost: x\r\n\r\n")
            return conn.recv(200).split(b"\r\n", 1)[0]
    assert ask(b"CONNECT example.com:443 HTTP/1.1") == b"HTTP/1.1 403 Forbidden"
    assert ask(b"CONNECT kentuckyde.sharepoint.com:80 HTTP/1.1") == b"HTTP/1.1 403 Forbidden"
    assert ask(b"GET http://kentuckyde.sharepoint.com/ HTTP/1.1") == b"HTTP/1.1 405 Method Not Allowed"
