"""Helpers for the gateway tests against the fake tenant."""
from __future__ import annotations

from sharepoint_sync.config import Config
from sharepoint_sync.edges import open_gateway
from sharepoint_sync.gateway import SharePointGateway
from sharepoint_sync.ports import ListSpec


def gateway_with_list(config: Config, spec: ListSpec, *, views: bool = True) -> SharePointGateway:
    """A gateway to the configured site after creating `spec`'s list, its columns and (unless told not) its views."""
    gw = open_gateway(config)
    gw.create_list(spec)
    for field in spec.fields:
        gw.add_field(spec.title, field)
    for view in spec.views if views else ():
        gw.create_view(spec.title, view)
    return gw
