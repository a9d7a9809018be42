"""Lists, fields and items of the SharePoint emulation, driven in-process through the router."""
from __future__ import annotations

from typing import Any

import pytest

from tests.m365_fake.sp_helpers import APP_CLAIMS, SITE_URL, call, d, error_of, make_site, payload

MEMBERS = "web/lists/GetByTitle('ILN Members')"


@pytest.fixture
def env() -> Any:
    site, router = make_site()
    created = call(router, "POST", "web/lists", {"__metadata": {"type": "SP.List"}, "Title": "ILN Members",
                                                 "BaseTemplate": 100})
    assert created.status == 201
    return site, router


def add_item(router: Any, title: str, **values: Any) -> dict[str, Any]:
    body = {"__metadata": {"type": "SP.Data.ILN_x0020_MembersListItem"}, "Title": title, **values}
    return d(call(router, "POST", f"{MEMBERS}/items", body))


def add_field(router: Any, title: str, kind: int = 2, **extra: Any) -> dict[str, Any]:
    return d(call(router, "POST", f"{MEMBERS}/fields", {"__metadata": {"type": "SP.Field"}, "Title": title,
                                                        "FieldTypeKind": kind, **extra}))


def test_list_create_answers_201_with_etag_location_and_entity_names(env: Any) -> None:
    """list-create.verbose.json: 201, ETAG "1", absolute LOCATION, EntityTypeName from the URL name."""
    site, router = env
    response = call(router, "POST", "web/lists", {"__metadata": {"type": "SP.List"}, "Title": "ILN Sync Runs",
                                                  "BaseTemplate": 100})
    body = d(response)
    assert response.status == 201 and response.headers["ETag"] == '"1"'
    assert response.headers["Location"] == f"{SITE_URL}/_api/Web/Lists(guid'{body['Id']}')"
    assert body["EntityTypeName"] == "ILN_x0020_Sync_x0020_RunsList"
    assert body["ListItemEntityTypeFullName"] == "SP.Data.ILN_x0020_Sync_x0020_RunsListItem"
    assert body["CurrentChangeToken"]["StringValue"].startswith(f"1;3;{body['Id']};")


def test_duplicate_list_title_is_the_recorded_500(env: Any) -> None:
    """error-500-list-already-exists.verbose.json."""
    _, router = env
    response = call(router, "POST", "web/lists", {"__metadata": {"type": "SP.List"}, "Title": "iln members"})
    assert response.status == 500 and error_of(response)["code"].startswith("-2130575342")


def test_every_list_addressing_form_reaches_the_same_list(env: Any) -> None:
    """GetByTitle, GetById, lists('guid'), Lists(guid'…'), getList(url) and getlistbytitle."""
    _, router = env
    list_id = d(call(router, "GET", MEMBERS))["Id"]
    forms = [f"web/lists/GetById('{list_id}')", f"web/lists('{list_id}')", f"web/Lists(guid'{list_id}')",
             "web/getList('/sites/KYILN/Lists/ILN Members')", "web/GetListByTitle('ILN Members')",
             f"Web/Lists(guid'{list_id.upper()}')"]
    assert {d(call(router, "GET", form))["Id"] for form in forms} == {list_id}


def test_unknown_list_is_the_recorded_404(env: Any) -> None:
    """error-404-list-not-found.verbose.json, message naming the title and the web URL."""
    _, router = env
    response = call(router, "GET", "web/lists/GetByTitle('It''s gone')")
    assert response.status == 404
    assert error_of(response) == {"code": "-1, System.ArgumentException", "message": {
        "lang": "en-US", "value": f"List 'It's gone' does not exist at site with URL '{SITE_URL}'."}}


def test_list_merge_answers_204_with_the_new_version(env: Any) -> None:
    """list-update-204.verbose.json: 204, empty body, ETAG is the new list version."""
    _, router = env
    response = call(router, "POST", MEMBERS, {"__metadata": {"type": "SP.List"}, "Description": "Members"},
                    headers={"X-HTTP-Method": "MERGE", "IF-MATCH": "*"})
    assert response.status == 204 and response.body == b"" and response.headers["ETag"] == '"2"'
    assert d(call(router, "GET", MEMBERS))["Description"] == "Members"


