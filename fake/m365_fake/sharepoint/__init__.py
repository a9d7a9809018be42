"""The fake tenant's SharePoint REST emulation (`odata=verbose` as office365-rest-python-client sends it).

`register(router, site)` wires `<site path>/_api/...` (and `/_api/...` on the root) into the server's
router; `Site` holds the state (`snapshot()`, `reset()`). Shapes follow the recordings in
tests/fixtures/sharepoint-responses/.
"""
from __future__ import annotations

import re

from ..http import Router
from .dispatch import SharePointApi
from .store import Site


def register(router: Router, site: Site) -> None:
    """Route every `_api` request of the site (and of the root web) to the SharePoint handler."""
    handler = SharePointApi(site)
    router.add("*", rf"(?:{re.escape(site.path)})?/_api(?:/(?P<rest>.*))?", handler)


__all__ = ["Site", "register"]
