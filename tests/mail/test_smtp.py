"""SMTP transport against a real SMTP server on loopback (aiosmtpd): STARTTLS with a test CA, AUTH, the message parsed."""
from __future__ import annotations

import datetime as dt
import socket
import ssl
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any, Iterator

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from sharepoint_sync.config import MailConfig
from sharepoint_sync.errors import AuthError, RemoteError
from sharepoint_sync.mail import content
from sharepoint_sync.mail.delivery import deliver
from sharepoint_sync.mail.ledger import MailLedger
from sharepoint_sync.mail.message import build_message
from sharepoint_sync.mail.render import render_summary
from sharepoint_sync.mail.smtp import SmtpTransport
from sharepoint_sync.state import State
from tests.mail.samples import INJECTION, LINKS, full_report

USER, PASSWORD = "iln-sync", "canary-smtp-password-1f7e"


class Inbox:
    """aiosmtpd handler keeping every accepted message with its envelope and whether the session was TLS + authenticated."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "data": envelope.content,
                              "tls": session.ssl is not None, "auth": session.authenticated})
        return "250 Message accepted for delivery"


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
    return AuthResult(success=ok, handled=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[tuple[Inbox, int, Path]]:
    """An SMTP server on 127.0.0.1 that requires STARTTLS (test CA from trustme) and AUTH."""
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    ca_path = tmp_path / "smtp-ca.pem"
    ca.cert_pem.write_to_path(str(ca_path))
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=server_context, require_starttls=True,
                            auth_required=True, auth_require_tls=True, authenticator=_authenticator)
    controller.start()
    try:
        yield inbox, port, ca_path
    finally:
        controller.stop()


def _config(port: int, ca_path: Path | None, password: str = PASSWORD) -> MailConfig:
    return MailConfig("iln-sync@education.ky.gov", ("iln@education.ky.gov", "kde.staff@education.ky.gov"),
                      transport="smtp", smtp_host="127.0.0.1", smtp_port=port, smtp_username=USER,
                      smtp_password_env="ILN_SYNC_SMTP_PASSWORD", smtp_ca_bundle=ca_path, smtp_password=password)


def _message(district: str = "Knox County") -> Any:
    rendered = render_summary(content.summary_of(full_report(district=district), LINKS))
    return build_message(rendered, "iln-sync@education.ky.gov", ("iln@education.ky.gov", "kde.staff@education.ky.gov"),
                         key="summary:smtp", date=dt.datetime(2026, 1, 15, tzinfo=dt.timezone.utc))


def test_summary_arrives_over_starttls_and_auth_and_parses_back(smtp_server: tuple[Inbox, int, Path]) -> None:
    """The server receives one message, over TLS, signed in; it parses to text + HTML with one clean Subject."""
    inbox, port, ca_path = smtp_server
    ledger = MailLedger(State(":memory:"))
    status = deliver(ledger, SmtpTransport(_config(port, ca_path), timeout=10), "summary:smtp", "summary",
                     "iln-sync@education.ky.gov", _message(INJECTION), "2026-01-15T12:00:00Z")
    assert status == "sent" and len(inbox.received) == 1
    got = inbox.received[0]
    assert got["tls"] and got["auth"]
    assert got["from"] == "iln-sync@education.ky.gov"
    assert got["to"] == ["iln@education.ky.gov", "kde.staff@education.ky.gov"]
    parsed = message_from_bytes(got["data"], policy=default)
    assert [p.get_content_type() for p in parsed.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    assert len(parsed.get_all("Subject")) == 1 and parsed["Bcc"] is None and parsed["X-Evil"] is None
    assert "&lt;script&gt;" in parsed.get_body(("html",)).get_content()
    assert PASSWORD.encode() not in got["data"]


def test_a_wrong_password_is_a_sign_in_error_and_nothing_is_sent(smtp_server: tuple[Inbox, int, Path]) -> None:
    """AUTH refused: AuthError naming host and user (never the password); the server received nothing."""
    inbox, port, ca_path = smtp_server
    with pytest.raises(AuthError) as caught:
        SmtpTransport(_config(port, ca_path, password="wrong"), timeout=10).send(
            "iln-sync@education.ky.gov", ["iln@education.ky.gov"], b"Subject: x\r\n\r\nx\r\n")
    assert "refused the sign-in" in str(caught.value) and "wrong" not in str(caught.value)
    assert inbox.received == []


def test_an_untrusted_server_certificate_is_refused(smtp_server: tuple[Inbox, int, Path]) -> None:
    """Without the test CA the STARTTLS handshake fails: the mail is not sent in clear text instead."""
    inbox, port, _ = smtp_server
    with pytest.raises(RemoteError, match="TLS certificate is not trusted"):
        SmtpTransport(_config(port, None), timeout=10).send("iln-sync@education.ky.gov", ["iln@education.ky.gov"],
                                                            b"Subject: x\r\n\r\nx\r\n")
    assert inbox.received == []