def test_fields_add_xml_lookup_and_index(env: Any) -> None:
    """POST fields, CreateFieldAsXml (Name honoured with option 8), getbyinternalnameortitle, MERGE Indexed."""
    _, router = env
    assert add_field(router, "District Name")["InternalName"] == "District_x0020_Name"
    xml = '<Field Type="Text" Name="DistrictKey" DisplayName="District key" Indexed="TRUE" EnforceUniqueValues="TRUE"/>'
    created = d(call(router, "POST", f"{MEMBERS}/fields/CreateFieldAsXml",
                     {"parameters": {"__metadata": {"type": "SP.XmlSchemaFieldCreationInformation"},
                                     "SchemaXml": xml, "Options": 8}}))
    assert (created["InternalName"], created["Indexed"], created["EnforceUniqueValues"]) == ("DistrictKey", True, True)
    assert created["__metadata"]["type"] == "SP.FieldText"
    path = f"{MEMBERS}/fields/getbyinternalnameortitle('District Name')"
    merged = call(router, "POST", path, {"__metadata": {"type": "SP.Field"}, "Indexed": True},
                  headers={"X-HTTP-Method": "MERGE"})
    assert merged.status == 204 and d(call(router, "GET", path))["Indexed"] is True
    missing = call(router, "GET", f"{MEMBERS}/fields/getbyinternalnameortitle('Nope')")
    assert missing.status == 400 and "does not exist" in error_of(missing)["message"]["value"]


def test_item_create_returns_201_with_etag_and_default_fields(env: Any) -> None:
    """The item entity: bare-GUID id, Items(n) uri, etag "\"1\"", SP.Data type, Id and ID."""
    _, router = env
    item = add_item(router, "Adair County")
    meta = item["__metadata"]
    assert meta["etag"] == '"1"' and meta["type"] == "SP.Data.ILN_x0020_MembersListItem"
    assert meta["uri"].endswith("/Items(1)") and "/" not in meta["id"]
    assert (item["Id"], item["ID"], item["Title"], item["OData__UIVersionString"]) == (1, 1, "Adair County", "1.0")
    assert item["AttachmentFiles"] == {"__deferred": {"uri": meta["uri"] + "/AttachmentFiles"}}


def test_item_create_refuses_unknown_properties_and_wrong_types(env: Any) -> None:
    """Unknown property names and a foreign __metadata.type are 400s with an OData error."""
    _, router = env
    unknown = call(router, "POST", f"{MEMBERS}/items", {"Title": "x", "Nope": 1})
    assert unknown.status == 400 and "Nope" in error_of(unknown)["message"]["value"]
    wrong = call(router, "POST", f"{MEMBERS}/items", {"__metadata": {"type": "SP.Data.OtherListItem"}, "Title": "x"})
    assert wrong.status == 400
    bad_json = call(router, "POST", f"{MEMBERS}/items", b"{not json")
    assert bad_json.status == 400 and "error" in payload(bad_json)


def test_select_filter_orderby_top(env: Any) -> None:
    """$select keeps only the chosen fields plus Id/ID; $filter, $orderby and $top apply."""
    _, router = env
    add_field(router, "Code")
    for title, code in [("Adair", "b"), ("Boone", "a"), ("Clark", "c")]:
        add_item(router, title, Code=code)
    rows = d(call(router, "GET", f"{MEMBERS}/items?$select=Title,Code&$filter=Code ne 'c'&$orderby=Code desc&$top=5"))
    assert [(r["Title"], r["Code"]) for r in rows["results"]] == [("Adair", "b"), ("Boone", "a")]
    assert set(rows["results"][0]) == {"__metadata", "Title", "Code", "Id", "ID"}
    assert "__next" not in rows


def test_filter_literals_with_quotes_ampersand_hash_percent_plus(env: Any) -> None:
    """Encoded `&`, `#`, `%`, `+` and doubled quotes reach the filter intact and never widen it."""
    _, router = env
    add_item(router, "O'Brien & Co #1 100% +")
    add_item(router, "O'Brien")
    query = "$filter=Title%20eq%20%27O%27%27Brien%20%26%20Co%20%231%20100%25%20%2B%27"
    rows = d(call(router, "GET", f"{MEMBERS}/items?{query}"))["results"]
    assert [r["Title"] for r in rows] == ["O'Brien & Co #1 100% +"]


