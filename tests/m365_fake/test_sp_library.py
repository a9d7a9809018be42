"""Document libraries, attachments and site pages of the SharePoint emulation, in-process."""
from __future__ import annotations

import json
from typing import Any

import pytest

from tests.m365_fake.sp_helpers import call, d, error_of, make_site

LIB = "/sites/KYILN/Letters of Commitment"
FOLDER = f"web/GetFolderByServerRelativeUrl('{LIB}')"


@pytest.fixture
def env() -> Any:
    site, router = make_site()
    assert call(router, "POST", "web/lists", {"Title": "Letters of Commitment", "BaseTemplate": 101}).status == 201
    return site, router


def upload(router: Any, name: str, content: bytes, folder: str = FOLDER, overwrite: bool = True) -> Any:
    return call(router, "POST", f"{folder}/Files/add(url='{name}',overwrite={str(overwrite).lower()})", content)


def test_upload_list_download_and_recorded_file_shape(env: Any) -> None:
    """Files/add answers the SP.File (folder-files-filter.verbose.json shape); $value gives the bytes back."""
    _, router = env
    content = b"PK\x03\x04 adair"
    created = d(upload(router, "Adair LOC.docx", content))
    assert created["ETag"] == f'"{{{created["UniqueId"].upper()}}},1"'
    assert (created["Length"], created["UIVersion"], created["UIVersionLabel"]) == (str(len(content)), 512, "1.0")
    assert created["__metadata"]["uri"].endswith("(decodedurl='/sites/KYILN/Letters%20of%20Commitment/Adair%20LOC.docx')")
    assert created["__metadata"]["id"].endswith("(decodedurl='/sites/KYILN/Letters of Commitment/Adair LOC.docx')")
    listing = d(call(router, "GET", f"{FOLDER}/Files?$filter=Name eq 'Adair LOC.docx'&$top=1"))["results"]
    assert [f["Name"] for f in listing] == ["Adair LOC.docx"]
    download = call(router, "GET", f"web/GetFileByServerRelativeUrl('{LIB}/Adair LOC.docx')/$value")
    assert download.status == 200 and download.body == content
    by_id = d(call(router, "GET", f"web/GetFileById('{created['UniqueId']}')"))
    assert by_id["ServerRelativeUrl"] == f"{LIB}/Adair LOC.docx"


def test_missing_file_is_the_recorded_404(env: Any) -> None:
    """error-404-file-not-found.verbose.json: the path quoted as requested, spaces as %20."""
    _, router = env
    response = call(router, "GET", f"web/GetFileByServerRelativePath(decodedurl='{LIB}/No such.docx')")
    assert response.status == 404
    assert error_of(response)["message"]["value"] == f"The file {LIB.replace(' ', '%20')}/No%20such.docx does not exist."


def test_overwrite_makes_a_major_version_and_keeps_history(env: Any) -> None:
    """Overwriting moves 1.0 -> 2.0; Versions lists 1.0 with its own bytes; without overwrite it is refused."""
    _, router = env
    upload(router, "a.docx", b"one")
    second = d(upload(router, "a.docx", b"two!"))
    assert second["UIVersionLabel"] == "2.0"
    versions = d(call(router, "GET", f"web/GetFileByServerRelativeUrl('{LIB}/a.docx')/Versions"))["results"]
    assert [(v["VersionLabel"], v["Size"]) for v in versions] == [("1.0", 3)]
    assert upload(router, "a.docx", b"three", overwrite=False).status == 400


def test_list_item_all_fields_and_custom_columns(env: Any) -> None:
    """file-listitemallfields.verbose.json: header ETag "<file-guid>,n", body etag "\"n\""; MERGE sets columns."""
    _, router = env
    unique_id = d(upload(router, "a.docx", b"x"))["UniqueId"]
    call(router, "POST", "web/lists/GetByTitle('Letters of Commitment')/fields",
         {"Title": "LOC Status", "FieldTypeKind": 6, "Choices": {"results": ["Processed", "Needs review"]}})
    path = f"web/GetFileById('{unique_id}')/ListItemAllFields"
    item = call(router, "GET", f"{path}?$select=Title,Id")
    assert item.headers["ETag"] == f'"{unique_id},1"' and d(item)["__metadata"]["etag"] == '"1"'
    assert d(item)["__metadata"]["type"] == "SP.Data.Letters_x0020_of_x0020_CommitmentItem"
    merged = call(router, "POST", path, {"LOC_x0020_Status": "Needs review"},
                  headers={"X-HTTP-Method": "MERGE", "IF-MATCH": f'"{unique_id},1"'})
    assert merged.status == 204
    row = d(call(router, "GET", f"{path}?$select=LOC_x0020_Status,FileLeafRef,FileRef,File_x0020_Size,OData__UIVersionString"))
    assert row["LOC_x0020_Status"] == "Needs review" and row["FileLeafRef"] == "a.docx"
    assert row["FileRef"] == f"{LIB}/a.docx" and row["File_x0020_Size"] == "1" and row["OData__UIVersionString"] == "2.0"


