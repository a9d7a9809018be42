"""The fidelity scenarios: for each recording in tests/fixtures/sharepoint-responses/, the state
and the request that make the fake tenant answer the same operation.

Each scenario builds a fresh site at the recording's own site path on the recording's host
(https://contoso.sharepoint.com/sites/prov-2 ...), names lists and files as the recording does, and
returns what the fake answered. `test_fidelity.py` compares it with the recording. This module holds
no tests itself; `SKIPPED` names, with the reason, every recording that cannot apply.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

from m365_fake.http import Headers, Request, Response, Router
from m365_fake.sharepoint import Site, register

HOST = "https://contoso.sharepoint.com"
VERBOSE = "application/json;odata=verbose"
NOMETADATA = "application/json;odata=nometadata"
APP_CLAIMS = {"aud": HOST, "appidacr": "2", "roles": ["Sites.Selected"], "appid": "app"}
CONTENT = b"PnP Rocks !!!"   # the bytes of file-content-download.raw.json


@dataclass
class Observed:
    """What the fake answered, plus how to line it up with the recording.

    `focus` maps a body (recorded or observed) to the part worth comparing, for recordings whose
    request could only be approximated (a trimmed recording, a state that cannot be made identical).
    """

    status: int
    headers: dict[str, str]
    body: Any
    focus: Callable[[Any], Any] | None = None
    notes: list[str] = field(default_factory=list)


class Env:
    """A fresh fake site at the recording's site path, answering in-process."""

    def __init__(self, recording: dict[str, Any], site_path: str | None = None) -> None:
        path = urlsplit(recording["request"]["url"]).path
        if site_path is None:
            site_path = "/".join(path.split("/_api")[0].split("/")[:3]) if path.startswith("/sites/") else "/"
        self.site = Site(path=site_path)
        self.router = Router()
        register(self.router, self.site)

    @property
    def web_url(self) -> str:
        return f"{HOST}{self.site.path}"

    def call(self, method: str, api_path: str, body: Any = None, headers: dict[str, str] | None = None,
             accept: str = VERBOSE) -> Response:
        """One request to `<site>/_api/<api_path>` with an app-only token's claims."""
        raw = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None else b"")
        parts = urlsplit(f"{self.web_url}/_api/{api_path}")
        request = Request(method=method, raw_path=parts.path, raw_query=parts.query,
                          headers=Headers({"Accept": accept, **(headers or {})}), body=raw,
                          auth=dict(APP_CLAIMS), base_url=HOST)
        handler = self.router.route(request)
        assert handler is not None, f"no route for {request.path}"
        return handler(request)

    def observe(self, method: str, api_path: str, body: Any = None, headers: dict[str, str] | None = None,
                accept: str = VERBOSE, **extra: Any) -> Observed:
        """Call and decode: JSON bodies parsed, others kept as text."""
        response = self.call(method, api_path, body, headers, accept)
        return Observed(response.status, dict(response.headers), decode(response), **extra)

    def generic_list(self, title: str, items: int = 0) -> Any:
        """A generic list named like the recording's, holding `items` items titled "Item 0", "Item 1"..."""
        lst = self.site.create_list(title, 100)
        for n in range(items):
            self.site.add_item(lst, {"Title": f"Item {n}"})
        return lst

    def upload(self, name: str, content: bytes = CONTENT) -> Any:
        """A file in the Documents library ("Shared Documents")."""
        return self.site.upload(f"{self.site.path}/Shared Documents/{name}", content)

    @property
    def documents(self) -> Any:
        return self.site.list_by_title("Documents")


def decode(response: Response) -> Any:
    """The JSON body, or the raw text when the body is not JSON (file bytes, multipart, empty)."""
    text = response.body.decode("utf-8", "replace")
    if "json" in (response.headers.get("Content-Type") or "") and text.strip():
        return json.loads(text)
    return text


def items_of(body: Any) -> Any:
    """The first entry of a `d.results` collection (the entries' shape is what is compared)."""
    return body["d"]["results"][:1]


