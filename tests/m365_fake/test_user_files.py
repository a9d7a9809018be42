"""Document libraries driven by ordinary office365 user code over HTTPS: the default library, nested
folders with awkward names, path addressing, file operations, versions, recycle bin and attachments."""
from __future__ import annotations


from office365.sharepoint.client_context import ClientContext

from .user_code import new_list

AWKWARD = "Adair & O'Brien #1 50% Señora"


def test_default_document_library_is_shared_documents(ctx: ClientContext) -> None:
    """A fresh site's default library is "Documents" at Shared Documents, and uploads land there."""
    docs = ctx.web.default_document_library().get().execute_query()
    assert docs.title == "Documents"
    root = docs.root_folder.get().execute_query()
    assert root.server_relative_url == "/sites/KYILN/Shared Documents"
    uploaded = root.upload_file("hello.txt", b"hi").execute_query()
    assert uploaded.server_relative_url == "/sites/KYILN/Shared Documents/hello.txt"


def test_nested_folders_with_awkward_names_read_back_by_path(ctx: ClientContext) -> None:
    """Folders and a file whose names hold spaces, ', #, %, & and non-ASCII are found by path."""
    library = new_list(ctx, "Letters of Commitment", 101)
    folder = library.root_folder.folders.add(AWKWARD).execute_query()
    inner = folder.folders.add("2024 – Q1").execute_query()
    name = f"{AWKWARD}.docx"
    inner.upload_file(name, b"PK awkward").execute_query()
    path = f"/sites/KYILN/Letters of Commitment/{AWKWARD}/2024 – Q1/{name}"
    by_path = ctx.web.get_file_by_server_relative_path(path).get().execute_query()
    assert by_path.name == name
    assert ctx.web.get_file_by_server_relative_path(path).get_content().execute_query().value == b"PK awkward"
    assert ctx.web.get_file_by_server_relative_url(path).get_content().execute_query().value == b"PK awkward"
    back = ctx.web.get_folder_by_server_relative_path(f"/sites/KYILN/Letters of Commitment/{AWKWARD}")
    names = [f.name for f in back.folders.get().execute_query()]
    assert names == ["2024 – Q1"]
    lst = ctx.web.get_list("/sites/KYILN/Letters of Commitment").get().execute_query()
    assert lst.title == "Letters of Commitment"


def test_folder_in_a_list_through_its_root_folder_and_add_validate_update(ctx: ClientContext) -> None:
    """A folder is made in a generic list by folders.add and by AddValidateUpdateItemUsingPath; items
    created in it live under it."""
    from office365.sharepoint.listitems.creation_information import ListItemCreationInformation
    members = new_list(ctx, "ILN Members")
    members.root_folder.folders.add("Region A").execute_query()
    created = members.add_validate_update_item(
        ListItemCreationInformation(LeafName="Region B", UnderlyingObjectType=1,
                                    FolderUrl="/sites/KYILN/Lists/ILN Members"),
        {"Title": "Region B"}).execute_query()
    assert not any(v.HasException for v in created.value)
    folders = members.root_folder.folders.get().execute_query()
    assert sorted(f.name for f in folders) == ["Region A", "Region B"]
    kinds = [i.properties["FileSystemObjectType"] for i in members.items.get().execute_query()]
    assert kinds == [1, 1]


def test_update_copy_move_rename_and_the_library_sees_each_change(ctx: ClientContext) -> None:
    """Content and a column are updated, then the file is copied, moved and renamed; the library's
    folders list exactly what is there after each step."""
    library = new_list(ctx, "Letters of Commitment", 101)
    library.fields.add_text_field("District").execute_query()
    drafts = library.root_folder.folders.add("Drafts").execute_query()
    final = library.root_folder.folders.add("Final").execute_query()
    letter = drafts.upload_file("Adair.docx", b"v1").execute_query()
    letter.save_binary_stream(b"v2").execute_query()
    letter.listItemAllFields.set_property("District", "Adair County").update().execute_query()
    copy = letter.copyto(final, overwrite=True).execute_query()
    assert ctx.web.get_file_by_server_relative_path(
        "/sites/KYILN/Letters of Commitment/Final/Adair.docx").get_content().execute_query().value == b"v2"
    letter.moveto(final, 1).execute_query()
    moved = ctx.web.get_file_by_server_relative_path("/sites/KYILN/Letters of Commitment/Final/Adair.docx")
    assert moved.get_content().execute_query().value == b"v2"
    assert [f.name for f in drafts.files.get().execute_query()] == []
    moved.rename("Adair County.docx").execute_query()
    names = sorted(f.name for f in final.files.get().execute_query())
    assert names == ["Adair County.docx"]
    fields = ctx.web.get_file_by_server_relative_path(
        "/sites/KYILN/Letters of Commitment/Final/Adair County.docx").listItemAllFields.get().execute_query()
    assert fields.properties["District"] == "Adair County"
    assert copy is not None


