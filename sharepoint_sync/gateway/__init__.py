"""The SharePoint gateway: the only package that imports office365.

`SharePointGateway` implements `sharepoint_sync.ports.SiteGateway` over a `SharePointClient`, every
call going through the one retry layer. It knows the [site] section and the HTTP settings, never the
whole configuration: `sharepoint_sync.edges.open_gateway(config)` wires one.
"""
from __future__ import annotations

from sharepoint_sync.gateway.client import SharePointClient
from sharepoint_sync.gateway.site import ListMeta, SharePointGateway

__all__ = ["SharePointGateway", "SharePointClient", "ListMeta"]