# ---------------------------------------------------------------------------------------- web
def web_get_select_expand(env: Env) -> Observed:
    return env.observe("GET", "web?$select=Id,Url,RegionalSettings&$expand=RegionalSettings,RegionalSettings/TimeZone")


def web_entity_default_properties(env: Env) -> Observed:
    # the recording answers Webs/Add (not emulated) with the new sub-web's full SP.Web; the README notes
    # that a plain GET _api/web returns the same entity, so the fake's web is put at the sub-web's path
    return env.observe("GET", "web")


def contextinfo(env: Env) -> Observed:
    return env.observe("POST", "contextinfo")


# -------------------------------------------------------------------------------------- lists
def collection_empty(env: Env) -> Observed:
    return env.observe("GET", "web/lists?$filter=Title eq 'DeleteListItemViaRest'&$top=1")


def list_create(env: Env) -> Observed:
    return env.observe("POST", "web/lists", {"__metadata": {"type": "SP.List"}, "BaseTemplate": 100,
                                             "Title": "RESTListItemPaging"})


def list_entity_getlist(env: Env) -> Observed:
    env.upload("a.docx")
    return env.observe("GET", f"web/getlist('{env.site.path}/Shared Documents')")


def list_update_204(env: Env) -> Observed:
    return env.observe("PATCH", f"web/lists/getbyid(guid'{env.documents.id}')",
                       {"__metadata": {"type": "SP.List"}, "Description": "Updated on UTC now"},
                       {"If-Match": "*"})


def error_500_list_already_exists(env: Env) -> Observed:
    env.generic_list("Taken")
    return env.observe("POST", "web/lists", {"__metadata": {"type": "SP.List"}, "BaseTemplate": 100, "Title": "Taken"})


def error_404_list_not_found_verbose(env: Env) -> Observed:
    return env.observe("GET", "web/lists/getbytitle('nonexisting')")


def error_404_list_not_found_nometadata(env: Env) -> Observed:
    return env.observe("GET", "web/lists/getbytitle('nonexisting')", accept=NOMETADATA)


# ------------------------------------------------------------------------------------- fields
def fields_list_get(env: Env) -> Observed:
    lst = env.documents
    env.site.add_field(lst, "Amount", "Number")
    env.site.add_field(lst, "Status", "Choice", choices=["Active", "Inactive"])
    env.site.add_field(lst, "Notes", "Note")

    def one_per_type(body: Any) -> Any:
        # the recording keeps the first field of each of these eight types (README: trimmed from 100)
        kept = ("SP.FieldText", "SP.FieldComputed", "SP.FieldNumber", "SP.FieldChoice", "SP.FieldLookup",
                "SP.FieldUser", "SP.FieldDateTime", "SP.FieldMultiLineText")
        seen: dict[str, Any] = {}
        for entry in body["d"]["results"]:
            seen.setdefault(entry["__metadata"]["type"], entry)
        return {t: _loose(seen.get(t)) for t in kept}
    return env.observe("GET", f"Web/Lists(guid'{lst.id}')/Fields", focus=one_per_type)


def _loose(field_entity: Any) -> Any:
    """A field entity with its data values (flags, default, choices of a built-in column) reduced to
    their types: the trimmed recording's built-in columns are not the fake's, their shape is."""
    if not isinstance(field_entity, dict):
        return field_entity
    out = {k: (False if isinstance(v, bool) else v) for k, v in field_entity.items()}
    out["DefaultValue"] = None
    out["JSLink"] = "clienttemplates.js" if out.get("JSLink") is not None else None
    if isinstance(out.get("Choices"), dict):
        out["Choices"] = {**out["Choices"], "results": ["choice"]}
    return out


def field_add_createfieldasxml(env: Env) -> Observed:
    xml = '<Field Type="Text" Name="ADDED FIELD" DisplayName="ADDED FIELD" Required="FALSE" />'
    return env.observe("POST", f"Web/Lists(guid'{env.documents.id}')/Fields/CreateFieldAsXml",
                       {"parameters": {"SchemaXml": xml, "Options": 0}})


