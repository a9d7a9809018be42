"""Malformed SharePoint REST requests get SharePoint's 400 with an OData error body, never a 500 or a traceback."""
from __future__ import annotations

from typing import Any

import pytest

from tests.m365_fake.sp_helpers import call, error_of, make_site

LIST = "web/lists/GetByTitle('ILN Members')"
LIBRARY = "web/GetFolderByServerRelativeUrl('/sites/KYILN/Letters')"

MALFORMED = [
    ("POST", f"{LIST}/items", b"{not json"),
    ("POST", f"{LIST}/items", b"[1, 2]"),
    ("POST", f"{LIST}/items", b'{"Title": {"nested": 1}}'),
    ("PATCH", LIST, b"{bad"),
    ("POST", f"{LIST}/fields", b'{"__metadata": {"type": "SP.Field"}, "Title": "X", "FieldTypeKind": "nope"}'),
    ("POST", f"{LIST}/fields", b'{"__metadata": {"type": "SP.Field"}, "Title": "X", "FieldTypeKind": 2.5}'),
    ("POST", f"{LIST}/fields/CreateFieldAsXml", b'{"parameters": {"SchemaXml": "<Field"}}'),
    ("GET", f"{LIST}/items?$top=abc", None),
    ("GET", f"{LIST}/items?$top=-1", None),
    ("GET", f"{LIST}/items?$filter=((((", None),
    ("GET", f"{LIST}/items?$filter=Title eq 'unterminated", None),
    ("GET", f"{LIST}/items?$filter=startswith(Title)", None),
    ("GET", f"{LIST}/items?$orderby=Title sideways", None),
    ("GET", f"{LIST}/items?$skiptoken=garbage", None),
    ("GET", f"{LIST}/items(abc)", None),
    ("GET", "web/lists(guid'not-a-guid')", None),
    ("POST", "$batch", b"garbage"),
    ("POST", f"{LIST}/GetChanges", b'{"query": 5}'),
    ("POST", f"{LIBRARY}/Files/add(url='',overwrite=true)", b"x"),
]


@pytest.mark.parametrize("method,url,body", MALFORMED, ids=[f"{m} {u[-40:]} {b!r:.20}" for m, u, b in MALFORMED])
def test_malformed_request_is_a_400_with_an_odata_error(method: str, url: str, body: bytes | None) -> None:
    """Each malformed request answers 400 with an OData error (code and message), as SharePoint does."""
    _, router = make_site()
    for title, template in (("ILN Members", 100), ("Letters", 101)):
        assert call(router, "POST", "web/lists", {"__metadata": {"type": "SP.List"}, "Title": title,
                                                  "BaseTemplate": template}).status == 201
    response = call(router, method, url.replace(" ", "%20"), body,
                    headers={"Content-Type": "application/json;odata=verbose"} if body is not None else None)
    error = error_of(response)
    assert response.status == 400, (response.status, error)
    assert error["code"] and error["message"]["value"] and "Traceback" not in response.body.decode()


def test_a_fault_inside_a_handler_is_sharepoints_500_body_and_is_logged(monkeypatch: pytest.MonkeyPatch,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    """A bug in one handler answers SharePoint's 500 OData error (no traceback on the wire) and logs the traceback."""
    from m365_fake.sharepoint import dispatch

    def broken(self: Any, ctx: Any, seg: Any) -> Any:
        raise RuntimeError("a handler bug")

    _, router = make_site()
    monkeypatch.setattr(dispatch.RootNode, "child", broken)
    with caplog.at_level("ERROR"):
        response = call(router, "GET", "web")
    assert response.status == 500
    assert error_of(response)["code"] == "-2146233088, System.InvalidOperationException"
    assert "a handler bug" not in response.body.decode()
    assert any(r.exc_info and "a handler bug" in str(r.exc_info[1]) for r in caplog.records)
