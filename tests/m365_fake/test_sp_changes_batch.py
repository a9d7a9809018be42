"""Change tokens / GetChanges and $batch of the SharePoint emulation, in-process."""
from __future__ import annotations

import re
from email import message_from_bytes
from typing import Any

import pytest

from tests.m365_fake.sp_helpers import SITE_URL, call, d, make_site

RUNS = "web/lists/GetByTitle('ILN Sync Runs')"


@pytest.fixture
def env() -> Any:
    site, router = make_site()
    call(router, "POST", "web/lists", {"Title": "ILN Sync Runs", "BaseTemplate": 100})
    return site, router


def token_of(router: Any) -> str:
    return d(call(router, "GET", f"{RUNS}?$select=CurrentChangeToken"))["CurrentChangeToken"]["StringValue"]


def changes(router: Any, path: str = RUNS, **query: Any) -> list[dict[str, Any]]:
    body = {"query": {"__metadata": {"type": "SP.ChangeQuery"}, **query}}
    return d(call(router, "POST", f"{path}/GetChanges", body))["results"]


def test_change_token_round_trip(env: Any) -> None:
    """Add/update/delete after a token come back in order with ChangeType 1/2/3; the newest token gives none."""
    _, router = env
    start = token_of(router)
    list_id = d(call(router, "GET", RUNS))["Id"]
    assert re.fullmatch(rf"1;3;{list_id};\d+;\d+", start)
    call(router, "POST", f"{RUNS}/items", {"Title": "a"})
    call(router, "POST", f"{RUNS}/items(1)", {"Title": "b"}, headers={"X-HTTP-Method": "MERGE"})
    call(router, "POST", f"{RUNS}/items(1)", headers={"X-HTTP-Method": "DELETE"})
    found = changes(router, Item=True, Add=True, Update=True, DeleteObject=True,
                    ChangeTokenStart={"__metadata": {"type": "SP.ChangeToken"}, "StringValue": start})
    assert [(c["__metadata"]["type"], c["ChangeType"], c["ItemId"]) for c in found] == \
        [("SP.ChangeItem", 1, 1), ("SP.ChangeItem", 2, 1), ("SP.ChangeItem", 3, 1)]
    newest = found[-1]["ChangeToken"]["StringValue"]
    assert newest.startswith(f"1;3;{list_id};")
    assert changes(router, Item=True, ChangeTokenStart=newest) == []
    assert token_of(router).rsplit(";", 1)[1] == newest.rsplit(";", 1)[1]   # CurrentChangeToken = newest change


def test_change_query_flags_filter_kinds_and_limit(env: Any) -> None:
    """Only the asked change types come back, FetchLimit caps them, web scope uses "1;2;<webId>" tokens."""
    _, router = env
    start = token_of(router)
    for title in "abc":
        call(router, "POST", f"{RUNS}/items", {"Title": title})
    call(router, "POST", f"{RUNS}/items(2)", {"Title": "B"}, headers={"X-HTTP-Method": "MERGE"})
    only_updates = changes(router, Item=True, Add=False, ChangeTokenStart=start)
    assert [(c["ChangeType"], c["ItemId"]) for c in only_updates] == [(2, 2)]
    assert len(changes(router, Item=True, ChangeTokenStart=start, FetchLimit="2")) == 2
    web = changes(router, "web", Item=True, List=True, ChangeTokenStart=None)
    web_id = d(call(router, "GET", "web?$select=Id"))["Id"]
    assert {c["__metadata"]["type"] for c in web} == {"SP.ChangeItem", "SP.ChangeList"}
    assert all(c["ChangeToken"]["StringValue"].startswith(f"1;2;{web_id};") for c in web)


def test_changes_in_other_lists_stay_out_of_a_list_scope(env: Any) -> None:
    """A list's GetChanges never shows another list's items."""
    _, router = env
    start = token_of(router)
    call(router, "POST", "web/lists", {"Title": "Other", "BaseTemplate": 100})
    call(router, "POST", "web/lists/GetByTitle('Other')/items", {"Title": "x"})
    assert changes(router, Item=True, ChangeTokenStart=start) == []


