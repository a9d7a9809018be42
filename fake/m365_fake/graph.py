"""Fake Microsoft Graph: `POST /v1.0/users/{upn}/sendMail`, 202 with an empty body.

Shape from tests/fixtures/sharepoint-responses/graph-sendmail-202.documented.json (Graph docs,
user-sendmail.md): `{"message": {"subject", "body": {"contentType", "content"}, "toRecipients": [...]},
"saveToSentItems"}`; permission Mail.Send. Errors use Graph's shape
`{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}`.
Every accepted message is kept and written as an RFC 5322 .eml file into the outbox directory.

The MIME form is accepted too (user-sendmail.md "Example 4: Send a new message using MIME format",
outlook-send-mime-message.md): `Content-Type: text/plain` and the whole RFC 5322 message base64-encoded
as the body; it is kept as sent (its own multipart/alternative parts), recipients from its To/Cc/Bcc.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import threading
import uuid
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from m365_fake.http import Request, Response, Router

_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


class GraphError(Exception):
    """A Graph error response."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def graph_error(status: int, code: str, message: str, request: Request | None = None) -> Response:
    """Graph's JSON error body."""
    inner = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S"),
             "request-id": str(uuid.uuid4()),
             "client-request-id": (request.headers.get("client-request-id") if request else None) or str(uuid.uuid4())}
    return Response.json({"error": {"code": code, "message": message, "innerError": inner}}, status=status,
                         content_type="application/json; charset=utf-8")


