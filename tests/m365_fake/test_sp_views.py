"""List views of the SharePoint emulation: the collection, one view, ViewFields and the view's CAML filter."""
from __future__ import annotations

from typing import Any, Callable

import pytest
from office365.runtime.auth.token_response import TokenResponse
from office365.sharepoint.client_context import ClientContext
from office365.sharepoint.lists.creation_information import ListCreationInformation

from m365_fake.sharepoint.views import view_filter_matches
from tests.m365_fake.sp_helpers import call, d, error_of, make_site

MEMBERS = "web/lists/GetByTitle('ILN Members')"
LIBRARY = "web/lists/GetByTitle('Letters of Commitment')"
NEEDS_REVIEW = f"{MEMBERS}/views/GetByTitle('Needs review')"
QUERY = "<Where><Eq><FieldRef Name=\"MemberStatus\"/><Value Type=\"Text\">Needs review</Value></Eq></Where>"


@pytest.fixture
def router() -> Any:
    """A site with the ILN Members list (a MemberStatus column) and a library."""
    _, router = make_site()
    d(call(router, "POST", "web/lists", {"__metadata": {"type": "SP.List"}, "Title": "ILN Members", "BaseTemplate": 100}))
    d(call(router, "POST", "web/lists", {"__metadata": {"type": "SP.List"}, "Title": "Letters of Commitment",
                                         "BaseTemplate": 101}))
    d(call(router, "POST", f"{MEMBERS}/fields", {"__metadata": {"type": "SP.Field"}, "Title": "Member status",
                                                 "InternalName": "MemberStatus", "FieldTypeKind": 2}))
    d(call(router, "POST", f"{MEMBERS}/views", {"__metadata": {"type": "SP.View"}, "Title": "Needs review",
                                                "PersonalView": False, "RowLimit": 100, "ViewQuery": QUERY}))
    return router


def shown(router: Any, view: str = NEEDS_REVIEW) -> list[str]:
    """The view's field names as SP.ViewFieldCollection.Items reports them."""
    return d(call(router, "GET", f"{view}/ViewFields"))["Items"]["results"]


def test_new_list_and_library_start_with_their_default_views(router: Any) -> None:
    """A list starts with "All Items" (LinkTitle), a library with "All Documents" under Forms/."""
    items = d(call(router, "GET", f"{MEMBERS}/DefaultView"))
    assert items["Title"] == "All Items" and items["DefaultView"] is True
    assert items["ServerRelativeUrl"] == "/sites/KYILN/Lists/ILN Members/AllItems.aspx"
    assert shown(router, f"{MEMBERS}/DefaultView") == ["LinkTitle"]
    docs = d(call(router, "GET", f"{LIBRARY}/DefaultView"))
    assert docs["ServerRelativeUrl"] == "/sites/KYILN/Letters of Commitment/Forms/AllItems.aspx"
    assert shown(router, f"{LIBRARY}/DefaultView") == ["DocIcon", "LinkFilename", "Modified", "Editor"]


def test_posted_view_answers_201_with_deferred_view_fields_and_its_query(router: Any) -> None:
    """POST …/views (SP.View) made the view: ViewFields deferred, ViewQuery kept, CAML in ListViewXml."""
    view = d(call(router, "GET", NEEDS_REVIEW))
    assert view["__metadata"]["type"] == "SP.View" and set(view["ViewFields"]) == {"__deferred"}
    assert view["ViewQuery"] == QUERY and view["RowLimit"] == 100 and view["DefaultView"] is False
    assert f"<Query>{QUERY}</Query>" in view["ListViewXml"]
    assert shown(router) == []
    again = call(router, "POST", f"{MEMBERS}/views", {"__metadata": {"type": "SP.View"}, "Title": "Other"})
    assert again.status == 201 and d(again)["ServerRelativeUrl"].endswith("/Other.aspx")


