"""`FakeTenant`: the whole fake Microsoft 365 tenant, embeddable (tests, `iln-sync demo`) or standalone
(`iln-sync emulator`).

URL layout on one HTTPS origin `base_url` (https://127.0.0.1:PORT), also written to DATA/tenant.json:
  Entra ID   {base_url}/{tenant_id}/v2.0/.well-known/openid-configuration, .../oauth2/v2.0/token
             (authority = {base_url}/{tenant_id}; authority host = {base_url})
  SharePoint {base_url}/sites/KYILN/_api/...       (resource / token audience = {base_url})
  Graph      {base_url}/graph/v1.0/users/{upn}/sendMail   (scope {base_url}/graph/.default; token audience
             is Graph's app id 00000003-0000-0000-c000-000000000000)
  Control    {base_url}/_emulator/...  (no auth; loopback only)     People's page: {base_url}/
DATA holds keys/ (CA, server and app certificates, token-signing key, client secret; private files 0600),
registration.json (tenant and client ids), tenant.json, iln-sync.toml, outbox/ (.eml files) and state/
(the ready config's worker state, emptied at each start because the site itself starts fresh).
"""
from __future__ import annotations

import json
import os
import secrets
import uuid
from pathlib import Path
from typing import Any

from sharepoint_sync.fake_tenant import tls
from sharepoint_sync.fake_tenant.control import Control
from sharepoint_sync.fake_tenant.entra import AppRegistration, Directory, Entra
from sharepoint_sync.fake_tenant.graph import Graph, Outbox
from sharepoint_sync.fake_tenant.http import Router
from sharepoint_sync.fake_tenant.page import Page
from sharepoint_sync.fake_tenant.seed import apply_seed
from sharepoint_sync.fake_tenant.server import HttpsServer, Pipeline, server_context
from sharepoint_sync.fake_tenant.tokens import TokenService
from sharepoint_sync.log import get_logger

try:  # the SharePoint REST emulation is a sibling package; the tenant still runs without it
    from sharepoint_sync.fake_tenant.sharepoint import Site, register as register_sharepoint
except ImportError:  # pragma: no cover - only while the package is being built
    Site = None  # type: ignore[assignment,misc]
    register_sharepoint = None  # type: ignore[assignment]

SITE_PATH = "/sites/KYILN"
TENANT_DOMAIN = "kentuckyde.onmicrosoft.com"
MAIL_SENDER = "iln-sync@education.ky.gov"
#: Graph tokens carry Microsoft Graph's app id as audience (as Entra's v2.0 tokens do), so that a Graph
#: token, served from the same origin here, never passes SharePoint's audience check
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
_log = get_logger("fake_tenant")