def test_paging_uses_the_recorded_next_link_and_ignores_skip(env: Any) -> None:
    """list-items-page-with-next / -skip-ignored: absolute __next with the skiptoken, $skip kept but ignored."""
    _, router = env
    for n in range(5):
        add_item(router, f"Item {n}")
    list_id = d(call(router, "GET", MEMBERS))["Id"]
    page = d(call(router, "GET", f"{MEMBERS}/items?$skip=4&$top=2"))
    assert [r["Id"] for r in page["results"]] == [1, 2]
    assert page["__next"] == (f"{SITE_URL}/_api/web/lists(guid%27{list_id}%27)/items?"
                              "%24skiptoken=Paged%3dTRUE%26p_ID%3d2&%24top=2&%24skip=4")
    assert list(page) == ["results", "__next"]
    seen = [r["Id"] for r in page["results"]]
    url = page["__next"]
    while url:
        page = d(call(router, "GET", url))
        seen += [r["Id"] for r in page["results"]]
        url = page.get("__next")
    assert seen == [1, 2, 3, 4, 5]


def test_default_page_size_is_100(env: Any) -> None:
    """Without $top SharePoint returns 100 items and a __next link."""
    site, router = env
    lst = site.list_by_title("ILN Members")
    for n in range(101):
        site.add_item(lst, {"Title": f"i{n}"})
    page = d(call(router, "GET", f"{MEMBERS}/items?$select=Id"))
    assert len(page["results"]) == 100 and "%24skiptoken=Paged%3dTRUE%26p_ID%3d100&%24select=Id" in page["__next"]


def test_merge_with_stale_etag_is_412_and_star_always_matches(env: Any) -> None:
    """IF-MATCH: the current etag or * succeeds (204 + new ETag); a stale one gets the recorded 412."""
    _, router = env
    add_item(router, "Adair")
    path = f"{MEMBERS}/items(1)"
    ok = call(router, "POST", path, {"Title": "Adair County"}, headers={"X-HTTP-Method": "MERGE", "IF-MATCH": '"1"'})
    assert ok.status == 204 and ok.headers["ETag"] == '"2"'
    stale = call(router, "POST", path, {"Title": "x"}, headers={"X-HTTP-Method": "MERGE", "IF-MATCH": '"1"'})
    assert stale.status == 412
    error = error_of(stale)
    assert error["code"] == "-1, Microsoft.SharePoint.Client.ClientServiceException"
    assert error["message"]["value"].startswith("The request ETag value '\"1\"' does not match the object's ETag")
    star = call(router, "POST", path, {"Title": "y"}, headers={"X-HTTP-Method": "MERGE", "IF-MATCH": "*"})
    assert star.status == 204
    item = call(router, "GET", path)
    assert d(item)["Title"] == "y" and item.headers["ETag"] == '"3"'


def test_delete_answers_200_empty_then_404(env: Any) -> None:
    """list-item-delete.verbose.json: 200, empty body; then error-404-item-not-found.verbose.json."""
    _, router = env
    add_item(router, "Adair")
    deleted = call(router, "POST", f"{MEMBERS}/items(1)", headers={"X-HTTP-Method": "DELETE", "IF-MATCH": "*"})
    assert deleted.status == 200 and deleted.body == b"" and "ETag" not in deleted.headers
    gone = call(router, "DELETE", f"{MEMBERS}/items(1)")
    assert gone.status == 404 and error_of(gone)["code"] == "-2130575338, System.ArgumentException"


def test_unique_column_refuses_a_duplicate(env: Any) -> None:
    """A duplicate value in an EnforceUniqueValues column is SPDuplicateValuesFoundException."""
    _, router = env
    add_field(router, "District Key", Indexed=True, EnforceUniqueValues=True)
    add_item(router, "a", District_x0020_Key="Adair County")
    duplicate = call(router, "POST", f"{MEMBERS}/items", {"Title": "b", "District_x0020_Key": "adair county"})
    assert duplicate.status == 409
    assert "SPDuplicateValuesFoundException" in error_of(duplicate)["code"]


def test_list_view_threshold_applies_to_non_indexed_columns(env: Any) -> None:
    """error-500-list-view-threshold: a filter on a non-indexed column of a list above the threshold fails."""
    site, router = env
    site.threshold = 3
    add_field(router, "Code")
    add_field(router, "Key", Indexed=True)
    for n in range(4):
        add_item(router, f"i{n}", Code=str(n), Key=str(n))
    throttled = call(router, "GET", f"{MEMBERS}/items?$filter=Code eq '1'")
    assert throttled.status == 500
    assert error_of(throttled)["code"] == "-2147024860, Microsoft.SharePoint.SPQueryThrottledException"
    assert [r["Key"] for r in d(call(router, "GET", f"{MEMBERS}/items?$filter=Key eq '1'"))["results"]] == ["1"]