def test_add_view_field_by_internal_or_display_name_appends_the_internal_name_once(router: Any) -> None:
    """addViewField('Member status') stores MemberStatus; a second add of a shown field changes nothing."""
    for name in ("LinkTitle", "Member status", "MemberStatus", "Modified"):
        assert d(call(router, "POST", f"{NEEDS_REVIEW}/ViewFields/addViewField('{name}')")) == {"AddViewField": None}
    collection = d(call(router, "GET", f"{NEEDS_REVIEW}/ViewFields"))
    assert collection["__metadata"]["type"] == "SP.ViewFieldCollection"
    assert collection["Items"]["results"] == ["LinkTitle", "MemberStatus", "Modified"]
    assert collection["SchemaXml"] == ('<FieldRef Name="LinkTitle" /><FieldRef Name="MemberStatus" />'
                                       '<FieldRef Name="Modified" />')


def test_add_view_field_that_is_no_field_of_the_list_is_an_argument_error(router: Any) -> None:
    """A name that is no field of the list: 400 System.ArgumentException, the view unchanged."""
    response = call(router, "POST", f"{NEEDS_REVIEW}/ViewFields/AddViewField('NoSuchColumn')")
    assert response.status == 400
    error = error_of(response)
    assert error["code"] == "-2147024809, System.ArgumentException" and "does not exist" in error["message"]["value"]
    assert shown(router) == []


def test_move_remove_and_remove_all_view_fields(router: Any) -> None:
    """moveViewFieldTo puts a field at a 0-based index; removeViewField and removeAllViewFields take fields out."""
    for name in ("LinkTitle", "MemberStatus", "Modified"):
        d(call(router, "POST", f"{NEEDS_REVIEW}/ViewFields/AddViewField('{name}')"))
    d(call(router, "POST", f"{NEEDS_REVIEW}/ViewFields/MoveViewFieldTo", {"field": "Modified", "index": 0}))
    assert shown(router) == ["Modified", "LinkTitle", "MemberStatus"]
    outside = call(router, "POST", f"{NEEDS_REVIEW}/ViewFields/MoveViewFieldTo", {"field": "Modified", "index": 7})
    assert outside.status == 400 and "ArgumentOutOfRange" in error_of(outside)["code"]
    d(call(router, "POST", f"{NEEDS_REVIEW}/ViewFields/RemoveViewField('LinkTitle')"))
    assert shown(router) == ["Modified", "MemberStatus"]
    d(call(router, "POST", f"{NEEDS_REVIEW}/ViewFields/RemoveAllViewFields"))
    assert shown(router) == []


def test_view_is_reached_by_title_id_and_guid_and_expands_its_fields(router: Any) -> None:
    """GetByTitle, GetById and views(guid'…') reach one view; $expand=ViewFields inlines the collection."""
    d(call(router, "POST", f"{NEEDS_REVIEW}/ViewFields/AddViewField('MemberStatus')"))
    view_id = d(call(router, "GET", NEEDS_REVIEW))["Id"]
    by_id = d(call(router, "GET", f"{MEMBERS}/views/GetById('{view_id}')?$select=Title"))
    by_guid = d(call(router, "GET", f"{MEMBERS}/Views(guid'{view_id}')?$expand=ViewFields"))
    assert by_id["Title"] == by_guid["Title"] == "Needs review"
    assert by_guid["ViewFields"]["Items"]["results"] == ["MemberStatus"]
    missing = call(router, "GET", f"{MEMBERS}/views/GetByTitle('No such view')")
    assert missing.status == 400 and "does not exist" in error_of(missing)["message"]["value"]


def test_views_are_listed_with_select(router: Any) -> None:
    """GET …/views lists every view; $select keeps the asked properties."""
    rows = d(call(router, "GET", f"{MEMBERS}/views?$select=Title,DefaultView"))["results"]
    assert [(r["Title"], r["DefaultView"]) for r in rows] == [("All Items", True), ("Needs review", False)]
    assert set(rows[0]) == {"__metadata", "Title", "DefaultView"}


def test_merge_and_delete_a_view_but_never_the_default(router: Any) -> None:
    """MERGE changes the title and query (204); DELETE removes a view; the default view stays."""
    merged = call(router, "POST", NEEDS_REVIEW, {"__metadata": {"type": "SP.View"}, "Title": "To check", "ViewQuery": ""},
                  headers={"X-HTTP-Method": "MERGE", "IF-MATCH": "*"})
    assert merged.status == 204
    assert d(call(router, "GET", f"{MEMBERS}/views/GetByTitle('To check')"))["ViewQuery"] == ""
    assert call(router, "POST", f"{MEMBERS}/views/GetByTitle('To check')", headers={"X-HTTP-Method": "DELETE"}).status == 200
    refused = call(router, "POST", f"{MEMBERS}/DefaultView", headers={"X-HTTP-Method": "DELETE"})
    assert refused.status == 400
    assert [r["Title"] for r in d(call(router, "GET", f"{MEMBERS}/views"))["results"]] == ["All Items"]


