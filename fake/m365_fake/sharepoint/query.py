"""Query options applied to collections: $filter/$orderby/$top/$select on plain entity dicts, and the
list-item query with SharePoint's paging (`__next` with `$skiptoken`), `$skip` ignored, and the
list view threshold.
"""
from __future__ import annotations

from functools import partial
from typing import Any, Callable
from urllib.parse import quote

from . import errors
from .base import Ctx
from .models import Item, SPList
from .odata import evaluate, filter_fields, parse_filter, parse_list_option, parse_orderby, parse_top
from .verbose import unique_id


def query_entities(ctx: Ctx, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """$filter, $orderby and $top over already-built entity dicts (lists, fields, files...)."""
    rows = entities
    text = ctx.query.get("$filter")
    if text:
        node = parse_filter(text)
        rows = [e for e in rows if evaluate(node, partial(_dict_lookup, e))]
    for name, desc in reversed(parse_orderby(ctx.query.get("$orderby"))):
        rows = sorted(rows, key=lambda e: _sort_key(_dict_value(e, name)), reverse=desc)
    skip = parse_top(ctx.query.get("$skip"), 0)   # honoured here; only list items ignore $skip
    top = parse_top(ctx.query.get("$top"), len(rows))
    return rows[skip:skip + top]


def _dict_lookup(entity: dict[str, Any], name: str) -> tuple[Any, str]:
    """A `$filter` lookup over an entity dict: the value, and no field kind."""
    return _dict_value(entity, name), ""


def _dict_value(entity: dict[str, Any], name: str) -> Any:
    value: Any = entity
    for part in name.split("/"):
        if not isinstance(value, dict):
            return None
        key = next((k for k in value if k.lower() == part.lower()), None)
        if key is None:
            raise errors.bad_request(f"The property '{part}' does not exist on this type.")
        value = value[key]
    return value


def _sort_key(value: Any) -> tuple:
    if value is None:
        return (0, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, value)
    return (2, str(value).lower())


# ------------------------------------------------------------------------------------ list items
#: computed/built-in item properties for $filter and $orderby: name (lower-case) -> (value getter, kind)
_BUILTIN: dict[str, tuple[Callable[[Item], Any], str]] = {
    "id": (lambda i: i.id, "Counter"),
    "fileleafref": (lambda i: i.name or f"{i.id}_.000", "Text"),
    "fileref": (lambda i: i.ref, "Text"),
    "filedirref": (lambda i: i.folder, "Text"),
    "fsobjtype": (lambda i: 1 if i.is_folder else 0, "Integer"),
    "file_x0020_size": (lambda i: len(i.file.content) if i.file else None, "Integer"),
    "modified": (lambda i: i.modified, "DateTime"),
    "created": (lambda i: i.created, "DateTime"),
    "authorid": (lambda i: i.author_id, "Integer"),
    "editorid": (lambda i: i.editor_id, "Integer"),
    "guid": (lambda i: i.guid, "Guid"),
    "uniqueid": (unique_id, "Guid"),
    "_uiversionstring": (lambda i: f"{i.ui_version}.0", "Text"),
    "odata__uiversionstring": (lambda i: f"{i.ui_version}.0", "Text"),
    "attachments": (lambda i: bool(i.attachments), "Boolean"),
}


def column_reader(site: Any, lst: SPList) -> Callable[[Item, str], tuple[Any, str]]:
    """A reader of item values for $filter/$orderby, (item, name) -> (value, field kind); names are
    resolved once per query. Unknown columns are SharePoint's 400."""
    resolved: dict[str, tuple[Callable[[Item], Any], str]] = {}

    def resolve(name: str) -> tuple[Callable[[Item], Any], str]:
        head = name.split("/")[0]
        builtin = _BUILTIN.get(head.lower())
        if builtin is not None:
            return builtin
        fld = lst.field(head)
        if fld is None:
            raise errors.field_not_found(head)
        if fld.kind != "User":
            return (lambda i, key=fld.internal_name: i.values.get(key)), fld.kind
        def user_id(i: Item, key: str = fld.internal_name) -> Any:
            return {"Author": i.author_id, "Editor": i.editor_id}.get(key, i.values.get(key))
        if "/" in name:
            return (lambda i: site.users.get(user_id(i))), "Text"
        return user_id, "Integer"

    def read(item: Item, name: str) -> tuple[Any, str]:
        if name not in resolved:
            resolved[name] = resolve(name)
        getter, kind = resolved[name]
        return getter(item), kind
    return read


#: item properties that are not columns but may be selected (navigation and computed properties)
_SELECTABLE = {"*", "AttachmentFiles", "File", "Folder", "ContentType", "ParentList", "FieldValuesAsText",
               "FieldValuesAsHtml", "Versions", "FileSystemObjectType", "ServerRedirectedEmbedUri",
               "ServerRedirectedEmbedUrl", "ComplianceAssetId", "OData__UIVersionString", "Attachments"}


def _check_columns(lst: SPList, names: set[str]) -> None:
    """Unknown columns in $filter/$orderby/$select are SharePoint's 400 "Column '…' does not exist"."""
    known = {"id", "fileleafref", "fileref", "filedirref", "fsobjtype", "file_x0020_size", "authorid", "editorid"}
    known |= {n.lower() for n in _SELECTABLE}
    for name in names:
        if name.lower() not in known and lst.field(name) is None:
            raise errors.field_not_found(name)


def _check_threshold(site: Any, lst: SPList, names: set[str]) -> None:
    """A query on a non-indexed column of a list above the threshold fails like SharePoint
    (error-500-list-view-threshold.verbose.reported.json). ID is always indexed."""
    if len(lst.items) <= site.threshold:
        return
    for name in names:
        fld = lst.field(name)
        if name.lower() != "id" and (fld is None or not fld.indexed):
            raise errors.threshold_exceeded()


def query_items(ctx: Ctx, lst: SPList, rows: list[Item]) -> tuple[list[Item], str | None]:
    """One page of items and the absolute `__next` URL, or None for the last page.

    `$skip` is ignored for items (list-items-page-skip-ignored.verbose.json); paging goes only through
    `$skiptoken=Paged=TRUE&p_ID=<last id>` (list-items-page-with-next.verbose.json).
    """
    site, q = ctx.site, ctx.query
    text = q.get("$filter")
    node = parse_filter(text) if text else None
    orderby = parse_orderby(q.get("$orderby"))
    names = (filter_fields(node) if node else set()) | {n.split("/")[0] for n, _ in orderby}
    _check_columns(lst, names)
    _check_threshold(site, lst, names)
    _check_columns(lst, {s.split("/")[0] for s in parse_list_option(q.get("$select"))} - _SELECTABLE)
    top = parse_top(q.get("$top"), site.default_page_size)
    if q.get("$top") and top > site.threshold and len(lst.items) > site.threshold:
        raise errors.threshold_exceeded()   # an asked-for page may not exceed the threshold either
    read = column_reader(site, lst)
    rows = sorted(rows, key=lambda i: i.id)
    if node is not None:
        rows = [i for i in rows if evaluate(node, partial(read, i))]
    for name, desc in reversed(orderby):
        rows = sorted(rows, key=lambda i: _sort_key(read(i, name)[0]), reverse=desc)
    rows = _after_skiptoken(rows, q.get("$skiptoken"), bool(orderby))
    page = rows[:top]
    if len(rows) <= top or not page:
        return page, None
    return page, next_link(ctx, lst, page[-1].id)


def _after_skiptoken(rows: list[Item], token: str | None, ordered: bool) -> list[Item]:
    if not token:
        return rows
    parts = dict(p.split("=", 1) for p in token.split("&") if "=" in p)
    try:
        last = int(parts.get("p_ID", ""))
    except ValueError:
        raise errors.bad_request(f"The skip token '{token}' is not valid.") from None
    if not ordered:
        return [i for i in rows if i.id > last]
    ids = [i.id for i in rows]
    return rows[ids.index(last) + 1:] if last in ids else rows


def next_link(ctx: Ctx, lst: SPList, last_id: int) -> str:
    """`…/_api/web/lists(guid%27<id>%27)/items?%24skiptoken=Paged%3dTRUE%26p_ID%3d<n>&%24top=<n>` and the
    request's other options after it, `$skip` included (list-items-page-{with-next,skip-ignored})."""
    parts = [f"%24skiptoken=Paged%3dTRUE%26p_ID%3d{last_id}"]
    ordered = sorted((k for k in ctx.query if k.lower() != "$skiptoken"), key=lambda k: k.lower() != "$top")
    for key in ordered:
        parts.append(f"{quote(key, safe='')}={quote(ctx.query[key], safe='')}")
    return f"{ctx.site.web_url}/_api/web/lists(guid%27{lst.id}%27)/items?" + "&".join(parts)


def selection(ctx: Ctx) -> tuple[list[str], list[str]]:
    """($select, $expand) as lists of names."""
    return parse_list_option(ctx.query.get("$select")), parse_list_option(ctx.query.get("$expand"))
