"""The ports: what the sync engine needs from the SharePoint site and from the extractor.

The run (`sharepoint_sync.run`) talks to SharePoint only through `SiteGateway`; the real
implementation lives in `sharepoint_sync.gateway` (office365 over REST), an in-memory one in
`tests/fakes.py`; the contract suite `tests/contract/` runs the same behaviour tests against both.
This module is pure (plain values and Protocols) so the core may import it.

Value conventions, in both directions (the gateway converts to and from SharePoint's wire forms):

=============  ==========================================================================
column kind    Python value
=============  ==========================================================================
text, note     ``str`` or ``None`` (empty string and None are the same: the gateway may return either)
choice         ``str`` or ``None``
multichoice    ``list[str]`` (written from any sequence) or ``None`` when nothing is chosen
boolean        ``bool`` (a missing value reads as ``False``)
number         ``int``/``float`` or ``None``
date           ``"YYYY-MM-DD"`` (the calendar date in the site's time zone) or ``None``
datetime       ``"YYYY-MM-DDTHH:MM:SSZ"`` (UTC) or ``None``
url            the address as ``str`` (no description) or ``None``
=============  ==========================================================================

Columns are always named by their *internal* names (`FieldSpec.internal_name`).

Errors (all from `sharepoint_sync.errors`): a stale ETag on `update_row` raises `ConflictError`;
a row, file or attachment that no longer exists raises `RemoteError` with ``status=404``
(see `is_gone`); an expired or unknown change token raises `ChangeTokenExpired`; throttling
beyond the retry budget raises `RetryBudgetExhausted`; 401 twice raises `AuthError`; 403
raises `PermissionDenied`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping, Protocol, Sequence

from sharepoint_sync.errors import RemoteError, TransientRemoteError
from sharepoint_sync.record import LocRecord

FieldKind = Literal["text", "note", "choice", "multichoice", "boolean", "number", "date", "datetime", "url"]
ListTemplate = Literal["library", "list"]
ChangeKind = Literal["add", "update", "delete"]
SourceKind = Literal["library", "submission"]


class ChangeTokenExpired(RemoteError):
    """The change token is too old or unknown to the list: the caller falls back to a full re-scan."""

    kind = "change_token_expired"


def is_gone(error: BaseException) -> bool:
    """True when `error` says the item, file or attachment no longer exists (404)."""
    return isinstance(error, RemoteError) and error.status == 404


# --- provisioning -------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldSpec:
    """A column the worker needs. `unique` implies `indexed` (SharePoint requires an index)."""

    internal_name: str
    display_name: str
    kind: FieldKind
    choices: tuple[str, ...] = ()
    indexed: bool = False
    unique: bool = False
    #: for kind "date": date only (True) or date and time (False) is decided by the kind itself
    description: str = ""


@dataclass(frozen=True)
class ViewSpec:
    """A list view: its title, the columns shown, and a filter of `column == value` conditions (ANDed)."""

    title: str
    columns: tuple[str, ...]
    where_equals: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ListSpec:
    """A list or library the worker keeps: the columns and views it must have."""

    title: str
    template: ListTemplate
    fields: tuple[FieldSpec, ...]
    views: tuple[ViewSpec, ...] = ()
    #: list items may carry attachments (only meaningful for template "list")
    attachments: bool = False
    description: str = ""


@dataclass(frozen=True)
class FieldInfo:
    """A column as it exists on the site."""

    internal_name: str
    kind: str  # SharePoint's TypeAsString, e.g. "Text", "Note", "Choice", "Boolean", "DateTime", "URL"
    indexed: bool = False
    unique: bool = False


@dataclass(frozen=True)
class ListInfo:
    """A list or library as it exists on the site (only what provisioning compares)."""

    title: str
    template: ListTemplate
    fields: Mapping[str, FieldInfo]
    views: tuple[str, ...] = ()
    attachments: bool = False


# --- reading ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContentRef:
    """A downloadable file: a library document or a list item attachment."""

    name: str
    server_relative_url: str
    #: an address people can open (absolute URL); shown in reports and commitment rows
    link: str = ""


@dataclass(frozen=True)
class SourceItem:
    """A library document or a submissions-list item, as listed (metadata only, no content).

    For a library document `contents` holds the file itself; for a submission, its attachments.
    `version` is SharePoint's version label of the item (e.g. "3.0"); `etag` changes on every
    write, ours included; `fields` holds the requested columns' current values.
    """

    kind: SourceKind
    item_id: int
    unique_id: str
    name: str
    link: str
    etag: str
    version: str
    modified: str  # datetime convention
    fields: Mapping[str, Any] = field(default_factory=dict)
    contents: tuple[ContentRef, ...] = ()
    #: a library document's content fingerprint as SharePoint keeps it (changes with the bytes only,
    #: never with a column edit; gateway/site.py `content_tag`); for a submission item, the digest of its
    #: attachments' names and SP.File tags (run/collect.py `with_attachment_tag`); "" when unknown
    content_tag: str = ""


@dataclass(frozen=True)
class Change:
    """One entry of a list's change log (SP.ChangeItem): which item, and what happened."""

    item_id: int
    unique_id: str
    kind: ChangeKind


