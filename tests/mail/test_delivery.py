"""Exactly once: recorded before and after the hand-over; a refused mail is resent next time, a possibly
delivered one never; a crash between send and record never sends twice."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

import pytest

from sharepoint_sync.errors import DeliveryUncertain, RemoteError, TransientRemoteError
from sharepoint_sync.mail import content
from sharepoint_sync.mail.delivery import deliver, resend_failed
from sharepoint_sync.mail.jobs import Mailer
from sharepoint_sync.mail.ledger import MAX_ATTEMPTS, MailLedger
from sharepoint_sync.mail.message import build_message
from sharepoint_sync.mail.render import render_summary
from sharepoint_sync.config import MailConfig
from sharepoint_sync.state import State
from tests.mail.samples import LINKS, full_report, quiet_report

NOW = "2026-01-15T12:02:00Z"


class Crash(BaseException):
    """The worker process died."""


class MemoryTransport:
    """Keeps what it is handed; fails as told first (an exception per call, None to accept)."""

    name = "memory"

    def __init__(self, *outcomes: BaseException | None) -> None:
        self.outcomes = list(outcomes)
        self.sent: list[bytes] = []

    def send(self, sender: str, recipients: Sequence[str], data: bytes) -> None:
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if isinstance(outcome, Crash):  # delivered, then the process died before the ledger heard of it
            self.sent.append(data)
            raise outcome
        if outcome is not None:
            raise outcome
        self.sent.append(data)


@pytest.fixture
def ledger() -> MailLedger:
    return MailLedger(State(":memory:"))


def _message(key: str = "summary:r1"):
    rendered = render_summary(content.summary_of(full_report(), LINKS))
    return build_message(rendered, "iln-sync@education.ky.gov", ("iln@education.ky.gov",), key=key,
                         date=dt.datetime(2026, 1, 15, tzinfo=dt.timezone.utc))


def _deliver(ledger: MailLedger, transport: MemoryTransport, key: str = "summary:r1") -> str:
    return deliver(ledger, transport, key, "summary", "iln-sync@education.ky.gov", _message(key), NOW)


def test_a_key_is_sent_once_however_often_it_is_delivered(ledger: MailLedger) -> None:
    """The second delivery of the same key sends nothing."""
    transport = MemoryTransport()
    assert [_deliver(ledger, transport) for _ in range(3)] == ["sent", "already_sent", "already_sent"]
    assert len(transport.sent) == 1 and ledger.get("summary:r1").status == "sent"


def test_a_refused_mail_is_sent_again_by_the_next_run_with_the_same_bytes(ledger: MailLedger) -> None:
    """A sure refusal (503 after retries, a 4xx) is 'failed'; resend_failed hands over exactly what was built."""
    transport = MemoryTransport(TransientRemoteError("Graph answered 503", status=503))
    assert _deliver(ledger, transport) == "failed"
    stored = ledger.get("summary:r1").message
    assert resend_failed(ledger, transport, NOW) == ["sent"]
    assert transport.sent == [stored] and resend_failed(ledger, transport, NOW) == []


def test_a_mail_that_may_have_gone_out_is_never_resent(ledger: MailLedger) -> None:
    """A read timeout or dropped connection after the hand-over is 'uncertain': not resent, not retried."""
    transport = MemoryTransport(DeliveryUncertain("Graph gave no answer while sending"))
    assert _deliver(ledger, transport) == "uncertain"
    assert resend_failed(ledger, transport, NOW) == [] and _deliver(ledger, transport) == "uncertain"
    assert transport.sent == []


def test_a_crash_between_send_and_record_never_sends_twice(ledger: MailLedger) -> None:
    """The ledger said 'sending' before the hand-over; after the crash the next attempt sends nothing."""
    transport = MemoryTransport(Crash())
    with pytest.raises(Crash):
        _deliver(ledger, transport)
    assert ledger.get("summary:r1").status == "sending"
    assert _deliver(ledger, transport) == "uncertain" and resend_failed(ledger, transport, NOW) == []
    assert len(transport.sent) == 1


def test_a_mail_refused_again_and_again_is_given_up(ledger: MailLedger) -> None:
    """After MAX_ATTEMPTS refusals the mail is abandoned (logged), not retried forever."""
    transport = MemoryTransport(*[RemoteError("refused", status=400)] * (MAX_ATTEMPTS + 2))
    _deliver(ledger, transport)
    results = [resend_failed(ledger, transport, NOW) for _ in range(MAX_ATTEMPTS + 1)]
    assert results[-2] == ["abandoned"] and results[-1] == [] and transport.sent == []


def _mailer(transport: MemoryTransport, send: str = "changes") -> Mailer:
    mail = MailConfig("iln-sync@education.ky.gov", ("iln@education.ky.gov",), send=send)
    return Mailer(mail, LINKS, transport, now=lambda: dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone.utc))


def test_after_run_follows_the_send_policy() -> None:
    """Under `changes` a run with changes is mailed and a quiet run is not; `never` mails nothing."""
    state, transport = State(":memory:"), MemoryTransport()
    assert _mailer(transport).after_run(state, full_report()) == "sent"
    assert _mailer(transport).after_run(state, quiet_report()) == "skipped"
    assert _mailer(transport, "never").after_run(state, full_report("Succeeded").with_(run_id="other")) == "skipped"
    assert len(transport.sent) == 1


def test_after_run_never_raises_when_sending_fails() -> None:
    """A failing transport is logged and recorded; the caller gets a status, the run's outcome stands."""
    state = State(":memory:")
    transport = MemoryTransport(RuntimeError("boom"))
    assert _mailer(transport).after_run(state, full_report()) == "failed"
    assert MailLedger(state).get(f"summary:{full_report().run_id}").status == "failed"
    assert _mailer(transport).after_run(state, quiet_report()) == "skipped" and len(transport.sent) == 1


from hypothesis import given, settings, strategies as st  # noqa: E402

OUTCOMES = st.sampled_from(["accept", "refuse", "uncertain", "crash"])


@settings(max_examples=150, deadline=None)
@given(st.lists(OUTCOMES, min_size=1, max_size=8))
def test_whatever_the_transport_does_a_key_is_delivered_at_most_once(outcomes: list[str]) -> None:
    """Runs after runs (deliver, then resend what was refused) never hand a key over twice once it may have
    gone out; a mail refused then accepted within the attempt budget ends 'sent' exactly once."""
    errors = {"accept": None, "refuse": RemoteError("refused", status=400),
              "uncertain": DeliveryUncertain("no answer"), "crash": Crash()}
    transport = MemoryTransport(*[errors[o] for o in outcomes])
    ledger = MailLedger(State(":memory:"))
    for _ in range(len(outcomes)):
        try:
            _deliver(ledger, transport)
            resend_failed(ledger, transport, NOW)
        except Crash:
            pass
    assert len(transport.sent) <= 1
    first_final = next((o for o in outcomes if o != "refuse"), None)
    refusals_before = outcomes.index(first_final) if first_final else len(outcomes)
    if first_final == "accept" and refusals_before < MAX_ATTEMPTS:
        assert ledger.get("summary:r1").status == "sent" and len(transport.sent) == 1
