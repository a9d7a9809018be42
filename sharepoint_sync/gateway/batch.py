"""OData v3 `$batch` for SharePoint REST: encode several operations into one request, decode the parts.

Request form (learn.microsoft.com, "Make batch requests with the REST APIs"): a `multipart/mixed` body
with boundary `batch_<guid>`; each GET is an `application/http` part of its own; writes go inside a
`changeset_<guid>` part (we put every contiguous run of non-GET operations in one changeset). Each part
carries an absolute URL with ` HTTP/1.1`, its own headers and body.

Response form (recordings `batch-three-deletes`, `batch-mixed-200-204`, `batch-50-deletes-one-404`
under ../shared/reference/sharepoint-responses/): an outer 200 `multipart/mixed; boundary=batchresponse_<guid>`
whose parts come back *flat* and in order (changeset answers are not nested), each `application/http`
with the status line, upper-case part headers (CONTENT-TYPE, ETAG, LOCATION), a blank line and the body.
A failed operation is a part with its own 4xx/5xx status inside the 200 (batch-50-deletes-one-404);
SharePoint Online does not roll a changeset back, so every part stands on its own.

The limit per batch is 100 operations: PnP Core splits its batches at 100 (batch-50-deletes-one-404's
notes), and so do we (`MAX_OPERATIONS`).

office365-rest-python-client has its own batch (`ClientContext.execute_batch`, office365/runtime/odata/v3/
batch_request.py) but it batches the library's query objects; our requests are built by us
(`SharePointClient.send`), so the body is built here, and the response is parsed with the standard
library's MIME parser (the same one the library uses).
"""
from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any, Mapping, Sequence, cast

from sharepoint_sync.errors import TransientRemoteError

#: operations per `$batch` request (see module docstring)
MAX_OPERATIONS = 100
VERBOSE = "application/json;odata=verbose"


@dataclass(frozen=True)
class Operation:
    """One HTTP operation inside a batch: method (GET/POST), absolute URL, headers and JSON body."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = None


@dataclass
class PartResponse:
    """One part of a batch answer, shaped like a `requests.Response` for `retry.classify_response`."""

    status_code: int
    headers: dict[str, str]
    content: bytes
    url: str = ""
    method: str = ""

    @property
    def text(self) -> str:
        """The body as text."""
        return self.content.decode("utf-8", "replace")

    @property
    def request(self) -> Any:
        """What `classify_response` reads the method from."""
        return _Method(self.method)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.content.decode("utf-8-sig"))


@dataclass(frozen=True)
class _Method:
    method: str


def encode(operations: Sequence[Operation]) -> tuple[str, bytes]:
    """(Content-Type, body) of a `$batch` request carrying `operations` in order."""
    batch = f"batch_{uuid.uuid4()}"
    chunks: list[str] = []
    index = 0
    while index < len(operations):
        op = operations[index]
        if op.method.upper() == "GET":
            chunks.append(f"--{batch}\r\n" + _http_part(op))
            index += 1
            continue
        changeset = f"changeset_{uuid.uuid4()}"
        inner: list[str] = []
        while index < len(operations) and operations[index].method.upper() != "GET":
            inner.append(f"--{changeset}\r\n" + _http_part(operations[index]))
            index += 1
        chunks.append(f"--{batch}\r\nContent-Type: multipart/mixed; boundary={changeset}\r\n\r\n"
                      + "".join(inner) + f"--{changeset}--\r\n")
    body = "".join(chunks) + f"--{batch}--\r\n"
    return f"multipart/mixed; boundary={batch}", body.encode("utf-8")


def _http_part(op: Operation) -> str:
    lines = ["Content-Type: application/http", "Content-Transfer-Encoding: binary", "",
             f"{op.method.upper()} {op.url} HTTP/1.1", f"Accept: {VERBOSE}"]
    payload = ""
    if op.body is not None:
        payload = json.dumps(op.body, ensure_ascii=False)
        lines.append(f"Content-Type: {VERBOSE};charset=utf-8")
    lines += [f"{name}: {value}" for name, value in op.headers.items()]
    return "\r\n".join(lines) + "\r\n\r\n" + payload + "\r\n"


def decode(content_type: str, body: bytes, operations: Sequence[Operation]) -> list[PartResponse]:
    """The parts of a `$batch` answer, one per operation, in order.

    A body that does not parse, or holds another number of parts than operations were sent, is a
    transport failure (a cut-off answer), raised as TransientRemoteError.
    """
    if "boundary=" not in (content_type or ""):
        raise TransientRemoteError("the batch answer is not multipart", reason="truncated")
    message = message_from_bytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    parts: list[PartResponse] = []
    _collect(message, parts)
    if len(parts) != len(operations):
        raise TransientRemoteError("the batch answer is incomplete", reason="truncated",
                                   expected=len(operations), received=len(parts))
    for part, op in zip(parts, operations, strict=True):
        part.url, part.method = op.url.split("?", 1)[0], op.method
    return parts


def _collect(message: Message, out: list[PartResponse]) -> None:
    payload = message.get_payload()
    if not isinstance(payload, list):
        return
    # a multipart message's payload is a list of Message objects (docs.python.org: email.message.Message.get_payload)
    for part in cast(list[Message], payload):
        if part.is_multipart():
            _collect(part, out)
        elif part.get_content_type() == "application/http":
            raw = part.get_payload(decode=True)
            out.append(_parse_http(raw if isinstance(raw, bytes) else str(raw).encode()))


_STATUS_LINE = re.compile(r"HTTP/1\.[01] (\d{3})")


def _parse_http(raw: bytes) -> PartResponse:
    """`HTTP/1.1 200 OK`, headers, blank line, body (CRLF or LF, as the recordings are stored)."""
    text = raw.lstrip(b"\r\n")
    split = re.split(rb"\r?\n\r?\n", text, maxsplit=1)
    head, rest = split[0], (split[1] if len(split) > 1 else b"")
    lines = head.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
    match = _STATUS_LINE.match(lines[0].strip())
    if not match:
        raise TransientRemoteError("a batch part has no status line", reason="truncated")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[_header_name(key.strip())] = value.strip()
    return PartResponse(int(match.group(1)), headers, rest.rstrip(b"\r\n"))


def _header_name(name: str) -> str:
    """SharePoint spells part headers in upper case (ETAG, CONTENT-TYPE); we read them as `ETag`, …"""
    known = {"etag": "ETag", "content-type": "Content-Type", "location": "Location", "retry-after": "Retry-After"}
    return known.get(name.lower(), name)
