"""Record, send, record: the exactly-once discipline every mail goes through (ledger.py explains the states).

`deliver` sends a mail once per key; `resend_failed` gives the mails a transport refused for sure
another try (the same bytes). A transport raises our errors: `DeliveryUncertain` when the mail may
have gone out, any other `SyncError` when it surely did not. Nothing here raises for a failed send:
the caller's run has already ended and its outcome stands.
"""
from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol, Sequence

from sharepoint_sync.errors import DeliveryUncertain, describe
from sharepoint_sync.log import get_logger
from sharepoint_sync.mail.ledger import MAX_ATTEMPTS, MailEntry, MailLedger
from sharepoint_sync.mail.message import message_bytes, recipients_of

log = get_logger("sharepoint_sync.mail")


class Transport(Protocol):
    """Hands one message to a mail service."""

    name: str

    def send(self, sender: str, recipients: Sequence[str], data: bytes) -> None:
        """Send `data` (RFC 5322 bytes); raise DeliveryUncertain or another SyncError on failure."""


def deliver(ledger: MailLedger, transport: Transport, key: str, kind: str, sender: str, message: EmailMessage,
            now: str) -> str:
    """Send `message` unless its key was already handed over; returns sent, already_sent, uncertain or failed."""
    entry = ledger.get(key)
    if entry is not None and entry.status != "failed":
        if entry.status in ("sent", "abandoned"):
            log.info("mail.already_handled", key=key, kind=kind, status=entry.status)
            return "already_sent" if entry.status == "sent" else "abandoned"
        log.warning("mail.not_resent", key=key, kind=kind, status=entry.status,
                    why="it may have been delivered already (the worker stopped or got no answer while sending)")
        return "uncertain"
    if entry is not None:
        return _hand_over(ledger, transport, entry, now)
    data = message_bytes(message)
    recipients = recipients_of(message)
    ledger.begin(key, kind, sender, recipients, data, now)
    return _send(ledger, transport, key, kind, sender, recipients, data, now)


def resend_failed(ledger: MailLedger, transport: Transport, now: str) -> list[str]:
    """Send again every mail a transport refused for sure; returns each one's new status."""
    return [_hand_over(ledger, transport, entry, now) for entry in ledger.failed()]


def _hand_over(ledger: MailLedger, transport: Transport, entry: MailEntry, now: str) -> str:
    if entry.attempts >= MAX_ATTEMPTS:
        ledger.finish(entry.key, "abandoned", now, entry.last_error)
        log.error("mail.abandoned", key=entry.key, kind=entry.kind, attempts=entry.attempts, problem=entry.last_error)
        return "abandoned"
    ledger.begin(entry.key, entry.kind, entry.sender, entry.recipients, entry.message, now)
    return _send(ledger, transport, entry.key, entry.kind, entry.sender, entry.recipients, entry.message, now)


def _send(ledger: MailLedger, transport: Transport, key: str, kind: str, sender: str,
          recipients: Sequence[str], data: bytes, now: str) -> str:
    try:
        transport.send(sender, recipients, data)
    except DeliveryUncertain as error:
        ledger.finish(key, "uncertain", now, describe(error))
        log.error("mail.uncertain", key=key, kind=kind, transport=transport.name, problem=describe(error))
        return "uncertain"
    except Exception as error:  # noqa: BLE001 - a refused mail is recorded and retried next run, never raised
        ledger.finish(key, "failed", now, describe(error))
        log.warning("mail.send_failed", key=key, kind=kind, transport=transport.name, problem=describe(error))
        return "failed"
    ledger.finish(key, "sent", now)
    log.info("mail.sent", key=key, kind=kind, transport=transport.name, recipients=len(recipients), bytes=len(data))
    return "sent"
