"""Summaries, the digest and reminders sent through the fake tenant's Graph (real sign-in, real HTTPS), one per run."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any, Iterator

import pytest

from sharepoint_sync import clock
from sharepoint_sync.config import Config
from sharepoint_sync.run.session import open_session
from sharepoint_sync.edges import graph_transport
from sharepoint_sync.mail.jobs import Mailer
from sharepoint_sync.mail.ledger import MailLedger
from sharepoint_sync.state import State
from tests.mail.samples import INJECTION, full_report
from sharepoint_sync.extract.api import extract_in_process
from sharepoint_sync.record import LocRecord
from tests.sync.tenant_helpers import faulted, form_letter

pytestmark = pytest.mark.integration


class InProcessExtractor:
    """The real extraction pipeline in this process, reading dates against today's date (as the run does)."""

    def extract(self, data: bytes, file_name: str) -> LocRecord:
        return extract_in_process(data, file_name, clock.today())


class Crash(BaseException):
    """The worker process died."""


def _outbox(tenant_info: dict[str, Any]) -> list[Any]:
    return [message_from_bytes(p.read_bytes(), policy=default)
            for p in sorted(Path(tenant_info["outbox_dir"]).glob("*.eml"))]


def _upload(session: Any, config: Config, district: str) -> None:
    today = clock.today()
    data = form_letter(district, today - dt.timedelta(days=30), today - dt.timedelta(days=20), "Ann Lee")
    session.gateway.upload_file(config.site.library, f"{district} LOC.docx", data)


@pytest.fixture
def session(config: Config) -> Iterator[Any]:
    """A provisioned site and a session whose mailer sends through the fake Graph."""
    with open_session(config, extractor=InProcessExtractor()) as opened:
        opened.provision()
        yield opened


def _sendmail_statuses(emulator: Any, since: int) -> list[int]:
    return [r["status"] for r in emulator.requests(since) if r["path"].endswith("/sendMail")]


def test_a_run_with_changes_sends_one_summary_and_a_quiet_run_none(session: Any, config: Config, emulator: Any,
                                                                   tenant_info: dict[str, Any]) -> None:
    """Default `changes`: the first run mails its summary to the configured recipients; the second makes no mail request."""
    _upload(session, config, "Knox County")
    first = session.run()
    since = emulator.last_seq()
    session.run()
    assert [r for r in emulator.requests(since) if "/graph/" in r["path"] or "/oauth2/" in r["path"]] == []
    mails = _outbox(tenant_info)
    assert len(mails) == 1
    assert mails[0]["To"] == ", ".join(config.mail.recipients)
    assert mails[0]["Subject"] == "ILN sync: new member: Knox County; new commitment: Knox County"
    assert [p.get_content_type() for p in mails[0].walk()] == ["multipart/alternative", "text/plain", "text/html"]
    assert first.run_id in mails[0].get_body(("plain",)).get_content()


def test_graph_429_then_503_then_202_sends_one_summary(session: Any, config: Config, emulator: Any,
                                                      tenant_info: dict[str, Any]) -> None:
    """Throttled (Retry-After honoured) then unavailable, the same mail is replayed until accepted: one message."""
    _upload(session, config, "Knox County")
    since = emulator.last_seq()
    emulator.add_fault(method="POST", path=r"/sendMail$", status=429, headers={"Retry-After": "1"}, count=1)
    with faulted(emulator, method="POST", path=r"/sendMail$", status=503, count=1):
        report = session.run()
    assert _sendmail_statuses(emulator, since) == [429, 503, 202]
    assert len(_outbox(tenant_info)) == 1 and report.outcome == "Succeeded"


def test_a_crash_between_send_and_record_sends_no_second_copy(config: Config, monkeypatch: pytest.MonkeyPatch,
                                                              tenant_info: dict[str, Any]) -> None:
    """The process dies after Graph accepted the summary, before the ledger said so; the next run (new process,
    same state) mails only its own summary."""
    finish = MailLedger.finish

    def crash_on_sent(self: MailLedger, key: str, status: str, now: str, error: str | None = None) -> None:
        if status == "sent":
            raise Crash()
        finish(self, key, status, now, error)
    with open_session(config, extractor=InProcessExtractor()) as first:
        first.provision()
        _upload(first, config, "Knox County")
        monkeypatch.setattr(MailLedger, "finish", crash_on_sent)
        with pytest.raises(Crash):
            first.run()
    monkeypatch.setattr(MailLedger, "finish", finish)
    with open_session(config, extractor=InProcessExtractor()) as second:
        _upload(second, config, "Bath County")
        second.run()
        second.run()
    subjects = [m["Subject"] for m in _outbox(tenant_info)]
    assert subjects == ["ILN sync: new member: Knox County; new commitment: Knox County",
                        "ILN sync: new member: Bath County; new commitment: Bath County"]