def test_unknown_filter_column_and_bad_filter_are_400(env: Any) -> None:
    """A missing column and a syntax error both answer 400 with an OData error body."""
    _, router = env
    assert call(router, "GET", f"{MEMBERS}/items?$filter=Nope eq 1").status == 400
    assert call(router, "GET", f"{MEMBERS}/items?$filter=Title eq").status == 400


def test_nometadata_shapes(env: Any) -> None:
    """list-items-page-with-nextlink.nometadata.json: odata.nextLink first, value, no metadata."""
    _, router = env
    for n in range(3):
        add_item(router, f"Item {n}")
    body = payload(call(router, "GET", f"{MEMBERS}/items?$top=2", headers={"Accept": "application/json;odata=nometadata"}))
    assert list(body) == ["odata.nextLink", "value"] and "__metadata" not in body["value"][0]
    missing = call(router, "GET", "web/lists/GetByTitle('x')", headers={"Accept": "application/json;odata=nometadata"})
    assert "odata.error" in payload(missing)


def test_validate_update_and_add_validate_update(env: Any) -> None:
    """The PnP-style calls answer 200 with per-field results (list-item-*validateupdate.verbose.json)."""
    _, router = env
    added = d(call(router, "POST", f"{MEMBERS}/AddValidateUpdateItemUsingPath",
                   {"listItemCreateInfo": {}, "formValues": [{"FieldName": "Title", "FieldValue": "Item 0"}],
                    "bNewDocumentUpdate": False}))["AddValidateUpdateItemUsingPath"]["results"]
    assert added[-1] == {"ErrorCode": 0, "ErrorMessage": None, "FieldName": "Id", "FieldValue": "1",
                         "HasException": False, "ItemId": 0}
    updated = d(call(router, "POST", f"{MEMBERS}/items(1)/ValidateUpdateListItem",
                     {"formValues": [{"FieldName": "Title", "FieldValue": "New"}], "bNewDocumentUpdate": False}))
    assert updated["ValidateUpdateListItem"]["results"][0]["ItemId"] == 1
    assert d(call(router, "GET", f"{MEMBERS}/items(1)"))["Title"] == "New"


@pytest.mark.parametrize("claims, status, text", [
    (None, 401, "Invalid JWT token"),
    ({**APP_CLAIMS, "appidacr": "1"}, 401, "Unsupported app only token."),
    ({**APP_CLAIMS, "aud": "https://graph.microsoft.com"}, 401, "Invalid audience Uri"),
    ({**APP_CLAIMS, "roles": []}, 403, "Attempted to perform an unauthorized operation."),
])
def test_authentication_is_checked_like_sharepoint_online(env: Any, claims: Any, status: int, text: str) -> None:
    """No/invalid token, a client-secret token, another audience: 401 with a Bearer challenge; no role: 403."""
    _, router = env
    response = call(router, "GET", "web", claims=claims)
    assert response.status == status and text in response.body.decode()
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer realm=")


def test_missing_site_grant_is_403(env: Any) -> None:
    """error-403-unauthorized.nometadata.reported.json code, when the site grant is withdrawn."""
    site, router = env
    site.grant = False
    response = call(router, "GET", "web")
    assert response.status == 403 and error_of(response)["code"] == "-2147024891, System.UnauthorizedAccessException"


def test_a_wrong_form_digest_is_refused_and_none_is_fine(env: Any) -> None:
    """Bearer writes need no X-RequestDigest; a digest that does not match is a 403 (-2130575251)."""
    _, router = env
    assert call(router, "POST", f"{MEMBERS}/items", {"Title": "a"}).status == 201
    digest = d(call(router, "POST", "contextinfo"))["GetContextWebInformation"]["FormDigestValue"]
    assert call(router, "POST", f"{MEMBERS}/items", {"Title": "b"}, headers={"X-RequestDigest": digest}).status == 201
    wrong = call(router, "POST", f"{MEMBERS}/items", {"Title": "c"}, headers={"X-RequestDigest": "0xBAD,1 Jan"})
    assert wrong.status == 403 and error_of(wrong)["code"].startswith("-2130575251")


def test_unknown_select_column_is_400(env: Any) -> None:
    """$select naming a column the list lacks is SharePoint's 400, not a silent omission."""
    _, router = env
    response = call(router, "GET", f"{MEMBERS}/items?$select=Title,Nope")
    assert response.status == 400 and "Column 'Nope' does not exist" in error_of(response)["message"]["value"]