# -------------------------------------------------------------------------------------- items
def list_items_page_with_next(env: Env) -> Observed:
    lst = env.generic_list("RESTListItemPaging", 10)
    return env.observe("GET", f"web/lists(guid'{lst.id}')/items?$top=2")


def list_items_page_with_nextlink(env: Env) -> Observed:
    lst = env.generic_list("RESTListItemPaging", 10)
    return env.observe("GET", f"web/lists(guid'{lst.id}')/items?$top=2", accept=NOMETADATA)


def list_items_page_skip_ignored(env: Env) -> Observed:
    lst = env.generic_list("RESTListItemPaging", 10)
    return env.observe("GET", f"web/lists(guid'{lst.id}')/items?$skip=4&$top=2")


def list_items_filter_select(env: Env) -> Observed:
    pages = env.site.list_by_title("Site Pages")
    env.site.add_item(pages, {"Title": "Home"}, name="Home.aspx")
    return env.observe("GET", f"web/lists(guid'{pages.id}')/items?$select=Id,Title&$filter=Title eq 'Home'")


def list_items_full_default_fields(env: Env) -> Observed:
    lst = env.generic_list("DeleteListItemViaRest")
    env.site.add_item(lst, {"Title": "Yes"})
    return env.observe("GET", f"web/lists(guid'{lst.id}')?$select=Id,Items&$expand=Items")


def list_items_select_via_expand(env: Env) -> Observed:
    lst = env.generic_list("RESTListItemPaging", 10)
    return env.observe("GET", f"web/lists(guid'{lst.id}')?$select=Id,Items/Id,Items/Title&$expand=Items")


def list_item_create_addvalidateupdate(env: Env) -> Observed:
    lst = env.generic_list("RESTListItemPaging")
    return env.observe("POST", f"web/lists(guid'{lst.id}')/AddValidateUpdateItemUsingPath", {
        "listItemCreateInfo": {"FolderPath": {"DecodedUrl": f"{env.site.path}/Lists/RESTListItemPaging"},
                               "UnderlyingObjectType": 0},
        "formValues": [{"FieldName": "Title", "FieldValue": "Item 0"}], "bNewDocumentUpdate": False})


def list_item_validateupdate(env: Env) -> Observed:
    item = env.upload("x.docx")
    return env.observe("POST", f"web/lists/getbyid(guid'{env.documents.id}')/items({item.id})/ValidateUpdateListItem",
                       {"formValues": [{"FieldName": "Title", "FieldValue": "NewTitle"}], "bNewDocumentUpdate": False})


def list_item_delete(env: Env) -> Observed:
    lst = env.generic_list("RESTListItemPaging", 1)
    return env.observe("DELETE", f"web/lists/getbyid(guid'{lst.id}')/items(1)", headers={"If-Match": "*"})


def error_404_item_not_found(env: Env) -> Observed:
    lst = env.generic_list("RESTListItemPaging", 1)
    return env.observe("DELETE", f"web/lists/getbyid(guid'{lst.id}')/items(125)", headers={"If-Match": "*"})


def error_412_etag_mismatch(env: Env) -> Observed:
    # the reported case: IF-MATCH "8" against an item now at version 9 (the message quotes "<guid>,9")
    lst = env.generic_list("Members", 1)
    item = env.site.item(lst, 1)
    for _ in range(8):
        env.site.update_item(lst, item, {})
    return env.observe("POST", "web/lists/getbytitle('Members')/items(1)",
                       {"__metadata": {"type": lst.item_type}, "Title": "x"},
                       {"X-HTTP-Method": "MERGE", "If-Match": '"8"'}, accept=NOMETADATA)


def error_500_list_view_threshold(env: Env) -> Observed:
    lst = env.generic_list("Big", 4)
    env.site.threshold = 3   # stands for the 5,000 of SharePoint Online
    return env.observe("GET", f"web/lists(guid'{lst.id}')/items?$filter=Title eq 'x'&$orderby=Modified desc"
                              "&$select=Id,Title")