def test_expanded_list_item_all_fields_has_the_file_uri(env: Any) -> None:
    """file-with-listitemallfields-expanded.verbose.json: the item uri is <file uri>/ListItemAllFields."""
    _, router = env
    upload(router, "a.docx", b"x")
    body = d(call(router, "GET", f"web/GetFileByServerRelativePath(decodedurl='{LIB}/a.docx')"
                                 "?$select=Name,ServerRelativeUrl,ListItemAllFields&$expand=ListItemAllFields"))
    assert set(body) == {"__metadata", "ListItemAllFields", "Name", "ServerRelativeUrl"}
    assert body["ListItemAllFields"]["__metadata"]["uri"] == body["__metadata"]["uri"] + "/ListItemAllFields"


def test_folders_at_any_depth(env: Any) -> None:
    """Folders/add creates missing parents; files go into them; library items include files and folders."""
    _, router = env
    made = d(call(router, "POST", f"web/Folders/add('{LIB}/2024/Spring/Late')"))
    assert made["ServerRelativeUrl"] == f"{LIB}/2024/Spring/Late"
    deep = f"web/GetFolderByServerRelativeUrl('{LIB}/2024/Spring/Late')"
    upload(router, "deep.docx", b"deep", folder=deep)
    names = [f["Name"] for f in d(call(router, "GET", f"{deep}/Files"))["results"]]
    assert names == ["deep.docx"]
    assert [f["Name"] for f in d(call(router, "GET", f"{FOLDER}/Folders"))["results"]] == ["2024"]
    rows = d(call(router, "GET", "web/lists/GetByTitle('Letters of Commitment')/items?$select=FileRef,FSObjType"))
    assert sorted((r["FSObjType"], r["FileRef"]) for r in rows["results"])[-1] == (1, f"{LIB}/2024/Spring/Late")


def test_chunked_upload_assembles_the_file(env: Any) -> None:
    """StartUpload/ContinueUpload/FinishUpload with uploadId and fileOffset; a wrong offset is refused."""
    _, router = env
    unique_id = d(upload(router, "big.bin", b""))["UniqueId"]
    base = f"web/GetFileById('{unique_id}')"
    upload_id = "11111111-2222-3333-4444-555555555555"
    assert d(call(router, "POST", f"{base}/StartUpload(uploadId=guid'{upload_id}')", b"abc"))["StartUpload"] == "3"
    assert call(router, "POST", f"{base}/ContinueUpload(uploadId=guid'{upload_id}',fileOffset=2)", b"x").status == 400
    assert d(call(router, "POST", f"{base}/ContinueUpload(uploadId=guid'{upload_id}',fileOffset=3)", b"def"))["ContinueUpload"] == "6"
    finished = d(call(router, "POST", f"{base}/FinishUpload(uploadId=guid'{upload_id}',fileOffset=6)", b"g"))
    assert finished["Length"] == "7"
    assert call(router, "GET", f"{base}/$value").body == b"abcdefg"


def test_attachments_add_list_download(env: Any) -> None:
    """attachment-add.verbose.json shape; the item etag moves 1 -> 2 (item-attachmentfiles-expanded)."""
    _, router = env
    call(router, "POST", "web/lists", {"Title": "LOC Submissions", "BaseTemplate": 100})
    items = "web/lists/GetByTitle('LOC Submissions')/items"
    call(router, "POST", items, {"Title": "Adair"})
    added = d(call(router, "POST", f"{items}(1)/AttachmentFiles/add(FileName='loc.docx')", b"PK data"))
    assert added["ServerRelativeUrl"] == "/sites/KYILN/Lists/LOC Submissions/Attachments/1/loc.docx"
    assert added["__metadata"]["uri"].endswith("/Items(1)/AttachmentFiles('loc.docx')")
    expanded = d(call(router, "GET", f"{items}?$select=Id,AttachmentFiles&$expand=AttachmentFiles&$filter=Id eq 1"))
    row = expanded["results"][0]
    assert row["__metadata"]["etag"] == '"2"' and row["AttachmentFiles"]["results"][0]["FileName"] == "loc.docx"
    content = call(router, "GET", f"{items}(1)/AttachmentFiles('loc.docx')/$value")
    assert content.body == b"PK data"
    assert d(call(router, "GET", f"{items}(1)"))["Attachments"] is True


