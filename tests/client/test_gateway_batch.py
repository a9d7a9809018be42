"""`SharePointGateway.run_batch` against the fake tenant: one `$batch` request, per-part failures answered
exactly as the single calls answer them, and the ambiguous and throttled cases."""
from __future__ import annotations

from typing import Any

import pytest

from sharepoint_sync import clock
from sharepoint_sync.config import Config
from sharepoint_sync.errors import ConflictError, RemoteError
from sharepoint_sync.gateway import SharePointGateway
from sharepoint_sync.gateway.batch import Operation, decode, encode
from sharepoint_sync.ports import ChangeSet, ChangesQuery, ChangeTokenExpired, CreateRow, Row, RowsQuery, UpdateRow
from tests.client.gateway_helpers import gateway_with_list
from tests.client.test_gateway import MEMBERS

pytestmark = pytest.mark.integration


@pytest.fixture()
def gateway(tenant_config: Config) -> SharePointGateway:
    """A gateway to the fake site with the members list created."""
    return gateway_with_list(tenant_config, MEMBERS)


def _api(emulator: Any, since: int) -> list[dict[str, Any]]:
    return [e for e in emulator.requests(since) if "/_api/" in e["path"]]


def test_reads_writes_and_change_queries_travel_in_one_request(gateway: SharePointGateway, emulator: Any) -> None:
    """Creates, an update, a listing and two change queries are one `$batch` on the wire, each with its result."""
    token = gateway.current_change_token(MEMBERS.title)
    first = gateway.create_row(MEMBERS.title, {"District": "Adair County"}, key_column="District")
    since = emulator.last_seq()
    results = gateway.run_batch([
        CreateRow(MEMBERS.title, {"District": "Boone County"}, "District"),
        UpdateRow(MEMBERS.title, first.item_id, {"District": "Adair County Schools"}, first.etag),
        RowsQuery(MEMBERS.title, ("District",)),
        ChangesQuery(MEMBERS.title, token),
        ChangesQuery(MEMBERS.title, None),
    ])
    [request] = _api(emulator, since)
    assert request["path"].endswith("/_api/$batch") and len(request["operations"]) == 5
    created, updated, rows, changes, current = results
    assert isinstance(created, Row) and created.item_id > first.item_id
    assert isinstance(updated, Row) and updated.etag and updated.etag != first.etag
    assert sorted(r.values["District"] for r in rows) == ["Adair County Schools", "Boone County"]
    assert isinstance(changes, ChangeSet) and {c.item_id for c in changes.changes} >= {first.item_id, created.item_id}
    assert isinstance(current, ChangeSet) and current.changes == () and current.next_token


def test_a_412_and_a_404_inside_the_batch_are_the_single_calls_errors(gateway: SharePointGateway, emulator: Any) -> None:
    """A stale ETag part is a ConflictError, a missing item a 404 RemoteError; the other parts still land."""
    row = gateway.create_row(MEMBERS.title, {"District": "Clark County"}, key_column="District")
    gateway.update_row(MEMBERS.title, row.item_id, {"District": "Clark County Schools"}, etag=row.etag)  # staff edit
    stale, missing, fine = gateway.run_batch([
        UpdateRow(MEMBERS.title, row.item_id, {"District": "Clark Co."}, row.etag),
        UpdateRow(MEMBERS.title, 9999, {"District": "Nowhere"}, '"1"'),
        CreateRow(MEMBERS.title, {"District": "Dayton Independent"}, "District"),
    ])
    assert isinstance(stale, ConflictError) and stale.status == 412
    assert isinstance(missing, RemoteError) and missing.status == 404
    assert isinstance(fine, Row)
    districts = sorted(r.values["District"] for r in gateway.read_rows(MEMBERS.title, ["District"]))
    assert districts == ["Clark County Schools", "Dayton Independent"]  # the staff edit is kept


def test_a_duplicate_key_part_returns_the_existing_row(gateway: SharePointGateway) -> None:
    """A create whose key exists (409 duplicate in a unique column) gives back that row, never a second one."""
    row = gateway.create_row(MEMBERS.title, {"District": "Estill County"}, key_column="District")
    [again] = gateway.run_batch([CreateRow(MEMBERS.title, {"District": "Estill County"}, "District")])
    assert isinstance(again, Row) and again.item_id == row.item_id
    assert len(gateway.read_rows(MEMBERS.title, ["District"])) == 1


def test_a_batch_answer_lost_after_its_creates_landed_creates_nothing_twice(
        gateway: SharePointGateway, emulator: Any) -> None:
    """The connection drops after the batch ran: each create looks its key up first and finds its row."""
    emulator.add_fault(method="POST", path=r"ILN Members'\)/items$", drop=True, count=1)
    results = gateway.run_batch([CreateRow(MEMBERS.title, {"District": d}, "District")
                                 for d in ("Fayette County", "Floyd County")])
    assert all(isinstance(r, Row) for r in results)
    assert sorted(r.values["District"] for r in gateway.read_rows(MEMBERS.title, ["District"])) == \
        ["Fayette County", "Floyd County"]


