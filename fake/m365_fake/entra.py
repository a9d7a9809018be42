"""Fake Entra ID: OIDC discovery and the v2.0 token endpoint for app-only (client credentials) sign-in.

What msal (1.3x) asks for, from msal/authority.py: with a non-Microsoft authority host it first calls
`https://login.microsoftonline.com/common/discovery/instance` unless the app is built with
`instance_discovery=False` (or `validate_authority=False`, or an `instance_discovery` URL — this server
answers `{base}/common/discovery/instance` too); then `GET {authority}/v2.0/.well-known/openid-configuration`
and `POST` to the `token_endpoint` it names. The client assertion (msal/oauth2cli/assertion.py) carries
`aud` = that token endpoint, `iss` = `sub` = client id, and either PS256 + `x5t#S256` (certificate given
as `public_certificate`) or RS256 + SHA-1 `x5t` (legacy `thumbprint`).
Error bodies follow Entra's shape (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
"""
from __future__ import annotations

import base64
import datetime as dt
import hmac
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa

from m365_fake.http import Request, Response, Router
from m365_fake.tokens import CLOCK_SKEW, TokenService

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass
class AppRegistration:
    """One app registration: its id, certificate(s), secret and the application permissions granted."""

    client_id: str
    certificates: list[x509.Certificate]
    secret: str
    sharepoint_roles: list[str] = field(default_factory=lambda: ["Sites.Selected"])
    graph_roles: list[str] = field(default_factory=lambda: ["Mail.Send"])


@dataclass
class Directory:
    """The tenant as Entra knows it: ids, registered apps, the token service and the resources."""

    tenant_id: str
    domain: str
    apps: dict[str, AppRegistration]
    tokens: TokenService
    #: resource URI (the scope without "/.default") -> ("sharepoint" | "graph", the token audience)
    resources: dict[str, tuple[str, str]]

    def knows_tenant(self, name: str) -> bool:
        """True if `name` is this tenant's id or its domain (case-insensitive)."""
        return name.lower() in (self.tenant_id.lower(), self.domain.lower())


class EntraError(Exception):
    """An Entra error response: AADSTS code, OAuth error and HTTP status."""

    def __init__(self, status: int, error: str, code: int, text: str) -> None:
        super().__init__(text)
        self.status, self.error, self.code, self.text = status, error, code, text


def error_response(err: EntraError) -> Response:
    """Entra's JSON error body: `error`, `error_description` (AADSTS-prefixed), `error_codes`, ids, timestamp."""
    trace_id, correlation_id = str(uuid.uuid4()), str(uuid.uuid4())
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
    description = (f"AADSTS{err.code}: {err.text} Trace ID: {trace_id} Correlation ID: {correlation_id} "
                   f"Timestamp: {stamp}")
    body = {"error": err.error, "error_description": description, "error_codes": [err.code],
            "timestamp": stamp, "trace_id": trace_id, "correlation_id": correlation_id,
            "error_uri": f"https://login.microsoftonline.com/error?code={err.code}"}
    return Response.json(body, status=err.status, content_type="application/json; charset=utf-8")


def _ok(data: Any) -> Response:
    return Response.json(data, content_type="application/json; charset=utf-8",
                         headers={"Cache-Control": "no-store, no-cache", "Pragma": "no-cache"})


def _unknown_tenant(name: str) -> EntraError:
    return EntraError(400, "invalid_request", 90002,
                      f"Tenant '{name}' not found. Check to make sure you have the correct tenant ID and are "
                      "signing into the correct cloud.")


def _b64_thumbprint(cert: x509.Certificate, algorithm: hashes.HashAlgorithm) -> str:
    return base64.urlsafe_b64encode(cert.fingerprint(algorithm)).decode().rstrip("=")


def _same_b64(a: str, b: str) -> bool:
    return a.rstrip("=") == b.rstrip("=")