def test_a_staff_edit_makes_the_read_etag_stale(env: Any) -> None:
    """Site.staff_edit changes a row as staff would: the worker's earlier ETag now gets a 412."""
    site, router = env
    add_item(router, "Adair")
    read_etag = call(router, "GET", f"{MEMBERS}/items(1)").headers["ETag"]
    assert site.staff_edit("ILN Members", 1, {"Title": "Adair (staff)"}) == '"2"'
    write = call(router, "POST", f"{MEMBERS}/items(1)", {"Title": "worker"},
                 headers={"X-HTTP-Method": "MERGE", "IF-MATCH": read_etag})
    assert write.status == 412
    assert d(call(router, "GET", f"{MEMBERS}/items(1)"))["EditorId"] == 12


def test_concurrent_creates_get_distinct_ids(env: Any) -> None:
    """The store is locked: items created from many threads at once get distinct ids, none lost."""
    from concurrent.futures import ThreadPoolExecutor
    _, router = env
    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(lambda n: add_item(router, f"t{n}")["Id"], range(80)))
    assert sorted(ids) == list(range(1, 81))


def test_plain_json_accept_gets_the_light_form(env: Any) -> None:
    """Accept: application/json (no odata parameter) is answered without __metadata."""
    _, router = env
    body = payload(call(router, "GET", "web?$select=Title", headers={"Accept": "application/json"}))
    assert "__metadata" not in body and body["Title"]


def test_reset_restores_a_fresh_site(env: Any) -> None:
    """reset() drops lists and changes and gives back the grant, threshold and page size."""
    site, router = env
    site.grant, site.threshold, site.default_page_size = False, 3, 5
    site.reset()
    assert (site.grant, site.threshold, site.default_page_size) == (True, 5000, 100)
    titles = [entry["Title"] for entry in d(call(router, "GET", "web/lists?$select=Title"))["results"]]
    assert titles == ["Documents", "Site Pages"]


def test_web_select_and_expand_regional_settings(env: Any) -> None:
    """web-get-select-expand.verbose.json: $select with an expanded RegionalSettings/TimeZone."""
    _, router = env
    web = d(call(router, "GET", "web?$select=Id,Url,RegionalSettings&$expand=RegionalSettings,RegionalSettings/TimeZone"))
    assert set(web) == {"__metadata", "Id", "Url", "RegionalSettings"}
    assert web["__metadata"]["uri"] == f"{SITE_URL}/_api/Web"
    zone = web["RegionalSettings"]["TimeZone"]
    assert zone["__metadata"]["type"] == "SP.TimeZone" and zone["Information"]["Bias"] == 300
    languages = f"{SITE_URL}/_api/Web/RegionalSettings/InstalledLanguages"
    assert web["RegionalSettings"]["InstalledLanguages"] == {"__deferred": {"uri": languages}}


def test_a_page_above_the_threshold_is_refused_on_a_large_list(env: Any) -> None:
    """$top beyond the list view threshold on a list above it is throttled too."""
    site, router = env
    site.threshold = 2
    for n in range(3):
        add_item(router, f"i{n}")
    assert call(router, "GET", f"{MEMBERS}/items?$top=3").status == 500
    assert len(d(call(router, "GET", f"{MEMBERS}/items?$top=2"))["results"]) == 2


def test_filters_on_dates_people_and_numbers(env: Any) -> None:
    """Modified with a datetime literal, Editor/Title, a Number column and ordering by it."""
    site, router = env
    add_field(router, "Score", 9)
    add_item(router, "a", Score=2)
    add_item(router, "b", Score=10)
    site.staff_edit("ILN Members", 2, {"Title": "b2"})
    by_editor = d(call(router, "GET", f"{MEMBERS}/items?$filter=Editor/Title eq 'KDE Staff'&$select=Title"))
    assert [r["Title"] for r in by_editor["results"]] == ["b2"]
    recent = d(call(router, "GET", f"{MEMBERS}/items?$filter=Modified ge datetime'2000-01-01T00:00:00Z'&$select=Id"))
    assert len(recent["results"]) == 2
    ordered = d(call(router, "GET", f"{MEMBERS}/items?$filter=Score gt 1&$orderby=Score desc&$select=Score"))
    assert [r["Score"] for r in ordered["results"]] == [10.0, 2.0]


