"""The control API: state, reset, fault management, budget, token lifetime, bad input."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import requests

from tests.conftest import EmulatorClient


def _send_mail(info: dict[str, Any], session: requests.Session, token: str, subject: str) -> None:
    session.post(f"{info['graph_url']}/v1.0/users/iln-sync@education.ky.gov/sendMail",
                 headers={"Authorization": f"Bearer {token}"},
                 json={"message": {"subject": subject, "body": {"contentType": "Text", "content": "x"},
                                   "toRecipients": [{"emailAddress": {"address": "iln@education.ky.gov"}}]}}
                 ).raise_for_status()


def test_state_shows_the_site_and_the_mails(clean_tenant: Any, emulator: EmulatorClient, tenant_info: dict[str, Any],
                                            https_session: requests.Session, get_token: Callable[..., str]) -> None:
    """GET state returns the site's lists and the outbox."""
    _send_mail(tenant_info, https_session, get_token(tenant_info["graph_scope"]), "Run report")
    state = emulator.state()
    assert [m["subject"] for m in state["mails"]] == ["Run report"]
    assert {"lists", "files", "pages"} <= state.keys()


def test_reset_empties_outbox_log_faults_and_budget(clean_tenant: Any, emulator: EmulatorClient,
                                                    tenant_info: dict[str, Any], https_session: requests.Session,
                                                    get_token: Callable[..., str]) -> None:
    """POST reset brings back a fresh tenant: no mail, no .eml, no faults, no budget, an empty log."""
    _send_mail(tenant_info, https_session, get_token(tenant_info["graph_scope"]), "before reset")
    eml = clean_tenant.outbox.messages[0]["eml_path"]
    emulator.add_fault(path="nothing", status=500)
    emulator.set_budget(units_per_minute=10)
    emulator.reset()
    assert emulator.state()["mails"] == []
    assert emulator.budget() == {"budget": None, "premature_retries": []}
    assert https_session.get(f"{tenant_info['control_url']}/faults").json() == {"faults": []}
    assert [e["path"] for e in emulator.requests()] == ["/_emulator/reset", "/_emulator/state", "/_emulator/budget",
                                                        "/_emulator/faults"]
    assert not Path(eml).exists()


def test_faults_are_listed_with_ids_and_cleared(clean_tenant: Any, emulator: EmulatorClient,
                                                https_session: requests.Session, tenant_info: dict[str, Any]) -> None:
    """Added rules are listed with their ids and remaining counts; DELETE removes them."""
    rule = emulator.add_fault(path="x", status=503, count=2)
    listed = https_session.get(f"{tenant_info['control_url']}/faults").json()["faults"]
    assert [(r["id"], r["remaining"]) for r in listed] == [(rule["id"], 2)]
    emulator.clear_faults()
    assert https_session.get(f"{tenant_info['control_url']}/faults").json()["faults"] == []


def test_bad_fault_spec_is_a_400_naming_the_field(clean_tenant: Any, https_session: requests.Session,
                                                  tenant_info: dict[str, Any]) -> None:
    """An invalid rule is refused with 400 and a message naming the field."""
    response = https_session.post(f"{tenant_info['control_url']}/faults", json={"path": "(", "status": 429})
    assert response.status_code == 400 and "'path'" in response.json()["error"]["message"]
    response = https_session.post(f"{tenant_info['control_url']}/faults", data=b"{nope")
    assert response.status_code == 400


def test_bad_budget_is_a_400(clean_tenant: Any, https_session: requests.Session, tenant_info: dict[str, Any]) -> None:
    """A budget without a positive units_per_minute is refused."""
    response = https_session.post(f"{tenant_info['control_url']}/budget", json={"units_per_minute": 0})
    assert response.status_code == 400 and "units_per_minute" in response.json()["error"]["message"]


def test_token_lifetime_round_trips(clean_tenant: Any, emulator: EmulatorClient, https_session: requests.Session,
                                    tenant_info: dict[str, Any]) -> None:
    """POST token-lifetime changes what GET token-lifetime reports; reset restores the default."""
    emulator.set_token_lifetime(42)
    assert https_session.get(f"{tenant_info['control_url']}/token-lifetime").json() == {"seconds": 42}
    emulator.reset()
    assert https_session.get(f"{tenant_info['control_url']}/token-lifetime").json() == {"seconds": 3600}


def test_requests_since_returns_only_newer_entries(clean_tenant: Any, emulator: EmulatorClient,
                                                   https_session: requests.Session, tenant_info: dict[str, Any]) -> None:
    """?since=N returns the entries after N only."""
    https_session.get(tenant_info["base_url"] + "/first")
    mark = emulator.last_seq()
    https_session.get(tenant_info["base_url"] + "/second")
    paths = [e["path"] for e in emulator.requests(mark)]
    assert "/second" in paths and "/first" not in paths


def test_index_lists_the_endpoints_and_the_tenant(https_session: requests.Session, tenant_info: dict[str, Any]) -> None:
    """GET /_emulator/ names every control endpoint and repeats tenant.json (no secrets in it)."""
    index = https_session.get(f"{tenant_info['control_url']}/").json()
    assert "POST /_emulator/faults" in index["endpoints"] and index["tenant"] == tenant_info
    assert Path(tenant_info["client_secret_path"]).read_text().strip() not in str(index)
