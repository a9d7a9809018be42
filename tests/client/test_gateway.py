"""The SharePoint gateway against the fake tenant: provisioning, rows, encoding, paging and faults."""
from __future__ import annotations

import datetime as dt
import email.utils
from typing import Any

import pytest

from sharepoint_sync import USER_AGENT, clock
from sharepoint_sync.config import Config
from sharepoint_sync.errors import AuthError, ConflictError, PermissionDenied, RetryBudgetExhausted
from sharepoint_sync.edges import open_gateway
from sharepoint_sync.gateway import SharePointGateway
from sharepoint_sync.gateway.odata import list_path
from sharepoint_sync.ports import FieldSpec, ListSpec, ViewSpec
from sharepoint_sync.retry import RetryBudget
from tests.client.gateway_helpers import gateway_with_list

MEMBERS = ListSpec("ILN Members", "list", (
    FieldSpec("District", "District", "text", indexed=True, unique=True),
    FieldSpec("Status", "Status", "choice", ("Active", "Expired", "Needs review")),
    FieldSpec("GrantEligible", "Grant eligible", "boolean"),
    FieldSpec("LastSynced", "Last synced", "datetime"),
    FieldSpec("LatestLoc", "Latest LOC", "url"),
), views=(ViewSpec("Needs review", ("District", "Status"), (("Status", "Needs review"),)),))
TRICKY = "O'Brien & Sons #1 +100%"


@pytest.fixture()
def gateway(tenant_config: Config) -> SharePointGateway:
    """A gateway to the freshly reset fake site, with the members list provisioned."""
    return gateway_with_list(tenant_config, MEMBERS)


def api_requests(emulator: Any, since: int) -> list[dict[str, Any]]:
    """SharePoint REST requests in the fake tenant's log after `since`."""
    return [e for e in emulator.requests(since) if "/_api/" in e["path"]]


def test_provisioned_list_has_fields_index_and_view(gateway: SharePointGateway) -> None:
    """create_list/add_field/create_view leave the list as specified (exact internal names, unique index)."""
    info = gateway.get_list(MEMBERS.title)
    assert info is not None and info.template == "list"
    assert {"District", "Status", "GrantEligible", "LastSynced", "LatestLoc"} <= set(info.fields)
    assert info.fields["District"].indexed and info.fields["District"].unique
    assert "Needs review" in info.views
    assert gateway.get_list("No such list") is None


def test_provisioning_twice_creates_nothing_new(gateway: SharePointGateway, emulator: Any) -> None:
    """Provisioning again only looks things up: no POST is sent."""
    since = emulator.last_seq()
    gateway.create_list(MEMBERS)
    gateway.add_field(MEMBERS.title, MEMBERS.fields[0])
    gateway.create_view(MEMBERS.title, MEMBERS.views[0])
    assert [e for e in api_requests(emulator, since) if e["method"] == "POST"] == []


def test_row_values_round_trip_in_ports_conventions(gateway: SharePointGateway) -> None:
    """Values written come back in the ports conventions (bool, UTC datetime, URL as text)."""
    values = {"District": "Adair County", "Status": "Active", "GrantEligible": True,
              "LastSynced": "2026-11-28T03:00:00Z", "LatestLoc": "https://example.org/loc.docx"}
    row = gateway.create_row(MEMBERS.title, values, key_column="District")
    assert gateway.read_row(MEMBERS.title, row.item_id, list(values)).values == values


def test_tricky_district_name_round_trips_and_never_widens_the_filter(gateway: SharePointGateway,
                                                                     emulator: Any) -> None:
    """A name with a quote, &, #, + and % is stored intact and a $filter on it matches only itself."""
    for name in (TRICKY, "O'Brien", "O'Brien & Sons", "Sons #1 +100%", "O'Brien & Sons #1 100%"):
        gateway.create_row(MEMBERS.title, {"District": name, "Status": "Active"}, key_column="District")
    since = emulator.last_seq()
    found = gateway.find_rows(MEMBERS.title, "District", TRICKY, ["Status"])
    assert [r.values["District"] for r in found] == [TRICKY]
    (entry,) = api_requests(emulator, since)
    assert "#" not in entry["query"] and "&" not in entry["query"].split("$filter=", 1)[1].split("&$top")[0]
    assert sorted(r.values["District"] for r in gateway.read_rows(MEMBERS.title, ["District"]))[-1] == "Sons #1 +100%"


