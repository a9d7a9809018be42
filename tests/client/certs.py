"""Test helpers: self-signed app certificates and config files written into a temp dir."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

NOW = dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.timezone.utc)
_KEYS: list[rsa.RSAPrivateKey] = []


def rsa_key(index: int = 0) -> rsa.RSAPrivateKey:
    """A cached 2048-bit RSA key (generation is slow; tests share a few)."""
    while len(_KEYS) <= index:
        _KEYS.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    return _KEYS[index]


def make_certificate(key: rsa.RSAPrivateKey, *, not_before: dt.datetime | None = None,
                     not_after: dt.datetime | None = None) -> x509.Certificate:
    """A self-signed certificate for `key`, valid around NOW unless told otherwise."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "iln-sync test")])
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or NOW - dt.timedelta(days=30))
            .not_valid_after(not_after or NOW + dt.timedelta(days=365))
            .sign(key, hashes.SHA256()))


def key_pem(key: rsa.RSAPrivateKey, password: bytes | None = None) -> bytes:
    """The key as PKCS#8 PEM, encrypted when a password is given."""
    enc = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)


def cert_pem(cert: x509.Certificate) -> bytes:
    """The certificate as PEM."""
    return cert.public_bytes(serialization.Encoding.PEM)


def write_private(path: Path, data: bytes, mode: int = 0o600) -> Path:
    """Write a file and set its mode (keys must be 0600)."""
    path.write_bytes(data)
    os.chmod(path, mode)
    return path


def write_pfx(path: Path, key: rsa.RSAPrivateKey, cert: x509.Certificate, password: bytes) -> Path:
    """Write a password-protected PFX holding key and certificate."""
    data = pkcs12.serialize_key_and_certificates(b"iln", key, cert, None,
                                                 serialization.BestAvailableEncryption(password))
    return write_private(path, data)


CONFIG_TEMPLATE = """
[tenant]
tenant_id = "11111111-2222-3333-4444-555555555555"
client_id = "66666666-7777-8888-9999-000000000000"
authority_host = "https://login.microsoftonline.com"
graph_url = "https://graph.microsoft.com"
{ca_line}

[certificate]
path = "{cert_path}"
{key_line}
password_env = "ILN_TEST_CERT_PASSWORD"

[site]
url = "https://kentuckyde.sharepoint.com/sites/KYILN"
library = "Letters of Commitment"
submissions_list = "LOC Submissions"
commitments_list = "ILN Commitments"
members_list = "ILN Members"
runs_list = "ILN Sync Runs"

[mail]
sender = "iln-sync@education.ky.gov"
recipients = ["iln@education.ky.gov"]

[sync]
state_path = "var/state.sqlite"
max_member_change_share = 0.5
request_timeout_seconds = 30
retry_budget = 30
schedule = "0 6 * * 1-5"
"""


def write_config(directory: Path, *, cert_path: str = "app.pem", key_path: str | None = None,
                 ca_bundle: str | None = None, replace: dict[str, str] | None = None) -> Path:
    """Write an iln-sync.toml into `directory`; `replace` swaps text fragments to break it."""
    text = CONFIG_TEMPLATE.format(
        cert_path=cert_path, key_line=f'key_path = "{key_path}"' if key_path else "",
        ca_line=f'ca_bundle = "{ca_bundle}"' if ca_bundle else "")
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    path = directory / "iln-sync.toml"
    path.write_text(text)
    return path
