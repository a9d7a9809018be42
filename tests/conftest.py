"""Shared fixtures: the fake tenant, sessions that trust its CA, msal tokens and the control API.

- `fake_tenant`      session-scoped started `FakeTenant` (HTTPS on 127.0.0.1, data in a tmp dir);
                     `fake_tenant.site` is the SharePoint `Site` store, `fake_tenant.outbox` the mail outbox.
- `tenant_info`      its tenant.json dict (base_url, site_url, authority, graph_url, tenant_id, client_id,
                     cert_path, key_path, thumbprint, thumbprint_sha1, ca_path, client_secret_path,
                     sharepoint_scope, graph_scope, control_url, config_path, outbox_dir, ...).
- `https_session`    a requests.Session that trusts the fake's CA and ignores REQUESTS_CA_BUNDLE.
- `msal_app`         factory: `msal_app(credential="certificate"|"sha1"|"secret", **overrides)` -> a fresh
                     msal ConfidentialClientApplication for the fake tenant.
- `get_token`        factory: `get_token(scope=None, credential="certificate")` -> access token string
                     (scope defaults to SharePoint's `{base_url}/.default`; pass tenant_info["graph_scope"] for Graph).
- `emulator`         a small client of the control API (`/_emulator/...`).
- `clean_tenant`     the fake tenant reset before and after the test (site, outbox, log, faults, budget).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import pytest
import requests

if TYPE_CHECKING:  # imported lazily below, so unit tests never load the fake tenant
    from m365_fake.tenant import FakeTenant


def trusting_session(ca_path: str) -> requests.Session:
    """A session that verifies TLS against `ca_path` only. trust_env=False: REQUESTS_CA_BUNDLE in the
    environment would otherwise silently replace `verify`."""
    session = requests.Session()
    session.trust_env = False
    session.verify = ca_path
    return session


class EmulatorClient:
    """Thin client of the fake tenant's control API."""

    def __init__(self, base_url: str, session: requests.Session) -> None:
        self.url = f"{base_url}/_emulator"
        self.session = session

    def _json(self, response: requests.Response) -> Any:
        response.raise_for_status()
        return response.json() if response.content else None

    def requests(self, since: int = 0) -> list[dict[str, Any]]:
        """Request-log entries with `seq` greater than `since`."""
        return self._json(self.session.get(f"{self.url}/requests", params={"since": since}))["requests"]

    def last_seq(self) -> int:
        """The newest request-log sequence number (0 if the log is empty)."""
        entries = self.requests()
        return entries[-1]["seq"] if entries else 0

    def add_fault(self, **rule: Any) -> dict[str, Any]:
        """Add one fault rule (see m365_fake/control.py); returns it with its id."""
        return self._json(self.session.post(f"{self.url}/faults", json=rule))["faults"][0]

    def clear_faults(self) -> None:
        """Remove every fault rule."""
        self._json(self.session.delete(f"{self.url}/faults"))

    def set_budget(self, **budget: Any) -> dict[str, Any]:
        """Install a throttling budget, e.g. set_budget(units_per_minute=60)."""
        return self._json(self.session.post(f"{self.url}/budget", json=budget))

    def budget(self) -> dict[str, Any]:
        """The budget and the premature-retry record."""
        return self._json(self.session.get(f"{self.url}/budget"))

    def clear_budget(self) -> None:
        """No budget; forget premature retries."""
        self._json(self.session.delete(f"{self.url}/budget"))

    def state(self) -> dict[str, Any]:
        """Site lists/items/files/pages and mails."""
        return self._json(self.session.get(f"{self.url}/state"))

    def reset(self) -> None:
        """Back to a fresh tenant."""
        self._json(self.session.post(f"{self.url}/reset"))

    def set_token_lifetime(self, seconds: int) -> None:
        """Lifetime of tokens issued from now on."""
        self._json(self.session.post(f"{self.url}/token-lifetime", json={"seconds": seconds}))


@pytest.fixture(scope="session")
def fake_tenant(tmp_path_factory: pytest.TempPathFactory) -> Iterator["FakeTenant"]:
    """A started fake tenant shared by the whole test session."""
    from iln_demo.tenant import iln_tenant

    tenant = iln_tenant(tmp_path_factory.mktemp("fake-tenant"))
    tenant.start()
    yield tenant
    tenant.stop()


@pytest.fixture(scope="session")
def tenant_info(fake_tenant: "FakeTenant") -> dict[str, Any]:
    """The fake tenant's tenant.json."""
    return dict(fake_tenant.info)


@pytest.fixture(scope="session")
def https_session(tenant_info: dict[str, Any]) -> requests.Session:
    """A requests session trusting the fake tenant's CA (and ignoring REQUESTS_CA_BUNDLE)."""
    return trusting_session(tenant_info["ca_path"])


@pytest.fixture(scope="session")
def msal_app(tenant_info: dict[str, Any], https_session: requests.Session) -> Callable[..., Any]:
    """Factory of fresh msal ConfidentialClientApplications for the fake tenant."""
    import msal  # tests may use msal directly; the package uses it only in sharepoint_sync/auth.py

    def make(credential: str = "certificate", **overrides: Any) -> Any:
        cert = Path(tenant_info["cert_path"]).read_text()
        key = Path(tenant_info["key_path"]).read_text()
        credentials = {
            "certificate": {"private_key": key, "public_certificate": cert},  # PS256 + x5t#S256
            "sha1": {"private_key": key, "thumbprint": tenant_info["thumbprint_sha1"]},  # RS256 + x5t
            "secret": Path(tenant_info["client_secret_path"]).read_text().strip(),
        }
        options: dict[str, Any] = {"client_credential": credentials[credential], "authority": tenant_info["authority"],
                                   "http_client": https_session, "instance_discovery": False}
        client_id = overrides.pop("client_id", tenant_info["client_id"])
        options.update(overrides)
        return msal.ConfidentialClientApplication(client_id, **options)
    return make


@pytest.fixture(scope="session")
def get_token(tenant_info: dict[str, Any], msal_app: Callable[..., Any]) -> Callable[..., str]:
    """Factory: an access token for `scope` (default SharePoint) got with msal; fails the test on an error."""
    def token(scope: str | None = None, credential: str = "certificate") -> str:
        result = msal_app(credential).acquire_token_for_client([scope or tenant_info["sharepoint_scope"]])
        assert "access_token" in result, result.get("error_description")
        return result["access_token"]
    return token


@pytest.fixture(scope="session")
def emulator(tenant_info: dict[str, Any], https_session: requests.Session) -> EmulatorClient:
    """A client of the fake tenant's control API."""
    return EmulatorClient(tenant_info["base_url"], https_session)


@pytest.fixture
def clean_tenant(fake_tenant: "FakeTenant") -> Iterator["FakeTenant"]:
    """The fake tenant, reset before and after the test."""
    fake_tenant.reset()
    yield fake_tenant
    fake_tenant.reset()


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, installed by apt-get when missing (root); the test skips with the reason otherwise."""
    from tests.browser import BrowserUnavailable, chromium_path

    try:
        return chromium_path()
    except BrowserUnavailable as why:
        pytest.skip(f"headless Chromium unavailable: {why}")
