"""The app certificate: read from disk (PEM or PFX/PKCS#12), checked, and parsed into a `Credential`.

Split out of config.py (which calls it while validating): every problem is reported through the
caller's `report(key, text)` so configuration lists them all at once. Key material lives only in
`Credential.key_pem` (never in repr, logs or messages); no message ever quotes the password.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12

__all__ = ["Credential", "load_credential"]


@dataclass(frozen=True)
class Credential:
    """The app certificate, parsed: public parts for messages, the key (unencrypted PEM) for msal only."""

    certificate_pem: str
    thumbprint_sha256: str
    thumbprint_sha1: str
    not_before: dt.datetime
    not_after: dt.datetime
    subject: str
    key_pem: str = field(repr=False)


Report = Callable[[str, str], None]


def load_credential(path: Path, key_path: Path | None, password: str | None, now: dt.datetime,
                    report: Report, password_source: str = "the environment variable named in"
                    " certificate.password_env") -> Credential | None:
    """Parse the certificate (PEM or PFX) and its key; report every problem; None if unusable.

    `password_source` says where the password comes from (or why there is none), for the messages.
    """
    cert_data = _read_file("certificate.path", path, report)
    key_data = _read_file("certificate.key_path", key_path, report) if key_path else None
    if cert_data is None or (key_path and key_data is None):
        return None
    key_file, key_name = (key_path, "certificate.key_path") if key_path else (path, "certificate.path")
    mode = key_file.stat().st_mode
    if mode & 0o077:
        # A private key readable by other accounts is a key anyone on the server can use.
        report(key_name, f"{key_file} holds the private key and is readable by group/others"
               f" (mode {mode & 0o777:o}); run: chmod 600 {key_file}")
    secret = password.encode() if password else None
    if _is_pfx(path, cert_data):
        cert, key = _load_pfx(cert_data, secret, report, password_source)
    else:
        cert, key = _load_pem(cert_data, key_data, secret, report, password_source)
    if cert is None or key is None:
        return None
    return _checked_credential(cert, key, now, report)


def _read_file(key: str, path: Path, report: Report) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        report(key, f"file not found: {path}")
    except IsADirectoryError:
        report(key, f"is a directory, not a file: {path}")
    except OSError as error:
        report(key, f"cannot read {path}: {error.strerror}")
    return None


def _is_pfx(path: Path, data: bytes) -> bool:
    return path.suffix.lower() in (".pfx", ".p12") or b"-----BEGIN" not in data


def _load_pfx(data: bytes, secret: bytes | None, report: Report, password_source: str) -> tuple[Any, Any]:
    try:
        key, cert, _chain = pkcs12.load_key_and_certificates(data, secret)
    except (ValueError, TypeError):
        report("certificate.path", "cannot open the PFX/PKCS#12 file: wrong or missing password, or not a PFX"
               f" (the password comes from {password_source})")
        return None, None
    if cert is None:
        report("certificate.path", "the PFX holds a private key but no certificate")
    if key is None:
        report("certificate.path", "the PFX holds no private key")
    return cert, key


def _load_pem(cert_data: bytes, key_data: bytes | None, secret: bytes | None, report: Report,
              password_source: str) -> tuple[Any, Any]:
    cert = None
    if b"-----BEGIN CERTIFICATE-----" not in cert_data:
        report("certificate.path", "holds no certificate (a private key without its certificate?)")
    else:
        try:
            cert = x509.load_pem_x509_certificates(cert_data)[0]
        except ValueError:
            report("certificate.path", "the PEM certificate cannot be parsed")
    key_source, key_name = (key_data, "certificate.key_path") if key_data is not None else (cert_data, "certificate.path")
    if b"PRIVATE KEY-----" not in key_source:
        report(key_name, "holds no private key; put it in the PEM or set certificate.key_path")
        return cert, None
    try:
        return cert, serialization.load_pem_private_key(key_source, secret)
    except TypeError:
        report(key_name, "the private key is encrypted (or not) contrary to the password setting;"
               f" the password comes from {password_source}")
    except ValueError:
        report(key_name, "the private key cannot be read: wrong password or damaged PEM")
    return cert, None


def _checked_credential(cert: Any, key: Any, now: dt.datetime, report: Report) -> Credential | None:
    sha256 = cert.fingerprint(hashes.SHA256()).hex().upper()
    sha1 = cert.fingerprint(hashes.SHA1()).hex().upper()  # noqa: S303 - the legacy form, for messages only
    not_before, not_after = cert.not_valid_before_utc, cert.not_valid_after_utc
    usable = True
    if now > not_after:
        report("certificate.path", f"certificate {sha256} expired on {not_after:%Y-%m-%d %H:%M} UTC")
        usable = False
    if now < not_before:
        report("certificate.path", f"certificate {sha256} is not valid before {not_before:%Y-%m-%d %H:%M} UTC")
        usable = False
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if cert.public_key().public_bytes(*spki) != key.public_key().public_bytes(*spki):
        report("certificate.key_path", f"the private key does not belong to certificate {sha256}")
        usable = False
    if not usable:
        return None
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode("ascii")
    return Credential(
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        thumbprint_sha256=sha256, thumbprint_sha1=sha1, not_before=not_before, not_after=not_after,
        subject=cert.subject.rfc4514_string(), key_pem=key_pem)