def test_field_added_to_default_view_and_deleted_field_leaves_views(router: Any) -> None:
    """CreateFieldAsXml with AddFieldToDefaultView (16) shows the column; deleting a column removes it from views."""
    body = {"parameters": {"__metadata": {"type": "SP.XmlSchemaFieldCreationInformation"},
                           "SchemaXml": '<Field Type="Text" Name="Notes" DisplayName="Notes"/>', "Options": 8 | 16}}
    d(call(router, "POST", f"{MEMBERS}/fields/CreateFieldAsXml", body))
    d(call(router, "POST", f"{NEEDS_REVIEW}/ViewFields/AddViewField('Notes')"))
    assert shown(router, f"{MEMBERS}/DefaultView") == ["LinkTitle", "Notes"]
    deleted = call(router, "POST", f"{MEMBERS}/fields/GetByInternalNameOrTitle('Notes')", headers={"X-HTTP-Method": "DELETE"})
    assert deleted.status == 200
    assert shown(router, f"{MEMBERS}/DefaultView") == ["LinkTitle"] and shown(router) == []


def test_view_filter_lets_through_only_matching_rows() -> None:
    """The view's CAML <Where> (Eq, And, Or, IsNull) decides which rows it shows; no <Where> shows all."""
    both = ("<Where><And><Eq><FieldRef Name='S'/><Value Type='Text'>Needs review</Value></Eq>"
            "<Or><IsNull><FieldRef Name='D'/></IsNull><Eq><FieldRef Name='D'/><Value Type='Text'>x</Value></Eq></Or>"
            "</And></Where><OrderBy><FieldRef Name='ID'/></OrderBy>")
    assert view_filter_matches(QUERY, {"MemberStatus": "Needs review"})
    assert not view_filter_matches(QUERY, {"MemberStatus": "Active"})
    assert view_filter_matches(both, {"S": "Needs review", "D": None})
    assert not view_filter_matches(both, {"S": "Needs review", "D": "y"})
    assert view_filter_matches("", {"S": "anything"})


def test_snapshot_counts_the_rows_each_view_shows() -> None:
    """GET state reports, per list, how many items each view's filter lets through."""
    site, router = make_site()
    d(call(router, "POST", "web/lists", {"__metadata": {"type": "SP.List"}, "Title": "ILN Members", "BaseTemplate": 100}))
    d(call(router, "POST", f"{MEMBERS}/fields", {"__metadata": {"type": "SP.Field"}, "Title": "MemberStatus",
                                                 "FieldTypeKind": 2}))
    d(call(router, "POST", f"{MEMBERS}/views", {"__metadata": {"type": "SP.View"}, "Title": "Needs review",
                                                "ViewQuery": QUERY}))
    for status in ("Needs review", "Active", "Needs review"):
        d(call(router, "POST", f"{MEMBERS}/items", {"Title": "d", "MemberStatus": status}))
    members = next(lst for lst in site.snapshot()["lists"] if lst["title"] == "ILN Members")
    assert members["view_counts"] == {"All Items": 3, "Needs review": 2}


def test_office365_adds_moves_and_reads_view_fields(clean_tenant: Any, tenant_info: dict[str, Any],
                                                    get_token: Callable[..., str]) -> None:
    """The unmodified office365 client adds, moves and reads view fields over HTTPS."""
    token = get_token()
    ctx = (ClientContext(tenant_info["site_url"])
           .with_access_token(lambda: TokenResponse(access_token=token, token_type="Bearer"))
           .with_transport(verify=tenant_info["ca_path"]))
    members = ctx.web.lists.add(ListCreationInformation("ILN Members", None, 100)).execute_query()
    view = members.default_view
    view.view_fields.add_view_field("Modified").move_view_field_to("Modified", 0).execute_query()
    fields = view.view_fields.get().execute_query()
    assert list(fields) == ["Modified", "LinkTitle"]
