"""`FakeTenant`: a whole fake Microsoft 365 tenant (Entra ID, one SharePoint site, Graph mail) served over
HTTPS on 127.0.0.1, embeddable in tests or standalone.

URL layout on one HTTPS origin `base_url` (https://127.0.0.1:PORT), also written to DATA/tenant.json:
  Entra ID   {base_url}/{tenant_id}/v2.0/.well-known/openid-configuration, .../oauth2/v2.0/token
             (authority = {base_url}/{tenant_id}; authority host = {base_url})
  SharePoint {base_url}{site_path}/_api/...        (resource / token audience = {base_url})
  Graph      {base_url}/graph/v1.0/users/{upn}/sendMail   (scope {base_url}/graph/.default; token audience
             is Graph's app id 00000003-0000-0000-c000-000000000000)
  Control    {base_url}/_emulator/...  (no auth; loopback only)     People's page: {base_url}/
DATA holds keys/ (CA, server and app certificates, token-signing key, client secret; private files 0600),
registration.json (tenant and client ids), tenant.json and outbox/ (.eml files).

Nothing here knows the application it serves: the site path, the tenant's domain, the mail sender, seed
content (a callable that fills the site) and any client files (a callable that writes, say, a ready
configuration for the caller's program) are passed in by the caller.
"""
from __future__ import annotations

import json
import os
import secrets
import uuid
from pathlib import Path
from typing import Any, Callable

from m365_fake import tls
from m365_fake.control import Control
from m365_fake.entra import AppRegistration, Directory, Entra
from m365_fake.graph import Graph, Outbox
from m365_fake.http import Router
from m365_fake.page import Page
from m365_fake.proxy import ConnectProxy
from m365_fake.site_pages_view import SitePagesView
from m365_fake.server import Pipeline, server_context
from m365_fake.wsgi import HttpsServer, TenantApp
from m365_fake.tokens import TokenService
from m365_fake.log import get_logger

try:  # the SharePoint REST emulation is a sibling package; the tenant still runs without it
    from m365_fake.sharepoint import Site, register as register_sharepoint
except ImportError:  # pragma: no cover - only while the package is being built
    Site = None  # type: ignore[assignment,misc]  # stand-ins for the missing package, checked before use
    register_sharepoint = None  # type: ignore[assignment]

SITE_PATH = "/sites/contoso"
TENANT_DOMAIN = "contoso.onmicrosoft.com"
MAIL_SENDER = "noreply@contoso.onmicrosoft.com"
#: fills a fresh site with content; returns how many files it added
Seed = Callable[[Any], int]
#: writes the caller's own client files for a started tenant; returns extra keys for `info`
ClientFiles = Callable[[dict[str, Any]], dict[str, Any]]
#: Graph tokens carry Microsoft Graph's app id as audience (as Entra's v2.0 tokens do), so that a Graph
#: token, served from the same origin here, never passes SharePoint's audience check
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
#: the production names a client may use instead (through the CONNECT proxy, see proxy.py): the tenant's
#: SharePoint host is "<first label of the onmicrosoft.com domain>.sharepoint.com", as Microsoft names it
GRAPH_HOST, LOGIN_HOST = "graph.microsoft.com", "login.microsoftonline.com"
_log = get_logger("fake_tenant")