def test_a_throttled_part_is_replayed_alone_after_its_retry_after(gateway: SharePointGateway, emulator: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A 429 part (Retry-After: 2) is waited out and sent again on its own; no retry of the budget is spent."""
    waits: list[float] = []
    monkeypatch.setattr(clock, "sleep", waits.append)
    emulator.add_fault(method="POST", path=r"ILN Members'\)/items$", status=429, headers={"Retry-After": "2"},
                       count=1)
    gateway.meta(MEMBERS.title)
    since = emulator.last_seq()
    [row] = gateway.run_batch([CreateRow(MEMBERS.title, {"District": "Gallatin County"}, "District")])
    gateway.client.retrier.gate.reopen()
    assert isinstance(row, Row) and [r.values["District"] for r in gateway.read_rows(MEMBERS.title, ["District"])] \
        == ["Gallatin County"]
    assert [e["path"].rsplit("/", 1)[-1] for e in _api(emulator, since)][:2] == ["$batch", "items"]
    assert any(1.5 < w <= 2.0 for w in waits) and gateway.client.retrier.budget.spent == 0


def test_an_unknown_change_token_in_a_batch_is_change_token_expired(gateway: SharePointGateway) -> None:
    """A token the list does not know, asked inside a batch, answers ChangeTokenExpired as the single call does."""
    token = gateway.current_change_token(MEMBERS.title)
    future = ";".join(token.split(";")[:-1] + ["999999"])
    [answer] = gateway.run_batch([ChangesQuery(MEMBERS.title, future)])
    assert isinstance(answer, ChangeTokenExpired)


def test_more_than_100_operations_are_split_into_batches_of_100(gateway: SharePointGateway, emulator: Any) -> None:
    """150 creates go as two `$batch` requests (100 + 50), SharePoint's per-batch limit as PnP Core splits it."""
    gateway.meta(MEMBERS.title)
    since = emulator.last_seq()
    results = gateway.run_batch([CreateRow(MEMBERS.title, {"District": f"D{i:03d}"}, "District") for i in range(150)])
    assert all(isinstance(r, Row) for r in results)
    assert [len(e["operations"]) for e in _api(emulator, since)] == [100, 50]


def test_decode_reads_flat_parts_with_lf_line_ends_as_recorded() -> None:
    """A batch answer as in batch-50-deletes-one-404 / batch-mixed-200-204 (LF, upper-case part headers, a 404
    part inside the 200, a 204 with an empty body) decodes into one part per operation, in order."""
    boundary = "batchresponse_949c1af7-4216-41f2-a577-6c895ed2329a"
    body = (f"--{boundary}\nContent-Type: application/http\nContent-Transfer-Encoding: binary\n\n"
            "HTTP/1.1 204 No Content\nCONTENT-TYPE: application/json;odata=verbose;charset=utf-8\nETAG: \"7\"\n\n\n"
            f"--{boundary}\nContent-Type: application/http\nContent-Transfer-Encoding: binary\n\n"
            "HTTP/1.1 404 Not Found\nCONTENT-TYPE: application/json;odata=verbose;charset=utf-8\n\n"
            '{"error":{"code":"-2130575338, Microsoft.SharePoint.SPException","message":{"lang":"en-US",'
            '"value":"Item does not exist."}}}\n'
            f"--{boundary}--\n").encode()
    ops = [Operation("POST", "https://t/_api/a"), Operation("POST", "https://t/_api/b")]
    first, second = decode(f"multipart/mixed; boundary={boundary}", body, ops)
    assert (first.status_code, first.headers["ETag"], first.content) == (204, '"7"', b"")
    assert second.status_code == 404 and second.json()["error"]["message"]["value"] == "Item does not exist."


def test_encode_puts_reads_alone_and_writes_in_changesets() -> None:
    """GETs are parts of their own; consecutive writes share one changeset; every part names HTTP/1.1."""
    content_type, body = encode([Operation("GET", "https://t/_api/web"),
                                 Operation("POST", "https://t/_api/x", body={"a": 1}),
                                 Operation("POST", "https://t/_api/y", headers={"IF-MATCH": '"2"'}, body={})])
    text = body.decode()
    assert content_type.startswith("multipart/mixed; boundary=batch_")
    assert text.count("boundary=changeset_") == 1 and text.count("HTTP/1.1") == 3
    assert text.index("GET https://t/_api/web") < text.index("changeset_") and 'IF-MATCH: "2"' in text
