"""Contract of the site port, part 2: documents and submissions listed, downloaded, written back; changes."""
from __future__ import annotations

from urllib.parse import unquote

import pytest

from sharepoint_sync.ports import ChangeTokenExpired, is_gone
from tests.contract.sites import LIBRARY, ROWS, SUBMISSIONS, SiteUnderTest


def test_documents_are_listed_at_any_folder_depth_without_their_folders(site: SiteUnderTest) -> None:
    """list_sources of a library: one SourceItem per file (root and nested folders), folders left out,
    each with its own file as its only content."""
    top = site.upload(LIBRARY, "top.docx", b"top")
    deep = site.upload(LIBRARY, "deep.docx", b"deep", folder="2025/Fall")
    sources = site.gateway.list_sources(LIBRARY, "library", ["WbStatus"])
    assert sorted((s.item_id, s.name) for s in sources) == sorted([(top, "top.docx"), (deep, "deep.docx")])
    for source in sources:
        assert source.kind == "library" and source.unique_id and source.etag and source.version
        assert source.modified.endswith("Z") and source.link.startswith("https://")
        assert [c.name for c in source.contents] == [source.name] and source.fields == {"WbStatus": None}


def test_a_document_downloads_as_uploaded_and_a_new_version_as_replaced(site: SiteUnderTest) -> None:
    """download gives the file's bytes; after staff upload the same name again, the new bytes, the same
    item id and another ETag and version."""
    item_id = site.upload(LIBRARY, "a.docx", b"first")
    [before] = site.gateway.list_sources(LIBRARY, "library", [])
    assert site.gateway.download(before.contents[0]) == b"first"
    assert site.upload(LIBRARY, "a.docx", b"second") == item_id
    [after] = site.gateway.list_sources(LIBRARY, "library", [])
    assert site.gateway.download(after.contents[0]) == b"second"
    assert (after.item_id, after.unique_id) == (before.item_id, before.unique_id)
    assert after.etag != before.etag and after.version != before.version


def test_writing_back_to_a_document_changes_its_columns_never_its_file(site: SiteUnderTest) -> None:
    """update_row on a library item sets its columns; the file's bytes stay, its ETag moves on."""
    site.upload(LIBRARY, "a.docx", b"letter")
    [source] = site.gateway.list_sources(LIBRARY, "library", ["WbStatus", "WbDone"])
    written = site.gateway.update_row(LIBRARY, source.item_id, {"WbStatus": "Needs review", "WbDone": True},
                                      etag=source.etag)
    [after] = site.gateway.list_sources(LIBRARY, "library", ["WbStatus", "WbDone"])
    assert dict(after.fields) == {"WbStatus": "Needs review", "WbDone": True}
    assert site.gateway.download(after.contents[0]) == b"letter"
    assert after.etag != source.etag and written.etag


def test_a_renamed_document_is_the_same_item_and_content_at_a_new_name_and_link(site: SiteUnderTest) -> None:
    """After a rename: the same item id and content tag, the new name, link and file URL, the same bytes,
    another ETag, and the change log names it as an update."""
    item_id = site.upload(LIBRARY, "a.docx", b"letter", folder="2025")
    [before] = site.gateway.list_sources(LIBRARY, "library", [])
    token = site.gateway.current_change_token(LIBRARY)
    site.rename(LIBRARY, item_id, "a (signed).docx")
    [after] = site.gateway.list_sources(LIBRARY, "library", [])
    assert (after.item_id, after.unique_id, after.content_tag) == (before.item_id, before.unique_id, before.content_tag)
    assert after.name == "a (signed).docx" and [c.name for c in after.contents] == [after.name]
    assert unquote(after.link).endswith("/2025/a (signed).docx") and unquote(after.contents[0].link) == unquote(after.link)
    assert site.gateway.download(after.contents[0]) == b"letter" and after.etag != before.etag
    assert [(c.item_id, c.kind) for c in site.gateway.get_changes(LIBRARY, token).changes] == [(item_id, "update")]


def test_only_the_asked_items_are_listed(site: SiteUnderTest) -> None:
    """list_sources with item_ids lists those items only; an id that does not exist is simply absent."""
    ids = [site.upload(LIBRARY, f"{n}.docx", b"x") for n in range(3)]
    listed = site.gateway.list_sources(LIBRARY, "library", [], item_ids=[ids[2], ids[0], 9999])
    assert sorted(s.item_id for s in listed) == sorted([ids[0], ids[2]])


