"""The SharePoint objects the fake site holds: fields, items, files, lists, changes.

Mutable dataclasses, owned by `store.Site` and changed only under its lock.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

#: SP.FieldType numbers (FieldTypeKind), as in fields-list-get.verbose.trimmed.json ("FieldTypeKind": 2 = Text)
FIELD_KINDS = {"Integer": 1, "Text": 2, "Note": 3, "DateTime": 4, "Counter": 5, "Choice": 6, "Lookup": 7,
               "Boolean": 8, "Number": 9, "Currency": 10, "URL": 11, "Computed": 12, "Guid": 14,
               "MultiChoice": 15, "File": 18, "Attachments": 19, "User": 20}
KIND_NAMES = {v: k for k, v in FIELD_KINDS.items()}
#: the concrete field entity types seen in fields-list-get.verbose.trimmed.json
FIELD_ENTITY = {"Text": "SP.FieldText", "Note": "SP.FieldMultiLineText", "DateTime": "SP.FieldDateTime",
                "Choice": "SP.FieldChoice", "MultiChoice": "SP.FieldMultiChoice", "Lookup": "SP.FieldLookup",
                "User": "SP.FieldUser", "Number": "SP.FieldNumber", "Currency": "SP.FieldCurrency",
                "Boolean": "SP.Field", "URL": "SP.FieldUrl", "Computed": "SP.FieldComputed",
                "Counter": "SP.Field", "Integer": "SP.Field", "Guid": "SP.FieldGuid", "File": "SP.Field",
                "Attachments": "SP.Field"}
GENERIC_LIST, DOCUMENT_LIBRARY, SITE_PAGES = 100, 101, 119
#: ChangeType numbers (list-getchanges.verbose.json: 1 add, 2 update; 3 = DeleteObject per SP.ChangeType)
ADD, UPDATE, DELETE = 1, 2, 3
EPOCH_TICKS = datetime(1, 1, 1, tzinfo=timezone.utc)


def encode_name(name: str) -> str:
    """SharePoint's XML-name encoding of a title: ' ' -> _x0020_, '_' -> _x005f_ (see
    item-attachmentfiles-expanded.verbose.json: PNP_SDK_TEST_... -> PNP_x005f_SDK_x005f_TEST_x005f_...)."""
    return "".join(c if c.isascii() and c.isalnum() else f"_x{ord(c):04x}_" for c in name)


def iso(dt: datetime) -> str:
    """Dates as SharePoint sends them: UTC, seconds, trailing Z (list-items-page-with-next.verbose.json)."""
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def ticks(dt: datetime) -> int:
    """.NET ticks (100 ns since 0001-01-01), the 4th part of a change token string."""
    delta = dt - EPOCH_TICKS
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def new_guid() -> str:
    return str(uuid.uuid4())


@dataclass
class Field:
    """One column. `internal_name` is also the entity property name (prefixed OData_ if it starts with _)."""

    internal_name: str
    title: str
    kind: str = "Text"
    id: str = field(default_factory=new_guid)
    indexed: bool = False
    enforce_unique: bool = False
    required: bool = False
    hidden: bool = False
    read_only: bool = False
    builtin: bool = False
    group: str = "Custom Columns"
    description: str = ""
    choices: list[str] = field(default_factory=list)
    default: Any = None
    max_length: int = 255
    #: a DateTime column shown as a date only (SchemaXml Format="DateOnly", DisplayFormat 0)
    date_only: bool = False

    @property
    def entity_name(self) -> str:
        """The JSON property name: `_X` becomes `OData__X`, a User column `X` becomes `XId`."""
        name = f"OData_{self.internal_name}" if self.internal_name.startswith("_") else self.internal_name
        return f"{name}Id" if self.kind == "User" else name


@dataclass
class FileVersion:
    """One stored major version of a file."""

    label: str
    content: bytes
    created: datetime


@dataclass
class FileData:
    """The file behind a document-library item."""

    content: bytes
    unique_id: str = field(default_factory=new_guid)
    major: int = 1
    created: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    modified: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    history: list[FileVersion] = field(default_factory=list)
    #: the last part of ContentTag; a new upload already reads 2 (folder-files-filter.verbose.json "{GUID},1,2")
    content_version: int = 2

    @property
    def label(self) -> str:
        return f"{self.major}.0"


@dataclass
class Item:
    """A list item; in a library also a file (`file`) or folder (`is_folder`); in Site Pages a page."""

    id: int
    values: dict[str, Any]
    created: datetime
    modified: datetime
    guid: str = field(default_factory=new_guid)
    version: int = 1            # owshiddenversion: the ETag, bumped by every write
    ui_version: int = 1         # the major version label (OData__UIVersionString, UIVersionLabel)
    author_id: int = 11
    editor_id: int = 11
    attachments: dict[str, bytes] = field(default_factory=dict)
    #: each attachment's file identity (GUID, content counter), kept by attachment_files.attachment_version
    attachment_files: dict[str, dict[str, Any]] = field(default_factory=dict)
    folder: str = ""            # server-relative URL of the containing folder
    name: str = ""              # FileLeafRef for files and folders
    is_folder: bool = False
    file: FileData | None = None
    page: dict[str, Any] | None = None
    #: earlier versions' values, oldest first (label, values, modified, editor): item Versions
    value_history: list[dict[str, Any]] = field(default_factory=list)
    #: comments (id, text, author, created): GetComments / Comments
    comments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """FileRef: the server-relative URL of the file/folder (or of the item's display form)."""
        return f"{self.folder}/{self.name}" if self.name else f"{self.folder}/{self.id}_.000"


@dataclass
class SPList:
    """A list or library with its fields, items and (for libraries) folders."""

    title: str
    url: str                    # server-relative root folder URL
    base_template: int = GENERIC_LIST
    id: str = field(default_factory=new_guid)
    description: str = ""
    created: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    version: int = 1
    fields: list[Field] = field(default_factory=list)
    items: dict[int, Item] = field(default_factory=dict)
    next_id: int = 1
    folders: dict[str, str] = field(default_factory=dict)   # server-relative URL -> folder UniqueId
    views: list[dict[str, Any]] = field(default_factory=list)
    enable_versioning: bool = True
    last_modified: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def is_library(self) -> bool:
        return self.base_template in (DOCUMENT_LIBRARY, SITE_PAGES)

    @property
    def url_name(self) -> str:
        return self.url.rsplit("/", 1)[-1]

    @property
    def entity_type_name(self) -> str:
        """list-create.verbose.json: generic list "<Name>List"; list-entity-getlist.verbose.json: a
        library is just the encoded folder name ("Shared_x0020_Documents")."""
        if self.base_template == SITE_PAGES:
            return "SitePages"
        encoded = encode_name(self.url_name)
        return encoded if self.is_library else f"{encoded}List"

    @property
    def item_type(self) -> str:
        """SP.Data.<EntityTypeName>Item, e.g. SP.Data.RESTListItemPagingListItem (list-create) or
        SP.Data.Shared_x0020_DocumentsItem (list-entity-getlist), SP.Data.SitePagesItem (list-items-filter-select)."""
        return f"SP.Data.{self.entity_type_name}Item"

    def field(self, name: str) -> Field | None:
        """A field by internal name, entity property name or title (case-insensitive)."""
        lowered = name.lower()
        for f in self.fields:
            if lowered in (f.internal_name.lower(), f.entity_name.lower()):
                return f
        return next((f for f in self.fields if f.title.lower() == lowered), None)


@dataclass(frozen=True)
class Change:
    """One entry of the change log."""

    number: int
    time: datetime
    change_type: int
    list_id: str = ""
    item_id: int = 0
    unique_id: str = ""
    object_kind: str = "item"    # item | list | web


def token_string(scope: int, object_id: str, when: datetime, number: int) -> str:
    """ChangeToken.StringValue "1;<scope>;<id>;<ticks>;<n>" (scope 3 list, 2 web) per
    list-getchanges.verbose.json and web-getchanges-with-token.verbose.json."""
    return f"1;{scope};{object_id};{ticks(when)};{number}"


def token_number(text: str) -> int:
    """The change number of a token string (its last part); -1 when unreadable."""
    m = re.fullmatch(r"\s*1;\d+;[^;]*;\d+;(-?\d+)\s*", text or "")
    return int(m.group(1)) if m else -1
