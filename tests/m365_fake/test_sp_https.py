"""Proof it is real: the UNMODIFIED office365 ClientContext drives the SharePoint emulation over HTTPS,
with a certificate token from msal and the fake tenant's CA (REQUESTS_CA_BUNDLE cannot override the
per-request `verify` that `with_transport` sets)."""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Callable

import pytest
from office365.runtime.auth.token_response import TokenResponse
from office365.runtime.client_request_exception import ClientRequestException
from office365.sharepoint.changes.query import ChangeQuery
from office365.sharepoint.client_context import ClientContext
from office365.sharepoint.exceptions import SPQueryThrottledException

from tests.m365_fake.user_code import new_list as make_list

LIBRARY = "Letters of Commitment"




def test_web_and_every_list_addressing_form(ctx: ClientContext, tenant_info: dict[str, Any]) -> None:
    """web, then one list reached by GetByTitle, GetById, getList(url) and a Lists(guid'…') URL."""
    web = ctx.web.get().execute_query()
    assert web.url == tenant_info["site_url"]
    created = make_list(ctx, "ILN Members")
    by_title = ctx.web.lists.get_by_title("ILN Members").get().execute_query()
    by_id = ctx.web.lists.get_by_id(created.id).get().execute_query()
    by_url = ctx.web.get_list("/sites/KYILN/Lists/ILN Members").get().execute_query()
    raw = ctx.pending_request().execute_request(f"web/Lists(guid'{created.id}')").json()
    assert {by_title.id, by_id.id, by_url.id, raw["d"]["Id"]} == {created.id}
    assert created.properties["ListItemEntityTypeFullName"] == "SP.Data.ILN_x0020_MembersListItem"


def test_fields_add_xml_and_index(ctx: ClientContext) -> None:
    """Fields added as text and as XML, then indexed, read back as SharePoint reports them."""
    members = make_list(ctx, "ILN Members")
    members.fields.add_text_field("District Name").execute_query()
    xml = '<Field Type="Text" Name="DistrictKey" DisplayName="District key" />'
    members.fields.create_field_as_xml(xml).execute_query()
    field = members.fields.get_by_internal_name_or_title("District key")
    field.set_property("Indexed", True).set_property("EnforceUniqueValues", True).update().execute_query()
    loaded = members.fields.get_by_internal_name_or_title("District key").get().execute_query()
    assert loaded.properties["Indexed"] is True and loaded.properties["EnforceUniqueValues"] is True
    names = {f.internal_name for f in members.fields.get().execute_query()}
    assert {"District_x0020_Name", "District_x0020_key"} <= names


def test_items_select_filter_top_orderby_and_quotes(ctx: ClientContext) -> None:
    """A filter with a doubled quote and an encoded ampersand matches exactly one item."""
    members = make_list(ctx, "ILN Members")
    for title in ("O'Brien & Sons", "O'Brien", "Adair County", "Boone County"):
        members.add_item({"Title": title})
    ctx.execute_batch()
    exact = members.items.filter("Title eq 'O''Brien %26 Sons'").select(["Title"]).get().execute_query()
    assert [i.properties["Title"] for i in exact] == ["O'Brien & Sons"]
    counties = members.items.filter("startswith(Title,'Ad') or startswith(Title,'Bo')").top(5).get().execute_query()
    assert [i.properties["Title"] for i in counties] == ["Adair County", "Boone County"]
    # office365's order_by() sends "$order_by" (not OData's $orderby), so $orderby goes through a raw request
    raw = ctx.pending_request().execute_request(
        "web/lists/GetByTitle('ILN Members')/items?$select=Title&$orderby=Title%20desc&$top=2").json()
    assert [r["Title"] for r in raw["d"]["results"]] == ["O'Brien & Sons", "O'Brien"]


def test_paging_a_250_item_list_through_next(ctx: ClientContext, emulator: Any) -> None:
    """250 items come back in three pages of 100, 100, 50, following the absolute __next links."""
    runs = make_list(ctx, "ILN Sync Runs")
    for n in range(250):
        runs.add_item({"Title": f"run {n:03d}"})
    ctx.execute_batch(items_per_batch=100)
    since = emulator.last_seq()
    titles = [i.properties["Title"] for i in runs.items.select(["Title"]).paged(100).get().execute_query()]
    assert titles == [f"run {n:03d}" for n in range(250)]
    pages = [e["query"] for e in emulator.requests(since) if e["path"].endswith("/items")]
    assert len(pages) == 3
    # requests re-encodes %3d as %3D on the way out, so compare case-insensitively
    assert [q.split("&")[0].lower() for q in pages[1:]] == ["%24skiptoken=paged%3dtrue%26p_id%3d100",
                                                            "%24skiptoken=paged%3dtrue%26p_id%3d200"]