def _write_private_text(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


def _registration(data_dir: Path, domain: str) -> dict[str, str]:
    """The tenant and client ids, created once and reused so configs stay valid across restarts."""
    path = data_dir / "registration.json"
    if path.exists():
        return json.loads(path.read_text())
    registration = {"tenant_id": str(uuid.uuid4()), "client_id": str(uuid.uuid4()), "domain": domain}
    path.write_text(json.dumps(registration, indent=2) + "\n")
    return registration


def _client_secret(keys_dir: Path) -> str:
    path = keys_dir / "client-secret.txt"
    if not path.exists():
        _write_private_text(path, secrets.token_urlsafe(30) + "\n")
    return path.read_text().strip()


class FakeTenant:
    """A fake tenant (Entra ID, SharePoint site, Graph mail) served over HTTPS on 127.0.0.1."""

    def __init__(self, data_dir: Path | str, port: int = 0, token_lifetime: int = 3600, *,
                 site_path: str = SITE_PATH, domain: str = TENANT_DOMAIN, mail_sender: str = MAIL_SENDER,
                 seed: Seed | None = None, client_files: ClientFiles | None = None,
                 flagged_values: frozenset[str] = frozenset()) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.default_token_lifetime = token_lifetime
        self.site_path, self.domain, self.mail_sender = site_path, domain, mail_sender
        #: the tenant's real SharePoint host (<tenant>.sharepoint.com, from its domain) and the other
        #: production names the fake answers under through its CONNECT proxy
        self.sharepoint_host = f"{domain.split('.')[0]}.sharepoint.com"
        self.production_hosts = (self.sharepoint_host, GRAPH_HOST, LOGIN_HOST)
        self.seed = seed
        self.client_files = client_files
        #: cell values the people's page highlights (the caller's "needs attention" words)
        self.flagged_values = flagged_values
        self._server: HttpsServer | None = None
        self._proxy: ConnectProxy | None = None
        self.info: dict[str, Any] = {}
        self._build()

    # ------------------------------------------------------------------ assembly
    def _build(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.keys = tls.load_or_create(self.data_dir / "keys", self.production_hosts)
        registration = _registration(self.data_dir, self.domain)
        self.tenant_id, self.client_id = registration["tenant_id"], registration["client_id"]
        self.client_secret = _client_secret(self.data_dir / "keys")
        self.outbox = Outbox(self.data_dir / "outbox")
        self.site = Site(path=self.site_path) if Site is not None else None

    def _router(self, base_url: str) -> tuple[Router, TokenService]:
        tokens = TokenService(self.keys.signing_key, issuer=f"{base_url}/{self.tenant_id}/v2.0",
                              tenant_id=self.tenant_id, lifetime=self.default_token_lifetime)
        app = AppRegistration(client_id=self.client_id, certificates=[self.keys.app.cert], secret=self.client_secret)
        directory = Directory(tenant_id=self.tenant_id, domain=self.domain, apps={self.client_id.lower(): app},
                              tokens=tokens, resources={base_url: ("sharepoint", base_url),
                                                        f"{base_url}/graph": ("graph", GRAPH_APP_ID),
                                                        f"https://{self.sharepoint_host}": ("sharepoint",
                                                                                      f"https://{self.sharepoint_host}"),
                                                        f"https://{GRAPH_HOST}": ("graph", GRAPH_APP_ID)})
        router = Router()
        Control(self).register(router)
        Entra(directory).register(router)
        graph = Graph(self.outbox, audiences=(GRAPH_APP_ID, f"{base_url}/graph"))
        graph.register(router)
        graph.register(router, prefix="")   # https://graph.microsoft.com/v1.0/... through the proxy
        Page(self).register(router)
        SitePagesView(self, self.site_path).register(router)
        if self.site is not None and register_sharepoint is not None:
            self.site.base_url = base_url
            self.site.tenant_id = self.tenant_id
            register_sharepoint(router, self.site)
        return router, tokens

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "FakeTenant":
        """Start serving in a background thread; writes tenant.json (and the caller's client files). Returns self."""
        if self._server is not None:
            return self
        context = server_context(str(self.keys.server.cert_path), str(self.keys.server.key_path))
        # the port is known only once bound, and the router's URLs depend on it: bind first, then wire
        server = HttpsServer(self.port, context)
        router, self.tokens = self._router(server.base_url)
        self.pipeline = Pipeline(router, self.tokens)
        server.app = TenantApp(self.pipeline, server.base_url, aliases=self.production_hosts, stopping=server.stopping)
        self._server = server
        self._proxy = ConnectProxy(('127.0.0.1', server.server_address[1]), self.production_hosts).start()
        self.info = self._write_client_files(server.base_url)
        if self.seed:
            self._apply_seed()
        server.start()
        _log.info("fake_tenant.started", base_url=server.base_url, data_dir=str(self.data_dir))
        return self

    def stop(self) -> None:
        """Stop serving and close every connection."""
        if self._proxy is not None:
            self._proxy.stop()
            self._proxy = None
        if self._server is not None:
            self._server.stop()
            self._server = None
            _log.info("fake_tenant.stopped")

    def __enter__(self) -> "FakeTenant":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """https://127.0.0.1:PORT of the running server."""
        if self._server is None:
            raise RuntimeError("the fake tenant is not running")
        return self._server.base_url

    # ------------------------------------------------------------------ runtime controls
    @property
    def token_lifetime(self) -> int:
        """Lifetime in seconds of tokens issued from now on."""
        return self.tokens.lifetime

    @token_lifetime.setter
    def token_lifetime(self, seconds: int) -> None:
        self.tokens.lifetime = int(seconds)

    def state(self) -> dict[str, Any]:
        """The site (lists, items, files, pages) and the outbox, as JSON-ready data."""
        site = self.site.snapshot() if self.site is not None else {}
        return {**site, "mails": list(self.outbox.messages)}

    def reset(self) -> None:
        """Back to the tenant as started: site (re-seeded if a seed was given), empty outbox, request log,
        faults and budget; default token lifetime."""
        if self.site is not None:
            self.site.reset()
        self.outbox.reset()
        self.pipeline.log.clear()
        self.pipeline.faults.clear()
        self.pipeline.throttle.reset()
        self.tokens.lifetime = self.default_token_lifetime
        if self.seed:
            self._apply_seed()

    def _apply_seed(self) -> None:
        """Put the caller's seed content into the site (again after a reset)."""
        if self.site is None or self.seed is None:
            return
        files = self.seed(self.site)
        _log.info("fake_tenant.seeded", files=files)

    # ------------------------------------------------------------------ client files
    def _write_client_files(self, base_url: str) -> dict[str, Any]:
        info = {
            "base_url": base_url, "site_url": f"{base_url}{self.site_path}", "authority": f"{base_url}/{self.tenant_id}",
            "authority_host": base_url, "graph_url": f"{base_url}/graph", "tenant_id": self.tenant_id,
            "tenant_domain": self.domain, "client_id": self.client_id,
            "cert_path": str(self.keys.app.cert_path), "key_path": str(self.keys.app.key_path),
            "thumbprint": self.keys.app.sha256_thumbprint, "thumbprint_sha1": self.keys.app.sha1_thumbprint,
            "ca_path": str(self.keys.ca.cert_path), "client_secret_path": str(self.data_dir / "keys" / "client-secret.txt"),
            "sharepoint_scope": f"{base_url}/.default", "graph_scope": f"{base_url}/graph/.default",
            "control_url": f"{base_url}/_emulator", "mail_sender": self.mail_sender,
            "outbox_dir": str(self.outbox.directory),
            # the production names, reachable with HTTPS_PROXY=proxy_url and REQUESTS_CA_BUNDLE=ca_path
            "proxy_url": self._proxy.url if self._proxy else "", "production_hosts": list(self.production_hosts),
            "production_site_url": f"https://{self.sharepoint_host}{self.site_path}",
            "production_authority": f"https://{LOGIN_HOST}/{self.tenant_id}",
            "production_sharepoint_scope": f"https://{self.sharepoint_host}/.default",
            "production_graph_scope": f"https://{GRAPH_HOST}/.default",
        }
        if self.client_files is not None:
            info.update(self.client_files(info))
        (self.data_dir / "tenant.json").write_text(json.dumps(info, indent=2) + "\n")
        return info
