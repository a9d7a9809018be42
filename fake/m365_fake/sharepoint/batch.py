"""`POST _api/$batch`: OData v3 multipart/mixed with changesets, answered as flat parts.

Response form from batch-three-deletes / batch-mixed-200-204 / batch-50-deletes-one-404
(.verbose.raw.json): `--batchresponse_<guid>` parts, each `Content-Type: application/http` and
`Content-Transfer-Encoding: binary`, then the status line, upper-case part headers (CONTENT-TYPE, ETAG,
LOCATION), a blank line and the body; changeset answers are flat (no nested changesetresponse).
The recordings are stored with LF; MIME (and office365's parser) use CRLF, which is what we send;
requests are accepted with either.
"""
from __future__ import annotations

import re
import uuid
from email import message_from_bytes
from email.message import Message
from http import HTTPStatus
from typing import Any, Callable, cast
from urllib.parse import urlsplit

from ..faults import apply_effects, fault_response, part_fault
from ..http import Headers, Request, Response
from . import errors
from .base import Ctx

#: SharePoint Online refuses batches above this many operations
MAX_OPERATIONS = 1000


def parse_batch(content_type: str, body: bytes) -> list[tuple[str, str, dict[str, str], bytes]]:
    """(method, url, headers, body) of every operation, changesets flattened in order."""
    if "boundary=" not in content_type:
        raise errors.bad_request("The batch request must be multipart/mixed with a boundary.")
    message = message_from_bytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    operations: list[tuple[str, str, dict[str, str], bytes]] = []
    _collect(message, operations)
    if not operations:
        raise errors.bad_request("The batch request contains no operations.")
    if len(operations) > MAX_OPERATIONS:
        raise errors.bad_request(f"The batch contains more than {MAX_OPERATIONS} operations.")
    return operations


def _collect(message: Message, out: list[tuple[str, str, dict[str, str], bytes]]) -> None:
    parts = message.get_payload()
    if not isinstance(parts, list):
        raise errors.bad_request("The batch request body is not a multipart message.")
    # a multipart message's payload is a list of Message objects (docs.python.org: email.message.Message.get_payload)
    for part in cast(list[Message], parts):
        if part.is_multipart():
            _collect(part, out)
        elif part.get_content_type() == "application/http":
            raw = part.get_payload(decode=True)
            out.append(_parse_operation(raw if isinstance(raw, bytes) else str(raw).encode()))
        else:
            raise errors.bad_request(f"Unexpected batch part type '{part.get_content_type()}'.")


def _parse_operation(raw: bytes) -> tuple[str, str, dict[str, str], bytes]:
    text = raw.lstrip(b"\r\n")
    head, sep, body = re.split(rb"(\r?\n\r?\n)", text, maxsplit=1) if re.search(rb"\r?\n\r?\n", text) \
        else (text, b"", b"")
    lines = head.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
    # office365 leaves spaces unencoded in the URL (GetByTitle('ILN Sync Runs')), so match up to " HTTP/1.1"
    m = re.fullmatch(r"(\w+) (.+?)(?: HTTP/1\.[01])?", lines[0].strip())
    if not m:
        raise errors.bad_request(f"The batch operation line '{lines[0][:100]}' is not valid.")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip()] = value.strip()
    return m.group(1).upper(), m.group(2), headers, body.strip(b"\r\n")


def run_batch(ctx: Ctx, handle_one: Callable[[Any, Request, str], Response]) -> Response:
    """Run every operation in order (changesets too: SharePoint Online does not roll them back)."""
    outer = ctx.request
    operations = parse_batch(outer.headers.get("Content-Type") or "", outer.body)
    boundary = f"batchresponse_{uuid.uuid4()}"
    chunks: list[bytes] = []
    effects = []
    served: list[dict[str, Any]] = []
    for method, url, headers, body in operations:
        inner = _inner_request(outer, method, url, headers, body)
        tunnelled = (headers.get("X-HTTP-Method") or headers.get("x-http-method") or "").upper()
        entry: dict[str, Any] = {"method": tunnelled if method == "POST" and tunnelled else method, "path": inner.path}
        served.append(entry)
        rule = part_fault(inner)
        if rule is not None and rule.status is not None:
            entry.update(status=rule.status, fault=rule.id)
            chunks.append(_part(boundary, fault_response(rule)))
            continue
        effects += [rule] if rule is not None else []
        marker = "/_api/"
        path = inner.path
        index = path.lower().find(marker)
        response = handle_one(ctx.site, inner, path[index + len(marker):] if index >= 0 else "") if index >= 0 \
            else errors.unknown_segment(path, "batch").response(True)
        entry["status"] = response.status
        chunks.append(_part(boundary, response))
    body_bytes = b"".join(chunks) + f"--{boundary}--\r\n".encode()
    answer = Response(200, Headers({"Content-Type": f"multipart/mixed; boundary={boundary}"}), body_bytes,
                      operations=served)
    for rule in effects:  # a dropped/cut-off part is a dropped/cut-off batch answer: the operations ran
        answer = apply_effects(rule, answer)
    return answer


def _inner_request(outer: Request, method: str, url: str, headers: dict[str, str], body: bytes) -> Request:
    parts = urlsplit(url)
    return Request(method=method, raw_path=parts.path, raw_query=parts.query, headers=Headers(headers), body=body,
                   auth=outer.auth, auth_error=outer.auth_error, base_url=outer.base_url)


def _part(boundary: str, response: Response) -> bytes:
    reason = HTTPStatus(response.status).phrase if response.status in HTTPStatus._value2member_map_ else ""
    lines = [f"--{boundary}", "Content-Type: application/http", "Content-Transfer-Encoding: binary", "",
             f"HTTP/1.1 {response.status} {reason}"]
    for key, value in response.headers.items():
        # Retry-After only appears on a fault-injected 429/503 part (no recording of a throttled part exists)
        if key.lower() in ("content-type", "etag", "location", "retry-after"):
            lines.append(f"{key.upper()}: {value}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")
    return head + response.body + b"\r\n"