def test_bad_change_token_is_a_400(env: Any) -> None:
    """An unreadable token is refused with an OData error."""
    _, router = env
    response = call(router, "POST", f"{RUNS}/GetChanges", {"query": {"Item": True, "ChangeTokenStart": "garbage"}})
    assert response.status == 400


def batch_body(boundary: str, operations: list[str]) -> bytes:
    changeset = "changeset_1"
    parts = [f"--{boundary}", f"Content-Type: multipart/mixed; boundary={changeset}", ""]
    for op in operations[:-1]:
        parts += [f"--{changeset}", "Content-Type: application/http", "Content-Transfer-Encoding: binary", "", op]
    parts += [f"--{changeset}--", f"--{boundary}", "Content-Type: application/http",
              "Content-Transfer-Encoding: binary", "", operations[-1], f"--{boundary}--", ""]
    return "\r\n".join(parts).encode()


def test_batch_runs_changesets_and_reports_each_part(env: Any) -> None:
    """Flat batchresponse parts with status lines, upper-case headers and one 404 inside an outer 200."""
    _, router = env
    call(router, "POST", f"{RUNS}/items", {"Title": "a"})
    items = f"{SITE_URL}/_api/web/lists/GetByTitle('ILN Sync Runs')/items"
    ops = [f"POST {items} HTTP/1.1\r\nContent-Type: application/json;odata=verbose\r\n\r\n{{\"Title\": \"b\"}}",
           f"DELETE {items}(1) HTTP/1.1\r\nIF-MATCH: *\r\n\r\n",
           f"DELETE {items}(99) HTTP/1.1\r\nIF-MATCH: *\r\n\r\n",
           f"GET {items}?$select=Title HTTP/1.1\r\nAccept: application/json;odata=verbose\r\n\r\n"]
    response = call(router, "POST", "$batch", batch_body("batch_x", ops),
                    headers={"Content-Type": "multipart/mixed; boundary=batch_x"})
    assert response.status == 200
    content_type = response.headers["Content-Type"]
    assert re.fullmatch(r"multipart/mixed; boundary=batchresponse_[0-9a-f-]{36}", content_type)
    message = message_from_bytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + response.body)
    parts = [p.get_payload(decode=True) for p in message.get_payload()]
    statuses = [p.split(b"\r\n", 1)[0].decode() for p in parts]
    assert statuses == ["HTTP/1.1 201 Created", "HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK"]
    assert b"CONTENT-TYPE: application/json;odata=verbose;charset=utf-8" in parts[0]
    assert b"Item does not exist. It may have been deleted by another user." in parts[2]
    assert b'"Title": "b"' in parts[3] and b'"Title": "a"' not in parts[3]


def test_malformed_batch_is_a_400(env: Any) -> None:
    """A batch without a boundary or with a broken operation line answers 400, not a traceback."""
    _, router = env
    assert call(router, "POST", "$batch", b"x", headers={"Content-Type": "multipart/mixed"}).status == 400
    bad = batch_body("b", ["NONSENSE", "GET"])
    assert call(router, "POST", "$batch", bad, headers={"Content-Type": "multipart/mixed; boundary=b"}).status == 400


def test_expired_and_future_tokens_are_refused(env: Any) -> None:
    """After the log is forgotten an old start token is refused unless IgnoreStartTokenNotFoundError."""
    site, router = env
    old = token_of(router)
    call(router, "POST", f"{RUNS}/items", {"Title": "a"})
    site.expire_changes()
    refused = call(router, "POST", f"{RUNS}/GetChanges", {"query": {"Item": True, "ChangeTokenStart": old}})
    assert refused.status == 400 and "ArgumentOutOfRangeException" in refused.body.decode()
    assert changes(router, Item=True, ChangeTokenStart=old, IgnoreStartTokenNotFoundError=True) == []
    future = old.rsplit(";", 1)[0] + ";999999"
    assert call(router, "POST", f"{RUNS}/GetChanges", {"query": {"Item": True, "ChangeTokenStart": future}}).status == 400
    fresh = token_of(router)
    call(router, "POST", f"{RUNS}/items", {"Title": "b"})
    assert [(c["ChangeType"], c["ItemId"]) for c in changes(router, Item=True, ChangeTokenStart=fresh)] == [(1, 2)]
