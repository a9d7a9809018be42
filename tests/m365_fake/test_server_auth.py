"""Bearer tokens as the server checks them: claims reach the SharePoint routes, expired or foreign tokens do not."""
from __future__ import annotations

import time
from typing import Any, Callable

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conftest import EmulatorClient

VERBOSE = {"Accept": "application/json;odata=verbose"}


def _web(info: dict[str, Any], session: requests.Session, token: str | None) -> requests.Response:
    headers = {**VERBOSE, **({"Authorization": f"Bearer {token}"} if token else {})}
    return session.get(f"{info['site_url']}/_api/web", headers=headers)


def test_certificate_token_reads_the_site(tenant_info: dict[str, Any], https_session: requests.Session,
                                          get_token: Callable[..., str]) -> None:
    """A certificate-obtained SharePoint token is accepted by the SharePoint routes."""
    assert _web(tenant_info, https_session, get_token()).status_code == 200


def test_secret_token_is_refused_by_sharepoint(tenant_info: dict[str, Any], https_session: requests.Session,
                                               get_token: Callable[..., str]) -> None:
    """A secret-obtained token (appidacr 1) gets 401 from SharePoint, as since ACS retirement."""
    assert _web(tenant_info, https_session, get_token(credential="secret")).status_code == 401


def test_expired_token_is_refused_by_sharepoint_after_its_lifetime(tenant_info: dict[str, Any], emulator: EmulatorClient,
                                                                   https_session: requests.Session,
                                                                   get_token: Callable[..., str]) -> None:
    """A token with a 2-second lifetime works at first and is refused once expired."""
    emulator.set_token_lifetime(2)
    try:
        token = get_token()
    finally:
        emulator.set_token_lifetime(3600)
    fresh = _web(tenant_info, https_session, token).status_code
    time.sleep(max(0.0, jwt.decode(token, options={"verify_signature": False})["exp"] - time.time()) + 0.05)
    assert (fresh, _web(tenant_info, https_session, token).status_code) == (200, 401)


def test_token_signed_by_another_key_is_refused(tenant_info: dict[str, Any], https_session: requests.Session,
                                                get_token: Callable[..., str]) -> None:
    """A token with the right claims but a foreign signature is refused."""
    claims = jwt.decode(get_token(), options={"verify_signature": False})
    forged = jwt.encode(claims, rsa.generate_private_key(public_exponent=65537, key_size=2048), algorithm="RS256")
    assert _web(tenant_info, https_session, forged).status_code == 401


def test_graph_token_is_refused_by_sharepoint(tenant_info: dict[str, Any], https_session: requests.Session,
                                              get_token: Callable[..., str]) -> None:
    """A token for Graph's audience does not open SharePoint."""
    assert _web(tenant_info, https_session, get_token(tenant_info["graph_scope"])).status_code == 401


def test_garbage_bearer_token_is_a_401_not_a_500(tenant_info: dict[str, Any], https_session: requests.Session) -> None:
    """A token that is not a JWT at all is refused like any invalid token."""
    assert _web(tenant_info, https_session, "eyJ\u00e9\u00e9.%%%.!!!").status_code == 401


def test_request_log_redacts_token_shaped_query_values(tenant_info: dict[str, Any], emulator: EmulatorClient,
                                                       https_session: requests.Session) -> None:
    """A pre-authenticated query value (access_token=, sig=) never reaches the request log."""
    https_session.get(f"{tenant_info['base_url']}/download?access_token=SECRETVALUE&sig=OTHERSECRET&x=1")
    entry = [e for e in emulator.requests() if e["path"] == "/download"][-1]
    assert "SECRETVALUE" not in entry["query"] and "OTHERSECRET" not in entry["query"] and "x=1" in entry["query"]