def test_create_row_is_idempotent_by_key(gateway: SharePointGateway) -> None:
    """Creating a row whose key exists returns the existing row instead of a duplicate."""
    first = gateway.create_row(MEMBERS.title, {"District": "Boone County"}, key_column="District")
    again = gateway.create_row(MEMBERS.title, {"District": "Boone County"}, key_column="District")
    assert again.item_id == first.item_id
    assert len(gateway.read_rows(MEMBERS.title, ["District"])) == 1


def test_create_whose_answer_is_lost_is_found_not_duplicated(gateway: SharePointGateway, emulator: Any) -> None:
    """The connection drops after the create landed: the lookup finds the row; no second POST is sent."""
    emulator.add_fault(method="POST", path=r"/items$", drop=True, count=1)
    row = gateway.create_row(MEMBERS.title, {"District": "Clark County"}, key_column="District")
    rows = gateway.read_rows(MEMBERS.title, ["District"])
    assert [r.item_id for r in rows] == [row.item_id]


def test_update_with_stale_etag_is_a_conflict(gateway: SharePointGateway) -> None:
    """MERGE with IF-MATCH: the current ETag succeeds and returns a new one; the old one gets ConflictError."""
    row = gateway.create_row(MEMBERS.title, {"District": "Dayton Independent", "Status": "Active"},
                             key_column="District")
    updated = gateway.update_row(MEMBERS.title, row.item_id, {"Status": "Expired"}, etag=row.etag)
    assert updated.etag != row.etag
    with pytest.raises(ConflictError):
        gateway.update_row(MEMBERS.title, row.item_id, {"Status": "Active"}, etag=row.etag)
    assert gateway.read_row(MEMBERS.title, row.item_id, ["Status"]).values["Status"] == "Expired"


def test_read_rows_pages_through_next_links(gateway: SharePointGateway, emulator: Any, monkeypatch: Any) -> None:
    """250 rows read with pages of 100 follow __next links and return every row once."""
    for n in range(250):
        gateway.client.post_json(f"{list_path(MEMBERS.title)}/items", {
            "__metadata": {"type": gateway.meta(MEMBERS.title).entity_type}, "District": f"D{n:03}"},
            what="seed row")
    monkeypatch.setattr("sharepoint_sync.gateway.site.PAGE_SIZE", 100)
    since = emulator.last_seq()
    rows = gateway.read_rows(MEMBERS.title, ["District"])
    assert sorted(r.values["District"] for r in rows) == [f"D{n:03}" for n in range(250)]
    assert len(api_requests(emulator, since)) == 3


def test_every_request_carries_the_decorated_user_agent(gateway: SharePointGateway, emulator: Any) -> None:
    """Every SharePoint request is sent with NONISV|KDE|iln-sync/<version>."""
    since = emulator.last_seq()
    gateway.create_row(MEMBERS.title, {"District": "Estill County"}, key_column="District")
    entries = api_requests(emulator, since)
    assert entries and {e["user_agent"] for e in entries} == {USER_AGENT}


def test_429_retry_after_seconds_is_honoured_once(gateway: SharePointGateway, emulator: Any) -> None:
    """A 429 with Retry-After: 1 is waited out once (no premature retry) and the read succeeds."""
    emulator.add_fault(method="GET", path=r"/_api/web$", status=429, headers={"Retry-After": "1"}, count=1)
    since = emulator.last_seq()
    assert gateway.web()["Title"]
    assert [e["status"] for e in api_requests(emulator, since)] == [429, 200]
    assert emulator.budget()["premature_retries"] == []


