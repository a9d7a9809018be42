"""The two implementations of the site port the contract suite runs against, behind one small adapter.

`MemorySite` wraps `tests.fakes.FakeSite` (what the core's tests use); `TenantSite` wraps the real
`SharePointGateway` talking HTTPS to the fake tenant (which is itself checked against recordings).
Each adapter also offers what staff do in the browser (upload, submit, edit, delete) and a way to
expire change tokens, so a contract test can set a scene the same way on both.
"""
from __future__ import annotations

from typing import Any, Protocol

from sharepoint_sync.ports import FieldSpec, ListSpec, SiteGateway, ViewSpec
from tests.fakes import FakeSite

LIBRARY = "Contract Documents"
SUBMISSIONS = "Contract Submissions"
ROWS = "Contract Rows"

#: one column of each kind the port converts (ports.py's value conventions)
ROW_FIELDS = (
    FieldSpec("RowKey", "Row key", "text", unique=True),
    FieldSpec("Label", "Label", "text"),
    FieldSpec("Notes", "Notes", "note"),
    FieldSpec("Status", "Status", "choice", choices=("Active", "Expired")),
    FieldSpec("Tags", "Tags", "multichoice", choices=("A", "B", "C")),
    FieldSpec("Flag", "Flag", "boolean"),
    FieldSpec("Count", "Count", "number"),
    FieldSpec("Due", "Due", "date"),
    FieldSpec("Seen", "Seen", "datetime"),
    FieldSpec("Link", "Link", "url"),
)
ROW_COLUMNS = tuple(f.internal_name for f in ROW_FIELDS)
SPECS = (
    ListSpec(LIBRARY, "library", (FieldSpec("WbStatus", "Status", "text"), FieldSpec("WbDone", "Done", "boolean")),
             (ViewSpec("Needs review", ("FileLeafRef", "WbStatus"), (("WbStatus", "Needs review"),)),)),
    ListSpec(SUBMISSIONS, "list", (FieldSpec("District", "District", "text"),), attachments=True),
    ListSpec(ROWS, "list", ROW_FIELDS, (ViewSpec("By key", ("Title", "RowKey")),)),
)


class SiteUnderTest(Protocol):
    """A site port implementation plus the staff actions the contract tests need."""

    name: str
    gateway: SiteGateway

    def upload(self, library: str, name: str, data: bytes, folder: str = "") -> int:
        """Staff upload a file (a new version when it exists); its item id."""

    def submit(self, list_title: str, attachments: dict[str, bytes], **values: Any) -> int:
        """A submission with attachments arrives; its item id."""

    def staff_edit(self, list_title: str, item_id: int, **values: Any) -> None:
        """Staff change columns of an item in the browser."""

    def delete(self, list_title: str, item_id: int) -> None:
        """Staff delete an item or document."""

    def rename(self, library: str, item_id: int, name: str) -> None:
        """Staff rename a document in its folder (the item's FileLeafRef, as the library's Rename does)."""

    def expire_tokens(self) -> None:
        """The site forgets its change log (retention passed): older tokens are refused."""


def provision(gateway: SiteGateway) -> None:
    """The contract's three lists, created through the port itself (the fields indexed as the spec says)."""
    for spec in SPECS:
        gateway.create_list(spec)
        for field in spec.fields:
            gateway.add_field(spec.title, field)
            if field.unique or field.indexed:
                gateway.set_field_indexed(spec.title, field.internal_name, unique=field.unique)
        for view in spec.views:
            gateway.create_view(spec.title, view)


class MemorySite:
    """`FakeSite`, the in-memory site."""

    name = "memory"

    def __init__(self) -> None:
        self.fake = FakeSite()
        self.gateway: Any = self.fake

    def upload(self, library: str, name: str, data: bytes, folder: str = "") -> int:
        return self.fake.upload(library, name, data, folder).item_id

    def submit(self, list_title: str, attachments: dict[str, bytes], **values: Any) -> int:
        return self.fake.submit(list_title, attachments, **values).item_id

    def staff_edit(self, list_title: str, item_id: int, **values: Any) -> None:
        self.fake.staff_edit(list_title, item_id, **values)

    def delete(self, list_title: str, item_id: int) -> None:
        self.fake.delete(list_title, item_id)

    def rename(self, library: str, item_id: int, name: str) -> None:
        self.fake.rename(library, item_id, name)

    def expire_tokens(self) -> None:
        self.fake.expire_tokens = True


class TenantSite:
    """The real gateway over HTTPS against the fake tenant; staff act on the tenant's store directly."""

    name = "tenant"

    def __init__(self, gateway: Any, store: Any) -> None:
        self.gateway = gateway
        self.store = store

    def upload(self, library: str, name: str, data: bytes, folder: str = "") -> int:
        with self.store.lock:
            root = self.store.list_by_title(library).url
            return int(self.store.upload(f"{root}/{folder + '/' if folder else ''}{name}", data).id)

    def submit(self, list_title: str, attachments: dict[str, bytes], **values: Any) -> int:
        with self.store.lock:
            lst = self.store.list_by_title(list_title)
            item = self.store.add_item(lst, {"Title": "Submission", **values}, editor_id=12)
            for name, content in attachments.items():
                self.store.attach(list_title, item.id, name, content)
            return int(item.id)

    def staff_edit(self, list_title: str, item_id: int, **values: Any) -> None:
        self.store.staff_edit(list_title, item_id, values)

    def delete(self, list_title: str, item_id: int) -> None:
        with self.store.lock:
            lst = self.store.list_by_title(list_title)
            self.store.delete_item(lst, self.store.item(lst, item_id))

    def rename(self, library: str, item_id: int, name: str) -> None:
        from m365_fake.sharepoint.library import rename_file
        with self.store.lock:  # what a MERGE of FileLeafRef does (routes_items.ItemNode.merge)
            lst = self.store.list_by_title(library)
            item = self.store.item(lst, item_id)
            rename_file(self.store, lst, item, name)
            self.store.update_item(lst, item, {}, editor_id=12)

    def expire_tokens(self) -> None:
        self.store.expire_changes()
