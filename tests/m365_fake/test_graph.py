"""Fake Graph sendMail: token checks, message validation, the outbox and its .eml files."""
from __future__ import annotations

import email
import time
from email import policy
from pathlib import Path
from typing import Any, Callable

import jwt
import pytest
import requests


def _message(**overrides: Any) -> dict[str, Any]:
    message = {"subject": "ILN sync run: 3 letters read",
               "body": {"contentType": "Text", "content": "All letters were read.\nNothing needs review."},
               "toRecipients": [{"emailAddress": {"address": "iln@education.ky.gov"}}]}
    message.update(overrides)
    return {"message": message, "saveToSentItems": False}


@pytest.fixture
def send(tenant_info: dict[str, Any], https_session: requests.Session, clean_tenant: Any) -> Callable[..., requests.Response]:
    """POST a sendMail payload with a given bearer token (None: no Authorization header)."""
    def post(payload: Any, token: str | None, sender: str = "iln-sync@education.ky.gov") -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        url = f"{tenant_info['graph_url']}/v1.0/users/{sender}/sendMail"
        if isinstance(payload, bytes):
            return https_session.post(url, data=payload, headers={**headers, "Content-Type": "application/json"})
        return https_session.post(url, json=payload, headers=headers)
    return post


@pytest.fixture(scope="module")
def graph_token(get_token: Callable[..., str], tenant_info: dict[str, Any]) -> str:
    """A certificate-obtained Graph token."""
    return get_token(tenant_info["graph_scope"])


def test_send_mail_lands_in_the_outbox_as_eml(send: Callable[..., requests.Response], graph_token: str,
                                              fake_tenant: Any) -> None:
    """sendMail answers 202 with an empty body and writes an RFC 5322 .eml file into DATA/outbox/."""
    response = send(_message(ccRecipients=[{"emailAddress": {"address": "staff@education.ky.gov"}}]), graph_token)
    assert (response.status_code, response.content) == (202, b"")
    [kept] = fake_tenant.outbox.messages
    parsed = email.message_from_bytes(Path(kept["eml_path"]).read_bytes(), policy=policy.default)
    assert Path(kept["eml_path"]).parent == Path(fake_tenant.info["outbox_dir"])
    assert parsed["From"] == "iln-sync@education.ky.gov"
    assert parsed["To"] == "iln@education.ky.gov" and parsed["Cc"] == "staff@education.ky.gov"
    assert parsed["Subject"] == "ILN sync run: 3 letters read"
    assert parsed.get_content().replace("\r\n", "\n").strip() == "All letters were read.\nNothing needs review."


def test_html_body_and_attachment_are_kept(send: Callable[..., requests.Response], graph_token: str,
                                           fake_tenant: Any) -> None:
    """An HTML body and a file attachment survive into the .eml."""
    payload = _message(body={"contentType": "HTML", "content": "<p>Run report</p>"},
                       attachments=[{"@odata.type": "#microsoft.graph.fileAttachment", "name": "report.csv",
                                     "contentType": "text/csv", "contentBytes": "YSxiCjEsMgo="}])
    assert send(payload, graph_token).status_code == 202
    parsed = email.message_from_bytes(Path(fake_tenant.outbox.messages[0]["eml_path"]).read_bytes(), policy=policy.default)
    assert parsed.get_body(("html",)).get_content().strip() == "<p>Run report</p>"
    [attachment] = list(parsed.iter_attachments())
    assert (attachment.get_filename(), attachment.get_content().replace("\r\n", "\n")) == ("report.csv", "a,b\n1,2\n")


def test_header_injection_in_the_subject_is_neutralised(send: Callable[..., requests.Response], graph_token: str,
                                                        fake_tenant: Any) -> None:
    """CR/LF in the subject cannot add headers to the .eml."""
    assert send(_message(subject="Hello\r\nBcc: attacker@example.com"), graph_token).status_code == 202
    parsed = email.message_from_bytes(Path(fake_tenant.outbox.messages[0]["eml_path"]).read_bytes(), policy=policy.default)
    assert parsed["Bcc"] is None
    assert "\n" not in parsed["Subject"]


def test_a_secret_obtained_token_may_send_mail(send: Callable[..., requests.Response], get_token: Callable[..., str],
                                               tenant_info: dict[str, Any]) -> None:
    """Graph accepts an app token obtained with the client secret."""
    assert send(_message(), get_token(tenant_info["graph_scope"], credential="secret")).status_code == 202


def test_missing_token_is_refused_with_graph_error_shape(send: Callable[..., requests.Response]) -> None:
    """No bearer token: 401 InvalidAuthenticationToken in Graph's error shape."""
    response = send(_message(), None)
    error = response.json()["error"]
    assert response.status_code == 401 and error["code"] == "InvalidAuthenticationToken"
    assert {"date", "request-id", "client-request-id"} <= error["innerError"].keys()


def test_sharepoint_audience_token_is_refused(send: Callable[..., requests.Response], get_token: Callable[..., str]) -> None:
    """A token for SharePoint's audience cannot send mail."""
    response = send(_message(), get_token())
    assert response.status_code == 401 and response.json()["error"]["message"] == "Invalid audience."


def test_message_without_recipients_is_a_400(send: Callable[..., requests.Response], graph_token: str) -> None:
    """No recipients: 400 ErrorInvalidRecipients, nothing in the outbox."""
    response = send(_message(toRecipients=[]), graph_token)
    assert response.status_code == 400 and response.json()["error"]["code"] == "ErrorInvalidRecipients"


def test_invalid_recipient_address_is_a_400(send: Callable[..., requests.Response], graph_token: str, fake_tenant: Any) -> None:
    """A recipient that is not an address is refused and nothing is kept."""
    response = send(_message(toRecipients=[{"emailAddress": {"address": "not an address"}}]), graph_token)
    assert response.status_code == 400 and fake_tenant.outbox.messages == []


def test_unreadable_json_is_a_400(send: Callable[..., requests.Response], graph_token: str) -> None:
    """A body that is not JSON gets Graph's BadRequest."""
    response = send(b"{not json", graph_token)
    assert response.status_code == 400 and response.json()["error"]["code"] == "BadRequest"


def test_expired_token_is_refused_after_its_lifetime(send: Callable[..., requests.Response], emulator: Any,
                                                     get_token: Callable[..., str], tenant_info: dict[str, Any]) -> None:
    """A token issued with a 1-second lifetime is refused once it has expired."""
    emulator.set_token_lifetime(1)
    try:
        token = get_token(tenant_info["graph_scope"])
    finally:
        emulator.set_token_lifetime(3600)
    time.sleep(max(0.0, jwt.decode(token, options={"verify_signature": False})["exp"] - time.time()) + 0.05)
    response = send(_message(), token)
    assert response.status_code == 401 and "expired" in response.json()["error"]["message"]


def test_a_new_outbox_starts_empty_though_an_earlier_start_left_mail_in_its_folder(tmp_path: Path) -> None:
    """The tenant lives in memory: mail an earlier start wrote is not shown as this start's; other files stay."""
    from m365_fake.graph import Outbox

    (tmp_path / "00001-old.eml").write_bytes(b"Subject: from an earlier start\r\n\r\nold")
    (tmp_path / "notes.txt").write_text("kept")
    outbox = Outbox(tmp_path)
    outbox.add("iln-sync@education.ky.gov", _message()["message"], False)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".eml") == [Path(outbox.messages[0]["eml_path"]).name]
    assert (tmp_path / "notes.txt").read_text() == "kept"
