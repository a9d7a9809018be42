"""GetChanges on the web, a list or an item, answered from the store's real change log.

Shapes: list-getchanges.verbose.json (SP.ChangeItem / SP.ChangeList, tokens "1;3;<listId>;<ticks>;<n>")
and web-getchanges-with-token.verbose.json (tokens "1;2;<webId>;…", SP.ChangeWeb entries).
"""
from __future__ import annotations

import uuid
from typing import Any

from ..http import Response
from . import errors
from .base import Call, Ctx, Node
from .models import ADD, DELETE, UPDATE, Change, Item, SPList, iso, token_number, token_string
from .verbose import api, change_token, collection, deferred

_KIND_FLAGS = {ADD: "Add", UPDATE: "Update", DELETE: "DeleteObject", 7: "Restore"}   # SP.ChangeType


def changes_call(lst: SPList | None, item: Item | None) -> Node:
    """The bound `getchanges` operation for a scope (web when `lst` is None)."""
    return Call(lambda ctx: get_changes(ctx, lst, item), type_name="SP.ChangeCollection")


def _token_value(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("StringValue")
    return value if isinstance(value, str) and value else None


def _flag(query: dict[str, Any], name: str, default: bool) -> bool:
    value = query.get(name, default)
    return default if value is None else bool(value)


def _wanted(change: Change, query: dict[str, Any], lst: SPList | None, item: Item | None) -> bool:
    if lst is not None and change.list_id != lst.id:
        return False
    if item is not None and (change.object_kind != "item" or change.item_id != item.id):
        return False
    kind_flag = {"item": ("Item", "File"), "list": ("List",), "web": ("Web",)}[change.object_kind]
    if not any(_flag(query, flag, False) for flag in kind_flag) and item is None:
        return False
    return _flag(query, _KIND_FLAGS.get(change.change_type, "Update"), True)


def get_changes(ctx: Ctx, lst: SPList | None, item: Item | None) -> Response:
    """Changes after ChangeTokenStart (exclusive) up to ChangeTokenEnd (inclusive), oldest first."""
    query = ctx.json().get("query") or {}
    if not isinstance(query, dict):
        raise errors.bad_request("The query parameter must be an SP.ChangeQuery.")
    start, end = _token_value(query.get("ChangeTokenStart")), _token_value(query.get("ChangeTokenEnd"))
    site = ctx.site
    first = token_number(start) if start else site.change_floor
    last = token_number(end) if end else site.change_number
    expired = first < site.change_floor and not query.get("IgnoreStartTokenNotFoundError")
    if (start and (first < 0 or first > site.change_number or expired)) or (end and last < 0):
        raise errors.invalid_change_token()
    try:
        limit = int(query.get("FetchLimit") or 1000)
    except (TypeError, ValueError):
        raise errors.bad_request("FetchLimit must be a number.") from None
    found = [c for c in ctx.site.changes if first < c.number <= last and _wanted(c, query, lst, item)]
    if query.get("LatestFirst"):
        found.reverse()
    return ctx.reply(collection([change_entity(ctx.site, c, lst) for c in found[:limit]]))


def change_entity(site: Any, change: Change, scope: SPList | None) -> dict[str, Any]:
    """One SP.ChangeItem / SP.ChangeList / SP.ChangeWeb in the recorded property order."""
    type_name = {"item": "SP.ChangeItem", "list": "SP.ChangeList", "web": "SP.ChangeWeb"}[change.object_kind]
    uri = f"{api(site)}/{type_name}{_guid_for(change)}"
    token = (token_string(3, scope.id, change.time, change.number) if scope is not None
             else token_string(2, site.web_id, change.time, change.number))
    data: dict[str, Any] = {"__metadata": {"id": uri, "uri": uri, "type": type_name}}
    if change.object_kind == "list":
        data["Creator"] = deferred(f"{uri}/Creator")
    data.update({"ChangeToken": change_token(token), "ChangeType": change.change_type, "SiteId": site.site_id,
                 "Time": iso(change.time)})
    if change.object_kind == "item":
        data.update({"Editor": "", "EditorEmailHint": None, "ItemId": change.item_id, "ListId": change.list_id,
                     "ServerRelativeUrl": "", "SharedByUser": None, "SharedWithUsers": None,
                     "UniqueId": change.unique_id, "WebId": site.web_id})
    elif change.object_kind == "list":
        data.update({"BaseTemplate": 0, "Editor": "", "Hidden": False, "ListId": change.list_id,
                     "Title": "", "WebId": site.web_id})   # SP.ChangeList leaves Title empty (list-getchanges)
    else:
        data["WebId"] = site.web_id
    return data


def _guid_for(change: Change) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_OID, f"{change.number}"))
