"""Certificate sign-in with msal against the fake tenant's Entra ID."""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from sharepoint_sync.auth import GRAPH, SHAREPOINT
from sharepoint_sync.config import Config, load_config
from sharepoint_sync.edges import authenticator_for, new_authenticator, open_gateway
from sharepoint_sync.errors import AuthError

from tests.client.certs import cert_pem, key_pem, make_certificate, rsa_key, write_private


def token_requests(emulator: Any, since: int) -> list[dict[str, Any]]:
    """Token-endpoint calls in the fake tenant's request log after `since`."""
    return [e for e in emulator.requests(since) if e["path"].endswith("/oauth2/v2.0/token")]


def test_certificate_sign_in_gives_tokens_for_sharepoint_and_graph(tenant_config: Config) -> None:
    """The app signs in with its certificate and gets a SharePoint and a Graph token."""
    auth = new_authenticator(tenant_config)
    assert auth.token_for(SHAREPOINT).count(".") == 2
    assert auth.token_for(GRAPH).count(".") == 2
    assert auth.scope_for(SHAREPOINT) == f"{tenant_config.site.origin}/.default"


def test_token_cache_is_reused(tenant_config: Config, emulator: Any) -> None:
    """A second token request for the same resource is answered from msal's cache."""
    auth = new_authenticator(tenant_config)
    since = emulator.last_seq()
    first = auth.token_for(SHAREPOINT)
    assert auth.token_for(SHAREPOINT) == first
    assert len(token_requests(emulator, since)) == 1


def test_invalidate_forces_a_fresh_token(tenant_config: Config, emulator: Any) -> None:
    """invalidate() (after a 401) makes the next token_for ask Entra again."""
    auth = new_authenticator(tenant_config)
    auth.token_for(SHAREPOINT)
    since = emulator.last_seq()
    auth.invalidate(SHAREPOINT)
    auth.token_for(SHAREPOINT)
    assert len(token_requests(emulator, since)) == 1


