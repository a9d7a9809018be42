"""Fake Entra ID driven by the unmodified msal over HTTPS with the fake tenant's CA."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from m365_fake.tls import load_or_create


def _claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


def _token_endpoint(info: dict[str, Any]) -> str:
    return f"{info['authority']}/oauth2/v2.0/token"


def _send_assertion(info: dict[str, Any], session: requests.Session, **claims: Any) -> requests.Response:
    """POST a client-credentials grant with an assertion signed by the app's registered key (PS256, x5t#S256)."""
    keys = load_or_create(Path(info["ca_path"]).parent)
    thumb = jwt.utils.base64url_encode(keys.app.cert.fingerprint(hashes.SHA256())).decode()
    assertion = jwt.encode({"iss": info["client_id"], "sub": info["client_id"], "jti": "x", **claims},
                           keys.app.key, algorithm="PS256", headers={"x5t#S256": thumb})
    return session.post(_token_endpoint(info), data={
        "grant_type": "client_credentials", "client_id": info["client_id"], "scope": info["sharepoint_scope"],
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": assertion})


def test_certificate_sign_in_sends_ps256_and_gets_a_sharepoint_token(msal_app: Callable[..., Any],
                                                                     tenant_info: dict[str, Any]) -> None:
    """A certificate credential (SHA-256 thumbprint, PS256) yields a SharePoint token marked appidacr 2."""
    result = msal_app("certificate").acquire_token_for_client([tenant_info["sharepoint_scope"]])
    claims = _claims(result["access_token"])
    assert claims["aud"] == tenant_info["base_url"]
    assert (claims["appid"], claims["tid"], claims["appidacr"]) == (tenant_info["client_id"], tenant_info["tenant_id"], "2")
    assert "Sites.Selected" in claims["roles"]
    assert claims["exp"] > claims["iat"]


def test_legacy_sha1_thumbprint_sign_in_is_accepted(msal_app: Callable[..., Any], tenant_info: dict[str, Any]) -> None:
    """The legacy credential form (SHA-1 `x5t`, RS256) still signs in."""
    result = msal_app("sha1").acquire_token_for_client([tenant_info["sharepoint_scope"]])
    assert _claims(result["access_token"])["appidacr"] == "2"


def test_secret_sign_in_yields_a_graph_token_with_mail_send(msal_app: Callable[..., Any], tenant_info: dict[str, Any]) -> None:
    """A client secret signs in for Graph; the token is marked appidacr 1 and carries Mail.Send."""
    result = msal_app("secret").acquire_token_for_client([tenant_info["graph_scope"]])
    claims = _claims(result["access_token"])
    assert (claims["aud"], claims["appidacr"]) == ("00000003-0000-0000-c000-000000000000", "1")
    assert "Mail.Send" in claims["roles"]


def test_issued_tokens_verify_against_the_published_signing_key(fake_tenant: Any, get_token: Callable[..., str]) -> None:
    """Issued tokens carry the tenant's signature and pass the server's own verification."""
    token = get_token()
    assert fake_tenant.tokens.verify(token)["appid"] == fake_tenant.info["client_id"]


def test_wrong_thumbprint_is_refused_with_aadsts700027(msal_app: Callable[..., Any], tenant_info: dict[str, Any]) -> None:
    """An assertion naming a certificate the app does not have fails with AADSTS700027."""
    key = Path(tenant_info["key_path"]).read_text()
    app = msal_app(client_credential={"private_key": key, "thumbprint": "AB" * 20})
    result = app.acquire_token_for_client([tenant_info["sharepoint_scope"]])
    assert result["error"] == "invalid_client"
    assert result["error_codes"] == [700027]
    assert result["error_description"].startswith("AADSTS700027:")


def test_assertion_signed_with_another_key_fails_signature_check(msal_app: Callable[..., Any], tenant_info: dict[str, Any]) -> None:
    """A right thumbprint but a signature from another key is refused (AADSTS700027)."""
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    app = msal_app(client_credential={"private_key": pem, "thumbprint": tenant_info["thumbprint_sha1"]})
    result = app.acquire_token_for_client([tenant_info["sharepoint_scope"]])
    assert result["error_codes"] == [700027]


def test_unknown_client_is_refused_with_aadsts700016(msal_app: Callable[..., Any], tenant_info: dict[str, Any]) -> None:
    """An unregistered client id fails with AADSTS700016."""
    result = msal_app("certificate", client_id="11111111-2222-3333-4444-555555555555").acquire_token_for_client(
        [tenant_info["sharepoint_scope"]])
    assert result["error"] == "unauthorized_client"
    assert result["error_codes"] == [700016]


def test_wrong_secret_is_refused_with_aadsts7000215(msal_app: Callable[..., Any], tenant_info: dict[str, Any]) -> None:
    """A wrong client secret fails with AADSTS7000215."""
    result = msal_app(client_credential="not-the-secret").acquire_token_for_client([tenant_info["graph_scope"]])
    assert result["error_codes"] == [7000215]


def test_unknown_tenant_fails_discovery_with_aadsts90002(msal_app: Callable[..., Any], tenant_info: dict[str, Any],
                                                         https_session: requests.Session) -> None:
    """msal cannot even build an app for an unknown tenant; the discovery answer is AADSTS90002."""
    authority = f"{tenant_info['base_url']}/no-such-tenant.onmicrosoft.com"
    with pytest.raises(ValueError):
        msal_app("certificate", authority=authority)
    body = https_session.get(f"{authority}/v2.0/.well-known/openid-configuration").json()
    assert body["error_codes"] == [90002]
    assert {"error", "error_description", "timestamp", "trace_id", "correlation_id"} <= body.keys()


def test_expired_assertion_is_refused_with_aadsts700024(tenant_info: dict[str, Any], https_session: requests.Session) -> None:
    """A client assertion whose exp has passed (beyond clock skew) fails with AADSTS700024."""
    now = int(time.time())
    response = _send_assertion(tenant_info, https_session, aud=_token_endpoint(tenant_info), iat=now - 3600, exp=now - 1800)
    assert response.json()["error_codes"] == [700024]


def test_unknown_resource_scope_is_refused(msal_app: Callable[..., Any], tenant_info: dict[str, Any]) -> None:
    """A scope for a resource the tenant does not have fails with AADSTS500011."""
    result = msal_app("certificate").acquire_token_for_client(["https://elsewhere.example/.default"])
    assert result["error_codes"] == [500011]


def test_instance_discovery_endpoint_serves_msal(msal_app: Callable[..., Any], tenant_info: dict[str, Any]) -> None:
    """msal configured with the fake's own instance-discovery URL signs in too."""
    app = msal_app("certificate", instance_discovery=f"{tenant_info['base_url']}/common/discovery/instance")
    assert "access_token" in app.acquire_token_for_client([tenant_info["sharepoint_scope"]])


def test_token_lifetime_is_configurable_at_runtime(emulator: Any, msal_app: Callable[..., Any],
                                                   tenant_info: dict[str, Any]) -> None:
    """The control API's token lifetime applies to tokens issued afterwards."""
    emulator.set_token_lifetime(7)
    try:
        result = msal_app("certificate").acquire_token_for_client([tenant_info["sharepoint_scope"]])
    finally:
        emulator.set_token_lifetime(3600)
    claims = _claims(result["access_token"])
    assert claims["exp"] - claims["iat"] == 7


def test_tenant_domain_works_as_authority(msal_app: Callable[..., Any], tenant_info: dict[str, Any]) -> None:
    """The tenant's domain name is accepted in place of its id, as in Entra."""
    app = msal_app("certificate", authority=f"{tenant_info['base_url']}/{tenant_info['tenant_domain']}")
    result = app.acquire_token_for_client([tenant_info["sharepoint_scope"]])
    assert _claims(result["access_token"])["tid"] == tenant_info["tenant_id"]


def test_refresh_after_expiry_gets_a_new_token(emulator: Any, msal_app: Callable[..., Any],
                                               tenant_info: dict[str, Any]) -> None:
    """msal's cached token is replaced by a fresh one from the fake once it has expired."""
    emulator.set_token_lifetime(1)
    try:
        app = msal_app("certificate")
        first = app.acquire_token_for_client([tenant_info["sharepoint_scope"]])["access_token"]
        time.sleep(max(0.0, _claims(first)["exp"] - time.time()) + 0.05)
        second = app.acquire_token_for_client([tenant_info["sharepoint_scope"]])["access_token"]
    finally:
        emulator.set_token_lifetime(3600)
    assert second != first and _claims(second)["exp"] > _claims(first)["exp"]


def test_assertion_for_another_audience_is_refused_with_aadsts700212(tenant_info: dict[str, Any],
                                                                     https_session: requests.Session) -> None:
    """A correctly signed client assertion whose aud is not this token endpoint fails with AADSTS700212."""
    now = int(time.time())
    response = _send_assertion(tenant_info, https_session, iat=now, exp=now + 600,
                               aud="https://login.microsoftonline.com/elsewhere/oauth2/v2.0/token")
    assert (response.status_code, response.json()["error_codes"]) == (401, [700212])
