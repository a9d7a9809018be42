"""The RFC 5322 message of a mail (standard-library `email`): multipart/alternative, text then HTML.

Pure: the date and the exactly-once key are given. Every header value goes through the one sanitiser
(`headers.header_safe`); recipients come from configuration (and, for opted-in reminders, one checked
address). The Message-ID is derived from the key, so a resend of the same mail carries the same id.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Sequence

from sharepoint_sync.mail.headers import header_safe
from sharepoint_sync.mail.render import Rendered

#: the display name of the sender
SENDER_NAME = "ILN sync"


def build_message(rendered: Rendered, sender: str, to: Sequence[str], *, key: str, date: dt.datetime,
                  cc: Sequence[str] = ()) -> EmailMessage:
    """The message: From/To/Cc/Subject/Date/Message-ID, auto-generated markers, text and HTML parts."""
    message = EmailMessage()
    local, _, domain = sender.partition("@")
    message["From"] = Address(SENDER_NAME, local, domain)
    message["To"] = ", ".join(header_safe(a) for a in to)
    if cc:
        message["Cc"] = ", ".join(header_safe(a) for a in cc)
    message["Subject"] = header_safe(rendered.subject)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}.iln-sync@{header_safe(domain)}>"
    # RFC 3834: a machine sent this; Exchange's X-Auto-Response-Suppress keeps out-of-office replies away
    # (Microsoft Open Specifications, [MS-OXCMAIL] 2.2.3.2.14).
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


def message_bytes(message: EmailMessage) -> bytes:
    """The message as sent on the wire (CRLF line ends)."""
    return message.as_bytes(policy=SMTP)


def recipients_of(message: EmailMessage) -> tuple[str, ...]:
    """Every To and Cc address of a message built here."""
    return tuple(a.addr_spec for h in ("To", "Cc") for a in (message[h].addresses if message[h] else ()))