def attachment_add(env: Env) -> Observed:
    lst = env.generic_list("PNP_SDK_TEST_ListItemAttachmentsTest", 1)
    return env.observe("POST", f"web/lists/getbyid(guid'{lst.id}')/items(1)/attachmentfiles/"
                               "addusingpath(decodedUrl='PNP_SDK_TEST_test_added.txt')", CONTENT)


def item_attachmentfiles_expanded(env: Env) -> Observed:
    lst = env.generic_list("PNP_SDK_TEST_ListItemAttachmentsTest", 1)
    env.site.attach(lst.title, 1, "PNP_SDK_TEST_test_added.txt", CONTENT)
    return env.observe("GET", f"web/lists(guid'{lst.id}')/items?$select=Id,AttachmentFiles&$expand=AttachmentFiles"
                              "&$filter=Id eq 1")


# -------------------------------------------------------------------------------- files/folders
def folder_get(env: Env) -> Observed:
    env.upload("a.docx")
    env.upload("b.docx")
    return env.observe("GET", f"Web/GetFolderByServerRelativePath(decodedurl='{env.site.path}/Shared Documents')")


def folder_files_filter(env: Env) -> Observed:
    name = "PNP_SDK_TEST_QueryFileInFolderTest.docx"
    env.upload(name)
    env.upload("other.docx")
    return env.observe("GET", f"Web/GetFolderByServerRelativePath(decodedurl='{env.site.path}/Shared Documents')"
                              f"/Files?$filter=Name eq '{name}'")


def file_with_listitemallfields_expanded(env: Env) -> Observed:
    name = "PNP_SDK_TEST_GetFileByServerRelativeUrlListItemUpdatesTest.docx"
    env.upload(name)
    # PnP Core adds the model's key (UniqueId) to the test's selectors; the recorded body shows it
    return env.observe("GET", f"Web/GetFileByServerRelativePath(decodedurl='{env.site.path}/Shared Documents/{name}')"
                              "?$select=Name,ServerRelativeUrl,ListItemAllFields,UniqueId&$expand=ListItemAllFields")


def file_listitemallfields(env: Env) -> Observed:
    env.documents.next_id = 29   # the recorded item is Items(29)
    item = env.upload("a.docx")
    return env.observe("GET", f"web/getFileById('{item.file.unique_id}')/listitemallfields?$select=Title,Id")


def file_content_download(env: Env) -> Observed:
    # recorded through _layouts/15/download.aspx; the python client reads the same bytes from $value
    item = env.upload("a.txt")
    return env.observe("GET", f"Web/getFileById('{item.file.unique_id}')/$value")


def file_publish(env: Env) -> Observed:
    env.upload("a.docx")
    return env.observe("POST", f"Web/GetFileByServerRelativePath(decodedurl='{env.site.path}/Shared Documents/a.docx')"
                               "/Publish(comment='')")


def error_404_file_not_found(env: Env) -> Observed:
    # the recorded request spells the site "Prov-2": the message quotes the URL as requested
    missing = "/sites/Prov-2/Shared Documents/IdontExist.pdf"
    return env.observe("GET", f"Web/GetFileByServerRelativePath(decodedurl='{missing}')")


def error_400_argument(env: Env) -> Observed:
    return env.observe("GET", "Web/GetFileByServerRelativePath(decodedurl='/sites/other/Shared Documents/a.docx')")


# ------------------------------------------------------------------------------------ changes
def list_getchanges(env: Env) -> Observed:
    # the recorded five: an item added and updated, then three list updates
    lst = env.documents
    start = env.site.list_token(lst)
    item = env.upload("a.docx")
    env.site.update_item(lst, item, {"Title": "x"})
    for _ in range(3):
        env.site.update_list(lst, {"Description": "changed"})
    token = {"__metadata": {"type": "SP.ChangeToken"}, "StringValue": start}
    query = {"query": {"__metadata": {"type": "SP.ChangeQuery"}, "Item": True, "List": True, "Add": True,
                       "Update": True, "DeleteObject": True, "FetchLimit": "5", "ChangeTokenStart": token}}
    return env.observe("POST", f"web/lists/getbyid(guid'{lst.id}')/getchanges", query)


