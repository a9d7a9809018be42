"""Modern site pages: publish an HTML fragment as a page (for run reports people read in SharePoint).

The REST sequence of the SharePoint page APIs (learn.microsoft.com, "Working with modern pages"; the
create shape: tests/fixtures/sharepoint-responses/sitepages-create.nometadata.mock.json):
create `_api/sitepages/pages` (a checked-out draft), `CheckoutPage`, `SavePage` with CanvasContent1
(a JSON string of web parts; one text web part here), then `Publish`.
"""
from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from sharepoint_sync.errors import RemoteError
from sharepoint_sync.gateway import odata
from sharepoint_sync.retry import create_if_absent

if TYPE_CHECKING:
    from sharepoint_sync.gateway.client import SharePointClient
    from sharepoint_sync.pages.model import RemotePage, Resource

_PAGE_TYPE = {"type": "SP.Publishing.SitePage"}


def text_canvas(html: str) -> str:
    """CanvasContent1 with one full-width text web part (controlType 4) holding `html`."""
    return json.dumps([{"controlType": 4, "id": str(uuid.uuid4()), "displayMode": 2, "emphasis": {},
                        "position": {"zoneIndex": 1, "sectionIndex": 1, "controlIndex": 1, "sectionFactor": 12},
                        "innerHTML": html}])


def publish_page(client: "SharePointClient", name: str, title: str, html: str) -> dict[str, Any]:
    """Create (or reuse) SitePages/<name>.aspx, save `html` as its content and publish it.

    `html` must already be safe: every value from documents or lists escaped by the caller.
    Returns the page entity (Id, AbsoluteUrl, Version, …).
    """
    file_name = name if name.lower().endswith(".aspx") else f"{name}.aspx"

    page = _ensure_page(client, file_name, title)
    pages = f"sitepages/pages({int(page['Id'])})"
    # Checkout, save and publish set state to a given value: repeating them is harmless.
    client.post_json(f"{pages}/CheckoutPage", what="check out page", idempotent=True)
    client.post_json(f"{pages}/SavePage", {"__metadata": _PAGE_TYPE, "Title": title, "CanvasContent1": text_canvas(html)},
                     what="save page", idempotent=True)
    client.post_json(f"{pages}/Publish", what="publish page", idempotent=True)
    return client.get_json(pages, what="read page")


# --- the resource pages (sharepoint_sync.pages): publish only on change, hash kept on the page's item ---

def page_items(client: "SharePointClient", library: str, hash_column: str) -> list[dict[str, Any]]:
    """Every item of the Site Pages library: Id, FileLeafRef and our content-hash column (one request
    per 1,000 pages)."""
    query = odata.query({"$select": odata.select(["Id", "FileLeafRef", hash_column]), "$top": 1000})
    return list(client.pages(f"{odata.list_path(library)}/items", query, what="read site pages"))


def save_canvas(client: "SharePointClient", file_name: str, title: str, canvas: str) -> int:
    """Create SitePages/<file_name> if absent (looked up first: a create whose answer was lost is found,
    never made twice), check it out and save `canvas` as its draft. Returns the page's item id."""
    page = _ensure_page(client, file_name, title)
    page_id = int(page["Id"])
    # Checkout and save set the draft to a given state: repeating them is harmless.
    client.post_json(f"sitepages/pages({page_id})/CheckoutPage", what="check out page", idempotent=True)
    client.post_json(f"sitepages/pages({page_id})/SavePage",
                     {"__metadata": _PAGE_TYPE, "Title": title, "CanvasContent1": canvas},
                     what="save page", idempotent=True)
    return page_id


def publish_saved(client: "SharePointClient", page_id: int) -> None:
    """Publish the saved draft (a major version people see)."""
    client.post_json(f"sitepages/pages({int(page_id)})/Publish", what="publish page", idempotent=True)


