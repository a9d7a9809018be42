"""The gateway's "Needs review" views on the fake tenant: columns shown once, only the missing ones added."""
from __future__ import annotations

from typing import Any

import pytest
from structlog.testing import capture_logs

from sharepoint_sync.config import Config
from sharepoint_sync.gateway import SharePointGateway
from sharepoint_sync.gateway.odata import list_path
from sharepoint_sync.ports import FieldSpec, ListSpec, ViewSpec
from tests.client.gateway_helpers import gateway_with_list

VIEW = ViewSpec("Needs review", ("Title", "MemberStatus", "SyncNotes"), (("MemberStatus", "Needs review"),))
MEMBERS = ListSpec("ILN Members", "list", (
    FieldSpec("MemberStatus", "Status", "choice", ("Active", "Needs review")),
    FieldSpec("SyncNotes", "Sync notes", "note"),
), views=(VIEW,))
VIEW_FIELDS = f"{list_path(MEMBERS.title)}/views/GetByTitle('Needs%20review')/ViewFields"


@pytest.fixture()
def gateway(tenant_config: Config) -> SharePointGateway:
    """A gateway to the freshly reset fake site with the list and its columns (no view yet)."""
    return gateway_with_list(tenant_config, MEMBERS, views=False)


def posts(emulator: Any, since: int, marker: str) -> list[dict[str, Any]]:
    """POSTs to SharePoint REST after `since` whose path contains `marker`."""
    return [e for e in emulator.requests(since) if e["method"] == "POST" and marker in e["path"]]


def test_created_view_shows_its_columns_in_order_and_filters(gateway: SharePointGateway, clean_tenant: Any) -> None:
    """create_view makes the view with the spec's CAML filter and exactly its columns, in order."""
    gateway.create_view(MEMBERS.title, VIEW)
    assert gateway.view_fields(MEMBERS.title, VIEW.title) == ["Title", "MemberStatus", "SyncNotes"]
    members = next(lst for lst in clean_tenant.state()["lists"] if lst["title"] == MEMBERS.title)
    assert members["views"] == ["All Items", "Needs review"]


def test_second_create_view_adds_nothing(gateway: SharePointGateway, emulator: Any) -> None:
    """A repeat of create_view reads the view and its fields and sends no POST at all."""
    gateway.create_view(MEMBERS.title, VIEW)
    since = emulator.last_seq()
    gateway.create_view(MEMBERS.title, VIEW)
    assert posts(emulator, since, "/_api/") == []


def test_only_missing_view_columns_are_added(gateway: SharePointGateway, emulator: Any) -> None:
    """A view that lost one column (staff trimmed it) gets back exactly that column, at the end."""
    gateway.create_view(MEMBERS.title, VIEW)
    gateway.client.post_json(f"{VIEW_FIELDS}/RemoveViewField('MemberStatus')", what="trim view", idempotent=True)
    since = emulator.last_seq()
    assert gateway.add_view_fields(MEMBERS.title, VIEW.title, VIEW.columns) == ["MemberStatus"]
    assert len(posts(emulator, since, "AddViewField")) == 1
    assert gateway.view_fields(MEMBERS.title, VIEW.title) == ["Title", "SyncNotes", "MemberStatus"]


def test_a_column_the_list_lacks_is_skipped_and_the_rest_are_added(gateway: SharePointGateway) -> None:
    """A view column SharePoint refuses (no such field) is logged and skipped; the others are shown."""
    spec = ViewSpec("Needs review", ("NoSuchColumn", "Title"), (("MemberStatus", "Needs review"),))
    with capture_logs() as logs:
        gateway.create_view(MEMBERS.title, spec)
    assert gateway.view_fields(MEMBERS.title, spec.title) == ["Title"]
    assert [(e["event"], e["column"], e["status"]) for e in logs if e["log_level"] == "warning"] == [
        ("sp.view.field_not_added", "NoSuchColumn", 400)]