def test_page_create_save_publish_read_back(env: Any) -> None:
    """sitepages-create mock shape (Version 0.1); draft canvas, publish makes 1.0 with that canvas."""
    site, router = env
    created = d(call(router, "POST", "sitepages/pages", {"__metadata": {"type": "SP.Publishing.SitePage"},
                                                         "Name": "Members.aspx", "Title": "ILN Members"}))
    assert (created["Version"], created["FirstPublished"], created["CanvasContent1"]) == ("0.1", "0001-01-01T08:00:00Z", "[]")
    page = f"sitepages/pages({created['Id']})"
    canvas = json.dumps([{"controlType": 4, "innerHTML": "<p>Adair &amp; Boone</p>"}])
    assert d(call(router, "POST", f"{page}/checkoutpage"))["IsPageCheckedOutToCurrentUser"] is True
    saved = call(router, "POST", f"{page}/SavePageAsDraft", {"pageStream": {"Title": "ILN Members", "CanvasContent1": canvas}})
    assert d(saved) == {"SavePageAsDraft": True}
    assert d(call(router, "POST", f"{page}/Publish")) == {"Publish": True}
    back = d(call(router, "GET", "sitepages/pages/GetByUrl('SitePages/Members.aspx')"))
    assert (back["Version"], back["CanvasContent1"]) == ("1.0", canvas)
    assert site.snapshot()["pages"][0]["canvas_content"] == canvas
    bad = call(router, "POST", f"{page}/SavePage", {"pageStream": {"Title": "x", "CanvasContent1": "{not json"}})
    assert bad.status == 400


def test_item_unique_id_is_the_file_unique_id(env: Any) -> None:
    """$select=UniqueId on library items gives the SP.File UniqueId (usable with GetFileById)."""
    _, router = env
    unique_id = d(upload(router, "a.docx", b"x"))["UniqueId"]
    rows = d(call(router, "GET", "web/lists/GetByTitle('Letters of Commitment')/items?$select=UniqueId,GUID"))
    assert [r["UniqueId"] for r in rows["results"]] == [unique_id]
    assert rows["results"][0]["GUID"] != unique_id


def test_file_etag_forms_and_stale_delete(env: Any) -> None:
    """The SP.File ETag "{GUID},n" matches the item; a stale one stops a file DELETE with 412."""
    _, router = env
    created = d(upload(router, "a.docx", b"x"))
    file_path = f"web/GetFileById('{created['UniqueId']}')"
    assert call(router, "GET", file_path).headers["ETag"] == created["ETag"]
    merged = call(router, "POST", f"{file_path}/ListItemAllFields", {"Title": "t"},
                  headers={"X-HTTP-Method": "MERGE", "IF-MATCH": created["ETag"]})
    assert merged.status == 204
    stale = call(router, "POST", file_path, headers={"X-HTTP-Method": "DELETE", "IF-MATCH": created["ETag"]})
    assert stale.status == 412
    assert call(router, "POST", file_path, headers={"X-HTTP-Method": "DELETE", "IF-MATCH": "*"}).status == 200
    assert call(router, "GET", file_path).status == 404


def test_seeding_helpers_upload_and_attach(env: Any) -> None:
    """Site.upload creates folders and versions files; Site.attach adds an attachment; both visible over REST."""
    site, router = env
    site.upload(f"{LIB}/2023/Adair.docx", b"one")
    item = site.upload(f"{LIB}/2023/Adair.docx", b"two")
    assert item.ui_version == 2
    assert call(router, "GET", f"web/GetFileByServerRelativeUrl('{LIB}/2023/Adair.docx')/$value").body == b"two"
    call(router, "POST", "web/lists", {"Title": "LOC Submissions", "BaseTemplate": 100})
    call(router, "POST", "web/lists/GetByTitle('LOC Submissions')/items", {"Title": "Adair"})
    site.attach("LOC Submissions", 1, "loc.docx", b"PK")
    names = [a["FileName"] for a in d(call(router, "GET", "web/lists/GetByTitle('LOC Submissions')/items(1)/AttachmentFiles"))["results"]]
    assert names == ["loc.docx"]
