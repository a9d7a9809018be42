"""`gateway.site.content_tag`: a library file's content fingerprint from SP.File as SharePoint answers it
(tests/fixtures/sharepoint-responses/folder-files-filter.verbose.json)."""
from __future__ import annotations

import json
from pathlib import Path

from sharepoint_sync.gateway.site import content_tag

RECORDING = Path(__file__).resolve().parents[1] / "fixtures" / "sharepoint-responses" / "folder-files-filter.verbose.json"


def _file() -> dict:
    return json.loads(RECORDING.read_text())["body"]["d"]["results"][0]


def test_the_tag_is_the_file_guid_its_content_counter_and_length() -> None:
    """ContentTag "{GUID},1,2" with Length "17818" gives "{guid},2,17818"."""
    assert content_tag(_file()) == "{692a58b3-ce1d-444a-8b2b-dd48bbfbe2e3},2,17818"


def test_a_column_write_moving_the_etag_counter_keeps_the_tag() -> None:
    """The middle part of ContentTag is the ETag's counter (any column write moves it): left out."""
    edited = {**_file(), "ContentTag": "{692A58B3-CE1D-444A-8B2B-DD48BBFBE2E3},5,2",
              "ETag": '"{692A58B3-CE1D-444A-8B2B-DD48BBFBE2E3},5"'}
    assert content_tag(edited) == content_tag(_file())


def test_new_bytes_change_the_tag_and_a_missing_tag_is_empty() -> None:
    """A new content counter or length is another tag; no File (a folder, an old answer) gives ""."""
    assert content_tag({**_file(), "ContentTag": "{692A58B3-CE1D-444A-8B2B-DD48BBFBE2E3},1,3"}) != content_tag(_file())
    assert content_tag({**_file(), "Length": "17819"}) != content_tag(_file())
    assert content_tag(None) == "" and content_tag({"ContentTag": "odd"}) == ""
