"""An in-memory SharePoint site implementing `sharepoint_sync.ports.SiteGateway`, with staff actions
and injectable faults, and an extractor that reads records from JSON bytes. For core/engine tests."""
from __future__ import annotations

import hashlib
import itertools
import json
import uuid
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping, Sequence

from sharepoint_sync.errors import AuthError, ConflictError, RemoteError, RetryBudgetExhausted
from sharepoint_sync.ports import (Change, ChangeSet, ChangeTokenExpired, ContentRef, FieldInfo, FieldSpec,
                                   ListInfo, ListSpec, Row, SourceItem, ViewSpec, run_singly)
from sharepoint_sync.core.provisioning import SP_TYPES
from sharepoint_sync.record import LocRecord, Person, Signatory, refused


class Crash(BaseException):
    """The process died here (not an Exception: nothing in the worker may catch it)."""


@dataclass
class FakeItem:
    item_id: int
    unique_id: str
    values: dict[str, Any]
    etag_n: int = 1
    version_n: int = 1
    modified: str = "2026-01-01T00:00:00Z"
    contents: dict[str, bytes] = field(default_factory=dict)
    folder: str = ""
    #: moves with new bytes only (SharePoint's content counter, gateway/site.py `content_tag`)
    content_n: int = 1

    @property
    def etag(self) -> str:
        return f'"{self.etag_n}"'


@dataclass
class FakeList:
    title: str
    template: str
    fields: dict[str, FieldInfo] = field(default_factory=dict)
    views: list[str] = field(default_factory=list)
    items: dict[int, FakeItem] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    attachments: bool = False
    next_id: int = 1
    #: folder path -> its item id: folders are items too (in the change log, never listed as sources)
    folders: dict[str, int] = field(default_factory=dict)


