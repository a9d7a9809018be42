"""Key material of the fake tenant: a private CA, the HTTPS server certificate, the app's certificate
and the tenant's token-signing key. Generated with `cryptography` on first start, reused after.

Every private key is written with mode 0600 (iln-sync refuses certificate files readable by others,
and so should anyone copying this layout).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

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


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "iln-sync fake tenant"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _builder(subject: str, issuer: x509.Name, public_key: rsa.RSAPublicKey) -> x509.CertificateBuilder:
    now = dt.datetime.now(dt.timezone.utc)
    return (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer)
            .public_key(public_key).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=_VALID_DAYS)))


def _ca(directory: Path) -> KeyPair:
    cert_path, key_path = directory / "ca.pem", directory / "ca.key"
    key = _load_or_make_key(key_path)
    if not cert_path.exists():
        cert = (_builder("iln-sync fake tenant CA", _name("iln-sync fake tenant CA"), key.public_key())
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .sign(key, hashes.SHA256()))
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return KeyPair(x509.load_pem_x509_certificate(cert_path.read_bytes()), key, cert_path, key_path)


def _covers(cert_path: Path, hostnames: tuple[str, ...]) -> bool:
    """Whether the stored server certificate names every wanted host (else it is made again)."""
    if not cert_path.exists():
        return False
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    return set(hostnames) <= {n.lower() for n in names.get_values_for_type(x509.DNSName)}


def _server(directory: Path, ca: KeyPair, hostnames: tuple[str, ...] = ()) -> KeyPair:
    cert_path, key_path = directory / "server.pem", directory / "server.key"
    key = _load_or_make_key(key_path)
    wanted = ("localhost", *(h.lower() for h in hostnames))
    if not _covers(cert_path, wanted):
        # the production names (<tenant>.sharepoint.com, graph.microsoft.com, login.microsoftonline.com)
        # too, so a client reaching the fake through the CONNECT proxy verifies it under the real name
        san = x509.SubjectAlternativeName([*(x509.DNSName(h) for h in dict.fromkeys(wanted)),
                                           x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
        cert = (_builder("localhost", ca.cert.subject, key.public_key())
                .add_extension(san, critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
                .sign(ca.key, hashes.SHA256()))
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return KeyPair(x509.load_pem_x509_certificate(cert_path.read_bytes()), key, cert_path, key_path)


def _app(directory: Path) -> KeyPair:
    """The app registration's certificate: self-signed, as `New-SelfSignedCertificate` would make it."""
    cert_path, key_path = directory / "app.pem", directory / "app.key"
    key = _load_or_make_key(key_path)
    if not cert_path.exists():
        cert = (_builder("iln-sync app", _name("iln-sync app"), key.public_key())
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .sign(key, hashes.SHA256()))
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        os.chmod(cert_path, 0o600)
    return KeyPair(x509.load_pem_x509_certificate(cert_path.read_bytes()), key, cert_path, key_path)


def load_or_create(directory: Path, hostnames: tuple[str, ...] = ()) -> TenantKeys:
    """The tenant's key material in `directory`, generated on first call and reused after; the server
    certificate is valid for 127.0.0.1, localhost and `hostnames`."""
    directory.mkdir(parents=True, exist_ok=True)
    ca = _ca(directory)
    return TenantKeys(ca=ca, server=_server(directory, ca, hostnames), app=_app(directory),
                      signing_key=_load_or_make_key(directory / "token-signing.key"))


def key_id(key: rsa.RSAPrivateKey) -> str:
    """A stable key id (kid) for a signing key: the SHA-256 of its public key, shortened."""
    der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()[:32]
