"""`Session.run` mails its summary through the mailer (in-memory site and transport): changes, guard aborts."""
from __future__ import annotations

from email import message_from_bytes
from email.policy import default

import pytest

from sharepoint_sync import clock
from sharepoint_sync.config import MailConfig
from sharepoint_sync.run.session import Session
from sharepoint_sync.mail import content
from sharepoint_sync.mail.jobs import Mailer
from tests.fakes import letter
from tests.mail.test_delivery import MemoryTransport
from tests.sync.helpers import NAMES, NOW, provisioned

DISTRICTS = ["Adair County", "Allen County", "Bath County", "Bell County", "Boone County"]


@pytest.fixture
def rig_session(monkeypatch: pytest.MonkeyPatch):
    """A provisioned in-memory site, a session on it, and the transport its mailer hands mails to."""
    monkeypatch.setattr(clock, "now", lambda: NOW)
    rig = provisioned()
    transport = MemoryTransport()
    mailer = Mailer(MailConfig("iln-sync@education.ky.gov", ("iln@education.ky.gov",)),
                    content.site_links("https://kentuckyde.sharepoint.com/sites/KYILN", NAMES), transport, now=lambda: NOW)
    return rig, Session(rig.site, rig.extractor, rig.state, NAMES, mailer=mailer), transport


def _texts(transport: MemoryTransport) -> list[str]:
    return [message_from_bytes(raw, policy=default).get_body(("plain",)).get_content() for raw in transport.sent]


def test_session_run_mails_what_the_run_changed(rig_session) -> None:
    """The summary lists the members and commitments the run wrote; a second run with no change mails nothing."""
    rig, session, transport = rig_session
    rig.site.upload(NAMES.library, "adair.docx", letter("Adair County"))
    session.run()
    session.run()
    (text,) = _texts(transport)
    assert "- New member: Adair County" in text and "- New commitment: Adair County" in text


def test_a_run_stopped_by_a_guard_is_mailed_with_what_to_do(rig_session) -> None:
    """An Aborted run (most member rows would change) still mails its summary, saying how to override."""
    rig, session, transport = rig_session
    for i, district in enumerate(DISTRICTS):
        rig.site.upload(NAMES.library, f"{i}.docx", letter(district, kde=None))
    session.run()
    for i, district in enumerate(DISTRICTS):
        rig.site.upload(NAMES.library, f"{i}.docx", letter(district))
    assert session.run().outcome == "Aborted"
    assert len(transport.sent) == 2
    aborted = message_from_bytes(transport.sent[-1], policy=default)
    assert aborted["Subject"] == "ILN sync: run aborted"
    assert "iln-sync run --force" in aborted.get_body(("plain",)).get_content()


def test_a_run_stopped_by_sign_in_is_mailed_from_its_ledger_entry(rig_session) -> None:
    """A run the site refused (auth) cannot write its Runs row; its summary still tells staff who to ask."""
    rig, session, transport = rig_session
    rig.site.upload(NAMES.library, "adair.docx", letter("Adair County"))
    rig.site.auth_fails = True
    assert session.run().outcome == "Failed"
    (text,) = _texts(transport)
    assert "ILN sync: run failed" in text and "KDE IT" in text


def test_the_same_sign_in_failure_run_after_run_is_mailed_once(rig_session, monkeypatch: pytest.MonkeyPatch) -> None:
    """An outage that fails every scheduled run gives one mail, not one per run (the digest lists the runs)."""
    import datetime as dt

    rig, session, transport = rig_session
    rig.site.auth_fails = True
    for minutes in (0, 15, 30):
        monkeypatch.setattr(clock, "now", lambda m=minutes: NOW + dt.timedelta(minutes=m))
        assert session.run().ended_by == "auth"
    assert len(transport.sent) == 1