def test_file_versions_list_get_and_delete(ctx: ClientContext) -> None:
    """Three uploads make versions 1.0 and 2.0 in the history; one is read by id, one deleted."""
    docs = ctx.web.default_document_library()
    folder = docs.root_folder
    for n in (1, 2, 3):
        folder.upload_file("minutes.txt", f"v{n}".encode()).execute_query()
    file = ctx.web.get_file_by_server_relative_path("/sites/KYILN/Shared Documents/minutes.txt")
    versions = file.versions.get().execute_query()
    assert [v.version_label for v in versions] == ["1.0", "2.0"]
    first = file.versions.get_by_id(versions[0].id).get().execute_query()
    assert first.version_label == "1.0"
    assert first.open_binary_stream().execute_query().value == b"v1"
    file.versions.delete_by_id(versions[0].id).execute_query()
    assert [v.version_label for v in file.versions.get().execute_query()] == ["2.0"]
    assert file.get().execute_query().properties["UIVersionLabel"] == "3.0"


def test_recycle_a_file_and_restore_it_from_the_recycle_bin(ctx: ClientContext) -> None:
    """A recycled file is gone from its folder and in the web's recycle bin; restoring brings it back."""
    root = ctx.web.default_document_library().root_folder
    root.upload_file("old.txt", b"old").execute_query()
    file = ctx.web.get_file_by_server_relative_path("/sites/KYILN/Shared Documents/old.txt")
    recycled_id = file.recycle().execute_query().value
    assert [f.name for f in root.files.get().execute_query()] == []
    bin_items = ctx.web.recycle_bin.get().execute_query()
    assert [(i.id, i.leaf_name, i.dir_name) for i in bin_items] == [(recycled_id, "old.txt",
                                                                     "sites/KYILN/Shared Documents")]
    ctx.web.recycle_bin.get_by_id(recycled_id).restore().execute_query()
    assert [f.name for f in root.files.get().execute_query()] == ["old.txt"]
    assert len(ctx.web.recycle_bin.get().execute_query()) == 0
    assert file.get_content().execute_query().value == b"old"


def test_attachments_by_path_with_awkward_names(ctx: ClientContext) -> None:
    """Attachments are listed, then downloaded through GetFileByServerRelativeUrl/Path → $value."""
    submissions = new_list(ctx, "LOC Submissions")
    item = submissions.add_item({"Title": "Adair"}).execute_query()
    for name in ("loc.docx", "O'Brien & Sons 50% Señora.docx"):
        item.attachment_files.add({"filename": name, "content": name.encode()}).execute_query()
    listed = item.attachment_files.get().execute_query()
    assert [a.file_name for a in listed] == ["loc.docx", "O'Brien & Sons 50% Señora.docx"]
    for attachment in listed:
        url = attachment.server_relative_url
        assert url == f"/sites/KYILN/Lists/LOC Submissions/Attachments/{item.id}/{attachment.file_name}"
        by_url = ctx.web.get_file_by_server_relative_url(url).get_content().execute_query().value
        by_path = ctx.web.get_file_by_server_relative_path(url).get_content().execute_query().value
        assert by_url == by_path == attachment.file_name.encode()
    assert ctx.web.get_file_by_server_relative_path(listed[0].server_relative_url).get().execute_query().name == "loc.docx"


def test_percent_encoded_parameters_are_decoded(ctx: ClientContext) -> None:
    """A path parameter sent percent-encoded ('a%20b') names the same file as the decoded one."""
    root = ctx.web.default_document_library().root_folder
    root.upload_file("a b & c.txt", b"x").execute_query()
    raw = ctx.pending_request().execute_request(
        "web/GetFileByServerRelativePath(DecodedUrl='%2Fsites%2FKYILN%2FShared%20Documents%2Fa%20b%20%26%20c.txt')")
    assert raw.json()["d"]["Name"] == "a b & c.txt"
    raw = ctx.pending_request().execute_request(
        "web/GetFileByServerRelativeUrl('/sites/KYILN/Shared%20Documents/a%20b%20%26%20c.txt')/$value")
    assert raw.content == b"x"
    lst = ctx.pending_request().execute_request("web/GetList('%2Fsites%2FKYILN%2FShared%20Documents')").json()
    assert lst["d"]["Title"] == "Documents"
    by_path = ctx.pending_request().execute_request(
        "web/GetListUsingPath(DecodedUrl='/sites/KYILN/Shared%20Documents')").json()
    assert by_path["d"]["Id"] == lst["d"]["Id"]


