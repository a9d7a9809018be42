"""The page for people: `GET /` shows the site as KDE staff would see it (placeholder until filled in)."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from sharepoint_sync.fake_tenant.http import Request, Response, Router

if TYPE_CHECKING:
    from sharepoint_sync.fake_tenant.tenant import FakeTenant


class Page:
    """Renders the tenant's state as one HTML page."""

    def __init__(self, tenant: "FakeTenant") -> None:
        self.tenant = tenant

    def register(self, router: Router) -> None:
        """Add `GET /`."""
        router.add("GET", r"/", self.render)

    def render(self, request: Request) -> Response:
        """The page."""
        mails = "".join(f"<li>{html.escape(m['subject'])}</li>" for m in self.tenant.outbox.messages)
        return Response.text(f"<!doctype html><title>fake tenant</title><ul>{mails}</ul>",
                             content_type="text/html; charset=utf-8")