class FakeSite:
    """The gateway over an in-memory site. `calls` counts every gateway call; `writes` every write."""

    def __init__(self) -> None:
        self.lists: dict[str, FakeList] = {}
        self.calls: list[str] = []
        self.writes = 0
        #: `run_batch` calls (each one `$batch` request on SharePoint)
        self.batches = 0
        self._clock = itertools.count(1)
        # faults
        self.crash_after_writes: int | None = None
        self.budget_after_writes: int | None = None
        self.expire_tokens = False
        self.auth_fails = False
        #: list title -> the error reading its rows raises (a remote fault, or a bug standing in for one)
        self.read_faults: dict[str, Exception] = {}
        self.conflicts: dict[tuple[str, int], Callable[[FakeItem], None]] = {}
        self.vanish_on_download: set[str] = set()
        #: titles of rows whose creation is refused once (a 400 from SharePoint)
        self.refuse_create_once: set[str] = set()

    # --- helpers for tests ----------------------------------------------------------------------
    def _list(self, title: str) -> FakeList:
        lst = self.lists.get(title)
        if lst is None:
            raise RemoteError(f"List '{title}' does not exist", status=404)
        return lst

    def _tick(self) -> str:
        n = next(self._clock)
        return f"2026-01-01T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z"

    def _touch(self, lst: FakeList, item: FakeItem, kind: str = "update") -> None:
        """Any write: a new ETag and, as SharePoint does with versioning on, a new item version."""
        item.etag_n += 1
        item.version_n += 1
        item.modified = self._tick()
        lst.changes.append(Change(item.item_id, item.unique_id, kind))  # type: ignore[arg-type]

    def _new_item(self, lst: FakeList, values: dict[str, Any], contents: dict[str, bytes], folder: str = "") -> FakeItem:
        item = FakeItem(lst.next_id, str(uuid.uuid5(uuid.NAMESPACE_URL, f"{lst.title}/{lst.next_id}")), dict(values),
                        contents=dict(contents), folder=folder,
                        modified=self._tick())
        lst.next_id += 1
        lst.items[item.item_id] = item
        lst.changes.append(Change(item.item_id, item.unique_id, "add"))
        return item

    def upload(self, library: str, name: str, data: bytes, folder: str = "") -> FakeItem:
        """Staff upload a document (a new version when the same name exists in the same folder)."""
        lst = self._list(library)
        for item in lst.items.values():
            if item.values.get("FileLeafRef") == name and item.folder == folder:
                item.contents = {name: data}
                item.content_n += 1
                self._touch(lst, item)
                return item
        self._ensure_folders(lst, folder)
        return self._new_item(lst, {"FileLeafRef": name, "Title": None}, {name: data}, folder)

    def _ensure_folders(self, lst: FakeList, folder: str) -> None:
        """Each missing folder on the path is a new item logged as an add, as on SharePoint (the fake
        tenant's library.ensure_folder), though never listed as a document."""
        parts = [p for p in folder.split("/") if p]
        for depth in range(1, len(parts) + 1):
            path = "/".join(parts[:depth])
            if path not in lst.folders:
                lst.folders[path] = lst.next_id
                unique = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{lst.title}/{lst.next_id}"))
                lst.changes.append(Change(lst.next_id, unique, "add"))
                lst.next_id += 1

    def rename(self, library: str, item_id: int, name: str, folder: str | None = None) -> None:
        """Staff rename (or move, with `folder`) a document: the same item, a new name and address, a new
        ETag, the same bytes (the content counter stays: the fake tenant's `library.rename_file`/`move_file`)."""
        lst = self._list(library)
        item = lst.items[item_id]
        [data] = item.contents.values()  # a document holds its one file
        item.contents = {name: data}
        item.values["FileLeafRef"] = name
        if folder is not None:
            self._ensure_folders(lst, folder)
            item.folder = folder
        self._touch(lst, item)

    def submit(self, list_title: str, attachments: dict[str, bytes], **values: Any) -> FakeItem:
        """A submission arrives (an item with attachments and its own columns)."""
        return self._new_item(self._list(list_title), {"Title": "Submission", **values}, attachments)

    def staff_edit(self, list_title: str, item_id: int, **values: Any) -> None:
        """Staff change columns on a row (bumps its ETag, logs a change)."""
        lst = self._list(list_title)
        item = lst.items[item_id]
        item.values.update(values)
        self._touch(lst, item)

    def delete(self, list_title: str, item_id: int) -> None:
        """Staff delete a document or item."""
        lst = self._list(list_title)
        item = lst.items.pop(item_id)
        lst.changes.append(Change(item_id, item.unique_id, "delete"))

    def rows(self, list_title: str) -> list[dict[str, Any]]:
        """Every row's values (for assertions)."""
        return [dict(i.values) for i in self._list(list_title).items.values()]

    # --- faults ---------------------------------------------------------------------------------
    def _write(self) -> None:
        if self.crash_after_writes is not None and self.writes >= self.crash_after_writes:
            raise Crash(f"crash after {self.writes} writes")
        if self.budget_after_writes is not None and self.writes >= self.budget_after_writes:
            raise RetryBudgetExhausted("retry budget spent", status=429)
        self.writes += 1

    def _call(self, name: str) -> None:
        if self.auth_fails:
            raise AuthError("token rejected twice")
        self.calls.append(name)

    def run_batch(self, operations: Sequence[Any]) -> list[Any]:
        """Each operation in turn (a SharePoint changeset is not rolled back either): one result each."""
        self.batches += 1
        return [run_singly(self, op) for op in operations]

    def begin_run(self) -> None:
        """A run starts (the in-memory site has no retry budget to refill)."""

    # --- SiteGateway: provisioning --------------------------------------------------------------

    def get_list(self, title: str) -> ListInfo | None:
        self._call("get_list")
        lst = self.lists.get(title)
        if lst is None:
            return None
        return ListInfo(lst.title, lst.template, dict(lst.fields), tuple(lst.views), lst.attachments)  # type: ignore[arg-type]

    def create_list(self, spec: ListSpec) -> None:
        """As the gateway: an existing list is kept as it is (looked up first). Every new list takes
        attachments, a library none (SP.List.EnableAttachments; the fake tenant's entities.py)."""
        self._call("create_list")
        if spec.title in self.lists:
            return
        self._write()
        base = {"Title": FieldInfo("Title", "Text")}
        if spec.template == "library":
            base["FileLeafRef"] = FieldInfo("FileLeafRef", "File")
        self.lists[spec.title] = FakeList(spec.title, spec.template, base, attachments=spec.template == "list")

    def add_field(self, list_title: str, spec: FieldSpec) -> None:
        """As the gateway: a column that exists is kept; a new one is indexed (and unique) as its spec says
        (CreateFieldAsXml with Indexed/EnforceUniqueValues, gateway/odata.field_schema_xml)."""
        self._call("add_field")
        fields = self._list(list_title).fields
        if spec.internal_name in fields:
            return
        self._write()
        fields[spec.internal_name] = FieldInfo(spec.internal_name, SP_TYPES[spec.kind],
                                               indexed=spec.indexed or spec.unique, unique=spec.unique)

    def set_field_indexed(self, list_title: str, internal_name: str, *, unique: bool) -> None:
        self._call("set_field_indexed")
        self._write()
        fields = self._list(list_title).fields
        fields[internal_name] = replace(fields[internal_name], indexed=True, unique=unique)

    def create_view(self, list_title: str, spec: ViewSpec) -> None:
        self._call("create_view")
        views = self._list(list_title).views
        if spec.title not in views:  # as the gateway: a view that exists is kept
            self._write()
            views.append(spec.title)

    # --- SiteGateway: changes -------------------------------------------------------------------
    def current_change_token(self, list_title: str) -> str:
        self._call("current_change_token")
        return f"{list_title}|{len(self._list(list_title).changes)}"

    def get_changes(self, list_title: str, token: str) -> ChangeSet:
        self._call("get_changes")
        lst = self._list(list_title)
        if self.expire_tokens:
            raise ChangeTokenExpired("change token expired", status=400)
        start = int(token.rsplit("|", 1)[1])
        return ChangeSet(tuple(lst.changes[start:]), f"{list_title}|{len(lst.changes)}")

    # --- SiteGateway: reading -------------------------------------------------------------------
    def list_sources(self, list_title: str, kind: str, columns: Sequence[str],
                     item_ids: Sequence[int] | None = None) -> list[SourceItem]:
        self._call("list_sources")
        lst = self._list(list_title)
        wanted = lst.items.values() if item_ids is None else [lst.items[i] for i in item_ids if i in lst.items]
        out = []
        for item in sorted(wanted, key=lambda i: i.item_id):
            name = item.values.get("FileLeafRef") or item.values.get("Title") or str(item.item_id)
            base = f"/sites/KYILN/{list_title}/{item.folder + '/' if item.folder else ''}"
            refs = tuple(ContentRef(n, f"{base}{n}|{item.item_id}", f"https://fake{base}{n}") for n in item.contents)
            out.append(SourceItem(kind, item.item_id, item.unique_id, name, f"https://fake{base}{name}",  # type: ignore[arg-type]
                                  item.etag, f"{item.version_n}.0", item.modified,
                                  self._values(lst, item, columns), refs,
                                  f"{item.unique_id},{item.content_n}" if lst.template == "library" else ""))
        return out

    def _values(self, lst: FakeList, item: FakeItem, columns: Sequence[str]) -> dict[str, Any]:
        """Columns as the gateway reads them: a boolean never written is False, a multi-choice a list."""
        out: dict[str, Any] = {}
        for column in columns:
            value, kind = item.values.get(column), getattr(lst.fields.get(column), "kind", "Text")
            if kind == "Boolean":
                value = bool(value)
            elif kind == "MultiChoice":
                value = [str(v) for v in value] if value else None
            out[column] = value
        return out

    def _row(self, lst: FakeList, item: FakeItem, columns: Sequence[str]) -> Row:
        return Row(item.item_id, item.etag, self._values(lst, item, columns))

    def attachment_tags(self, list_title: str) -> dict[int, dict[str, str]]:
        """Each attachment's tag: here the SHA-256 of its bytes (moves with the bytes only, as SharePoint's)."""
        self._call("attachment_tags")
        lst = self._list(list_title)
        return {i.item_id: {n: hashlib.sha256(data).hexdigest() for n, data in i.contents.items()}
                for i in lst.items.values() if i.contents}

    def read_rows(self, list_title: str, columns: Sequence[str]) -> list[Row]:
        self._call("read_rows")
        if list_title in self.read_faults:
            raise self.read_faults[list_title]
        lst = self._list(list_title)
        return [self._row(lst, i, columns) for i in lst.items.values()]

    def read_row(self, list_title: str, item_id: int, columns: Sequence[str]) -> Row | None:
        self._call("read_row")
        lst = self._list(list_title)
        item = lst.items.get(item_id)
        return self._row(lst, item, columns) if item else None

    def download(self, ref: ContentRef) -> bytes:
        self._call("download")
        url, item_id = ref.server_relative_url.rsplit("|", 1)
        list_title = url.split("/")[3]
        item = self._list(list_title).items.get(int(item_id))
        if ref.name in self.vanish_on_download or item is None or ref.name not in item.contents:
            raise RemoteError("File Not Found.", status=404)
        return item.contents[ref.name]

    # --- SiteGateway: writing -------------------------------------------------------------------
    def create_row(self, list_title: str, values: Mapping[str, Any], *, key_column: str) -> Row:
        self._call("create_row")
        lst = self._list(list_title)
        if values.get("Title") in self.refuse_create_once:
            self.refuse_create_once.discard(values["Title"])
            raise RemoteError("The request is invalid", status=400)
        field = lst.fields.get(key_column)
        taken = [i for i in lst.items.values() if i.values.get(key_column) == values.get(key_column)]
        if field and field.unique and taken:
            # as the gateway: SharePoint refuses the duplicate (409), the gateway answers with that row
            return self._row(lst, taken[0], list(values))
        self._write()
        item = self._new_item(lst, dict(values), {})
        return Row(item.item_id, item.etag, dict(values))

    def update_row(self, list_title: str, item_id: int, values: Mapping[str, Any], *, etag: str) -> Row:
        self._call("update_row")
        lst = self._list(list_title)
        item = lst.items.get(item_id)
        if item is None:
            raise RemoteError("Item does not exist", status=404)
        staff = self.conflicts.pop((list_title, item_id), None)
        if staff is not None:
            staff(item)
            self._touch(lst, item)
        if etag not in ("*", item.etag):
            raise ConflictError("The version of the item does not match (412)", status=412)
        self._write()
        item.values.update(values)
        self._touch(lst, item)
        return Row(item.item_id, item.etag, dict(values))

    # --- the page step's port (sharepoint_sync.pages.step.PagesGateway) ------------------------------
    def site_pages(self, library: str, hash_column: str) -> dict[str, Any]:
        """Pages of the Site Pages library by lower-case file name, with the content hash stored on each."""
        from sharepoint_sync.pages.model import RemotePage

        self._call("site_pages")
        return {str(i.values["FileLeafRef"]).lower(): RemotePage(str(i.values["FileLeafRef"]), i.item_id,
                                                                 i.values.get(hash_column) or None)
                for i in self._list(library).items.values()}

    def publish_site_page(self, library: str, hash_column: str, file_name: str, title: str, canvas: str,
                          content_hash: str) -> int:
        """As the gateway: the page found by its name (case-insensitive) or created, its content saved and
        published, then the hash stamped without a version of its own; the page's item id."""
        self._call("publish_site_page")
        lst = self._list(library)
        item = next((i for i in lst.items.values() if str(i.values.get("FileLeafRef")).lower() == file_name.lower()),
                    None)
        self._write()
        if item is None:
            item = self._new_item(lst, {"FileLeafRef": file_name, "Title": title}, {})
        item.contents = {file_name: canvas.encode()}
        item.values.update({"Title": title, hash_column: content_hash})
        self._touch(lst, item)
        return item.item_id

    def resources(self, library: str, initiative_column: str) -> list[Any]:
        """The documents of the resources library (folders are never listed) with their initiative tags."""
        from sharepoint_sync.pages.model import Resource

        self._call("resources")
        lst = self._list(library)
        return [Resource(str(i.values["FileLeafRef"]), f"https://fake/sites/KYILN/{library}/{i.values['FileLeafRef']}",
                         i.modified[:10], tuple(self._values(lst, i, [initiative_column])[initiative_column] or ()))
                for i in sorted(lst.items.values(), key=lambda i: i.item_id)]