def _write_private_text(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


def _registration(data_dir: Path) -> dict[str, str]:
    """The tenant and client ids, created once and reused so configs stay valid across restarts."""
    path = data_dir / "registration.json"
    if path.exists():
        return json.loads(path.read_text())
    registration = {"tenant_id": str(uuid.uuid4()), "client_id": str(uuid.uuid4()), "domain": TENANT_DOMAIN}
    path.write_text(json.dumps(registration, indent=2) + "\n")
    return registration


def _client_secret(keys_dir: Path) -> str:
    path = keys_dir / "client-secret.txt"
    if not path.exists():
        _write_private_text(path, secrets.token_urlsafe(30) + "\n")
    return path.read_text().strip()


class FakeTenant:
    """A fake tenant (Entra ID, SharePoint site, Graph mail) served over HTTPS on 127.0.0.1."""

    def __init__(self, data_dir: Path | str, port: int = 0, token_lifetime: int = 3600, seed: str | None = None) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.default_token_lifetime = token_lifetime
        self.seed = seed
        self._server: HttpsServer | None = None
        self.info: dict[str, Any] = {}
        self._build()

    # ------------------------------------------------------------------ assembly
    def _build(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.keys = tls.load_or_create(self.data_dir / "keys")
        registration = _registration(self.data_dir)
        self.tenant_id, self.client_id = registration["tenant_id"], registration["client_id"]
        self.client_secret = _client_secret(self.data_dir / "keys")
        self.outbox = Outbox(self.data_dir / "outbox")
        self.site = Site(path=SITE_PATH) if Site is not None else None

    def _router(self, base_url: str) -> tuple[Router, TokenService]:
        tokens = TokenService(self.keys.signing_key, issuer=f"{base_url}/{self.tenant_id}/v2.0",
                              tenant_id=self.tenant_id, lifetime=self.default_token_lifetime)
        app = AppRegistration(client_id=self.client_id, certificates=[self.keys.app.cert], secret=self.client_secret)
        directory = Directory(tenant_id=self.tenant_id, domain=TENANT_DOMAIN, apps={self.client_id.lower(): app},
                              tokens=tokens, resources={base_url: ("sharepoint", base_url),
                                                        f"{base_url}/graph": ("graph", GRAPH_APP_ID)})
        router = Router()
        Control(self).register(router)
        Entra(directory).register(router)
        Graph(self.outbox, audiences=(GRAPH_APP_ID, f"{base_url}/graph")).register(router)
        Page(self).register(router)
        if self.site is not None and register_sharepoint is not None:
            self.site.base_url = base_url
            self.site.tenant_id = self.tenant_id
            register_sharepoint(router, self.site)
        return router, tokens

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "FakeTenant":
        """Start serving in a background thread; writes tenant.json and iln-sync.toml. Returns self."""
        if self._server is not None:
            return self
        context = server_context(str(self.keys.server.cert_path), str(self.keys.server.key_path))
        # the port is known only once bound, and the router's URLs depend on it: bind first, then wire
        server = HttpsServer(self.port, context, pipeline=None)  # type: ignore[arg-type]
        router, self.tokens = self._router(server.base_url)
        server.pipeline = self.pipeline = Pipeline(router, self.tokens)
        self._server = server
        self.info = self._write_client_files(server.base_url)
        if self.seed:
            self._apply_seed(self.seed)
        server.start()
        _log.info("fake_tenant.started", base_url=server.base_url, data_dir=str(self.data_dir))
        return self

    def stop(self) -> None:
        """Stop serving and close every connection."""
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
            self._apply_seed(self.seed)

    def _apply_seed(self, name: str) -> None:
        """Put seed content (see fake_tenant/seed.py; `demo` = the demo letters in the library) into the site."""
        if self.site is None:
            _log.warning("fake_tenant.seed.skipped", seed=name, reason="no SharePoint site emulation")
            return
        files = apply_seed(self.site, name)
        _log.info("fake_tenant.seeded", seed=name, files=files)

    # ------------------------------------------------------------------ client files
    def _write_client_files(self, base_url: str) -> dict[str, Any]:
        info = {
            "base_url": base_url, "site_url": f"{base_url}{SITE_PATH}", "authority": f"{base_url}/{self.tenant_id}",
            "authority_host": base_url, "graph_url": f"{base_url}/graph", "tenant_id": self.tenant_id,
            "tenant_domain": TENANT_DOMAIN, "client_id": self.client_id,
            "cert_path": str(self.keys.app.cert_path), "key_path": str(self.keys.app.key_path),
            "thumbprint": self.keys.app.sha256_thumbprint, "thumbprint_sha1": self.keys.app.sha1_thumbprint,
            "ca_path": str(self.keys.ca.cert_path), "client_secret_path": str(self.data_dir / "keys" / "client-secret.txt"),
            "sharepoint_scope": f"{base_url}/.default", "graph_scope": f"{base_url}/graph/.default",
            "control_url": f"{base_url}/_emulator", "mail_sender": MAIL_SENDER,
            "outbox_dir": str(self.outbox.directory), "config_path": str(self.data_dir / "iln-sync.toml"),
        }
        # The site lives in memory and starts fresh, so the ready config's worker state (change tokens,
        # processed versions of a site that no longer exists) would make the worker skip everything.
        (self.data_dir / "state").mkdir(exist_ok=True)
        for stale in (self.data_dir / "state").glob("iln-sync-state.sqlite*"):
            stale.unlink()
        (self.data_dir / "tenant.json").write_text(json.dumps(info, indent=2) + "\n")
        (self.data_dir / "iln-sync.toml").write_text(config_text(info))
        return info


def _toml(value: str) -> str:
    return json.dumps(value)  # a TOML basic string accepts JSON's escapes


def config_text(info: dict[str, Any]) -> str:
    """A ready iln-sync configuration for this tenant, in the layout of config/iln-sync.example.toml."""
    return f"""# Written by the fake tenant (iln-sync emulator): a ready configuration for it.
# Regenerated at every start (the port may change); copy it before editing.

[tenant]
tenant_id = {_toml(info["tenant_id"])}
client_id = {_toml(info["client_id"])}
authority_host = {_toml(info["authority_host"])}
graph_url = {_toml(info["graph_url"])}
ca_bundle = {_toml(info["ca_path"])}

[certificate]
path = {_toml(info["cert_path"])}
key_path = {_toml(info["key_path"])}
password_env = "ILN_SYNC_CERT_PASSWORD"
# graph_secret_env = "ILN_SYNC_GRAPH_SECRET"   # the secret is in {info["client_secret_path"]}

[site]
url = {_toml(info["site_url"])}
library = "Letters of Commitment"
submissions_list = "LOC Submissions"
commitments_list = "ILN Commitments"
members_list = "ILN Members"
runs_list = "ILN Sync Runs"

[mail]
sender = {_toml(info["mail_sender"])}
recipients = ["iln@education.ky.gov"]

[sync]
state_path = "state/iln-sync-state.sqlite"
max_member_change_share = 0.5
request_timeout_seconds = 30
retry_budget = 30

[service]
sync_schedule = "*/10 * * * *"

[extract]
max_file_bytes = 20_000_000
max_members = 2_000
max_member_bytes = 50_000_000
max_total_bytes = 200_000_000
max_ratio = 200
timeout_seconds = 10
memory_mb = 512
"""
