"""`SiteGateway.run_batch` over SharePoint's `$batch`: many reads and writes in one request.

Each operation becomes one part (gateway/batch.py encodes and decodes); each part's answer is turned
into the same value or error the single call gives (a 412 part is a ConflictError, a 404 part a
RemoteError 404), so the engine handles per-part failures exactly as single requests. What a part
cannot finish is finished with single calls: the next pages of a long listing (`__next`), a change log
longer than one page, a part throttled inside the batch (429/503 part: replayed alone, after its
Retry-After, through the retry layer).

Retrying a whole batch: a batch of reads and IF-MATCH updates is safe to repeat (a replayed update
that had landed meets a 412 and is re-planned); a batch with a create is not (the create may have
landed), so after an ambiguous failure its operations are done one by one, each create looked up by
its key first (`retry.create_if_absent`) — the only lookup a create ever costs.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from sharepoint_sync.errors import RemoteError, RetryBudgetExhausted, TransientRemoteError
from sharepoint_sync.gateway import odata
from sharepoint_sync.gateway.batch import MAX_OPERATIONS, Operation, PartResponse, decode, encode
from sharepoint_sync.gateway.odata import list_path
from sharepoint_sync.log import get_logger
from sharepoint_sync.gateway.attachments import attachment_tags_from, attachments_request
from sharepoint_sync.ports import (AttachmentsQuery, ChangeSet, ChangesQuery, ChangeTokenExpired, CreateRow, Row,
                                   RowsQuery, SourcesQuery, UpdateRow, run_singly)
from sharepoint_sync.retry import classify_response

log = get_logger("sharepoint_sync.gateway")

#: a part's answer → the operation's result (may raise RemoteError for a failed part)
Decoder = Callable[[PartResponse], Any]


class BatchingMixin:
    """`run_batch` for SharePointGateway (uses its client, metadata and single calls)."""

    # Each `type: ignore[attr-defined]` below is a call to a method of SharePointGateway, the one class this
    # mixin is combined with (gateway/site.py); mypy checks the mixin on its own and cannot see them.

    client: Any

    def run_batch(self, operations: Sequence[Any]) -> list[Any]:
        """See ports.SiteGateway.run_batch: chunks of at most 100 operations, one request each."""
        results: list[Any] = []
        for start in range(0, len(operations), MAX_OPERATIONS):
            results += self._run_chunk(list(operations[start:start + MAX_OPERATIONS]))
        return results

    def _run_chunk(self, chunk: list[Any]) -> list[Any]:
        wire: list[tuple[Operation, Decoder] | None] = [self._wire(op) for op in chunk]
        sent = [w[0] for w in wire if w is not None]
        creates = any(isinstance(op, CreateRow) for op in chunk)
        parts: list[PartResponse] = []
        if sent:
            try:
                parts = self.client.retrier.call(lambda: self._send(sent), what=f"batch of {len(sent)}",
                                                 idempotent=not creates)
            except RetryBudgetExhausted:
                raise
            except TransientRemoteError as error:
                log.info("sp.batch.ambiguous", operations=len(sent), problem=str(error))
                return [self._after_ambiguity(op) for op in chunk]
        answers = iter(parts)
        return [run_singly(self, op) if w is None else self._result(op, w[1], next(answers))
                for op, w in zip(chunk, wire, strict=True)]

    def _after_ambiguity(self, op: Any) -> Any:
        """One operation of a batch whose answer was lost: a create looks its key up first (it may have
        landed), anything else is safe to repeat."""
        if not isinstance(op, CreateRow):
            return run_singly(self, op)
        try:
            return self.create_row(op.list_title, op.values, key_column=op.key_column,  # type: ignore[attr-defined]
                                   lookup_first=True)
        except (RemoteError, TransientRemoteError) as error:  # its own result: the others' are kept
            return error

    def _send(self, operations: list[Operation]) -> list[PartResponse]:
        content_type, body = encode(operations)
        # SharePoint meters each operation of a batch (throttling page): its cost is theirs
        cost = sum(1.0 if op.method == "GET" else 2.0 for op in operations)
        response = self.client.send("POST", self.client.url("$batch"), body=body,
                                    headers={"Content-Type": content_type}, cost=cost)
        return decode(response.headers.get("Content-Type") or "", response.content, operations)

    def _result(self, op: Any, decoder: Decoder, part: PartResponse) -> Any:
        if part.status_code >= 400:
            error = classify_response(part, self.client.site_url)
            if part.status_code == 401:  # refused before it ran: a fresh token, and the operation alone
                log.info("sp.retry", what="batch part", status=401, reason="token refreshed")
                self.client.retrier.refreshed_for_next_call()
                return run_singly(self, op)
            if isinstance(error, TransientRemoteError):  # throttled inside the batch: alone, through retry
                if error.retry_after is not None:
                    self.client.retrier.gate.close_for(error.retry_after)
                return run_singly(self, op)
            if isinstance(op, ChangesQuery) and isinstance(error, RemoteError) and _token_refused(error):
                return ChangeTokenExpired("the change token is expired or unknown", status=error.status,
                                          code=error.code, list=op.list_title)
            if isinstance(op, CreateRow) and is_duplicate(error):  # its key exists: that row, as create_row
                return run_singly(self, op)
            if isinstance(error, RemoteError):
                # not for the attachment folders: a 404 there says nothing of the list's cached metadata
                if error.status in (400, 404) and not isinstance(op, (ChangesQuery, AttachmentsQuery)):
                    self.revalidate(op.list_title)  # type: ignore[attr-defined]
                return error
            raise error
        try:
            return decoder(part)
        except RemoteError as error:
            return error

    # -- one operation → (wire operation, decoder); None: done with single calls -------------------

    def _wire(self, op: Any) -> tuple[Operation, Decoder] | None:
        if isinstance(op, ChangesQuery):
            return self._wire_changes(op)
        if isinstance(op, SourcesQuery):
            if op.item_ids is not None and len(op.item_ids) > 25:
                return None  # several `Id eq` chunks: the single call pages them
            return self._wire_sources(op)
        if isinstance(op, RowsQuery):
            return self._wire_rows(op)
        if isinstance(op, AttachmentsQuery):
            path, query = attachments_request(op.list_title)
            return Operation("GET", self.client.url(path, query)), lambda part: attachment_tags_from(
                self._rest_of_pages(_d(part)))
        if isinstance(op, CreateRow):
            return self._wire_create(op)
        if isinstance(op, UpdateRow):
            return self._wire_update(op)
        return None

    def _wire_changes(self, op: ChangesQuery) -> tuple[Operation, Decoder]:
        path = list_path(op.list_title)
        if op.token is None:
            url = self.client.url(path, odata.query({"$select": "CurrentChangeToken"}))
            return Operation("GET", url), lambda part: ChangeSet((), _d(part)["CurrentChangeToken"]["StringValue"])
        body = self.change_query_body(op.token)  # type: ignore[attr-defined]

        def decoded(part: PartResponse) -> ChangeSet:
            entries = list(_d(part).get("results", []))
            changes, next_token = self.parse_changes(entries, op.token)  # type: ignore[attr-defined]
            if self.change_page_full(entries):  # type: ignore[attr-defined]
                rest = self.get_changes(op.list_title, next_token)  # type: ignore[attr-defined]
                return ChangeSet(tuple(changes) + rest.changes, rest.next_token)
            return ChangeSet(tuple(changes), next_token)
        return Operation("POST", self.client.url(f"{path}/GetChanges"), body=body), decoded

    def _wire_sources(self, op: SourcesQuery) -> tuple[Operation, Decoder]:
        meta = self.meta(op.list_title)  # type: ignore[attr-defined]
        path, params = self.sources_request(op.list_title, op.kind, op.columns, op.item_ids)  # type: ignore[attr-defined]

        def decoded(part: PartResponse) -> list:
            raws = self._rest_of_pages(_d(part))
            return self.sources_from(meta, op.kind, raws, op.columns)  # type: ignore[attr-defined]
        return Operation("GET", self.client.url(path, odata.query(params))), decoded

    def _wire_rows(self, op: RowsQuery) -> tuple[Operation, Decoder]:
        meta = self.meta(op.list_title)  # type: ignore[attr-defined]
        params = {"$select": odata.select(["Id", *op.columns]), "$top": 1000}
        url = self.client.url(f"{list_path(op.list_title)}/items", odata.query(params))
        return Operation("GET", url), lambda part: [self._row(meta, raw, op.columns)  # type: ignore[attr-defined]
                                                    for raw in self._rest_of_pages(_d(part))]

    def _wire_create(self, op: CreateRow) -> tuple[Operation, Decoder]:
        meta = self.meta(op.list_title)  # type: ignore[attr-defined]
        body = self.wire_values(meta, op.values)  # type: ignore[attr-defined]

        def decoded(part: PartResponse) -> Row:
            data = _d(part)
            item_id = int(data.get("Id") or data.get("ID") or 0)
            log.info("sp.row.created", list=op.list_title, item_id=item_id, batched=True)
            return Row(item_id, str((data.get("__metadata") or {}).get("etag") or part.headers.get("ETag") or ""),
                       dict(op.values))
        return Operation("POST", self.client.url(f"{list_path(op.list_title)}/items"), body=body), decoded

    def _wire_update(self, op: UpdateRow) -> tuple[Operation, Decoder]:
        meta = self.meta(op.list_title)  # type: ignore[attr-defined]
        body = self.wire_values(meta, op.values)  # type: ignore[attr-defined]
        url = self.client.url(f"{list_path(op.list_title)}/items({int(op.item_id)})")

        def decoded(part: PartResponse) -> Row:
            etag = part.headers.get("ETag")
            if not etag:  # no ETag in the part: read it (as update_row does)
                fresh = self.read_row(op.list_title, op.item_id, [])  # type: ignore[attr-defined]
                etag = fresh.etag if fresh else op.etag
            return Row(int(op.item_id), etag, dict(op.values))
        headers = {"X-HTTP-Method": "MERGE", "IF-MATCH": op.etag}
        return Operation("POST", url, headers=headers, body=body), decoded

    def _rest_of_pages(self, first: dict[str, Any]) -> list[dict[str, Any]]:
        """The first page's results plus every further page (followed one request each)."""
        raws = list(first.get("results", []))
        if first.get("__next"):
            raws += list(self.client.pages(first["__next"], what="list items"))
        return raws


def _d(part: PartResponse) -> dict[str, Any]:
    """The verbose `d` of a part ({} for an empty body)."""
    if not part.content.strip():
        return {}
    try:
        data = part.json()
    except ValueError:  # garbled or cut off: as for a single request, a broken answer is worth one more try
        raise TransientRemoteError("SharePoint's answer inside a $batch could not be read (not JSON)",
                                   status=part.status_code, reason="unreadable") from None
    return data.get("d", data) if isinstance(data, dict) else {"results": data}


def _token_refused(error: RemoteError) -> bool:
    from sharepoint_sync.gateway.changes import _is_token_refused
    return _is_token_refused(error)


def is_duplicate(error: BaseException) -> bool:
    """A create refused for a duplicate value in a unique column (see SharePointGateway.existing_duplicate)."""
    from sharepoint_sync.gateway.site import is_duplicate as duplicate
    return duplicate(error)
