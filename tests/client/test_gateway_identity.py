"""The gateway names a document or submission by one identity, SharePoint's UniqueId, in listings and changes."""
from __future__ import annotations

import pytest

from sharepoint_sync.config import Config
from sharepoint_sync.edges import open_gateway
from sharepoint_sync.gateway import SharePointGateway
from sharepoint_sync.ports import ListSpec

LIBRARY = ListSpec("Letters of Commitment", "library", ())
SUBMISSIONS = ListSpec("LOC Submissions", "list", ())


@pytest.fixture()
def gateway(tenant_config: Config) -> SharePointGateway:
    """A gateway with an empty library and submissions list."""
    gw = open_gateway(tenant_config)
    gw.create_list(LIBRARY)
    gw.create_list(SUBMISSIONS)
    return gw


def test_a_document_has_the_same_unique_id_in_listing_and_changes(gateway: SharePointGateway) -> None:
    """A new document's change entry carries the UniqueId its listing shows (its file's UniqueId)."""
    token = gateway.current_change_token(LIBRARY.title)
    gateway.upload_file(LIBRARY.title, "Adair LOC.docx", b"adair", folder="2026")
    (source,) = gateway.list_sources(LIBRARY.title, "library", [])
    changes = [c for c in gateway.get_changes(LIBRARY.title, token).changes if c.item_id == source.item_id]
    assert source.unique_id and [c.unique_id for c in changes] == [source.unique_id]


def test_a_submission_has_the_same_unique_id_in_listing_and_changes(gateway: SharePointGateway) -> None:
    """A new submission item's change entry carries the UniqueId its listing shows."""
    token = gateway.current_change_token(SUBMISSIONS.title)
    gateway.create_row(SUBMISSIONS.title, {"Title": "Clark County"}, key_column="Title")
    (source,) = gateway.list_sources(SUBMISSIONS.title, "submission", [])
    changes = gateway.get_changes(SUBMISSIONS.title, token).changes
    assert source.unique_id and {c.unique_id for c in changes} == {source.unique_id}