def test_429_retry_after_http_date_is_honoured(gateway: SharePointGateway, emulator: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A Retry-After given as an HTTP date waits until that date (sleep recorded, not slept)."""
    waits: list[float] = []
    monkeypatch.setattr(clock, "sleep", waits.append)
    when = email.utils.format_datetime(clock.now() + dt.timedelta(seconds=30), usegmt=True)
    emulator.add_fault(method="GET", path=r"/_api/web$", status=429, headers={"Retry-After": when}, count=1)
    assert gateway.web()["Title"]
    assert len(waits) == 1 and 25 <= waits[0] <= 31


def test_503_without_retry_after_backs_off(gateway: SharePointGateway, emulator: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Two 503s without Retry-After are retried after jittered backoff waits."""
    waits: list[float] = []
    monkeypatch.setattr(clock, "sleep", waits.append)
    emulator.add_fault(method="GET", path=r"/_api/web$", status=503, count=2)
    assert gateway.web()["Title"]
    assert len(waits) == 2 and all(0 <= w <= 2 for w in waits)


def test_retry_budget_exhaustion(tenant_config: Config, emulator: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a budget of 2 retries, a third transient failure ends with RetryBudgetExhausted."""
    monkeypatch.setattr(clock, "sleep", lambda s: None)
    gateway = open_gateway(tenant_config, budget=RetryBudget(2))
    emulator.add_fault(method="GET", path=r"/_api/web$", status=503, count=5)
    with pytest.raises(RetryBudgetExhausted):
        gateway.web()


def test_401_mid_run_refreshes_the_token_once(gateway: SharePointGateway, emulator: Any) -> None:
    """A 401 gets one fresh token from Entra and one replay."""
    emulator.add_fault(method="GET", path=r"/_api/web$", status=401, count=1)
    since = emulator.last_seq()
    assert gateway.web()["Title"]
    paths = [e["path"] for e in emulator.requests(since)]
    assert sum(p.endswith("/oauth2/v2.0/token") for p in paths) == 1
    assert sum(p.endswith("/_api/web") for p in paths) == 2


def test_second_401_is_an_auth_error(gateway: SharePointGateway, emulator: Any) -> None:
    """A 401 after the fresh token stops with AuthError."""
    emulator.add_fault(method="GET", path=r"/_api/web$", status=401, count=2)
    with pytest.raises(AuthError):
        gateway.web()


def test_403_is_permission_denied(gateway: SharePointGateway, tenant_info: dict[str, Any], https_session: Any) -> None:
    """Without the site grant every call stops at once with PermissionDenied naming the site."""
    grant = f"{tenant_info['control_url']}/site-grant"
    https_session.post(grant, json={"granted": False}).raise_for_status()
    try:
        with pytest.raises(PermissionDenied) as caught:
            gateway.read_rows(MEMBERS.title, ["District"])
    finally:
        https_session.post(grant, json={"granted": True}).raise_for_status()
    assert tenant_info["site_url"] in str(caught.value)


@pytest.mark.parametrize("fault", [{"drop": True}, {"truncate": True}], ids=["dropped", "truncated"])
def test_dropped_and_truncated_responses_are_retried(gateway: SharePointGateway, emulator: Any,
                                                     monkeypatch: pytest.MonkeyPatch, fault: dict[str, Any]) -> None:
    """A dropped connection or a cut-off body is a transport error: retried, and the read succeeds."""
    monkeypatch.setattr(clock, "sleep", lambda s: None)
    gateway.create_row(MEMBERS.title, {"District": "Fayette County"}, key_column="District")
    emulator.add_fault(method="GET", path=r"/items$", count=1, **fault)
    assert [r.values["District"] for r in gateway.read_rows(MEMBERS.title, ["District"])] == ["Fayette County"]


def test_no_premature_retry_under_the_throttling_budget(gateway: SharePointGateway, emulator: Any) -> None:
    """Under the fake tenant's throttling budget, every Retry-After is respected: the premature record stays empty."""
    emulator.set_budget(units_per_minute=120, read_cost=2, write_cost=2)
    try:
        for _ in range(62):
            gateway.web()
        state = emulator.budget()
    finally:
        emulator.clear_budget()
    assert state["budget"]["throttled"] >= 1
    assert state["premature_retries"] == []


LIBRARY = ListSpec("Letters of Commitment", "library", (FieldSpec("LocStatus", "LOC status", "text"),))
SUBMISSIONS = ListSpec("LOC Submissions", "list", (FieldSpec("Notes", "Notes", "note"),), attachments=True)


@pytest.fixture()
def content_gateway(tenant_config: Config) -> SharePointGateway:
    """A gateway with the library and the submissions list provisioned."""
    gw = open_gateway(tenant_config)
    for spec in (LIBRARY, SUBMISSIONS):
        gw.create_list(spec)
        for field in spec.fields:
            gw.add_field(spec.title, field)
    return gw


def test_library_documents_at_any_depth_are_listed_and_downloaded(content_gateway: SharePointGateway) -> None:
    """Files in nested folders are listed (folders excluded) with versions and links, and download intact."""
    gw = content_gateway
    gw.upload_file(LIBRARY.title, "Adair County LOC.docx", b"adair", folder="2026/Adair")
    gw.upload_file(LIBRARY.title, "Boone & Co #1.docx", b"boone")
    sources = gw.list_sources(LIBRARY.title, "library", ["LocStatus"])
    assert sorted(s.name for s in sources) == ["Adair County LOC.docx", "Boone & Co #1.docx"]
    by_name = {s.name: s for s in sources}
    assert by_name["Adair County LOC.docx"].contents[0].server_relative_url.endswith("/2026/Adair/Adair County LOC.docx")
    assert by_name["Boone & Co #1.docx"].link.endswith("Boone%20%26%20Co%20%231.docx")
    assert by_name["Boone & Co #1.docx"].version and by_name["Boone & Co #1.docx"].etag
    assert {gw.download(s.contents[0]) for s in sources} == {b"adair", b"boone"}
    only = gw.list_sources(LIBRARY.title, "library", [], item_ids=[by_name["Adair County LOC.docx"].item_id])
    assert [s.name for s in only] == ["Adair County LOC.docx"]


def test_submission_items_come_with_their_attachments(content_gateway: SharePointGateway) -> None:
    """A submission's attachments are listed as its contents and download intact."""
    gw = content_gateway
    row = gw.create_row(SUBMISSIONS.title, {"Title": "Clark County", "Notes": "signed copy"}, key_column="Title")
    gw.add_attachment(SUBMISSIONS.title, row.item_id, "Clark LOC.docx", b"clark")
    (item,) = gw.list_sources(SUBMISSIONS.title, "submission", ["Notes"])
    assert (item.name, item.fields["Notes"], [c.name for c in item.contents]) == ("Clark County", "signed copy",
                                                                                  ["Clark LOC.docx"])
    assert gw.download(item.contents[0]) == b"clark"


def test_change_token_round_trip(content_gateway: SharePointGateway) -> None:
    """Changes after a token name the new document; asking again from the returned token finds nothing new."""
    gw = content_gateway
    token = gw.current_change_token(LIBRARY.title)
    gw.upload_file(LIBRARY.title, "Estill.docx", b"estill")
    changes = gw.get_changes(LIBRARY.title, token)
    assert [c.kind for c in changes.changes] == ["add"]
    assert gw.get_changes(LIBRARY.title, changes.next_token).changes == ()


def test_page_is_published_with_its_content(tenant_config: Config) -> None:
    """A page is created, saved and published; publishing it again updates the same page."""
    gw = open_gateway(tenant_config)
    url = gw.publish_page("ILN sync report", "ILN sync report", "<p>3 letters read</p>")
    assert gw.publish_page("ILN sync report", "ILN sync report", "<p>4 letters read</p>") == url
    page = gw.client.get_json("sitepages/pages/GetByUrl('SitePages/ILN%20sync%20report.aspx')", what="read")
    assert "4 letters read" in page["CanvasContent1"] and page["Version"] == "2.0"
    assert page["AbsoluteUrl"] == url


def test_refused_form_digest_is_fetched_again_not_taken_as_a_permission_problem(
        gateway: SharePointGateway, emulator: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two digest refusals (403 -2130575251) on a create: a fresh digest is fetched and one row results."""
    monkeypatch.setattr(clock, "sleep", lambda s: None)
    body = {"error": {"code": "-2130575251, Microsoft.SharePoint.SPException",
                      "message": {"lang": "en-US", "value": "The security validation for this page is invalid."}}}
    emulator.add_fault(method="POST", path=r"/items$", status=403, body=body,
                       headers={"Content-Type": "application/json;odata=verbose"}, count=2)
    since = emulator.last_seq()
    gateway.create_row(MEMBERS.title, {"District": "Greenup County"}, key_column="District")
    assert [r.values["District"] for r in gateway.read_rows(MEMBERS.title, ["District"])] == ["Greenup County"]
    assert any(e["path"].lower().endswith("/_api/contextinfo") for e in emulator.requests(since))


def test_unknown_change_token_raises_change_token_expired(content_gateway: SharePointGateway) -> None:
    """A token the list does not know (from the future here) raises ChangeTokenExpired: the engine re-scans."""
    from sharepoint_sync.ports import ChangeTokenExpired
    token = content_gateway.current_change_token(LIBRARY.title)
    future = ";".join(token.split(";")[:-1] + ["999999"])
    with pytest.raises(ChangeTokenExpired):
        content_gateway.get_changes(LIBRARY.title, future)