class Entra:
    """The Entra ID routes over one `Directory`."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory

    def register(self, router: Router) -> None:
        """Add the discovery, JWKS and token routes to `router`."""
        router.add("GET", "/<tenant>/v2.0/.well-known/openid-configuration", self.openid_configuration)
        router.add("GET", "/common/discovery/instance", self.instance_discovery)
        router.add("GET", "/<tenant>/discovery/v2.0/keys", self.keys)
        router.add("POST", "/<tenant>/oauth2/v2.0/token", self.token)

    def _endpoints(self, base: str) -> dict[str, Any]:
        tid = self.directory.tenant_id
        return {
            "token_endpoint": f"{base}/{tid}/oauth2/v2.0/token",
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": f"{base}/{tid}/discovery/v2.0/keys",
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": f"{base}/{tid}/v2.0",
            "request_uri_parameter_supported": False,
            "authorization_endpoint": f"{base}/{tid}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{base}/{tid}/oauth2/v2.0/devicecode",
            "end_session_endpoint": f"{base}/{tid}/oauth2/v2.0/logout",
            "tenant_region_scope": "NA",
            "cloud_instance_name": "microsoftonline.com",
        }

    def openid_configuration(self, request: Request) -> Response:
        """OIDC discovery for a known tenant; AADSTS90002 for any other (as Entra does)."""
        if not self.directory.knows_tenant(request.params["tenant"]):
            return error_response(_unknown_tenant(request.params["tenant"]))
        return _ok(self._endpoints(request.base_url))

    def instance_discovery(self, request: Request) -> Response:
        """The `/common/discovery/instance` answer msal reads `tenant_discovery_endpoint` from."""
        endpoint = request.query.get("authorization_endpoint", "")
        tenant = urlsplit(endpoint).path.strip("/").split("/")[0] or self.directory.tenant_id
        host = request.base_url.split("://", 1)[-1]
        return _ok({
            "tenant_discovery_endpoint": f"{request.base_url}/{tenant}/v2.0/.well-known/openid-configuration",
            "api-version": "1.1",
            "metadata": [{"preferred_network": host, "preferred_cache": host, "aliases": [host]}],
        })

    def keys(self, request: Request) -> Response:
        """The tenant's token-signing keys (JWKS)."""
        if not self.directory.knows_tenant(request.params["tenant"]):
            return error_response(_unknown_tenant(request.params["tenant"]))
        return _ok(self.directory.tokens.jwks())

    def token(self, request: Request) -> Response:
        """Client-credentials grant with a certificate assertion or a client secret."""
        try:
            return _ok(self._grant(request))
        except EntraError as err:
            return error_response(err)

    def _grant(self, request: Request) -> dict[str, Any]:
        tenant = request.params["tenant"]
        if not self.directory.knows_tenant(tenant):
            raise _unknown_tenant(tenant)
        form = request.form()
        if form.get("grant_type") != "client_credentials":
            raise EntraError(400, "unsupported_grant_type", 70003,
                             "The app requested an unsupported grant type; this tenant supports 'client_credentials' only.")
        app = self._app(form.get("client_id", ""))
        kind, audience = self._resource(form.get("scope", ""))
        appidacr = self._authenticate(app, form, request)
        token, lifetime = self.directory.tokens.issue(
            audience=audience, client_id=app.client_id, appidacr=appidacr,
            roles=app.sharepoint_roles if kind == "sharepoint" else app.graph_roles)
        return {"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime, "access_token": token}

    def _app(self, client_id: str) -> AppRegistration:
        if not client_id:
            raise EntraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.")
        app = self.directory.apps.get(client_id.lower())
        if app is None:
            raise EntraError(400, "unauthorized_client", 700016,
                             f"Application with identifier '{client_id}' was not found in the directory "
                             f"'{self.directory.domain}'. This can happen if the application has not been installed "
                             "by the administrator of the tenant or consented to by any user in the tenant.")
        return app

    def _resource(self, scope: str) -> tuple[str, str]:
        scope = scope.strip()
        if not scope:
            raise EntraError(400, "invalid_request", 90014, "The required field 'scope' is missing from the credential.")
        if " " in scope or not scope.endswith("/.default"):
            raise EntraError(400, "invalid_scope", 1002012,
                             f"The provided value for scope {scope} is not valid. Client credential flows must have a "
                             "scope value with /.default suffixed to the resource identifier (application ID URI).")
        resource = scope.removesuffix("/.default").rstrip("/")
        for uri, (kind, audience) in self.directory.resources.items():
            if resource.lower() == uri.lower():
                return kind, audience
        raise EntraError(400, "invalid_resource", 500011,
                         f"The resource principal named {resource} was not found in the tenant named "
                         f"{self.directory.domain}. This can happen if the application has not been installed by "
                         "the administrator of the tenant or consented to by any user in the tenant.")

    def _authenticate(self, app: AppRegistration, form: dict[str, str], request: Request) -> str:
        """'2' for a valid certificate assertion, '1' for a valid secret (the `appidacr` claim)."""
        if form.get("client_assertion"):
            if form.get("client_assertion_type") != JWT_BEARER:
                raise EntraError(400, "invalid_request", 7000219,
                                 f"'client_assertion_type' must be '{JWT_BEARER}'.")
            self._check_assertion(app, form["client_assertion"], request)
            return "2"
        if "client_secret" in form:
            if not hmac.compare_digest(form["client_secret"].encode(), app.secret.encode()):
                raise EntraError(401, "invalid_client", 7000215,
                                 "Invalid client secret provided. Ensure the secret being sent in the request is the "
                                 f"client secret value, not the client secret ID, for a secret added to app '{app.client_id}'.")
            return "1"
        raise EntraError(401, "invalid_client", 7000218,
                         "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")

    def _check_assertion(self, app: AppRegistration, assertion: str, request: Request) -> None:
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.InvalidTokenError:
            raise EntraError(401, "invalid_client", 50027, "JWT token is invalid or malformed.") from None
        cert = self._certificate_for(app, header)
        audiences = {f"{request.base_url}/{t}/oauth2/v2.0/token" for t in (self.directory.tenant_id, self.directory.domain)}
        key = cert.public_key()
        if not isinstance(key, rsa.RSAPublicKey):   # PS256 and RS256, the algorithms below, verify with RSA keys only
            raise EntraError(401, "invalid_client", 700027, "Client assertion failed signature validation.")
        try:
            claims = jwt.decode(assertion, key, algorithms=["PS256", "RS256"], audience=list(audiences),
                                leeway=CLOCK_SKEW, options={"require": ["exp", "aud", "iss", "sub"]})
        except jwt.ExpiredSignatureError:
            raise EntraError(401, "invalid_client", 700024, "Client assertion is not within its valid time range.") from None
        except jwt.ImmatureSignatureError:
            raise EntraError(401, "invalid_client", 700024, "Client assertion is not within its valid time range.") from None
        except jwt.InvalidAudienceError:
            raise EntraError(401, "invalid_client", 700212,
                             "No matching federated identity record found for presented assertion audience.") from None
        except jwt.InvalidSignatureError:
            raise EntraError(401, "invalid_client", 700027, "Client assertion failed signature validation.") from None
        except jwt.InvalidTokenError:
            raise EntraError(401, "invalid_client", 50027, "JWT token is invalid or malformed.") from None
        if claims.get("iss") != app.client_id or claims.get("sub") != app.client_id:
            raise EntraError(401, "invalid_client", 700021,
                             "Client assertion application identifier doesn't match 'client_id' parameter.")

    def _certificate_for(self, app: AppRegistration, header: dict[str, Any]) -> x509.Certificate:
        """The registered certificate named by the assertion's `x5t#S256` (preferred) or `x5t` header."""
        sha256, sha1 = header.get("x5t#S256"), header.get("x5t")
        for cert in app.certificates:
            if sha256 and _same_b64(sha256, _b64_thumbprint(cert, hashes.SHA256())):
                return cert
            if not sha256 and sha1 and _same_b64(sha1, _b64_thumbprint(cert, hashes.SHA1())):
                return cert
        shown = sha256 or sha1 or "none"
        raise EntraError(401, "invalid_client", 700027,
                         "The certificate with identifier used to sign the client assertion is not registered on "
                         f"application. [Reason - The key was not found., Thumbprint of key used by client: "
                         f"'{shown}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see "
                         f"configured keys for app Id '{app.client_id}'.]")