def test_expand_navigation_with_select_into_it(ctx: ClientContext) -> None:
    """$expand=RootFolder&$select=RootFolder/ServerRelativeUrl returns the value, not __deferred; items
    expand File, Folder, FieldValuesAsText and Author with selects into them."""
    library = new_list(ctx, "Letters of Commitment", 101)
    library.root_folder.folders.add("2024").execute_query()
    library.root_folder.upload_file("a.docx", b"a").execute_query()
    loaded = ctx.web.lists.get_by_title("Letters of Commitment").expand(["RootFolder"]).select(
        ["RootFolder/ServerRelativeUrl", "Title"]).get().execute_query()
    assert loaded.root_folder.server_relative_url == "/sites/KYILN/Letters of Commitment"
    items = library.items.expand(["File", "Folder", "FieldValuesAsText", "Author"]).select(
        ["File/Name", "Folder/Name", "FieldValuesAsText/FileLeafRef", "Author/Title", "Id"]).get().execute_query()
    rows = {i.id: i for i in items}
    assert rows[1].folder.name == "2024" and rows[2].file.name == "a.docx"
    assert rows[2].field_values_as_text.get_property("FileLeafRef") == "a.docx"
    assert rows[2].properties["Author"]["Title"] == "SharePoint App"
    assert set(rows[2].properties["Author"]) == {"Title"}   # only what was selected


def test_recycle_a_folder_with_its_files_and_restore_it(ctx: ClientContext) -> None:
    """A recycled folder takes its files to the bin as one entry; restoring brings both back by path."""
    root = ctx.web.default_document_library().root_folder
    folder = root.folders.add("2023 letters").execute_query()
    folder.upload_file("Adair.docx", b"PK").execute_query()
    folder.recycle().execute_query()
    assert [f.name for f in root.folders.get().execute_query()] == []
    [entry] = ctx.web.recycle_bin.get().execute_query()
    assert (entry.leaf_name, entry.item_type) == ("2023 letters", 5)
    ctx.web.recycle_bin.restore_all().execute_query()
    path = "/sites/KYILN/Shared Documents/2023 letters/Adair.docx"
    assert ctx.web.get_file_by_server_relative_path(path).get_content().execute_query().value == b"PK"


def test_move_copy_util_for_files_and_folders(ctx: ClientContext) -> None:
    """MoveCopyUtil copies a file (KeepBoth gives a free name), moves it, and moves and copies a folder
    with its contents; File.move_by_path uses it too."""
    from office365.sharepoint.utilities.move_copy_options import MoveCopyOptions
    from office365.sharepoint.utilities.move_copy_util import MoveCopyUtil
    root = ctx.web.default_document_library().root_folder
    root.folders.add("Inbox").execute_query()
    root.folders.add("Filed").execute_query()
    base = "/sites/KYILN/Shared Documents"
    ctx.web.get_folder_by_server_relative_path(f"{base}/Inbox").upload_file("Adair.docx", b"PK").execute_query()
    MoveCopyUtil.copy_file_by_path(ctx, f"{base}/Inbox/Adair.docx", f"{base}/Inbox/Adair.docx", False,
                                   MoveCopyOptions(KeepBoth=True))
    ctx.execute_query()
    inbox = ctx.web.get_folder_by_server_relative_path(f"{base}/Inbox")
    assert sorted(f.name for f in inbox.files.get().execute_query()) == ["Adair 1.docx", "Adair.docx"]
    # a Folder, not a path string: office365 3.3.0 resolves a string through ensure_folder_path and then
    # reads ServerRelativePath, which SharePoint's default SP.Folder answer lacks (folder-get.verbose.json)
    filed = ctx.web.get_folder_by_server_relative_path(f"{base}/Filed")
    ctx.web.get_file_by_server_relative_path(f"{base}/Inbox/Adair 1.docx").move_by_path(filed).execute_query()
    assert [f.name for f in ctx.web.get_folder_by_server_relative_path(f"{base}/Filed").files.get().execute_query()] \
        == ["Adair 1.docx"]
    MoveCopyUtil.move_folder_by_path(ctx, f"{base}/Inbox", f"{base}/Filed/Inbox 2024", MoveCopyOptions())
    MoveCopyUtil.copy_folder_by_path(ctx, f"{base}/Filed", f"{base}/Archive", MoveCopyOptions())
    ctx.execute_query()
    moved = ctx.web.get_file_by_server_relative_path(f"{base}/Filed/Inbox 2024/Adair.docx")
    copied = ctx.web.get_file_by_server_relative_path(f"{base}/Archive/Inbox 2024/Adair.docx")
    assert moved.get_content().execute_query().value == copied.get_content().execute_query().value == b"PK"
    assert sorted(f.name for f in root.folders.get().execute_query()) == ["Archive", "Filed"]