def _clean(value: Any) -> str:
    """A header-safe string: no CR/LF or other control characters (header injection)."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", str(value or "")).strip()


def _recipients(message: dict[str, Any], key: str) -> list[str]:
    value = message.get(key) or []
    if not isinstance(value, list):
        raise GraphError(400, "ErrorInvalidRecipients", f"'{key}' must be a collection of recipients.")
    addresses = []
    for entry in value:
        address = _clean(((entry or {}).get("emailAddress") or {}).get("address") if isinstance(entry, dict) else "")
        if not _ADDRESS.match(address):
            raise GraphError(400, "ErrorInvalidRecipients",
                             "At least one recipient is not valid., A message can't be sent because it contains no "
                             "recipients." if not address else f"At least one recipient is not valid., Recipient "
                             f"'{address}' is not resolved. All recipients must be resolved before a message can be "
                             "submitted.")
        addresses.append(address)
    return addresses


class Outbox:
    """Messages sent through the fake Graph, in memory and as .eml files under `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.messages: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        # the tenant lives in memory, so its outbox starts empty as its site does: .eml files an earlier
        # start left behind (numbered from 00001 again) would otherwise read as this tenant's mail
        for stale in directory.glob("[0-9][0-9][0-9][0-9][0-9]-*.eml") if directory.is_dir() else ():
            stale.unlink(missing_ok=True)

    def add(self, sender: str, message: Any, save_to_sent: bool) -> dict[str, Any]:
        """Validate a Graph message, keep it and write its .eml file; returns the kept record.
        `message` is whatever JSON the request held: `_record` refuses what is not a message."""
        record = _record(sender, message, save_to_sent)
        email = _to_email(record, message)
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._lock:
            number = len(self.messages) + 1
            path = self.directory / f"{number:05d}-{record['id']}.eml"
            path.write_bytes(email.as_bytes(policy=SMTP))
            record["eml_path"] = str(path)
            self.messages.append(record)
        return record

    def add_mime(self, sender: str, raw: bytes) -> dict[str, Any]:
        """Keep a MIME message (already decoded from base64) and write it as its .eml file."""
        parsed = message_from_bytes(raw, policy=SMTP)
        if len(parsed.get_all("Subject") or []) > 1:
            raise GraphError(400, "ErrorMimeContentInvalid", "The MIME content has more than one Subject header.")
        addresses = {key: [a.addr_spec for h in parsed.get_all(header) or [] for a in getattr(h, "addresses", ())]
                     for key, header in (("to", "To"), ("cc", "Cc"), ("bcc", "Bcc"))}
        for address in (a for group in addresses.values() for a in group):
            if not _ADDRESS.match(address):
                raise GraphError(400, "ErrorInvalidRecipients", f"At least one recipient is not valid., Recipient "
                                 f"'{_clean(address)}' is not resolved.")
        if not any(addresses.values()):
            raise GraphError(400, "ErrorInvalidRecipients",
                             "At least one recipient is not valid., A message can't be sent because it contains no recipients.")
        body = parsed.get_body(preferencelist=("html", "plain"))
        subtype = body.get_content_subtype() if body is not None else "plain"
        record = {"id": uuid.uuid4().hex, "from": sender, **addresses, "subject": _clean(parsed.get("Subject")),
                  "content_type": "html" if subtype == "html" else "text",
                  "content": body.get_content() if body is not None else "", "save_to_sent_items": True,
                  "sent_at": dt.datetime.now(dt.timezone.utc).isoformat(), "attachments": [], "mime": True}
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._lock:
            path = self.directory / f"{len(self.messages) + 1:05d}-{record['id']}.eml"
            path.write_bytes(raw)
            record["eml_path"] = str(path)
            self.messages.append(record)
        return record

    def reset(self) -> None:
        """Forget kept messages and delete their .eml files."""
        with self._lock:
            for record in self.messages:
                Path(record["eml_path"]).unlink(missing_ok=True)
            self.messages.clear()


def _record(sender: str, message: Any, save_to_sent: bool) -> dict[str, Any]:
    if not isinstance(message, dict):
        raise GraphError(400, "ErrorInvalidRequest", "The 'message' property is required.")
    body = message.get("body") or {}
    if not isinstance(body, dict) or not isinstance(body.get("content", ""), str):
        raise GraphError(400, "RequestBodyRead", "The 'body' property must be an itemBody object.")
    content_type = str(body.get("contentType") or "Text")
    if content_type.lower() not in ("text", "html"):
        raise GraphError(400, "RequestBodyRead", f"Requested value '{_clean(content_type)}' was not found.")
    to, cc, bcc = (_recipients(message, k) for k in ("toRecipients", "ccRecipients", "bccRecipients"))
    if not (to or cc or bcc):
        raise GraphError(400, "ErrorInvalidRecipients",
                         "At least one recipient is not valid., A message can't be sent because it contains no recipients.")
    return {"id": uuid.uuid4().hex, "from": sender, "to": to, "cc": cc, "bcc": bcc,
            "subject": _clean(message.get("subject")), "content_type": content_type.lower(),
            "content": body.get("content", ""), "save_to_sent_items": save_to_sent,
            "sent_at": dt.datetime.now(dt.timezone.utc).isoformat(), "attachments": []}


def _to_email(record: dict[str, Any], message: dict[str, Any]) -> EmailMessage:
    email = EmailMessage()
    email["From"] = record["from"]
    for header, key in (("To", "to"), ("Cc", "cc"), ("Bcc", "bcc")):
        if record[key]:
            email[header] = ", ".join(record[key])
    email["Subject"] = record["subject"]
    email["Date"] = format_datetime(dt.datetime.now(dt.timezone.utc))
    email["Message-ID"] = make_msgid(domain="fake-tenant.invalid")
    email.set_content(record["content"], subtype="html" if record["content_type"] == "html" else "plain")
    for attachment in message.get("attachments") or []:
        _attach(email, record, attachment)
    return email


def _attach(email: EmailMessage, record: dict[str, Any], attachment: Any) -> None:
    if not isinstance(attachment, dict) or attachment.get("@odata.type") != "#microsoft.graph.fileAttachment":
        raise GraphError(400, "ErrorInvalidRequest", "Only #microsoft.graph.fileAttachment attachments are supported.")
    try:
        data = base64.b64decode(str(attachment.get("contentBytes", "")), validate=True)
    except (binascii.Error, ValueError):
        raise GraphError(400, "ErrorInvalidRequest", "contentBytes is not valid base64.") from None
    name = _clean(attachment.get("name")).replace("/", "_") or "attachment"
    maintype, _, subtype = (_clean(attachment.get("contentType")) or "application/octet-stream").partition("/")
    email.add_attachment(data, maintype=maintype or "application", subtype=subtype or "octet-stream", filename=name)
    record["attachments"].append({"name": name, "size": len(data)})


class Graph:
    """The Graph routes: checks the bearer token's audience and Mail.Send role, then sends."""

    def __init__(self, outbox: Outbox, audiences: tuple[str, ...]) -> None:
        self.outbox = outbox
        self.audiences = {a.rstrip("/").lower() for a in audiences}

    def register(self, router: Router, prefix: str = "/graph") -> None:
        """Add `POST {prefix}/v1.0/users/{upn}/sendMail`."""
        router.add("POST", f"{prefix}/v1.0/users/<upn>/sendMail", self.send_mail)

    def send_mail(self, request: Request) -> Response:
        """202 and an empty body when the message is accepted."""
        try:
            self._authorize(request)
            upn = _clean(request.params["upn"])
            if not _ADDRESS.match(upn):
                raise GraphError(404, "ErrorInvalidUser", f"The requested user '{upn}' is invalid.")
            if (request.headers.get("Content-Type") or "").lower().startswith("text/plain"):
                self.outbox.add_mime(upn, self._mime(request))
            else:
                payload = self._payload(request)
                self.outbox.add(upn, payload.get("message"), bool(payload.get("saveToSentItems", True)))
        except GraphError as err:
            return graph_error(err.status, err.code, err.message, request)
        return Response(status=202)

    def _authorize(self, request: Request) -> None:
        if request.auth is None:
            message = "Access token is empty." if not request.auth_error else (
                "Lifetime validation failed, the token is expired." if "expired" in request.auth_error
                else "Invalid signature or token.")
            raise GraphError(401, "InvalidAuthenticationToken", message)
        if str(request.auth.get("aud", "")).rstrip("/").lower() not in self.audiences:
            raise GraphError(401, "InvalidAuthenticationToken", "Invalid audience.")
        if "Mail.Send" not in (request.auth.get("roles") or []):
            raise GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")

    @staticmethod
    def _mime(request: Request) -> bytes:
        try:
            raw = base64.b64decode(request.body.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise GraphError(400, "ErrorMimeContentInvalidBase64String", "Invalid base64 string for MIME content.") from None
        if not raw.strip():
            raise GraphError(400, "ErrorMimeContentInvalid", "The MIME content is empty.")
        return raw

    @staticmethod
    def _payload(request: Request) -> dict[str, Any]:
        if not request.body.strip():
            raise GraphError(400, "BadRequest", "Empty Payload. JSON content expected.")
        try:
            payload = request.json()
        except (ValueError, UnicodeDecodeError):
            raise GraphError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type "
                                                "header is set and payload is of valid JSON format.") from None
        if not isinstance(payload, dict):
            raise GraphError(400, "BadRequest", "Unable to read JSON request payload.")
        return payload
