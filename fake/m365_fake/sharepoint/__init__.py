"""The fake tenant's SharePoint REST emulation (`odata=verbose` as office365-rest-python-client sends it).

`register(router, site)` wires `<site path>/_api/...` (and `/_api/...` on the root) into the server's
router; `Site` holds the state (`snapshot()`, `reset()`). Shapes follow the recordings in
tests/fixtures/sharepoint-responses/.
"""
from __future__ import annotations


from ..http import Router
from .dispatch import SharePointApi
from .store import Site


def register(router: Router, site: Site) -> None:
    """Route every `_api` request of the site (and of the root web) to the SharePoint handler."""
    handler = SharePointApi(site)
    # one werkzeug rule for all of `_api`: the path after it (OData function calls, `GetByTitle('a/b')`,
    # `items(3)`) is the fake's own OData parser's business (odata.py), not werkzeug's
    api = f"{site.path.strip('/')}/_api"
    router.add("*", f"/<anycase({api!r}, '_api'):rest>", handler)


__all__ = ["Site", "register"]
