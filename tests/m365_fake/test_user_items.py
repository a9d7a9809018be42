"""Lists and items driven by ordinary office365 user code over HTTPS: CAML with paging,
RenderListDataAsStream, versions, recycle and restore, comments, ValidateUpdateListItem,
FieldValuesAsText, site columns, users and Person columns, and change queries at every scope."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from office365.runtime.client_request_exception import ClientRequestException
from office365.runtime.http.http_method import HttpMethod
from office365.runtime.http.request_options import RequestOptions
from office365.sharepoint.changes.query import ChangeQuery
from office365.sharepoint.changes.log_item_query import ChangeLogItemQuery
from office365.sharepoint.client_context import ClientContext
from office365.sharepoint.listitems.caml.query import CamlQuery

from .user_code import new_list


def _runs(ctx: ClientContext, count: int) -> Any:
    runs = new_list(ctx, "ILN Sync Runs")
    runs.fields.add_number("Letters").execute_query()
    for n in range(1, count + 1):
        runs.add_item({"Title": f"run {n:02d}", "Letters": n % 4})
    ctx.execute_batch()
    return runs


def test_caml_where_orderby_rowlimit_and_paging(ctx: ClientContext) -> None:
    """A CamlQuery with <Where>, <OrderBy> and RowLimit selects and sorts; get_items pages through all."""
    runs = _runs(ctx, 12)
    query = CamlQuery()
    query.ViewXml = ("<View><Query><Where><And><Geq><FieldRef Name='Letters'/><Value Type='Number'>2</Value></Geq>"
                     "<BeginsWith><FieldRef Name='Title'/><Value Type='Text'>run</Value></BeginsWith></And></Where>"
                     "<OrderBy><FieldRef Name='ID' Ascending='FALSE'/></OrderBy></Query><RowLimit>3</RowLimit></View>")
    first = runs.get_items(query).execute_query()
    assert [i.properties["Title"] for i in first] == ["run 11", "run 10", "run 07"]
    every = CamlQuery.parse("<Where><IsNotNull><FieldRef Name='Title'/></IsNotNull></Where>")
    every.ViewXml = every.ViewXml.replace("</View>", "<RowLimit Paged='TRUE'>5</RowLimit></View>")
    titles = [i.properties["Title"] for i in runs.get_items(every, page_size=5).execute_query()]
    assert titles == [f"run {n:02d}" for n in range(1, 13)]


def test_caml_scope_and_folder(ctx: ClientContext) -> None:
    """Without Scope a query sees the folder's own items; RecursiveAll sees everything below."""
    from office365.sharepoint.listitems.creation_information import ListItemCreationInformation
    members = new_list(ctx, "ILN Members")
    members.root_folder.folders.add("Region A").execute_query()
    members.add_item({"Title": "top"}).execute_query()
    members.add_validate_update_item(ListItemCreationInformation(
        FolderUrl="/sites/KYILN/Lists/ILN Members/Region A"), {"Title": "inside"}).execute_query()
    flat = members.get_items(CamlQuery.parse("")).execute_query()
    assert sorted(str(i.properties["Title"]) for i in flat) == ["None", "top"]
    # office365 3.3.0's create_all_items_query() writes Scope="ViewScope.RecursiveAll" (an Enum's str),
    # which is no scope SharePoint knows, so the view XML is written out here
    deep = CamlQuery()
    deep.ViewXml = "<View Scope='RecursiveAll'><Query></Query></View>"
    assert sorted(str(i.properties["Title"]) for i in members.get_items(deep).execute_query()) == ["None", "inside", "top"]
    inside = CamlQuery.parse("")
    inside.FolderServerRelativeUrl = "/sites/KYILN/Lists/ILN Members/Region A"
    assert [i.properties["Title"] for i in members.get_items(inside).execute_query()] == ["inside"]


def test_render_list_data_as_stream(ctx: ClientContext) -> None:
    """RenderListDataAsStream answers a view's rows as strings, with NextHref while rows remain."""
    runs = _runs(ctx, 4)
    view = "<View><Query><OrderBy><FieldRef Name='Title'/></OrderBy></Query><RowLimit>3</RowLimit></View>"
    data = json.loads(runs.render_list_data_as_stream(view).execute_query().value)
    assert [r["Title"] for r in data["Row"]] == ["run 01", "run 02", "run 03"]
    assert data["Row"][0]["ID"] == "1" and data["Row"][0]["Letters"] == "1"
    assert data["NextHref"].startswith("?Paged=TRUE&p_ID=3")


def test_item_versions_recycle_and_restore(ctx: ClientContext) -> None:
    """Two edits make three versions (newest first); a recycled item leaves the list and comes back."""
    members = new_list(ctx, "ILN Members")
    item = members.add_item({"Title": "Adair"}).execute_query()
    for title in ("Adair County", "Adair County Schools"):
        item.set_property("Title", title).update().execute_query()
    versions = item.versions.get().execute_query()
    assert [(v.version_label, v.properties["Title"]) for v in versions] == [
        ("3.0", "Adair County Schools"), ("2.0", "Adair County"), ("1.0", "Adair")]
    bin_id = item.recycle().execute_query().value
    assert len(members.items.get().execute_query()) == 0
    [recycled] = ctx.web.recycle_bin.get().execute_query()
    assert (recycled.id, recycled.title, recycled.item_type) == (bin_id, "Adair County Schools", 3)
    recycled.restore().execute_query()
    back = members.items.get_by_id(item.id).get().execute_query()
    assert back.properties["Title"] == "Adair County Schools"


