"""`SharePointGateway`: the engine's `SiteGateway` port (sharepoint_sync/ports.py) over SharePoint REST.

Lists are addressed with `lists/GetByTitle('…')` (titles are configuration; path literals encoded by
gateway.odata). Column values are converted to and from the ports conventions with each list's
field kinds, read once per list and gateway (one request), so a no-change run stays cheap.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Sequence

from sharepoint_sync.errors import RemoteError
from sharepoint_sync.gateway import odata
from sharepoint_sync.gateway.attachments import attachment_tags_from, attachments_request
from sharepoint_sync.gateway.batching import BatchingMixin
from sharepoint_sync.gateway.changes import ChangesMixin
from sharepoint_sync.gateway.client import SharePointClient
from sharepoint_sync.gateway.meta import CACHE_MAX_AGE_SECONDS, ListMeta, MetaCache, _is_date_only
from sharepoint_sync.gateway.odata import list_path
from sharepoint_sync.gateway.pages import PagesMixin
from sharepoint_sync.gateway.provision import ProvisioningMixin
from sharepoint_sync.log import get_logger
from sharepoint_sync.ports import ContentRef, Row, SourceItem, SourceKind
from sharepoint_sync.retry import create_if_absent

log = get_logger("sharepoint_sync.gateway")

PAGE_SIZE = 1000  # well under the 5,000-item list view threshold; Id-ordered paging is always allowed
IDS_PER_FILTER = 25  # keeps `Id eq … or …` URLs far below SharePoint's URL length limits
_ATTACHMENT_URL = re.compile(r"^(.+)/Attachments/(\d+)/([^/]+)$")
# UniqueId, not GUID: SP.ChangeItem.UniqueId (list-getchanges.verbose.json) names the changed item by its
# UniqueId — for a document the file's UniqueId (the key of GetFileById; folder-files-filter.verbose.json) —
# so listing by UniqueId gives sources and changes one identity. Every item answers $select=UniqueId
# (a hidden built-in column; GUID is the item's separate `GUID` field, list-items-full-default-fields).
_LIBRARY_COLUMNS = ("Id", "UniqueId", "FileLeafRef", "FileRef", "FSObjType", "_UIVersionString", "Modified")
_ITEM_COLUMNS = ("Id", "UniqueId", "Title", "Modified", "_UIVersionString", "Attachments", "AttachmentFiles")


class SharePointGateway(ChangesMixin, BatchingMixin, ProvisioningMixin, PagesMixin):
    """The real site gateway (implements ports.SiteGateway), plus what check/demo/tests need."""

    def __init__(self, client: SharePointClient) -> None:
        self.client = client
        self.site_url = client.site_url
        self.origin = client.origin
        self._meta: dict[str, ListMeta] = {}
        self._utc_offset: int | None = None
        self._cache: MetaCache | None = None

    def use_cache(self, cache: MetaCache) -> None:
        """Keep list metadata (ids, entity types, column kinds) and the site's time zone in `cache`
        between processes: a new process then asks SharePoint for none of them (revalidated daily,
        and at once when a call on the list meets a 400/404)."""
        self._cache = cache

    def _cache_key(self, what: str) -> str:
        return f"{self.site_url}|{what}"

    def begin_run(self) -> None:
        """A run starts: the retry budget and the deadline are per run, not per gateway."""
        self.client.retrier.begin_run()

    # -- site and list metadata ---------------------------------------------------------------------

    def web(self) -> dict[str, Any]:
        """The site (web): Title, Url, Id."""
        return self.client.get_json("web", odata.query({"$select": "Title,Url,Id"}), what="read web")

    def list_exists(self, title: str) -> bool:
        """Whether a list or library with this title exists."""
        try:
            self.client.get_json(list_path(title), odata.query({"$select": "Id"}), what="find list")
        except RemoteError as error:
            if odata.is_absent(error):
                return False
            raise
        return True

    def meta(self, title: str) -> ListMeta:
        """The list's identity and column kinds (kept per gateway and in the cache; RemoteError 404 if absent)."""
        if title not in self._meta:
            cached = self._cache.cache_get(self._cache_key(f"list:{title}"), CACHE_MAX_AGE_SECONDS) if self._cache else None
            if cached:
                self._meta[title] = ListMeta.from_json(cached)
                return self._meta[title]
            path = list_path(title)
            entity = self.client.get_json(path, odata.query(
                {"$select": "Id,Title,BaseTemplate,ListItemEntityTypeFullName"}), what="read list")
            kinds = {f["InternalName"]: (f.get("TypeAsString") or "Text", _is_date_only(f))
                     for f in self.fields(title)}
            meta = ListMeta(title, str(entity.get("Id")), entity.get("ListItemEntityTypeFullName") or "",
                            int(entity.get("BaseTemplate") or 100), kinds)
            self._meta[title] = meta
            if self._cache:
                self._cache.cache_put(self._cache_key(f"list:{title}"), meta.to_json())
        return self._meta[title]

    def fields(self, title: str) -> list[dict[str, Any]]:
        """The list's fields as SharePoint describes them (InternalName, TypeAsString, Indexed, …)."""
        return list(self.client.pages(f"{list_path(title)}/fields", odata.query(
            {"$select": "InternalName,TypeAsString,Indexed,EnforceUniqueValues,DisplayFormat,SchemaXml"}),
            what="read fields"))

    def forget(self, title: str) -> None:
        """Drop cached metadata of a list (after its columns changed), here and in the cache."""
        self._meta.pop(title, None)
        if self._cache:
            self._cache.cache_drop(self._cache_key(f"list:{title}"))

    def revalidate(self, title: str) -> None:
        """A call on the list met a 400/404: its cached metadata may be stale (list re-created, column
        renamed), so the next use reads it again."""
        log.info("sp.meta.revalidate", list=title)
        self.forget(title)

    def utc_offset_minutes(self) -> int:
        """The site's standard-time offset (minutes to add to local time to get UTC); 0 when unknown."""
        if self._utc_offset is None:
            key = self._cache_key("utc_offset")
            cached = self._cache.cache_get(key, CACHE_MAX_AGE_SECONDS) if self._cache else None
            if cached is not None:
                self._utc_offset = int(cached)
                return self._utc_offset
            try:
                zone = self.client.get_json("web/RegionalSettings/TimeZone", what="read site time zone")
                self._utc_offset = int((zone.get("Information") or {}).get("Bias") or 0)
            except RemoteError:
                self._utc_offset = 0
                return 0
            if self._cache:
                self._cache.cache_put(key, self._utc_offset)
        return self._utc_offset

    # -- reading ------------------------------------------------------------------------------------

    def list_sources(self, list_title: str, kind: SourceKind, columns: Sequence[str],
                     item_ids: Sequence[int] | None = None) -> list[SourceItem]:
        """Documents at any folder depth (folders excluded) or submission items with their attachments."""
        meta = self.meta(list_title)
        _, params = self.sources_request(list_title, kind, columns, None)
        return self.sources_from(meta, kind, self._items(list_title, params, item_ids), columns)

    def sources_request(self, list_title: str, kind: SourceKind, columns: Sequence[str],
                        item_ids: Sequence[int] | None) -> tuple[str, dict[str, Any]]:
        """The items path and query parameters of a source listing (`item_ids`: at most one filter's worth)."""
        base = _LIBRARY_COLUMNS if kind == "library" else _ITEM_COLUMNS
        params: dict[str, Any] = {"$select": odata.select([*base, *columns]), "$top": PAGE_SIZE}
        if kind == "library":  # the file's content fingerprint rides along (`content_tag`)
            params["$select"] += ",File/ContentTag,File/Length"
            params["$expand"] = "File"
        else:
            params["$expand"] = "AttachmentFiles"
        if item_ids is not None:
            params["$filter"] = odata.any_id(dict.fromkeys(int(i) for i in item_ids))
        return f"{list_path(list_title)}/items", params

    def sources_from(self, meta: ListMeta, kind: SourceKind, raws: Iterable[dict], columns: Sequence[str]
                     ) -> list[SourceItem]:
        """Listed items as SourceItems (folders left out)."""
        return [self._source(meta, kind, raw, columns) for raw in raws
                if not (kind == "library" and int(raw.get("FSObjType") or 0) == 1)]

    def _items(self, list_title: str, params: dict[str, Any], item_ids: Sequence[int] | None) -> Iterable[dict]:
        path = f"{list_path(list_title)}/items"
        if item_ids is None:
            yield from self.client.pages(path, odata.query(params), what="list items")
            return
        ids = list(dict.fromkeys(int(i) for i in item_ids))
        for start in range(0, len(ids), IDS_PER_FILTER):
            chunk = {**params, "$filter": odata.any_id(ids[start:start + IDS_PER_FILTER])}
            yield from self.client.pages(path, odata.query(chunk), what="list items")

    def _source(self, meta: ListMeta, kind: SourceKind, raw: dict[str, Any], columns: Sequence[str]) -> SourceItem:
        item_id = int(raw.get("Id") or raw.get("ID") or 0)
        values = self._read_values(meta, raw, columns)
        common: dict[str, Any] = dict(kind=kind, item_id=item_id, unique_id=str(raw.get("UniqueId") or ""),
                      etag=_etag(raw), version=str(raw.get("OData__UIVersionString") or ""),
                      modified=odata.read_value(raw.get("Modified"), "DateTime", False) or "", fields=values)
        if kind == "library":
            ref = ContentRef(raw.get("FileLeafRef") or "", raw.get("FileRef") or "", self.link(raw.get("FileRef") or ""))
            return SourceItem(name=ref.name, link=ref.link, contents=(ref,), content_tag=content_tag(raw.get("File")),
                              **common)
        attachments = tuple(
            ContentRef(a.get("FileName") or "", a.get("ServerRelativeUrl") or "", self.link(a.get("ServerRelativeUrl") or ""))
            for a in ((raw.get("AttachmentFiles") or {}).get("results") or []))
        # listform.aspx opens an item's display form by list id, whatever the list's URL
        # (learn.microsoft.com, "PAGETYPE enumeration": 4 = PAGE_DISPLAYFORM).
        link = f"{self.site_url}/_layouts/15/listform.aspx?PageType=4&ListId=%7B{meta.list_id}%7D&ID={item_id}"
        return SourceItem(name=str(raw.get("Title") or f"Item {item_id}"), link=link, contents=attachments,
                          **common)

    def publish_page(self, name: str, title: str, html: str) -> str:
        """Publish already-escaped `html` as the site page SitePages/<name>.aspx; returns its address."""
        from sharepoint_sync.gateway.pages import publish_page
        return str(publish_page(self.client, name, title, html).get("AbsoluteUrl") or "")

    def link(self, server_relative_url: str) -> str:
        """An absolute address people can open for a server-relative URL."""
        return self.client.link(server_relative_url)

    def attachment_tags(self, list_title: str) -> dict[int, dict[str, str]]:
        """Every attachment's content fingerprint, by item id and name (gateway/attachments.py)."""
        path, query = attachments_request(list_title)
        return attachment_tags_from(self.client.pages(path, query, what="attachment folders"))

    def read_rows(self, list_title: str, columns: Sequence[str]) -> list[Row]:
        """Every row of a list (all pages) with the given columns."""
        meta = self.meta(list_title)
        params = {"$select": odata.select(["Id", *columns]), "$top": PAGE_SIZE}
        return [self._row(meta, raw, columns) for raw in self._items(list_title, params, None)]

    def read_row(self, list_title: str, item_id: int, columns: Sequence[str]) -> Row | None:
        """One row, fresh; None when it no longer exists."""
        meta = self.meta(list_title)
        try:
            raw = self.client.get_json(f"{list_path(list_title)}/items({int(item_id)})",
                                       odata.query({"$select": odata.select(["Id", *columns])}), what="read row")
        except RemoteError as error:
            if odata.is_absent(error):
                return None
            raise
        return self._row(meta, raw, columns)

    def find_rows(self, list_title: str, column: str, value: Any, columns: Sequence[str]) -> list[Row]:
        """Rows whose `column` equals `value` exactly (the value is encoded: it can never widen the filter)."""
        meta = self.meta(list_title)
        stored = odata.formula_safe(value) if isinstance(value, str) and meta.kind_of(column)[0] in odata.TEXT_KINDS else value
        params = {"$select": odata.select(["Id", column, *columns]), "$filter": odata.eq(odata.rest_name(column), stored),
                  "$top": PAGE_SIZE}
        rows = [self._row(meta, raw, [column, *columns]) for raw in self._items(list_title, params, None)]
        return [row for row in rows if row.values.get(column) == value]

    def download(self, ref: ContentRef) -> bytes:
        """The file's bytes; RemoteError(status=404) when it is gone."""
        attachment = _ATTACHMENT_URL.match(ref.server_relative_url)
        if attachment:
            # A list item attachment lives at <list>/Attachments/<item id>/<name>; it is read through its
            # item (SP.AttachmentCollection.GetByFileName), which works whatever the list's URL.
            list_url, item_id, name = attachment.groups()
            path = (f"web/GetList({odata.path_literal(list_url)})/items({int(item_id)})"
                    f"/AttachmentFiles/GetByFileName({odata.path_literal(name)})/$value")
        else:
            path = f"web/GetFileByServerRelativePath(decodedurl={odata.path_literal(ref.server_relative_url)})/$value"
        return self.client.download(path, what="download")

    def _row(self, meta: ListMeta, raw: dict[str, Any], columns: Sequence[str]) -> Row:
        return Row(int(raw.get("Id") or raw.get("ID") or 0), _etag(raw), self._read_values(meta, raw, columns))

    def _read_values(self, meta: ListMeta, raw: dict[str, Any], columns: Sequence[str]) -> dict[str, Any]:
        return {c: odata.read_value(raw.get(odata.rest_name(c)), *meta.kind_of(c)) for c in columns}

    # -- writing ------------------------------------------------------------------------------------

    def wire_values(self, meta: ListMeta, values: Mapping[str, Any]) -> dict[str, Any]:
        """Ports values → the JSON body of a create/MERGE, typed for the list's items."""
        body: dict[str, Any] = {"__metadata": {"type": meta.entity_type}}
        for column, value in values.items():
            kind, date_only = meta.kind_of(column)
            offset = self.utc_offset_minutes() if kind == "DateTime" and date_only else 0
            body[odata.rest_name(column)] = odata.write_value(value, kind, date_only, offset)
        return body

    def create_row(self, list_title: str, values: Mapping[str, Any], *, key_column: str,
                   lookup_first: bool = False) -> Row:
        """Create a row; a row with the same key returns that row instead of a duplicate.

        No lookup first (the run has just read the list, issue 14): the key is looked up only when
        SharePoint refuses the create as a duplicate of a unique column (409), or after an ambiguous
        failure (a timeout after the create may have landed) before creating again, or first when
        `lookup_first` (after a batch whose answer was lost).
        """
        meta = self.meta(list_title)
        key = values[key_column]
        body = self.wire_values(meta, values)

        def lookup() -> Row | None:
            found = self.find_rows(list_title, key_column, key, list(values))
            return found[0] if found else None

        def create() -> Row:
            raw = self.client.send("POST", self.client.url(f"{list_path(list_title)}/items"), body=body)
            data = raw.json().get("d", {})
            return Row(int(data.get("Id") or data.get("ID") or 0), _etag(data, raw.headers.get("ETag")), dict(values))

        try:
            row, created = create_if_absent(self.client.retrier, lookup, create, what=f"create row in {list_title}",
                                            lookup_first=lookup_first)
        except RemoteError as error:
            found = self.existing_duplicate(error, lookup)
            if found is None:
                raise
            row, created = found, False
        log.info("sp.row.created" if created else "sp.row.found", list=list_title, item_id=row.item_id)
        return row

    def existing_duplicate(self, error: RemoteError, lookup: Any) -> Row | None:
        """The row a create collided with, when SharePoint refused it for a duplicate value in a unique
        column (409 SPDuplicateValuesFoundException, -2130575169: the answer the fake tenant reproduces;
        no recording exists, see ../shared/reference/sharepoint-responses/README.md gaps)."""
        if not is_duplicate(error):
            return None
        return self.client.call(lookup, what="create row (lookup after a duplicate)")

    def update_row(self, list_title: str, item_id: int, values: Mapping[str, Any], *, etag: str) -> Row:
        """MERGE the given columns if the row still has `etag`; ConflictError (412) otherwise."""
        meta = self.meta(list_title)
        path = f"{list_path(list_title)}/items({int(item_id)})"
        new_etag = self.client.merge(path, self.wire_values(meta, values), etag=etag, what=f"update row in {list_title}")
        if not new_etag:
            fresh = self.read_row(list_title, item_id, [])
            new_etag = fresh.etag if fresh else etag
        return Row(int(item_id), new_etag, dict(values))


def content_tag(file: Any) -> str:
    """The file's content fingerprint: SP.File `ContentTag` "{GUID},<n>,<m>" without its middle part,
    plus its Length. The middle part follows the item's ETag counter (`ETag` "{GUID},<n>",
    folder-files-filter.verbose.json), which every column write moves, ours included; the GUID and the
    content counter <m> change only with the file's bytes (Graph's driveItem cTag, "not changed if only
    the metadata is changed", learn.microsoft.com driveItem resource). "" when SharePoint gave none."""
    if not isinstance(file, dict):
        return ""
    parts = str(file.get("ContentTag") or "").split(",")
    if len(parts) != 3 or not parts[0]:
        return ""
    return f"{parts[0].lower()},{parts[2]},{file.get('Length') or ''}"


def _etag(raw: dict[str, Any], header: str | None = None) -> str:
    return str((raw.get("__metadata") or {}).get("etag") or header or raw.get("odata.etag") or "")


def is_duplicate(error: BaseException) -> bool:
    """A create refused because a unique column already holds the value."""
    return isinstance(error, RemoteError) and (error.status == 409 or "DuplicateValues" in str(error.code or ""))