def test_column_defaults_apply_to_new_items(env: Any) -> None:
    """A Yes/No column with DefaultValue "0" (POST or CreateFieldAsXml <Default>) gives new items false."""
    _, router = env
    field = add_field(router, "Managed by staff", 8, DefaultValue="0")
    assert field["DefaultValue"] == "0"
    xml = '<Field Type="Choice" DisplayName="Status"><Default>Active</Default><CHOICES><CHOICE>Active</CHOICE></CHOICES></Field>'
    call(router, "POST", f"{MEMBERS}/fields/CreateFieldAsXml", {"parameters": {"SchemaXml": xml}})
    item = add_item(router, "Adair")
    assert (item["Managed_x0020_by_x0020_staff"], item["Status"]) == (False, "Active")
    assert add_item(router, "Boone", Managed_x0020_by_x0020_staff=True)["Managed_x0020_by_x0020_staff"] is True


def test_titles_with_quotes_are_addressed_with_doubled_quotes(env: Any) -> None:
    """GetByTitle('O''Brien''s List') reaches the list titled O'Brien's List; a single quote is a 400."""
    _, router = env
    call(router, "POST", "web/lists", {"Title": "O'Brien's List", "BaseTemplate": 100})
    assert d(call(router, "GET", "web/lists/GetByTitle('O''Brien''s List')"))["Title"] == "O'Brien's List"
    broken = call(router, "GET", "web/lists/GetByTitle('O'Brien')")
    assert broken.status == 400 and "is not valid" in error_of(broken)["message"]["value"]


def test_a_needs_review_view_is_created_and_found(env: Any) -> None:
    """views/Add with SP.ViewCreationInformation makes a view that getbytitle finds."""
    _, router = env
    body = {"parameters": {"__metadata": {"type": "SP.ViewCreationInformation"}, "Title": "Needs review",
                           "ViewFields": {"results": ["Title"]}, "Query": "<Where><Eq><FieldRef Name='Status'/>"
                           "<Value Type='Choice'>Needs review</Value></Eq></Where>", "RowLimit": 50}}
    created = d(call(router, "POST", f"{MEMBERS}/views/Add", body))
    assert created["Title"] == "Needs review" and created["ServerRelativeUrl"].endswith("/Needs review.aspx")
    found = d(call(router, "GET", f"{MEMBERS}/views/getbytitle('Needs review')"))
    assert found["Id"] == created["Id"] and "__deferred" in found["ViewFields"]
    shown = d(call(router, "GET", f"{MEMBERS}/views/getbytitle('Needs review')/ViewFields"))
    assert shown["Items"]["results"] == ["Title"]


ATTACHMENT_FOLDERS = (f"{MEMBERS}/RootFolder/Folders/GetByUrl('Attachments')/Folders"
                      "?$select=Name,Files/Name,Files/ContentTag,Files/Length&$expand=Files")


def _attachment_files(router: Any) -> dict[str, dict[str, Any]]:
    return {f"{folder['Name']}/{file['Name']}": file for folder in d(call(router, "GET", ATTACHMENT_FOLDERS))["results"]
            for file in folder["Files"]["results"]}


def test_attachments_are_listed_as_files_whose_content_tag_moves_with_their_bytes_only(env: Any) -> None:
    """`<list>/Attachments` folders, one per item, with the attachments as SP.File (inferred shape): a column
    write leaves ContentTag's GUID and content counter as they were; a PUT on `$value` moves the counter."""
    site, router = env
    item = add_item(router, "Knox County")
    site.attach("ILN Members", item["Id"], "a.docx", b"first bytes")
    before = _attachment_files(router)[f"{item['Id']}/a.docx"]
    assert before["Length"] == "11" and before["ContentTag"].count(",") == 2
    guid, _, content = before["ContentTag"].split(",")
    call(router, "POST", f"{MEMBERS}/items({item['Id']})", {"__metadata": {"type": "SP.Data.ILN_x0020_MembersListItem"},
                                                          "Title": "Knox"}, headers={"X-HTTP-Method": "MERGE", "IF-MATCH": "*"})
    edited = _attachment_files(router)[f"{item['Id']}/a.docx"]["ContentTag"].split(",")
    assert (edited[0], edited[2]) == (guid, content)
    replaced = call(router, "POST", f"{MEMBERS}/items({item['Id']})/AttachmentFiles('a.docx')/$value", b"other bytes!",
                    headers={"X-HTTP-Method": "PUT"})
    assert replaced.status == 204
    after = _attachment_files(router)[f"{item['Id']}/a.docx"]
    assert after["ContentTag"].split(",")[0] == guid and after["ContentTag"].split(",")[2] != content
    assert after["Length"] == "12"
