"""The SharePoint gateway: the only package that imports office365.

`open_gateway(config)` signs in lazily (on the first request), and returns a `SharePointGateway`
implementing `sharepoint_sync.ports.SiteGateway`, every call going through the one retry layer
with this run's budget.
"""
from __future__ import annotations

from sharepoint_sync.auth import SHAREPOINT, authenticator_for
from sharepoint_sync.config import Config
from sharepoint_sync.gateway.client import SharePointClient
from sharepoint_sync.gateway.site import ListMeta, SharePointGateway
from sharepoint_sync.retry import Retrier, RetryBudget

__all__ = ["open_gateway", "SharePointGateway", "SharePointClient", "ListMeta"]


def open_gateway(config: Config, budget: RetryBudget | None = None) -> SharePointGateway:
    """A gateway to the configured site, with a fresh retry budget for this run unless one is given."""
    authenticator = authenticator_for(config)
    retrier = Retrier(budget or RetryBudget(config.sync.retry_budget),
                      refresh_token=lambda: authenticator.invalidate(SHAREPOINT), site_url=config.site.url,
                      run_deadline_seconds=config.sync.run_deadline_seconds)
    return SharePointGateway(SharePointClient(config, authenticator, retrier))