def stamp_hash(client: "SharePointClient", library: str, item_id: int, hash_column: str, content_hash: str) -> None:
    """Keep the published content's hash on the page's list item, without a new version.

    ValidateUpdateListItem with bNewDocumentUpdate=true updates the current version in place
    (learn.microsoft.com, "ListItem.ValidateUpdateListItem": bNewDocumentUpdate, "no new version");
    a MERGE would add a minor version, i.e. an unpublished draft over the page just published. The
    stamp comes after Publish, so a publish that failed leaves the old hash and the next run publishes
    again (same page, found by its name)."""
    body = {"formValues": [{"__metadata": {"type": "SP.ListItemFormUpdateValue"}, "FieldName": hash_column,
                            "FieldValue": content_hash}], "bNewDocumentUpdate": True}
    data = client.post_json(f"{odata.list_path(library)}/items({int(item_id)})/ValidateUpdateListItem", body,
                            what="stamp page hash", idempotent=True)
    results = (data.get("ValidateUpdateListItem") or {}).get("results") or []
    failed = [r for r in results if r.get("HasException")]
    if failed:
        raise RemoteError(f"SharePoint refused the page's content hash: {failed[0].get('ErrorMessage') or 'no reason'}",
                          status=400, list=library, item=item_id)


def resource_items(client: "SharePointClient", library: str, initiative_column: str) -> list[dict[str, Any]]:
    """The documents of the resources library with their initiative tags (one request per 1,000)."""
    columns = ["Id", "FileLeafRef", "FileRef", "FSObjType", "Modified", initiative_column]
    query = odata.query({"$select": odata.select(columns), "$top": 1000})
    return list(client.pages(f"{odata.list_path(library)}/items", query, what="read resources"))


class PagesMixin:
    """The page step's port (`sharepoint_sync.pages.step.PagesGateway`) on `SharePointGateway`."""

    client: "SharePointClient"

    def site_pages(self, library: str, hash_column: str) -> dict[str, "RemotePage"]:
        """Pages of the Site Pages library by lower-case file name, with the content hash we stored."""
        from sharepoint_sync.pages.model import RemotePage
        out: dict[str, RemotePage] = {}
        for raw in page_items(self.client, library, hash_column):
            name = str(raw.get("FileLeafRef") or "")
            if name:
                out[name.lower()] = RemotePage(name, int(raw.get("Id") or raw.get("ID") or 0),
                                               raw.get(odata.rest_name(hash_column)) or None)
        return out

    def publish_site_page(self, library: str, hash_column: str, file_name: str, title: str, canvas: str,
                          content_hash: str) -> int:
        """Save, publish, then stamp the content hash on the page's item; returns the item id."""
        page_id = save_canvas(self.client, file_name, title, canvas)
        publish_saved(self.client, page_id)
        stamp_hash(self.client, library, page_id, hash_column, content_hash)
        return page_id

    def resources(self, library: str, initiative_column: str) -> list["Resource"]:
        """The documents of the resources library (folders skipped) as page values."""
        from sharepoint_sync.pages.model import Resource
        out = []
        for raw in resource_items(self.client, library, initiative_column):
            if int(raw.get("FSObjType") or 0) == 1:
                continue
            tags = raw.get(odata.rest_name(initiative_column))
            values = tags.get("results", []) if isinstance(tags, dict) else (tags or [])
            modified = odata.read_value(raw.get("Modified"), "DateTime", False)
            ref = str(raw.get("FileRef") or "")
            out.append(Resource(str(raw.get("FileLeafRef") or ""), self.client.link(ref),
                                modified[:10] if modified else None, tuple(str(v) for v in values)))
        return out


def _ensure_page(client: "SharePointClient", file_name: str, title: str) -> dict[str, Any]:
    """SitePages/<file_name>, created if absent (looked up first: a create whose answer was lost is found,
    never made twice); the page entity."""
    def lookup() -> dict[str, Any] | None:
        try:
            return client.get_json(f"sitepages/pages/GetByUrl({odata.path_literal('SitePages/' + file_name)})",
                                   what="find page")
        except RemoteError as error:
            if odata.is_absent(error):
                return None
            raise

    def create() -> dict[str, Any]:
        body = {"__metadata": _PAGE_TYPE, "PageLayoutType": "Article", "Name": file_name, "Title": title}
        return client.send("POST", client.url("sitepages/pages"), body=body).json().get("d", {})

    page, _created = create_if_absent(client.retrier, lookup, create, what=f"create page {file_name}")
    return page