def test_short_lived_token_is_reused_until_shortly_before_its_expiry(tenant_config: Config, emulator: Any,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A 60 s token is reused for 53 s (msal alone would ask Entra on every call), replaced at 55 s."""
    from sharepoint_sync import clock

    emulator.set_token_lifetime(60)
    auth = new_authenticator(tenant_config)
    since = emulator.last_seq()
    start = clock.monotonic()
    monkeypatch.setattr(clock, "monotonic", lambda: start)
    first = auth.token_for(SHAREPOINT)
    for offset in (1, 30, 53):
        monkeypatch.setattr(clock, "monotonic", lambda offset=offset: start + offset)
        assert auth.token_for(SHAREPOINT) == first
    assert len(token_requests(emulator, since)) == 1
    monkeypatch.setattr(clock, "monotonic", lambda: start + 55)  # 60 s lifetime less 10 %: replaced
    auth.token_for(SHAREPOINT)
    assert len(token_requests(emulator, since)) == 2


def test_wrong_certificate_is_refused_with_aadsts_code_and_no_key_material(
        clean_tenant: Any, config_copy: Any, tmp_path: Path, tenant_info: dict[str, Any]) -> None:
    """A certificate the app does not know → one AuthError with client id, thumbprint, expiry, AADSTS code."""
    key = rsa_key(2)
    write_private(tmp_path / "other.pem", cert_pem(make_certificate(key)) + key_pem(key))
    path = config_copy({f'path = "{tenant_info["cert_path"]}"': f'path = "{tmp_path / "other.pem"}"',
                        f'key_path = "{tenant_info["key_path"]}"': ""})
    config = load_config(path, environ={})
    with pytest.raises(AuthError) as caught:
        new_authenticator(config).token_for(SHAREPOINT)
    text = str(caught.value)
    assert "AADSTS" in text and config.tenant.client_id in text and config.credential.thumbprint_sha256 in text
    assert "PRIVATE KEY" not in text and "BEGIN" not in text
    assert caught.value.data["certificate_expires"] == f"{config.credential.not_after:%Y-%m-%d}"


def test_unknown_client_is_refused(clean_tenant: Any, config_copy: Any, tenant_info: dict[str, Any]) -> None:
    """An app id the tenant does not know is refused with its AADSTS code."""
    path = config_copy({tenant_info["client_id"]: str(uuid.uuid4())})
    with pytest.raises(AuthError) as caught:
        new_authenticator(load_config(path, environ={})).token_for(SHAREPOINT)
    assert caught.value.data["aadsts"] and caught.value.data["aadsts"].startswith("AADSTS")


def test_unknown_tenant_is_refused(clean_tenant: Any, config_copy: Any, tenant_info: dict[str, Any],
                                   emulator: Any) -> None:
    """A tenant id that does not exist fails sign-in with AuthError (AADSTS90002), before any SharePoint call."""
    path = config_copy({f'tenant_id = "{tenant_info["tenant_id"]}"': f'tenant_id = "{uuid.uuid4()}"'})
    config = load_config(path, environ={})
    since = emulator.last_seq()
    with pytest.raises(AuthError) as caught:
        open_gateway(config).web()
    assert "tenant not found" in str(caught.value) and caught.value.data["aadsts"] == "AADSTS90002"
    assert caught.value.data["client_id"] == config.tenant.client_id
    assert not [e for e in emulator.requests(since) if "/_api/" in e["path"]]


def test_one_authenticator_per_process_and_config(tenant_config: Config) -> None:
    """authenticator_for returns the same instance for the same configuration."""
    assert authenticator_for(tenant_config) is authenticator_for(tenant_config)


def test_secret_is_used_for_graph_only(clean_tenant: Any, config_copy: Any, tenant_info: dict[str, Any],
                                       emulator: Any) -> None:
    """With a Graph secret configured, Graph tokens come from it and SharePoint still uses the certificate."""
    path = config_copy({'# graph_secret_env = "ILN_SYNC_GRAPH_SECRET"': 'graph_secret_env = "G_SECRET"'})
    secret = Path(tenant_info["client_secret_path"]).read_text().strip()
    config = load_config(path, environ={"G_SECRET": secret})
    assert new_authenticator(config).token_for(GRAPH)
    # SharePoint refuses secret-obtained app tokens: reading the web proves it got a certificate token.
    assert open_gateway(config).web()["Title"]


def test_requests_ca_bundle_in_the_environment_is_ignored(tenant_config: Config,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """REQUESTS_CA_BUNDLE pointing elsewhere does not replace the configured CA (sign-in and SharePoint work)."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/ca.pem")
    monkeypatch.setenv("CURL_CA_BUNDLE", "/nonexistent/ca.pem")
    assert new_authenticator(tenant_config).token_for(SHAREPOINT)
    assert open_gateway(tenant_config).web()["Title"]


@pytest.mark.parametrize("host,discovery", [("https://login.microsoftonline.us", True),
                                            ("https://login.microsoftonline.com", True),
                                            ("https://127.0.0.1:8443", False)])
def test_instance_discovery_only_for_microsoft_hosts(tenant_config: Config, monkeypatch: pytest.MonkeyPatch,
                                                     host: str, discovery: bool) -> None:
    """msal instance discovery stays on for Microsoft clouds (GCC High too) and is off for other hosts."""
    import dataclasses

    import msal

    seen: dict[str, Any] = {}

    class Recorder:
        def __init__(self, client_id: str, **options: Any) -> None:
            seen.update(options, client_id=client_id)

        def acquire_token_for_client(self, scopes: list[str]) -> dict[str, Any]:
            return {"access_token": "x.y.z", "token_type": "Bearer", "expires_in": 3600}

    monkeypatch.setattr(msal, "ConfidentialClientApplication", Recorder)
    tenant = dataclasses.replace(tenant_config.tenant, authority_host=host)
    new_authenticator(dataclasses.replace(tenant_config, tenant=tenant)).token_for(SHAREPOINT)
    assert seen["instance_discovery"] is discovery
    assert seen["authority"].startswith(host)
    assert set(seen["client_credential"]) == {"private_key", "public_certificate"}  # SHA-256 form, no SHA-1 pair
    assert seen["http_client"].trust_env is False