@dataclass(frozen=True)
class ChangeSet:
    """Changes since a token, and the token to ask from next time (already past these changes)."""

    changes: tuple[Change, ...]
    next_token: str


@dataclass(frozen=True)
class Row:
    """A list row: its id, its current ETag and the requested columns' values."""

    item_id: int
    etag: str
    values: Mapping[str, Any]


# --- batched operations (one `$batch` request on SharePoint; see gateway/batch.py) ---------------

@dataclass(frozen=True)
class ChangesQuery:
    """Changes of a list after `token` (→ ChangeSet, or ChangeTokenExpired); with `token` None, only the
    list's current token (→ ChangeSet with no changes)."""

    list_title: str
    token: str | None


@dataclass(frozen=True)
class SourcesQuery:
    """`list_sources` as a batched operation (→ list[SourceItem])."""

    list_title: str
    kind: SourceKind
    columns: tuple[str, ...]
    item_ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class RowsQuery:
    """`read_rows` as a batched operation (→ list[Row])."""

    list_title: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class CreateRow:
    """`create_row` as a batched operation (→ Row). The run has just read the list, so no lookup first."""

    list_title: str
    values: Mapping[str, Any]
    key_column: str


@dataclass(frozen=True)
class UpdateRow:
    """`update_row` as a batched operation (→ Row, or ConflictError on a 412)."""

    list_title: str
    item_id: int
    values: Mapping[str, Any]
    etag: str


@dataclass(frozen=True)
class AttachmentsQuery:
    """`attachment_tags` as a batched operation (→ item id → attachment name → content tag)."""

    list_title: str


Operation = ChangesQuery | SourcesQuery | RowsQuery | CreateRow | UpdateRow | AttachmentsQuery


# --- the ports ----------------------------------------------------------------------------------