def test_comments_add_list_and_delete(ctx: ClientContext) -> None:
    """A comment posted to an item's Comments is listed by GetComments and can be deleted."""
    members = new_list(ctx, "ILN Members")
    item = members.add_item({"Title": "Adair"}).execute_query()
    url = f"{ctx.service_root_url}/web/lists/getbytitle('ILN Members')/items({item.id})/Comments"
    request = RequestOptions(url)
    request.method = HttpMethod.Post
    request.data = {"text": "Signed letter received <b>today</b>"}
    assert ctx.pending_request().execute_request_direct(request).status_code == 201
    comments = item.get_comments().execute_query()
    assert [c.text for c in comments] == ["Signed letter received <b>today</b>"]
    # a comment's key is its lower-case `id`, which office365 cannot put in a path: delete by URL
    delete = RequestOptions(f"{url}({comments[0].id})")
    delete.method = HttpMethod.Delete
    assert ctx.pending_request().execute_request_direct(delete).status_code == 200
    assert len(item.get_comments().execute_query()) == 0


def test_validate_update_and_field_values_as_text(ctx: ClientContext) -> None:
    """ValidateUpdateListItem writes typed values; FieldValuesAsText renders them as text."""
    runs = _runs(ctx, 1)
    item = runs.items.get_by_id(1)
    result = item.validate_update_list_item({"Title": "renamed", "Letters": "7"}).execute_query()
    assert not any(v.HasException for v in result.value)
    text = item.field_values_as_text.get().execute_query()
    assert (text.get_property("Title"), text.get_property("Letters")) == ("renamed", "7")


def test_site_columns_list_add_and_get(ctx: ClientContext) -> None:
    """Site columns: list them, add one, get it by internal name and by title, then delete it."""
    fields = ctx.web.fields
    assert "Title" in {f.internal_name for f in fields.get().execute_query()}
    added = fields.add_text_field("District Key").execute_query()
    assert added.internal_name == "District_x0020_Key"
    by_name = fields.get_by_internal_name_or_title("District_x0020_Key").get().execute_query()
    by_title = fields.get_by_title("District Key").get().execute_query()
    assert by_name.id == by_title.id == added.id
    by_name.set_property("Description", "KDE's key").update().execute_query()
    assert fields.get_by_id(added.id).get().execute_query().description == "KDE's key"
    by_name.delete_object().execute_query()
    assert "District_x0020_Key" not in {f.internal_name for f in fields.get().execute_query()}
    members = new_list(ctx, "ILN Members")
    assert len(members.get_related_fields().get().execute_query()) == 0


def test_ensure_user_and_a_person_column(ctx: ClientContext) -> None:
    """EnsureUser adds a member to siteusers; its id set on a Person column reads back, expanded too."""
    me = ctx.web.current_user.get().execute_query()
    assert me.login_name.startswith("i:0i.t|") and me.title == "SharePoint App"
    user = ctx.web.ensure_user("jane.doe@education.ky.gov").execute_query()
    assert user.login_name == "i:0#.f|membership|jane.doe@education.ky.gov" and user.title == "Jane Doe"
    again = ctx.web.ensure_user("i:0#.f|membership|jane.doe@education.ky.gov").execute_query()
    assert again.id == user.id
    assert "jane.doe@education.ky.gov" in {u.email for u in ctx.web.site_users.get().execute_query()}
    info = ctx.web.site_user_info_list.items.get().execute_query()
    assert "Jane Doe" in {i.properties["Title"] for i in info}
    members = new_list(ctx, "ILN Members")
    members.fields.add_user_field("Contact").execute_query()
    item = members.add_item({"Title": "Adair", "ContactId": user.id}).execute_query()
    back = members.items.get_by_id(item.id).expand(["Contact"]).select(["Title", "ContactId", "Contact/Title"]).get()
    back.execute_query()
    assert back.properties["ContactId"] == user.id and back.properties["Contact"]["Title"] == "Jane Doe"
    with pytest.raises(ClientRequestException):
        ctx.web.ensure_user("not a user").execute_query()


def test_changes_at_site_web_and_list_scope_and_since_token(ctx: ClientContext) -> None:
    """Site- and web-level getChanges see an item added after a token; GetListItemChangesSinceToken
    returns the changed rows and the deleted ids after its token."""
    runs = new_list(ctx, "ILN Sync Runs")
    token = ctx.web.get().execute_query().properties["CurrentChangeToken"]
    kept = runs.add_item({"Title": "kept"}).execute_query()
    gone = runs.add_item({"Title": "gone"}).execute_query()
    for scope in (ctx.site, ctx.web):
        found = scope.get_changes(ChangeQuery(Item=True, Add=True, ChangeTokenStart=token)).execute_query()
        assert [c.properties["ItemId"] for c in found] == [kept.id, gone.id]
    list_token = ctx.web.lists.get_by_title("ILN Sync Runs").select(["CurrentChangeToken"]).get().execute_query()
    token = list_token.properties["CurrentChangeToken"]
    start = token["StringValue"] if isinstance(token, dict) else token.StringValue
    gone.delete_object().execute_query()
    kept.set_property("Title", "kept, edited").update().execute_query()
    xml = runs.get_list_item_changes_since_token(ChangeLogItemQuery(ChangeToken=start)).execute_query().value
    root = ET.fromstring(xml)
    ns = {"rs": "urn:schemas-microsoft-com:rowset", "z": "#RowsetSchema"}
    assert [r.get("ows_Title") for r in root.iterfind("rs:data/z:row", ns)] == ["kept, edited"]
    assert [i.text for i in root.iterfind("Changes/Id")] == [str(gone.id)]
    assert root.find("Changes").get("LastChangeToken").startswith("1;3;")