def test_a_submission_lists_its_attachments_which_download(site: SiteUnderTest) -> None:
    """list_sources of a list: each item with its columns and its attachments as contents."""
    item_id = site.submit(SUBMISSIONS, {"loc.docx": b"one", "extra.pdf": b"two"}, District="Berea Independent")
    [source] = site.gateway.list_sources(SUBMISSIONS, "submission", ["District"])
    assert source.item_id == item_id and source.kind == "submission" and source.link.startswith("https://")
    assert source.name == "Submission" and source.unique_id and source.etag  # a submission is named by its Title
    assert dict(source.fields) == {"District": "Berea Independent"}
    assert sorted(c.name for c in source.contents) == ["extra.pdf", "loc.docx"]
    assert {c.name: site.gateway.download(c) for c in source.contents} == {"loc.docx": b"one", "extra.pdf": b"two"}


def test_a_file_deleted_after_listing_is_gone(site: SiteUnderTest) -> None:
    """download of a document deleted since it was listed raises a 404 (`is_gone`)."""
    item_id = site.upload(LIBRARY, "a.docx", b"x")
    [source] = site.gateway.list_sources(LIBRARY, "library", [])
    site.delete(LIBRARY, item_id)
    with pytest.raises(Exception) as raised:
        site.gateway.download(source.contents[0])
    assert is_gone(raised.value)
    assert site.gateway.list_sources(LIBRARY, "library", []) == []


def test_changes_since_a_token_name_each_item_and_what_happened(site: SiteUnderTest) -> None:
    """get_changes after a token: add, update, delete of a row, oldest first, keyed by the item's id and
    UniqueId; the next token is past them (asking again gives nothing)."""
    token = site.gateway.current_change_token(ROWS)
    row = site.gateway.create_row(ROWS, {"RowKey": "k"}, key_column="RowKey")
    site.staff_edit(ROWS, row.item_id, Label="staff")
    site.delete(ROWS, row.item_id)
    changes = site.gateway.get_changes(ROWS, token)
    assert [(c.item_id, c.kind) for c in changes.changes] == [(row.item_id, "add"), (row.item_id, "update"),
                                                               (row.item_id, "delete")]
    assert len({c.unique_id for c in changes.changes}) == 1 and changes.changes[0].unique_id
    assert site.gateway.get_changes(ROWS, changes.next_token).changes == ()


def test_a_document_change_names_the_document_as_its_listing_does(site: SiteUnderTest) -> None:
    """The change of an uploaded document carries the item id and UniqueId list_sources gives it."""
    token = site.gateway.current_change_token(LIBRARY)
    site.upload(LIBRARY, "a.docx", b"x")
    [source] = site.gateway.list_sources(LIBRARY, "library", [])
    changes = site.gateway.get_changes(LIBRARY, token).changes
    assert [(c.item_id, c.unique_id, c.kind) for c in changes] == [(source.item_id, source.unique_id, "add")]


def test_a_document_in_a_new_folder_is_an_add_among_its_folders_adds(site: SiteUnderTest) -> None:
    """Uploading into new folders logs an add for each folder, then one for the file (the folders are items
    too, never listed as sources); the engine finds no document behind a folder's change."""
    token = site.gateway.current_change_token(LIBRARY)
    item_id = site.upload(LIBRARY, "a.docx", b"x", folder="2025/Fall")
    changes = site.gateway.get_changes(LIBRARY, token).changes
    assert [c.kind for c in changes] == ["add", "add", "add"] and changes[-1].item_id == item_id
    listed = site.gateway.list_sources(LIBRARY, "library", [], item_ids=[c.item_id for c in changes])
    assert [s.item_id for s in listed] == [item_id]


def test_the_current_token_sees_no_earlier_change(site: SiteUnderTest) -> None:
    """A token read after some writes yields only what comes after it."""
    site.gateway.create_row(ROWS, {"RowKey": "old"}, key_column="RowKey")
    token = site.gateway.current_change_token(ROWS)
    new = site.gateway.create_row(ROWS, {"RowKey": "new"}, key_column="RowKey")
    assert [(c.item_id, c.kind) for c in site.gateway.get_changes(ROWS, token).changes] == [(new.item_id, "add")]


def test_an_expired_token_is_refused_as_expired(site: SiteUnderTest) -> None:
    """After the site dropped its change log, the old token raises ChangeTokenExpired (the engine re-scans)."""
    token = site.gateway.current_change_token(ROWS)
    site.gateway.create_row(ROWS, {"RowKey": "k"}, key_column="RowKey")
    site.expire_tokens()
    with pytest.raises(ChangeTokenExpired):
        site.gateway.get_changes(ROWS, token)