def test_create_update_delete_with_a_stale_etag(ctx: ClientContext) -> None:
    """An update carrying an old ETag is refused with 412; the default IF-MATCH * succeeds."""
    members = make_list(ctx, "ILN Members")
    item = members.add_item({"Title": "Adair"}).execute_query()
    stale = '"1"'
    item.set_property("Title", "Adair County").update().execute_query()

    def send_stale_etag(request: Any) -> None:
        request.set_header("IF-MATCH", stale)
    ctx.pending_request().beforeExecute += send_stale_etag
    try:
        with pytest.raises(ClientRequestException) as caught:
            item.set_property("Title", "Overwritten").update().execute_query()
    finally:
        ctx.pending_request().beforeExecute -= send_stale_etag
    assert caught.value.response.status_code == 412
    assert members.items.get_by_id(item.id).get().execute_query().properties["Title"] == "Adair County"
    item.delete_object().execute_query()
    assert len(members.items.get().execute_query()) == 0


def test_upload_download_by_id_item_fields_and_chunked(ctx: ClientContext) -> None:
    """Files/add, $value, GetFileById, ListItemAllFields, a column written via MERGE, a chunked upload."""
    library = make_list(ctx, LIBRARY, 101)
    folder = library.root_folder.folders.add("2024").execute_query()
    uploaded = folder.upload_file("Adair & Boone #1.docx", b"PK letter").execute_query()
    content = ctx.web.get_file_by_server_relative_url(uploaded.server_relative_url).get_content().execute_query()
    assert content.value == b"PK letter"
    by_id = ctx.web.get_file_by_id(uploaded.unique_id).get().execute_query()
    assert by_id.name == "Adair & Boone #1.docx"
    library.fields.add_text_field("LOC Status").execute_query()
    item = by_id.listItemAllFields
    item.set_property("LOC_x0020_Status", "Processed").update().execute_query()
    assert by_id.listItemAllFields.get().execute_query().properties["LOC_x0020_Status"] == "Processed"
    big = bytes(range(256)) * 40
    chunked = folder.files.create_upload_session(io.BytesIO(big), chunk_size=4000, file_name="big.bin").execute_query()
    assert ctx.web.get_file_by_server_relative_url(chunked.server_relative_url).get_content().execute_query().value == big


def test_attachments(ctx: ClientContext) -> None:
    """An attachment added to a list item is listed and downloaded."""
    submissions = make_list(ctx, "LOC Submissions")
    item = submissions.add_item({"Title": "Adair"}).execute_query()
    item.attachment_files.add({"filename": "loc.docx", "content": b"PK attached"}).execute_query()
    files = item.attachment_files.get().execute_query()
    assert [f.file_name for f in files] == ["loc.docx"]
    assert files[0].get_content().execute_query().value == b"PK attached"


def test_page_publish_and_read_back(ctx: ClientContext) -> None:
    """A page is created, checked out, saved with canvas content, published and read back."""
    page = ctx.site_pages.pages.add("Members.aspx", "ILN Members").execute_query()
    canvas = json.dumps([{"controlType": 4, "id": "1", "innerHTML": "<p>ILN members</p>"}])
    page.checkout_page().execute_query()
    page.save_page_as_draft("ILN Members", canvas).execute_query()
    assert page.publish().execute_query().value is True
    back = ctx.site_pages.pages.get_by_url("SitePages/Members.aspx").get().execute_query()
    assert (back.properties["Version"], back.properties["CanvasContent1"]) == ("1.0", canvas)


def test_batch_with_a_missing_item(ctx: ClientContext) -> None:
    """execute_batch sends one $batch; the deletes land and a missing item's 404 is reported."""
    runs = make_list(ctx, "ILN Sync Runs")
    for n in range(3):
        runs.add_item({"Title": f"r{n}"})
    ctx.execute_batch()
    items = list(runs.items.get().execute_query())
    for item in items[:2]:
        item.delete_object()
    ctx.execute_batch()
    assert [i.properties["Title"] for i in runs.items.get().execute_query()] == ["r2"]
    runs.items.get_by_id(99).delete_object()
    with pytest.raises(ClientRequestException) as caught:
        ctx.execute_batch()
    assert "Item does not exist" in str(caught.value)


def test_change_token_round_trip(ctx: ClientContext) -> None:
    """GetChanges after a change returns it; with the newest token it returns nothing."""
    runs = make_list(ctx, "ILN Sync Runs")
    start = ctx.web.lists.get_by_title("ILN Sync Runs").select(["CurrentChangeToken"]).get().execute_query()
    token = start.properties["CurrentChangeToken"]
    runs.add_item({"Title": "after the token"}).execute_query()
    found = runs.get_changes(ChangeQuery(Item=True, ChangeTokenStart=token)).execute_query()
    assert [(c.properties["ChangeType"].value, c.properties["ItemId"]) for c in found] == [(1, 1)]
    newest = found[len(found) - 1].change_token
    assert len(runs.get_changes(ChangeQuery(Item=True, ChangeTokenStart=newest)).execute_query()) == 0


def test_list_view_threshold(ctx: ClientContext, clean_tenant: Any) -> None:
    """Above the (lowered) threshold a filter on a non-indexed column raises SPQueryThrottledException."""
    runs = make_list(ctx, "ILN Sync Runs")
    runs.fields.add_text_field("Outcome").execute_query()
    for n in range(4):
        runs.add_item({"Title": f"r{n}", "Outcome": "ok"})
    ctx.execute_batch()
    clean_tenant.site.threshold = 3
    with pytest.raises(SPQueryThrottledException):
        runs.items.filter("Outcome eq 'ok'").get().execute_query()