def test_a_refused_send_leaves_the_run_as_it_was_and_the_next_run_sends_it(session: Any, config: Config,
                                                                            emulator: Any, tenant_info: dict[str, Any]) -> None:
    """Graph keeps refusing (500, past every retry): the run still Succeeded and no mail left; the next run,
    with nothing new, sends it once."""
    _upload(session, config, "Knox County")
    with faulted(emulator, method="POST", path=r"/sendMail$", status=500, count=50):
        report = session.run()
    assert report.outcome == "Succeeded" and _outbox(tenant_info) == []
    assert MailLedger(session.state).get(f"summary:{report.run_id}").status == "failed"
    session.run()
    session.run()
    assert len(_outbox(tenant_info)) == 1
    assert MailLedger(session.state).get(f"summary:{report.run_id}").status == "sent"


def test_header_injection_district_through_graph_gives_one_subject_and_no_bcc(config: Config, tmp_path: Path,
                                                                             fake_tenant: Any, tenant_info: dict[str, Any]) -> None:
    """A district named 'Knox\\r\\nBcc: …' reaches the outbox as one single-line Subject; no Bcc, no extra header."""
    from sharepoint_sync.run.session import site_names

    mailer = Mailer.from_config(replace(config, mail=replace(config.mail, send="always")), site_names(config),
                                graph_transport(config))
    assert mailer.after_run(State(tmp_path / "s.sqlite"), full_report(district=INJECTION)) == "sent"
    (mail,) = _outbox(tenant_info)
    raw = Path(fake_tenant.outbox.messages[0]["eml_path"]).read_bytes()
    headers = raw.split(b"\r\n\r\n", 1)[0].decode()
    assert len(mail.get_all("Subject")) == 1 and mail["Bcc"] is None and mail["X-Evil"] is None
    assert fake_tenant.outbox.messages[0]["bcc"] == [] and "\n" not in mail["Subject"]
    assert not any(line.lower().startswith(("bcc:", "x-evil:")) for line in headers.split("\r\n"))


def test_digest_is_sent_once_a_week_and_reminders_once_a_term(config: Config, tenant_info: dict[str, Any]) -> None:
    """send_digest twice in a week mails one digest; reminders (when on) go to the district's contact once per term."""
    mail = replace(config.mail, send="never", reminders=True, reminder_days=400, remind_districts=True)
    with open_session(replace(config, mail=mail), extractor=InProcessExtractor()) as session:
        session.provision()
        _upload(session, config, "Knox County")
        session.run()
        assert [session.send_digest(), session.send_digest()] == ["sent", "already_sent"]
        assert [session.send_reminders(), session.send_reminders()] == [["sent"], ["already_sent"]]
    digest, reminder = _outbox(tenant_info)
    assert digest["Subject"].startswith("ILN weekly digest ") and "1 active members" in digest["Subject"]
    assert reminder["To"] == "ann.lee@knox.kyschools.us" and reminder["Cc"] == ", ".join(config.mail.recipients)
    assert reminder["Subject"].startswith("ILN membership renewal: Knox County's term ends June 30, ")


def test_reminders_are_off_by_default(session: Any, config: Config, tenant_info: dict[str, Any]) -> None:
    """Without `mail.reminders = true` no reminder is sent."""
    _upload(session, config, "Knox County")
    session.run()
    assert session.send_reminders() == [] and len(_outbox(tenant_info)) == 1


def test_a_dropped_connection_while_sending_is_never_resent(session: Any, config: Config, emulator: Any,
                                                             tenant_info: dict[str, Any]) -> None:
    """Graph took the mail but the answer was lost (the fake tenant handles the request, then drops the
    connection): the summary is 'uncertain', later runs do not send it again, so the outbox holds it once."""
    _upload(session, config, "Knox County")
    with faulted(emulator, method="POST", path=r"/sendMail$", drop=True, count=1) as since:
        report = session.run()
    assert _sendmail_statuses(emulator, since) != [] and report.outcome == "Succeeded"
    assert MailLedger(session.state).get(f"summary:{report.run_id}").status == "uncertain"
    session.run()
    assert len(_outbox(tenant_info)) == 1


def test_a_missing_mail_permission_is_recorded_in_plain_words(session: Any, config: Config, emulator: Any) -> None:
    """Graph's 403 is recorded as refused, naming the permission to grant (Mail.Send scoped to the sender)."""
    _upload(session, config, "Knox County")
    with faulted(emulator, method="POST", path=r"/sendMail$", status=403, count=1,
                 body='{"error": {"code": "ErrorAccessDenied", "message": "Access is denied."}}'):
        report = session.run()
    entry = MailLedger(session.state).get(f"summary:{report.run_id}")
    assert entry.status == "failed" and "Mail.Send" in entry.last_error and "access denied (403)" in entry.last_error
