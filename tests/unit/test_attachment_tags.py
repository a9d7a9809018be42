"""A submission's attachments fingerprint (run.collect.with_attachment_tag) and the SP.File listing it is
read from (gateway.attachments): any attachment added, removed, renamed or replaced changes it."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given, strategies as st

from sharepoint_sync.gateway.attachments import attachment_tag, attachment_tags_from
from sharepoint_sync.ports import ContentRef, SourceItem
from sharepoint_sync.run.collect import with_attachment_tag

GUID = "{5D2B1B55-0000-4000-8000-00000000000A}"


def _item(*names: str) -> SourceItem:
    refs = tuple(ContentRef(n, f"/Lists/S/Attachments/4/{n}") for n in names)
    return SourceItem("submission", 4, "g", "Submission", "https://x/4", '"2"', "2.0", "2026-01-01T00:00:00Z",
                      {}, refs)


def _file(name: str, etag_n: int = 2, content_n: int = 2, length: int = 100, modified: str = "2026-01-01T00:00:00Z"):
    return {"Name": name, "ContentTag": f"{GUID},{etag_n},{content_n}", "Length": str(length),
            "TimeLastModified": modified}


def test_the_folder_listing_gives_each_attachment_a_tag_that_ignores_the_etag_counter() -> None:
    """Folders named by item id, their files' tags; the ContentTag's middle (ETag) counter left out, so a
    column write on the item leaves the tag as it was."""
    listing = [{"Name": "4", "Files": {"results": [_file("a.docx")]}}, {"Name": "not an id", "Files": {}}]
    assert attachment_tags_from(listing) == {4: {"a.docx": attachment_tag(_file("a.docx"))}}
    assert attachment_tag(_file("a.docx", etag_n=7)) == attachment_tag(_file("a.docx"))
    assert attachment_tag({"Name": "a.docx"}) == ""


@given(st.sampled_from(["content", "length", "modified", "guid"]))
def test_new_bytes_make_a_new_attachment_tag(what: str) -> None:
    """A new content counter, length, modification time or file GUID (deleted and added again): another tag."""
    before = _file("a.docx")
    after = {"content": _file("a.docx", content_n=3), "length": _file("a.docx", length=101),
             "modified": _file("a.docx", modified="2026-01-02T00:00:00Z"),
             "guid": {**before, "ContentTag": before["ContentTag"].replace("000A", "000B")}}[what]
    assert attachment_tag(after) != attachment_tag(before)


def test_any_change_to_the_attachments_changes_the_items_tag() -> None:
    """The item's tag covers every attachment: one added, removed, renamed or with a new tag changes it;
    none without attachments, or when one attachment has no tag (the letters are then downloaded)."""
    tags = {"a.docx": "t1", "b.docx": "t2"}
    base = with_attachment_tag(_item("a.docx", "b.docx"), tags).content_tag
    assert base.startswith("attachments:")
    assert with_attachment_tag(_item("b.docx", "a.docx"), tags).content_tag == base  # order of listing: same
    changed = [with_attachment_tag(_item("a.docx"), tags), with_attachment_tag(_item("a.docx", "c.docx"), {**tags, "c.docx": "t2"}),
               with_attachment_tag(_item("a.docx", "b.docx"), {**tags, "b.docx": "t3"}),
               with_attachment_tag(_item("a.docx", "b.docx", "c.docx"), {**tags, "c.docx": "t4"})]
    assert all(i.content_tag and i.content_tag != base for i in changed)
    assert with_attachment_tag(_item(), tags).content_tag == ""
    assert with_attachment_tag(_item("a.docx", "b.docx"), {"a.docx": "t1"}).content_tag == ""
    assert with_attachment_tag(replace(_item("a.docx"), content_tag=""), {}).content_tag == ""