# --- extraction -----------------------------------------------------------------------------------

class FakeExtractor:
    """Reads the record a test encoded as JSON bytes (see `letter`); anything else is unreadable."""

    def __init__(self) -> None:
        self.calls = 0

    def extract(self, data: bytes, file_name: str) -> LocRecord:
        self.calls += 1
        try:
            return replace(LocRecord.from_json(json.loads(data)), file=file_name)
        except (ValueError, KeyError, TypeError):
            return refused(file_name, "unreadable", "unreadable:not_docx")


def letter(district: str | None, signed: str | None = "2025-09-10", *, kde: str | None = "2025-09-20",
           years: tuple[str, ...] | None = None, expires: str | None = None, status: str = "ok",
           reasons: tuple[str, ...] = (), poc: str = "Pat Doe", nonce: str = "") -> bytes:
    """A letter's bytes for FakeExtractor: a record with a term derived from `signed` (July-June years)."""
    if years is None and signed:
        y, m = int(signed[:4]), int(signed[5:7])
        years = (f"{y}-{y + 1}",) if m >= 6 else (f"{y - 1}-{y}", f"{y}-{y + 1}")
    years = years or ()
    expires = expires or (f"{years[-1][5:]}-06-30" if years else None)
    email = f"{poc.split()[0].lower()}@example.org"
    record = LocRecord(file="x.docx", template="kyiln-2023", is_loc=True, district=district,
                       district_as_written=district, contacts=(Person(poc, None, email),),
                       point_of_contact=Person(poc, None, email), signatory=Signatory("Sam Super", "Superintendent"),
                       district_signed_on=signed, kde_signed_on=kde, school_years=years, expires_on=expires,
                       action_points=(f"Plan {nonce}".strip(),), status=status, review_reasons=reasons)  # type: ignore[arg-type]
    return json.dumps(record.to_json()).encode()


def not_a_letter() -> bytes:
    """Bytes FakeExtractor reads as a document that is not an LOC."""
    return json.dumps(refused("x", "not_a_loc", "not_a_loc").to_json()).encode()