def _context(tenant_info: dict[str, Any], token: str) -> ClientContext:
    return (ClientContext(tenant_info["site_url"])
            .with_access_token(lambda: TokenResponse(access_token=token, token_type="Bearer"))
            .with_transport(verify=tenant_info["ca_path"]))


def test_client_secret_token_is_refused(clean_tenant: Any, tenant_info: dict[str, Any],
                                        get_token: Callable[..., str]) -> None:
    """A token got with the client secret is refused by SharePoint REST (401, ACS retirement)."""
    ctx = _context(tenant_info, get_token(credential="secret"))
    with pytest.raises(ClientRequestException) as caught:
        ctx.web.get().execute_query()
    response = caught.value.response
    assert response.status_code == 401 and "Unsupported app only token." in response.text
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="')


def test_graph_token_is_refused_and_missing_grant_is_403(clean_tenant: Any, tenant_info: dict[str, Any],
                                                         get_token: Callable[..., str]) -> None:
    """A token for another audience gets 401; without the site grant a valid token gets 403."""
    with pytest.raises(ClientRequestException) as caught:
        _context(tenant_info, get_token(tenant_info["graph_scope"])).web.get().execute_query()
    assert caught.value.response.status_code == 401
    clean_tenant.site.grant = False
    with pytest.raises(ClientRequestException) as caught:
        _context(tenant_info, get_token()).web.get().execute_query()
    assert caught.value.response.status_code == 403
    assert "System.UnauthorizedAccessException" in caught.value.response.text


def test_every_filter_operator_and_skip_ignored(ctx: ClientContext) -> None:
    """ne, lt, le, gt, ge and `and` select what SharePoint would; `$skip` on items is ignored, as SharePoint does."""
    runs = make_list(ctx, "ILN Sync Runs")
    runs.fields.add_number("Letters").execute_query()
    for n in range(1, 6):
        runs.add_item({"Title": f"r{n}", "Letters": n})
    ctx.execute_batch()

    def titles(expression: str) -> list[str]:
        return [i.properties["Title"] for i in runs.items.filter(expression).select(["Title"]).get().execute_query()]
    assert titles("Letters ne 3") == ["r1", "r2", "r4", "r5"]
    assert titles("Letters lt 3") == ["r1", "r2"]
    assert titles("Letters le 3") == ["r1", "r2", "r3"]
    assert titles("Letters gt 3") == ["r4", "r5"]
    assert titles("Letters ge 3 and Title ne 'r4'") == ["r3", "r5"]
    skipped = runs.items.skip(2).top(2).select(["Title"]).get().execute_query()
    assert [i.properties["Title"] for i in skipped] == ["r1", "r2"]


def test_writes_fetch_a_form_digest_from_contextinfo(ctx: ClientContext, emulator: Any) -> None:
    """The unmodified ClientContext POSTs _api/contextinfo before its first write, and the digest is accepted."""
    since = emulator.last_seq()
    make_list(ctx, "ILN Members")
    calls = [(e["method"], e["path"].rsplit("/_api/", 1)[-1].lower(), e["status"])
             for e in emulator.requests(since) if "/_api/" in e["path"]]
    assert calls == [("POST", "contextinfo", 200), ("POST", "web/lists", 201)]


def test_a_throttled_call_reaches_the_client_as_429_with_retry_after(ctx: ClientContext, emulator: Any) -> None:
    """With the budget spent, the ClientContext call fails with SharePoint's 429 and an integer Retry-After."""
    ctx.web.get().execute_query()
    emulator.set_budget(units_per_minute=1, retry_after=7)
    with pytest.raises(ClientRequestException) as caught:
        for _ in range(3):
            ctx.web.get().execute_query()
    response = caught.value.response
    assert (response.status_code, response.headers["Retry-After"], response.text) == (429, "7", "429 TOO MANY REQUESTS")


def test_graph_mail_with_an_msal_token_lands_in_the_outbox(clean_tenant: Any, tenant_info: dict[str, Any],
                                                           get_token: Callable[..., str]) -> None:
    """A sendMail sent with msal's certificate token for Graph is kept and written under DATA/outbox/ as .eml."""
    import requests

    session = requests.Session()
    session.trust_env = False
    answer = session.post(f"{tenant_info['graph_url']}/v1.0/users/iln-sync@education.ky.gov/sendMail",
                          verify=tenant_info["ca_path"], timeout=30,
                          headers={"Authorization": f"Bearer {get_token(tenant_info['graph_scope'])}"},
                          json={"message": {"subject": "ILN run", "body": {"contentType": "Text", "content": "ok"},
                                            "toRecipients": [{"emailAddress": {"address": "iln@education.ky.gov"}}]}})
    assert answer.status_code == 202
    [kept] = clean_tenant.outbox.messages
    assert kept["eml_path"].startswith(tenant_info["outbox_dir"]) and "Subject: ILN run" in Path(kept["eml_path"]).read_text()
