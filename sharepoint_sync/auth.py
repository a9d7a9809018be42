"""Sign-in: Entra ID app-only tokens through msal (the only module that imports msal).

One `ConfidentialClientApplication` per process and configuration (`sharepoint_sync.edges.authenticator_for`
builds the Authenticator from the [tenant] section, the certificate and the site's origin, nothing else),
so msal's in-memory token cache is reused across the run (acquire_token_for_client consults it first since
msal 1.23). SharePoint always gets a certificate-signed token: SharePoint REST refuses app-only
tokens obtained with a client secret since the ACS retirement (April 2026), so a secret, when
configured, is used for Graph only.

The certificate credential is the SHA-256 form: msal ≥1.35 derives the SHA-256 thumbprint from
`public_certificate` when no (SHA-1) `thumbprint` is given and signs a PS256 assertion with
`x5t#S256` (msal/application.py, `client_credential` docs). The deprecated SHA-1 pair is not used.
"""
from __future__ import annotations

import json
import threading
from typing import Any
from urllib.parse import urlsplit

import msal
import requests
from msal.authority import WELL_KNOWN_AUTHORITY_HOSTS

from sharepoint_sync import USER_AGENT, clock
from sharepoint_sync.certificate import Credential
from sharepoint_sync.config_sections import HttpSettings, TenantConfig
from sharepoint_sync.errors import AuthError, TransientRemoteError
from sharepoint_sync.log import get_logger, redact

log = get_logger("sharepoint_sync.auth")

#: resource names accepted by `token_for` / `invalidate`
SHAREPOINT = "sharepoint"
GRAPH = "graph"

#: (connect, read) seconds for sign-in calls; Entra answers in well under a second.
SIGN_IN_TIMEOUT = (10.0, 30.0)
#: a token is replaced this share of its lifetime before it expires (at most msal's own 5 minutes):
#: msal treats any token within 5 minutes of expiry as expired (msal/application.py,
#: `_acquire_token_silent_from_cache_and_possibly_refresh_it`), so with lifetimes under five minutes
#: it would ask Entra on every call; we keep each token until shortly before its own expiry instead.
REFRESH_SHARE = 0.1
REFRESH_MARGIN_MAX = 300.0


class BoundedSession(requests.Session):
    """A requests Session that ignores the environment, always sends a bounded timeout and our User-Agent.

    trust_env=False because REQUESTS_CA_BUNDLE (set on our servers) silently overrides a Session's
    `verify` otherwise (requests/sessions.py merge_environment_settings), and msal passes no timeout
    to a caller-supplied http_client. The decorated User-Agent is a session default so msal's own
    calls (discovery, token) carry it too, not only office365's (Microsoft, "Avoid getting throttled or
    blocked in SharePoint Online": NONISV|Company|App/Version).
    """

    def __init__(self, verify: str | bool, timeout: tuple[float, float]) -> None:
        super().__init__()
        self.trust_env = False
        self.verify = verify
        self.default_timeout = timeout
        self.headers["User-Agent"] = USER_AGENT

    # narrower than requests.Session.request (keyword arguments only after the URL), which is how it is called
    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.default_timeout
        return super().request(method, url, **kwargs)


def http_session(http: HttpSettings, timeout: tuple[float, float] | None = None) -> BoundedSession:
    """A session for the configured hosts: CA bundle honoured, environment ignored, timeouts bounded
    (`timeout` is the default for callers that pass none, msal among them)."""
    return BoundedSession(http.verify, timeout or http.timeout)


