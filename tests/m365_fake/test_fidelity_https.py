"""Fidelity over HTTPS: the recordings that only the whole fake tenant (server, token check, throttling
budget, Graph) can reproduce — the 429, the 403 without a site grant and Graph sendMail's 202.

The recorded forms are embedded as small literals (the shared folder is not needed here); each names
its file in tests/fixtures/sharepoint-responses/.
"""
from __future__ import annotations

import re
from typing import Any, Callable

import requests

#: error-429-throttled.reported.json: plain-text body, Retry-After in (integer) seconds
THROTTLED_BODY = "429 TOO MANY REQUESTS"
#: error-403-unauthorized.nometadata.reported.json
UNAUTHORIZED = {"odata.error": {"code": "-2147024891, System.UnauthorizedAccessException",
                                "message": {"lang": "en-US",
                                            "value": "Attempted to perform an unauthorized operation."}}}


def _get_web(tenant_info: dict[str, Any], session: requests.Session, token: str, accept: str) -> requests.Response:
    return session.get(f"{tenant_info['site_url']}/_api/web", headers={"Authorization": f"Bearer {token}",
                                                                      "Accept": accept})


def test_throttled_answer_matches_the_report(clean_tenant: Any, emulator: Any, tenant_info: dict[str, Any],
                                             https_session: requests.Session, get_token: Callable[..., str]) -> None:
    """A spent budget answers 429 with the reported plain-text body and an integer Retry-After."""
    token = get_token()
    emulator.set_budget(units_per_minute=2, retry_after=5)
    answers = [_get_web(tenant_info, https_session, token, "application/json;odata=verbose") for _ in range(4)]
    throttled = next(r for r in answers if r.status_code == 429)
    assert throttled.text == THROTTLED_BODY
    assert re.fullmatch(r"\d+", throttled.headers["Retry-After"])


def test_withdrawn_grant_matches_the_report(clean_tenant: Any, emulator: Any, tenant_info: dict[str, Any],
                                            https_session: requests.Session, get_token: Callable[..., str]) -> None:
    """Without the site grant a nometadata call gets the reported 403 body word for word."""
    token = get_token()
    https_session.post(f"{tenant_info['base_url']}/_emulator/site-grant", json={"granted": False}).raise_for_status()
    answer = _get_web(tenant_info, https_session, token, "application/json;odata=nometadata")
    assert answer.status_code == 403
    assert answer.json() == UNAUTHORIZED


def test_graph_sendmail_matches_the_documentation(clean_tenant: Any, tenant_info: dict[str, Any],
                                                  https_session: requests.Session,
                                                  get_token: Callable[..., str]) -> None:
    """sendMail answers 202 Accepted with an empty body (graph-sendmail-202.documented.json)."""
    token = get_token(tenant_info["graph_scope"])
    message = {"message": {"subject": "ILN sync run", "body": {"contentType": "Text", "content": "Done."},
                           "toRecipients": [{"emailAddress": {"address": "iln@education.ky.gov"}}]},
               "saveToSentItems": False}
    answer = https_session.post(f"{tenant_info['graph_url']}/v1.0/users/iln-sync@education.ky.gov/sendMail",
                                json=message, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 202
    assert answer.content == b""