class SiteGateway(Protocol):
    """Everything the worker does on the SharePoint site. Lists are addressed by title."""

    def begin_run(self) -> None:
        """A run starts: give it the whole retry budget again."""

    def run_batch(self, operations: Sequence[Operation]) -> list[Any]:
        """Every operation, in order, in as few requests as the site allows; one result per operation:
        its value (see each operation) or the SyncError it met (a 412, a 404: per operation, exactly as
        the single call would raise it). Transient failures are retried inside; a spent retry budget,
        AuthError and PermissionDenied are raised."""

    # provisioning
    def get_list(self, title: str) -> ListInfo | None:
        """The list with its fields and view titles, or None when there is no such list."""

    def create_list(self, spec: ListSpec) -> None:
        """Create the list or library (without the spec's fields and views: those are added next)."""

    def add_field(self, list_title: str, spec: FieldSpec) -> None:
        """Add a column with exactly `spec.internal_name` as internal name (e.g. CreateFieldAsXml)."""

    def set_field_indexed(self, list_title: str, internal_name: str, *, unique: bool) -> None:
        """Index an existing column; `unique` also enforces unique values."""

    def create_view(self, list_title: str, spec: ViewSpec) -> None:
        """Add a view (CAML `Eq` conditions for `where_equals`)."""

    # change tracking
    def current_change_token(self, list_title: str) -> str:
        """The list's current change token (SP.List.CurrentChangeToken.StringValue)."""

    def get_changes(self, list_title: str, token: str) -> ChangeSet:
        """Item changes (add/update/delete) after `token`, oldest first; raises ChangeTokenExpired."""

    # reading
    def list_sources(self, list_title: str, kind: SourceKind, columns: Sequence[str],
                     item_ids: Sequence[int] | None = None) -> list[SourceItem]:
        """Documents (any folder depth, folders excluded) or submission items with their attachments.

        `item_ids` None lists everything; otherwise only those items (missing ones are simply absent).
        """

    def attachment_tags(self, list_title: str) -> dict[int, dict[str, str]]:
        """Item id -> attachment name -> the attachment's content fingerprint (changes with its bytes, not
        with a column write; "" when SharePoint gives none), for every item of the list with attachments."""

    def read_rows(self, list_title: str, columns: Sequence[str]) -> list[Row]:
        """Every row of a list (all pages) with the given columns."""

    def read_row(self, list_title: str, item_id: int, columns: Sequence[str]) -> Row | None:
        """One row, fresh (used to re-plan after a 412); None when it no longer exists."""

    def download(self, ref: ContentRef) -> bytes:
        """The file's bytes; RemoteError(status=404) when it is gone."""

    # writing
    def create_row(self, list_title: str, values: Mapping[str, Any], *, key_column: str) -> Row:
        """Create a row. Safe to retry: before any retry after an ambiguous failure, the gateway looks
        the row up by `values[key_column]` and returns it instead of creating a second one."""

    def update_row(self, list_title: str, item_id: int, values: Mapping[str, Any], *, etag: str) -> Row:
        """Set the given columns (only those) if the row still has `etag`; returns the row with its
        new ETag (the given values). Raises ConflictError (412) when someone changed it meanwhile.
        On a library document it changes the item's columns, never the file; with versioning on,
        SharePoint still makes a new item version, which the engine tells from new content by the
        content fingerprint. The returned ETag may be spelled `"{guid},n"` where listings say `"n"`
        (the engine compares only the counter)."""


class Extractor(Protocol):
    """Turns one file's bytes into its LOC record (isolated; never raises for bad documents)."""

    def extract(self, data: bytes, file_name: str) -> LocRecord:
        """The contract record for this file."""


def run_singly(gateway: Any, operation: Operation) -> Any:
    """One batched operation through the gateway's single calls: its value, or the error it met (a 412,
    a 404, an expired change token, or a transient failure left after its retries, a spent retry budget
    included), so the results of the batch's other operations are never lost with it (issue 14: a write
    that landed is counted and remembered). Sign-in and permission failures are raised."""
    try:
        if isinstance(operation, ChangesQuery):
            if operation.token is None:
                return ChangeSet((), gateway.current_change_token(operation.list_title))
            return gateway.get_changes(operation.list_title, operation.token)
        if isinstance(operation, SourcesQuery):
            ids = list(operation.item_ids) if operation.item_ids is not None else None
            return gateway.list_sources(operation.list_title, operation.kind, operation.columns, ids)
        if isinstance(operation, RowsQuery):
            return gateway.read_rows(operation.list_title, operation.columns)
        if isinstance(operation, AttachmentsQuery):
            return gateway.attachment_tags(operation.list_title)
        if isinstance(operation, CreateRow):
            return gateway.create_row(operation.list_title, operation.values, key_column=operation.key_column)
        return gateway.update_row(operation.list_title, operation.item_id, operation.values, etag=operation.etag)
    except (RemoteError, TransientRemoteError) as error:
        return error
