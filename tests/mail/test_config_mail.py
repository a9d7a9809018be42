"""The [mail] settings: send policy, transport, SMTP sign-in from the environment, reminders."""
from __future__ import annotations

from pathlib import Path

import pytest

from sharepoint_sync.config import load_config
from tests.client.certs import NOW, cert_pem, key_pem, make_certificate, rsa_key, write_config, write_private
from tests.client.test_config import problems_of

MAIL = 'recipients = ["iln@education.ky.gov"]'


@pytest.fixture()
def directory(tmp_path: Path) -> Path:
    key = rsa_key()
    write_private(tmp_path / "app.pem", cert_pem(make_certificate(key)) + key_pem(key))
    return tmp_path


def _with(directory: Path, lines: str) -> Path:
    return write_config(directory, replace={MAIL: f"{MAIL}\n{lines}"})


def test_defaults_are_graph_on_changes_and_no_reminders(directory: Path) -> None:
    """Without mail settings beyond sender/recipients: Graph, `changes`, reminders off."""
    mail = load_config(write_config(directory), environ={}, now=NOW).mail
    assert (mail.transport, mail.send, mail.reminders, mail.remind_districts) == ("graph", "changes", False, False)


def test_unknown_policy_transport_and_non_boolean_reminders_are_reported_together(directory: Path) -> None:
    """Every wrong [mail] value is one problem, all at once."""
    problems = problems_of(_with(directory, 'send = "sometimes"\ntransport = "pigeon"\nreminders = "yes"'))
    assert "must be one of always, changes, problems, never" in problems["mail.send"]
    assert "must be one of graph, smtp" in problems["mail.transport"]
    assert "true or false" in problems["mail.reminders"]


def test_smtp_needs_a_host_and_its_password_variable_set(directory: Path) -> None:
    """transport = smtp without smtp_host, or with a password variable that is not set, is a problem."""
    problems = problems_of(_with(directory, 'transport = "smtp"\nsmtp_username = "u"\nsmtp_password_env = "ILN_SMTP_PW"'))
    assert problems["mail.smtp_host"] == "is missing"
    assert "$ILN_SMTP_PW is not set" in problems["mail.smtp_password_env"]


def test_smtp_password_comes_from_the_environment_and_stays_out_of_repr(directory: Path) -> None:
    """The password is read from the named variable; repr(config) never shows it."""
    path = _with(directory, 'transport = "smtp"\nsmtp_host = "smtp.office365.com"\nsmtp_username = "u"\n'
                            'smtp_password_env = "ILN_SMTP_PW"')
    config = load_config(path, environ={"ILN_SMTP_PW": "canary-pw-93"}, now=NOW)
    assert config.mail.smtp_password == "canary-pw-93" and config.mail.smtp_port == 587
    assert "canary-pw-93" not in repr(config)
