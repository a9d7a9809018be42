"""Key material of the fake tenant: a private CA, the HTTPS server certificate, the app's certificate
and the tenant's token-signing key. The CA and the certificates it issues come from trustme (made for
exactly this: a throw-away CA for tests); the token-signing key from `cryptography`. Made on first start,
reused after (trustme's CA is reloaded from its PEM files).

Every private key is written with mode 0600 (clients such as iln-sync refuse certificate files readable by others,
and so should anyone copying this layout).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
import trustme

_KEY_BITS = 2048
_VALID_DAYS = 825  # the longest server-certificate life browsers accept


@dataclass(frozen=True)
class KeyPair:
    """A certificate and its private key, loaded, plus where they live on disk."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey
    cert_path: Path
    key_path: Path

    @property
    def sha1_thumbprint(self) -> str:
        """Upper-case hex SHA-1 thumbprint, the form the Azure portal shows."""
        return self.cert.fingerprint(hashes.SHA1()).hex().upper()

    @property
    def sha256_thumbprint(self) -> str:
        """Upper-case hex SHA-256 thumbprint."""
        return self.cert.fingerprint(hashes.SHA256()).hex().upper()


@dataclass(frozen=True)
class TenantKeys:
    """All key material the fake tenant needs."""

    ca: KeyPair
    server: KeyPair
    app: KeyPair
    signing_key: rsa.RSAPrivateKey


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _load_or_make_key(path: Path) -> rsa.RSAPrivateKey:
    if path.exists():
        # our own keys, written by us: skip the (75 ms) RSA consistency check on every start
        key = serialization.load_pem_private_key(path.read_bytes(), password=None, unsafe_skip_rsa_key_validation=True)
        assert isinstance(key, rsa.RSAPrivateKey)
        return key
    key = rsa.generate_private_key(public_exponent=65537, key_size=_KEY_BITS)
    _write_private(path, _key_pem(key))
    return key


def _load_pair(cert_path: Path, key_path: Path) -> KeyPair:
    key = _load_or_make_key(key_path)
    return KeyPair(x509.load_pem_x509_certificate(cert_path.read_bytes()), key, cert_path, key_path)


def _save_leaf(leaf: trustme.LeafCert, cert_path: Path, key_path: Path) -> None:
    _write_private(key_path, leaf.private_key_pem.bytes())
    cert_path.write_bytes(leaf.cert_chain_pems[0].bytes())  # the leaf alone: the CA is ca.pem


def _ca(directory: Path) -> tuple[trustme.CA, KeyPair]:
    """The private CA (trustme), made once and loaded from its PEM files after."""
    cert_path, key_path = directory / "ca.pem", directory / "ca.key"
    if cert_path.exists() and key_path.exists():
        ca = trustme.CA.from_pem(cert_path.read_bytes(), key_path.read_bytes())
    else:
        ca = trustme.CA(organization_name="m365-fake", key_type=trustme.KeyType.RSA)
        _write_private(key_path, ca.private_key_pem.bytes())
        cert_path.write_bytes(ca.cert_pem.bytes())
    return ca, _load_pair(cert_path, key_path)


def _covers(cert_path: Path, identities: tuple[str, ...]) -> bool:
    """Whether the stored certificate names every wanted DNS name (else it is made again)."""
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    wanted = {i.lower() for i in identities if not i.replace(".", "").isdigit()}
    return wanted <= {n.lower() for n in names.get_values_for_type(x509.DNSName)}


def _leaf(ca: trustme.CA, cert_path: Path, key_path: Path, *identities: str, common_name: str) -> KeyPair:
    """A certificate issued by the CA (RSA: msal signs client assertions with PS256), made once, and again
    when it does not name every wanted identity (a fake upgraded to answer production names)."""
    if not (cert_path.exists() and key_path.exists() and _covers(cert_path, identities)):
        now = dt.datetime.now(dt.timezone.utc)
        _save_leaf(ca.issue_cert(*identities, common_name=common_name, organization_name="m365-fake",
                                 key_type=trustme.KeyType.RSA, not_before=now - dt.timedelta(minutes=5),
                                 not_after=now + dt.timedelta(days=_VALID_DAYS)), cert_path, key_path)
    return _load_pair(cert_path, key_path)


def load_or_create(directory: Path, hostnames: tuple[str, ...] = ()) -> TenantKeys:
    """The tenant's key material in `directory`, generated on first call and reused after; the server
    certificate is valid for 127.0.0.1, localhost and `hostnames` (the production names the fake answers
    under through its CONNECT proxy: <tenant>.sharepoint.com, graph.microsoft.com, login.microsoftonline.com)."""
    directory.mkdir(parents=True, exist_ok=True)
    ca, ca_pair = _ca(directory)
    server = _leaf(ca, directory / "server.pem", directory / "server.key", "localhost", "127.0.0.1",
                   *dict.fromkeys(h.lower() for h in hostnames), common_name="localhost")
    # The app registration's certificate, the one a client signs its assertions with (Entra only checks
    # the thumbprint it was registered with, so a CA-issued one serves as well as a self-signed one).
    app = _leaf(ca, directory / "app.pem", directory / "app.key", "m365-fake-app.invalid", common_name="m365-fake app")
    os.chmod(app.cert_path, 0o600)
    return TenantKeys(ca=ca_pair, server=server, app=app,
                      signing_key=_load_or_make_key(directory / "token-signing.key"))


def key_id(key: rsa.RSAPrivateKey) -> str:
    """A stable key id (kid) for a signing key: the SHA-256 of its public key, shortened."""
    der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()[:32]
