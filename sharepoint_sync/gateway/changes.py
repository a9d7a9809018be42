"""Change tracking over SharePoint REST: a list's current change token and its item changes since a
token (`SP.List.GetChanges`), as a mixin of `gateway.site.SharePointGateway`; the batched form of the
same query (`gateway.batching`) uses its body and parsing.
"""
from __future__ import annotations

from typing import Any

from sharepoint_sync.errors import RemoteError
from sharepoint_sync.gateway import odata
from sharepoint_sync.gateway.client import SharePointClient
from sharepoint_sync.gateway.odata import list_path
from sharepoint_sync.ports import Change, ChangeKind, ChangeSet, ChangeTokenExpired

CHANGE_FETCH_LIMIT = 1000
#: SP.ChangeType (learn.microsoft.com, "ChangeType enumeration"): 1 Add, 2 Update, 3 DeleteObject,
#: 4 Rename, 5 MoveAway, 6 MoveInto, 7 Restore; everything else is treated as an update.
_CHANGE_KINDS: dict[int, ChangeKind] = {1: "add", 2: "update", 3: "delete", 5: "delete", 6: "add", 7: "add"}


class ChangesMixin:
    """Change tokens and changes of a list (part of ports.SiteGateway)."""

    client: SharePointClient

    def current_change_token(self, list_title: str) -> str:
        """The list's current change token (SP.List.CurrentChangeToken.StringValue)."""
        data = self.client.get_json(list_path(list_title), odata.query({"$select": "CurrentChangeToken"}),
                                    what="read change token")
        return data["CurrentChangeToken"]["StringValue"]

    def get_changes(self, list_title: str, token: str) -> ChangeSet:
        """Item changes after `token`, oldest first (reference: list-getchanges.verbose.json)."""
        changes: list[Change] = []
        next_token = token
        while True:
            results = self._change_page(list_title, next_token)
            page, next_token = self.parse_changes(results, next_token)
            changes += page
            if not self.change_page_full(results):
                return ChangeSet(tuple(changes), next_token)

    @staticmethod
    def parse_changes(results: list[dict[str, Any]], token: str) -> tuple[list[Change], str]:
        """The item changes of one GetChanges page and the token past them."""
        changes: list[Change] = []
        next_token = token
        for entry in results:
            next_token = (entry.get("ChangeToken") or {}).get("StringValue") or next_token
            if (entry.get("__metadata") or {}).get("type", "SP.ChangeItem") != "SP.ChangeItem":
                continue
            changes.append(Change(int(entry.get("ItemId") or 0), str(entry.get("UniqueId") or ""),
                                  _CHANGE_KINDS.get(int(entry.get("ChangeType") or 2), "update")))
        return changes, next_token

    @staticmethod
    def change_page_full(results: list[dict[str, Any]]) -> bool:
        """A page as long as the fetch limit: there may be more changes after it."""
        return len(results) >= CHANGE_FETCH_LIMIT

    @staticmethod
    def change_query_body(token: str) -> dict[str, Any]:
        """The SP.ChangeQuery body of a list's GetChanges after `token`."""
        return {"query": {"__metadata": {"type": "SP.ChangeQuery"}, "Item": True, "Add": True, "Update": True,
                          "DeleteObject": True, "Rename": True, "Restore": True, "Move": True,
                          "FetchLimit": CHANGE_FETCH_LIMIT,
                          "ChangeTokenStart": {"__metadata": {"type": "SP.ChangeToken"}, "StringValue": token}}}

    def _change_page(self, list_title: str, token: str) -> list[dict[str, Any]]:
        body = self.change_query_body(token)
        try:
            # GetChanges is a POST but only reads: safe to repeat.
            data = self.client.post_json(f"{list_path(list_title)}/GetChanges", body, what="get changes",
                                         idempotent=True)
        except RemoteError as error:
            if _is_token_refused(error):
                raise ChangeTokenExpired("the change token is expired or unknown", status=error.status,
                                         code=error.code, list=list_title) from None
            raise
        return list(data.get("results", []))


def _is_token_refused(error: RemoteError) -> bool:
    """SharePoint refuses an old/unknown change token with an ArgumentOutOfRangeException (or a 400)."""
    text = f"{error.code or ''} {error.message}".lower()
    return error.status not in (403, 404) and ("argumentoutofrange" in text or "token" in text or error.status == 400)