class Authenticator:
    """Hands out app-only access tokens for SharePoint and Graph, cached by msal.

    It knows the tenant section, the certificate, the SharePoint resource (the site's origin) and the
    Graph-only secret; `session` is the process's HTTP session (built once, by `sharepoint_sync.edges`),
    whose default timeout bounds the sign-in calls (msal passes none).
    """

    def __init__(self, tenant: TenantConfig, credential: Credential, *, sharepoint_resource: str,
                 session: requests.Session, graph_secret: str | None = None) -> None:
        self.tenant = tenant
        self.credential = credential
        self.sharepoint_resource = sharepoint_resource
        self._graph_secret = graph_secret
        self._lock = threading.Lock()
        self._apps: dict[str, Any] = {}
        self.session = session
        #: resource -> (msal result, monotonic time after which it is replaced)
        self._held: dict[str, tuple[dict[str, Any], float]] = {}

    def scope_for(self, resource: str) -> str:
        """`{site origin}/.default` for SharePoint, `{graph_url}/.default` for Graph."""
        if resource == SHAREPOINT:
            return f"{self.sharepoint_resource}/.default"
        if resource == GRAPH:
            return f"{self.tenant.graph_url.rstrip('/')}/.default"
        raise ValueError(f"unknown resource {resource!r}; use {SHAREPOINT!r} or {GRAPH!r}")

    def token_for(self, resource: str) -> str:
        """A valid access token for `resource` (from msal's cache when it still has one)."""
        return self.token_response(resource)["access_token"]

    def token_response(self, resource: str) -> dict[str, Any]:
        """msal's token result (access_token, token_type, expires_in) for `resource`, reused until
        shortly before it expires (see REFRESH_SHARE)."""
        with self._lock:
            held = self._held.get(resource)
        if held is not None and clock.monotonic() < held[1]:
            return held[0]
        asked_at = clock.monotonic()
        result = self._acquire(resource)
        lifetime = float(result.get("expires_in") or 0)
        margin = min(REFRESH_MARGIN_MAX, lifetime * REFRESH_SHARE)
        with self._lock:
            self._held[resource] = (result, asked_at + lifetime - margin)
        return result

    def _acquire(self, resource: str) -> dict[str, Any]:
        """One msal acquire_token_for_client (its cache first, then Entra)."""
        scope = self.scope_for(resource)
        app = self._app(resource)
        try:
            result = app.acquire_token_for_client(scopes=[scope])
        except (requests.Timeout, requests.ConnectionError) as error:
            raise self._unreachable(error) from None
        if not result or "access_token" not in result:
            raise self._refused(result or {})
        if result.get("token_source") == "identity_provider":
            log.info("auth.token.acquired", resource=resource, client_id=self.tenant.client_id)
        return result

    def invalidate(self, resource: str) -> None:
        """Forget the cached token for `resource`, so the next `token_for` asks Entra afresh (after a 401)."""
        scope = self.scope_for(resource)
        with self._lock:
            self._held.pop(resource, None)
            app = self._apps.get(self._credential_kind(resource))
        if app is None:
            return
        cache = app.token_cache
        for item in list(cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN, target=[scope])):
            cache.remove_at(item)
        log.info("auth.token.invalidated", resource=resource)

    def _credential_kind(self, resource: str) -> str:
        return "secret" if resource == GRAPH and self._graph_secret else "certificate"

    def _app(self, resource: str) -> Any:
        kind = self._credential_kind(resource)
        with self._lock:
            if kind not in self._apps:
                self._apps[kind] = self._build_app(kind)
            return self._apps[kind]

    def _build_app(self, kind: str) -> Any:
        tenant = self.tenant
        credential: Any
        if kind == "secret":
            credential = self._graph_secret
        else:
            cred = self.credential
            credential = {"private_key": cred.key_pem, "public_certificate": cred.certificate_pem}
        host = urlsplit(tenant.authority_host).hostname or ""
        try:
            return msal.ConfidentialClientApplication(
                tenant.client_id, client_credential=credential, authority=tenant.authority,
                http_client=self.session, instance_discovery=host in WELL_KNOWN_AUTHORITY_HOSTS,
                token_cache=msal.TokenCache())
        except (requests.Timeout, requests.ConnectionError) as error:
            raise self._unreachable(error) from None
        except ValueError as error:
            # msal raises ValueError when the authority's OpenID configuration cannot be had:
            # in Entra ID terms the tenant does not exist (AADSTS90002).
            raise self._refused(_discovery_failure(error), what="tenant not found") from None

    def _unreachable(self, error: Exception) -> AuthError | TransientRemoteError:
        """A TLS verification failure is a configuration fault (retrying cannot help); anything else is transient."""
        authority = self.tenant.authority
        # Only a failed certificate check (untrusted issuer, host name mismatch): an SSLError from a connection
        # dropped mid-handshake is transient like any other drop.
        if isinstance(error, requests.exceptions.SSLError) and "certificate verify failed" in str(error).lower():
            trusted = str(self.tenant.ca_bundle or "the system's CA store")
            return AuthError("the sign-in endpoint's TLS certificate is not trusted (check tenant.ca_bundle)",
                             authority=authority, client_id=self.tenant.client_id, ca=trusted)
        return TransientRemoteError("sign-in endpoint unreachable", authority=authority, reason=type(error).__name__)

    def _refused(self, result: dict[str, Any], what: str = "sign-in refused") -> AuthError:
        """One AuthError naming client id, thumbprint, certificate expiry and the AADSTS code; no key material."""
        cred = self.credential
        codes = result.get("error_codes") or []
        description = redact(str(result.get("error_description") or "")).splitlines()
        first_line = description[0] if description else ""
        code = f"AADSTS{codes[0]}" if codes else _aadsts_in(first_line)
        return AuthError(
            f"{what}: {first_line[:300]}" if first_line else what,
            client_id=self.tenant.client_id, authority=self.tenant.authority,
            thumbprint=cred.thumbprint_sha256, certificate_expires=f"{cred.not_after:%Y-%m-%d}",
            error=result.get("error"), aadsts=code)


def _discovery_failure(error: ValueError) -> dict[str, Any]:
    """Entra's answer to a failed OpenID discovery, as an msal-style error dict.

    msal replaces the discovery error with a generic ValueError; Entra's own JSON body (AADSTS90002 for
    an unknown tenant) survives only in the chained error's text: "OIDC Discovery failed on URL. HTTP
    status: 400, Error: {json}" (msal/authority.py tenant_discovery).
    """
    detail = str(error.__context__ or "")
    _, marker, body = detail.partition("Error: ")
    try:
        answer = json.loads(body) if marker else None
    except ValueError:
        answer = None
    if isinstance(answer, dict) and answer.get("error_description"):
        return {"error": answer.get("error") or "invalid_tenant", "error_codes": answer.get("error_codes") or [],
                "error_description": answer["error_description"]}
    return {"error": "invalid_tenant", "error_description": str(error)}


def _aadsts_in(text: str) -> str | None:
    start = text.find("AADSTS")
    if start < 0:
        return None
    end = start + 6
    while end < len(text) and text[end].isdigit():
        end += 1
    return text[start:end] if end > start + 6 else None
