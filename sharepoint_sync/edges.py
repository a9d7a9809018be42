"""The one place a session's edges are built from the configuration.

Each edge gets only its own section: the authenticator the [tenant] section, the certificate, the
Graph-only secret and the SharePoint resource (the site's origin, computed once by `SiteConfig.origin`);
the gateway's client the [site] section and the HTTP settings (`Config.http`); the Graph mail transport
the Graph endpoint and the HTTP settings. One HTTP session serves them all for a configuration (msal's
sign-in calls, office365's requests and Graph's sendMail), built once per process with its authenticator,
so one msal token cache and one connection pool serve a whole process (`serve` runs many runs).
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Hashable

from sharepoint_sync.auth import SHAREPOINT, SIGN_IN_TIMEOUT, Authenticator, http_session
from sharepoint_sync.config_sections import Config
from sharepoint_sync.gateway import SharePointClient, SharePointGateway
from sharepoint_sync.retry import Retrier, RetryBudget, RetryPolicy

if TYPE_CHECKING:
    from sharepoint_sync.mail.delivery import Transport
    from sharepoint_sync.mail.graph import GraphTransport

_AUTHENTICATORS: dict[Hashable, Authenticator] = {}
_LOCK = threading.Lock()


def new_authenticator(config: Config) -> Authenticator:
    """A fresh Authenticator (its own msal apps and HTTP session) for this configuration's tenant."""
    return Authenticator(config.tenant, config.credential, sharepoint_resource=config.site.origin,
                         session=http_session(config.http, SIGN_IN_TIMEOUT), graph_secret=config.graph_secret)


def authenticator_for(config: Config) -> Authenticator:
    """The process-wide Authenticator for this configuration (one msal app per process and sign-in)."""
    key = (str(config.path), config.tenant, config.credential.thumbprint_sha256, config.site.origin,
           config.graph_secret)
    with _LOCK:
        if key not in _AUTHENTICATORS:
            _AUTHENTICATORS[key] = new_authenticator(config)
        return _AUTHENTICATORS[key]


def open_gateway(config: Config, budget: RetryBudget | None = None, *,
                 policy: RetryPolicy | None = None) -> SharePointGateway:
    """A gateway to the configured site (signs in lazily, on the first request), with a fresh retry budget
    for this run unless one is given; `policy` changes the backoff (tests)."""
    authenticator = authenticator_for(config)
    retrier = Retrier(budget or RetryBudget(config.sync.retry_budget),
                      refresh_token=lambda: authenticator.invalidate(SHAREPOINT), site_url=config.site.url,
                      run_deadline_seconds=config.sync.run_deadline_seconds, policy=policy)
    client = SharePointClient(config.site, config.http, authenticator, retrier, session=authenticator.session)
    return SharePointGateway(client)


def mail_transport(config: Config) -> "Transport":
    """The configured mail transport: Graph sendMail as the app, or SMTP (the [mail] section only)."""
    if config.mail.transport == "smtp":
        from sharepoint_sync.mail.smtp import SmtpTransport

        return SmtpTransport(config.mail, timeout=config.sync.request_timeout_seconds)
    return graph_transport(config)


def graph_transport(config: Config) -> "GraphTransport":
    """The Graph sendMail transport for the configured tenant (signs in lazily, on the first mail)."""
    from sharepoint_sync.mail.graph import GraphTransport

    authenticator = authenticator_for(config)
    return GraphTransport(config.tenant.graph_url, authenticator, config.http, session=authenticator.session)
