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
    pages = f"sitepages/pages({int(page['Id'])})"
    # Checkout, save and publish set state to a given value: repeating them is harmless.
    client.post_json(f"{pages}/CheckoutPage", what="check out page", idempotent=True)
    client.post_json(f"{pages}/SavePage", {"__metadata": _PAGE_TYPE, "Title": title, "CanvasContent1": text_canvas(html)},
                     what="save page", idempotent=True)
    client.post_json(f"{pages}/Publish", what="publish page", idempotent=True)
    return client.get_json(pages, what="read page")
