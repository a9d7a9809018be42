"""Access tokens the fake Entra ID issues: RS256 JWTs signed with the tenant's own key.

Claims follow Entra's app-only access tokens (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference):
`aud` (the resource), `iss`, `tid`, `appid`/`azp`, `appidacr` ("2" = certificate, "1" = secret; SharePoint
Online refuses "1" for app-only REST since ACS retirement), `roles`, `iat`/`nbf`/`exp`, `oid`, `sub`, `uti`, `ver`.
"""
from __future__ import annotations

import base64
import threading
import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from m365_fake.tls import key_id

#: accepted clock skew when checking a token's time range, in seconds (Entra allows 5 minutes)
CLOCK_SKEW = 300
_CACHE_LIMIT = 10_000


class TokenInvalid(Exception):
    """A bearer token that must be refused; the message says why (never the token itself)."""


class TokenService:
    """Issues and verifies the tenant's access tokens. Thread-safe; the lifetime can change at runtime."""

    def __init__(self, signing_key: rsa.RSAPrivateKey, issuer: str, tenant_id: str, lifetime: int = 3600) -> None:
        self._key = signing_key
        self._public = signing_key.public_key()
        self._kid = key_id(signing_key)
        self.issuer = issuer
        self.tenant_id = tenant_id
        self.lifetime = lifetime
        # verified token -> claims: signature checks are skipped for tokens seen before (the sync
        # benchmarks send the same token thousands of times); expiry is still checked every time.
        self._verified: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    @property
    def kid(self) -> str:
        """The signing key's id, as published in the JWKS document."""
        return self._kid

    def issue(self, *, audience: str, client_id: str, appidacr: str, roles: list[str]) -> tuple[str, int]:
        """A signed access token and its lifetime in seconds."""
        now = int(time.time())
        lifetime = int(self.lifetime)
        claims = {
            "aud": audience, "iss": self.issuer, "iat": now, "nbf": now, "exp": now + lifetime,
            "tid": self.tenant_id, "appid": client_id, "azp": client_id, "appidacr": appidacr,
            "idtyp": "app", "oid": str(uuid.uuid5(uuid.NAMESPACE_URL, client_id)),
            "sub": str(uuid.uuid5(uuid.NAMESPACE_URL, client_id)), "roles": list(roles),
            "uti": base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="), "ver": "1.0",
        }
        token = jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self._kid, "x5t": self._kid})
        return token, lifetime

    def verify(self, token: str) -> dict[str, Any]:
        """The claims of a token this tenant issued and that is still valid; raises TokenInvalid otherwise."""
        claims = self._verified.get(token)
        if claims is None:
            claims = self._check_signature(token)
            with self._lock:
                if len(self._verified) >= _CACHE_LIMIT:
                    self._verified.clear()
                self._verified[token] = claims
        now = time.time()
        if claims["exp"] <= now:
            raise TokenInvalid("the token has expired")
        if claims.get("nbf", 0) > now + CLOCK_SKEW:
            raise TokenInvalid("the token is not valid yet")
        return claims

    def _check_signature(self, token: str) -> dict[str, Any]:
        try:
            return jwt.decode(token, self._public, algorithms=["RS256"], issuer=self.issuer,
                              options={"verify_aud": False, "verify_exp": False, "verify_nbf": False,
                                       "require": ["exp", "aud", "iss"]})
        except jwt.InvalidTokenError as error:
            raise TokenInvalid(f"the token is not valid: {type(error).__name__}") from None

    def jwks(self) -> dict[str, Any]:
        """The public signing key as a JWKS document (what /discovery/v2.0/keys serves)."""
        numbers = self._public.public_numbers()

        def b64(n: int) -> str:
            return base64.urlsafe_b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).decode().rstrip("=")

        return {"keys": [{"kty": "RSA", "use": "sig", "kid": self._kid, "x5t": self._kid,
                          "n": b64(numbers.n), "e": b64(numbers.e), "issuer": self.issuer}]}