def web_getchanges_with_token(env: Env) -> Observed:
    start = env.site.web_token()
    env.upload("a.docx")
    env.site.update_item(env.documents, env.site.item(env.documents, 1), {"Title": "x"})
    end = env.site.web_token()
    token = {"__metadata": {"type": "SP.ChangeToken"}}
    query = {"query": {"__metadata": {"type": "SP.ChangeQuery"}, "Item": True, "Add": True, "Update": True,
                       "ChangeTokenStart": {**token, "StringValue": start},
                       "ChangeTokenEnd": {**token, "StringValue": end}}}
    return env.observe("POST", "web/getchanges", query, focus=items_of)


# -------------------------------------------------------------------------------------- pages
def sitepages_create(env: Env) -> Observed:
    return env.observe("POST", "sitepages/pages", {"PageLayoutType": "Article", "Title": "page"},
                       accept=NOMETADATA)


#: recordings whose site is not the one in the request URL: Webs/Add answers for the new sub-web
SITE_PATHS = {"web-entity-default-properties.verbose.json": "/sites/prov-2/newsubweb"}

#: recording file name -> scenario
CASES: dict[str, Callable[[Env], Observed]] = {
    "attachment-add.verbose.json": attachment_add,
    "collection-empty.verbose.json": collection_empty,
    "contextinfo.verbose.fixture.json": contextinfo,
    "error-400-argument.verbose.json": error_400_argument,
    "error-404-file-not-found.verbose.json": error_404_file_not_found,
    "error-404-item-not-found.verbose.json": error_404_item_not_found,
    "error-404-list-not-found.nometadata.json": error_404_list_not_found_nometadata,
    "error-404-list-not-found.verbose.json": error_404_list_not_found_verbose,
    "error-412-etag-mismatch.nometadata.reported.json": error_412_etag_mismatch,
    "error-500-list-already-exists.verbose.json": error_500_list_already_exists,
    "error-500-list-view-threshold.verbose.reported.json": error_500_list_view_threshold,
    "field-add-createfieldasxml.verbose.json": field_add_createfieldasxml,
    "fields-list-get.verbose.trimmed.json": fields_list_get,
    "file-content-download.raw.json": file_content_download,
    "file-listitemallfields.verbose.json": file_listitemallfields,
    "file-publish.verbose.json": file_publish,
    "file-with-listitemallfields-expanded.verbose.json": file_with_listitemallfields_expanded,
    "folder-files-filter.verbose.json": folder_files_filter,
    "folder-get.verbose.json": folder_get,
    "item-attachmentfiles-expanded.verbose.json": item_attachmentfiles_expanded,
    "list-create.verbose.json": list_create,
    "list-entity-getlist.verbose.json": list_entity_getlist,
    "list-getchanges.verbose.json": list_getchanges,
    "list-item-create-addvalidateupdate.verbose.json": list_item_create_addvalidateupdate,
    "list-item-delete.verbose.json": list_item_delete,
    "list-item-validateupdate.verbose.json": list_item_validateupdate,
    "list-items-filter-select.verbose.json": list_items_filter_select,
    "list-items-full-default-fields.verbose.json": list_items_full_default_fields,
    "list-items-page-skip-ignored.verbose.json": list_items_page_skip_ignored,
    "list-items-page-with-next.verbose.json": list_items_page_with_next,
    "list-items-page-with-nextlink.nometadata.json": list_items_page_with_nextlink,
    "list-items-select-via-expand.verbose.json": list_items_select_via_expand,
    "list-update-204.verbose.json": list_update_204,
    "sitepages-create.nometadata.mock.json": sitepages_create,
    "web-entity-default-properties.verbose.json": web_entity_default_properties,
    "web-get-select-expand.verbose.json": web_get_select_expand,
    "web-getchanges-with-token.verbose.json": web_getchanges_with_token,
}