def _spy_on_requests(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Record every requests.Session.request call (method, url, the final kwargs) made from now on."""
    import requests

    calls: list[dict[str, Any]] = []
    original = requests.Session.request

    def spy(self: Any, method: str, url: str, **kwargs: Any) -> Any:
        calls.append({"method": method, "url": url, **kwargs})
        return original(self, method, url, **kwargs)

    monkeypatch.setattr(requests.Session, "request", spy)
    return calls


def test_every_request_carries_the_decorated_user_agent(tenant_config: Config, emulator: Any) -> None:
    """msal's discovery and token calls and office365's SharePoint calls all send NONISV|KDE|iln-sync/<v>."""
    from sharepoint_sync import USER_AGENT, __version__

    since = emulator.last_seq()
    auth = new_authenticator(tenant_config)
    auth.token_for(SHAREPOINT)
    auth.token_for(GRAPH)
    open_gateway(tenant_config).web()
    seen = emulator.requests(since)
    assert f"NONISV|KDE|iln-sync/{__version__}" == USER_AGENT
    assert any(e["path"].endswith("/oauth2/v2.0/token") for e in seen)
    assert any(e["path"].endswith("/openid-configuration") for e in seen)
    assert any("/_api/" in e["path"] for e in seen)
    assert {e["user_agent"] for e in seen if not e["path"].startswith("/_emulator")} == {USER_AGENT}


def test_sign_in_and_sharepoint_calls_have_bounded_timeouts(tenant_config: Config,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Every HTTP call (msal's sign-in and office365's) goes out with a finite (connect, read) timeout."""
    calls = _spy_on_requests(monkeypatch)
    new_authenticator(tenant_config).token_for(SHAREPOINT)
    open_gateway(tenant_config).web()
    assert calls
    timeouts = [c.get("timeout") for c in calls]
    assert all(isinstance(t, tuple) and len(t) == 2 and all(0 < s <= 60 for s in t) for t in timeouts), timeouts


def test_assertion_names_the_certificate_by_its_sha256_thumbprint(tenant_config: Config,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The client assertion msal sends is PS256 with x5t#S256 = the certificate's SHA-256 thumbprint, no SHA-1 x5t."""
    import base64

    import jwt

    calls = _spy_on_requests(monkeypatch)
    new_authenticator(tenant_config).token_for(SHAREPOINT)
    [post] = [c for c in calls if c["url"].endswith("/oauth2/v2.0/token")]
    header = jwt.get_unverified_header(post["data"]["client_assertion"])
    expected = base64.urlsafe_b64encode(bytes.fromhex(tenant_config.credential.thumbprint_sha256)).decode().rstrip("=")
    assert header["alg"] == "PS256"
    assert header["x5t#S256"].rstrip("=") == expected
    assert "x5t" not in header


def test_untrusted_tls_certificate_is_an_auth_error_naming_the_ca_bundle(
        clean_tenant: Any, config_copy: Any, tmp_path: Path, tenant_info: dict[str, Any]) -> None:
    """A CA bundle that does not sign the sign-in host fails at once with AuthError naming tenant.ca_bundle."""
    other_ca = tmp_path / "other-ca.pem"
    other_ca.write_bytes(cert_pem(make_certificate(rsa_key(3))))
    path = config_copy({f'ca_bundle = "{tenant_info["ca_path"]}"': f'ca_bundle = "{other_ca}"'})
    with pytest.raises(AuthError) as caught:
        new_authenticator(load_config(path, environ={})).token_for(SHAREPOINT)
    assert "tenant.ca_bundle" in str(caught.value) and str(other_ca) in str(caught.value)
