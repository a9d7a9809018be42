"""Configuration: the TOML file (layout of config/iln-sync.example.toml) plus secrets from the environment.

`load_config()` reads and validates everything at once and returns frozen dataclasses
(`sharepoint_sync.config_sections`, re-exported here), or raises
one `ConfigError` listing every problem (key + what is wrong), so an operator fixes the file in one
pass. The certificate is parsed while loading (sharepoint_sync/certificate.py: PEM or PFX), so a wrong
password, an expired certificate or a key that does not match is a configuration problem reported
before anything is started. Key material lives only in `Credential.key_pem` (never in repr, logs or
messages).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

from sharepoint_sync import clock
from sharepoint_sync.certificate import Credential, load_credential
from sharepoint_sync.config_sections import (SEND_POLICIES, TRANSPORTS, CertificateConfig, Config, HttpSettings,
                                             MailConfig, PagesConfig, SiteConfig, SyncConfig, TenantConfig)
from sharepoint_sync.errors import ConfigError, ConfigProblem
from sharepoint_sync.extract.limits import Limits
from sharepoint_sync.log import register_secrets
from sharepoint_sync.service_config import DEFAULT_SYNC, ServiceConfig, read_service

__all__ = [
    "Config", "TenantConfig", "CertificateConfig", "SiteConfig", "MailConfig", "SyncConfig", "PagesConfig",
    "HttpSettings", "Limits", "ServiceConfig", "Credential", "load_config", "default_config_path",
    "add_config_argument",
]

_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_DOMAIN = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$")
# A DNS name or dotted IPv4 address (the fake tenant listens on 127.0.0.1), nothing else.
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# SharePoint Online site collections live under /sites/<name> or /teams/<name> (subsites below them).
_SITE_PATH = re.compile(r"^/(sites|teams)/[^/]+(/[^/]+)*/?$", re.IGNORECASE)


def default_config_path(environ: Mapping[str, str] | None = None) -> Path:
    """`--config` default: $ILN_SYNC_CONFIG, else ./config/iln-sync.toml."""
    env = os.environ if environ is None else environ
    return Path(env.get("ILN_SYNC_CONFIG") or "config/iln-sync.toml")


def add_config_argument(parser: Any) -> None:
    """Register the shared `--config FILE` option on a subcommand parser."""
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="configuration file (default: $ILN_SYNC_CONFIG or ./config/iln-sync.toml)")


class _Reader:
    """Reads typed values out of the parsed TOML, collecting problems instead of raising."""

    def __init__(self, data: dict[str, Any], base: Path) -> None:
        self.data = data
        self.base = base
        self.problems: list[ConfigProblem] = []
        self.asked: set[str] = set()

    def problem(self, key: str, text: str) -> None:
        self.problems.append(ConfigProblem(key, text))

    def raw(self, key: str) -> Any:
        self.asked.add(key)
        section, _, name = key.partition(".")
        table = self.data.get(section)
        if not isinstance(table, dict):
            return None
        return table.get(name)

    def report_unknown(self) -> None:
        """Every setting nobody read is a typo or a stale name: silently ignoring it hides a wrong value."""
        sections = {key.partition(".")[0] for key in self.asked}
        for section, table in self.data.items():
            if section not in sections:
                self.problem(section, f"unknown section [{section}] (known: {', '.join(sorted(sections))})")
            elif not isinstance(table, dict):
                self.problem(section, f"must be a [{section}] table, not a single value")
            else:
                known = sorted(k.partition(".")[2] for k in self.asked if k.startswith(f"{section}."))
                for name in table:
                    if f"{section}.{name}" not in self.asked:
                        self.problem(f"{section}.{name}", f"unknown setting (known in [{section}]: {', '.join(known)})")

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self.raw(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(key, "is missing")
            return None
        if not isinstance(value, str):
            self.problem(key, f"must be text, not {type(value).__name__}")
            return None
        return value.strip()

    def number(self, key: str, default: float | None, *, integer: bool = False) -> float:
        value = self.raw(key)
        if value is None:
            if default is None:
                self.problem(key, "is missing")
                return 0
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
            self.problem(key, f"must be {'a whole number' if integer else 'a number'}, not {value!r}")
            return default or 0
        if value <= 0:
            self.problem(key, f"must be positive, not {value}")
        return value

    def path(self, key: str, *, required: bool = True) -> Path | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        path = Path(os.path.expanduser(value))
        return path if path.is_absolute() else (self.base / path)

    def https_url(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme.lower() != "https" or not parts.netloc:
            self.problem(key, f"must be an https:// URL, not {value!r}")
            return None
        if parts.username is not None or parts.password is not None:
            # never echo the URL: it holds a credential
            self.problem(key, "must not carry a user name or password (user:password@host)")
            return None
        if parts.query or parts.fragment:
            self.problem(key, f"must not carry a query or fragment: {value!r}")
            return None
        if not _HOST.match(parts.hostname or "") or not _valid_port(parts):
            self.problem(key, f"has no valid host name (and port): {value!r}")
            return None
        return value.rstrip("/")


def _valid_port(parts: Any) -> bool:
    try:
        return parts.port is None or parts.port > 0
    except ValueError:  # urllib raises on a non-numeric or out-of-range port
        return False


def load_config(path: Path | str | None = None, environ: Mapping[str, str] | None = None,
                now: dt.datetime | None = None) -> Config:
    """Read, validate and return the configuration; raise ConfigError listing every problem."""
    env = os.environ if environ is None else environ
    config_path = Path(path) if path is not None else default_config_path(env)
    data = _read_toml(config_path)
    reader = _Reader(data, config_path.resolve().parent)
    tenant = _tenant(reader)
    certificate = _certificate(reader)
    site = _site(reader)
    mail = _mail(reader)
    sync = _sync(reader)
    extract = _extract(reader)
    pages = _pages(reader)
    service = read_service(reader, sync.schedule if sync else None)
    credential = None
    if certificate is not None:
        password = env.get(certificate.password_env) if certificate.password_env else None
        credential = load_credential(certificate.path, certificate.key_path, password,
                                     now or clock.now(), reader.problem, _password_source(certificate, env))
    graph_secret = env.get(certificate.graph_secret_env) if certificate and certificate.graph_secret_env else None
    if mail is not None and mail.smtp_password_env:
        if mail.transport == "smtp" and not env.get(mail.smtp_password_env):
            reader.problem("mail.smtp_password_env", f"${mail.smtp_password_env} is not set in the environment")
        mail = replace(mail, smtp_password=env.get(mail.smtp_password_env) or None)
    register_secrets([password if certificate else None, graph_secret,  # redacted wherever they show up
                      mail.smtp_password if mail is not None else None,
                      credential.key_pem if credential is not None else None])
    reader.report_unknown()
    if reader.problems:
        raise ConfigError(reader.problems)
    assert tenant and certificate and credential and site and mail and sync
    return Config(path=config_path, tenant=tenant, certificate=certificate, credential=credential, site=site,
                  mail=mail, sync=sync, extract=extract, pages=pages, graph_secret=graph_secret or None,
                  service=service)


def _password_source(certificate: CertificateConfig, env: Mapping[str, str]) -> str:
    """Where the certificate password comes from, for messages (never the password itself)."""
    name = certificate.password_env
    if not name:
        return "nowhere: certificate.password_env is not set"
    return f"${name}" + ("" if env.get(name) else ", which is not set in the environment")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError([ConfigProblem("--config", f"file not found: {path}")]) from None
    except OSError as error:
        raise ConfigError([ConfigProblem("--config", f"cannot read {path}: {error.strerror}")]) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([ConfigProblem("--config", f"{path} is not valid TOML: {error}")]) from None


def _tenant(r: _Reader) -> TenantConfig | None:
    tenant_id = r.text("tenant.tenant_id")
    if tenant_id and not (_GUID.match(tenant_id) or _DOMAIN.match(tenant_id)):
        r.problem("tenant.tenant_id", f"must be a GUID or a domain such as contoso.onmicrosoft.com, not {tenant_id!r}")
    client_id = r.text("tenant.client_id")
    if client_id and not _GUID.match(client_id):
        r.problem("tenant.client_id", f"must be the app registration's GUID, not {client_id!r}")
    authority_host = r.https_url("tenant.authority_host")
    graph_url = r.https_url("tenant.graph_url")
    ca_bundle = r.path("tenant.ca_bundle", required=False)
    if ca_bundle is not None and not ca_bundle.is_file():
        r.problem("tenant.ca_bundle", f"CA bundle not found: {ca_bundle}")
    elif ca_bundle is not None and not os.access(ca_bundle, os.R_OK):
        r.problem("tenant.ca_bundle", f"CA bundle is not readable: {ca_bundle}")
    elif ca_bundle is not None and b"-----BEGIN CERTIFICATE-----" not in ca_bundle.read_bytes():
        r.problem("tenant.ca_bundle", f"holds no PEM certificate (-----BEGIN CERTIFICATE-----): {ca_bundle}")
    if None in (tenant_id, client_id, authority_host, graph_url):
        return None
    # the `None in (...)` check above rules each out, but mypy narrows no variable through `in`
    return TenantConfig(tenant_id, client_id, authority_host, graph_url, ca_bundle)  # type: ignore[arg-type]


def _certificate(r: _Reader) -> CertificateConfig | None:
    path = r.path("certificate.path")
    key_path = r.path("certificate.key_path", required=False)
    password_env = r.text("certificate.password_env", required=False)
    graph_secret_env = r.text("certificate.graph_secret_env", required=False)
    if path is None:
        return None
    return CertificateConfig(path, key_path, password_env, graph_secret_env)


def _site(r: _Reader) -> SiteConfig | None:
    url = r.https_url("site.url")
    if url and not _SITE_PATH.match(urlsplit(url).path):
        r.problem("site.url", f"must be a site URL such as https://contoso.sharepoint.com/sites/Name, not {url!r}")
        url = None
    names = [r.text(f"site.{key}") for key in
             ("library", "submissions_list", "commitments_list", "members_list", "runs_list")]
    if url is None or None in names:
        return None
    return SiteConfig(url, *names)  # type: ignore[arg-type]  # `None in names` above: each name is a str


def _mail(r: _Reader) -> MailConfig | None:
    sender = r.text("mail.sender")
    if sender and not _EMAIL.match(sender):
        r.problem("mail.sender", f"must be an email address, not {sender!r}")
    recipients = r.raw("mail.recipients")
    if recipients is None:
        r.problem("mail.recipients", "is missing")
        recipients = []
    elif not isinstance(recipients, list) or not recipients:
        r.problem("mail.recipients", "must be a non-empty list of email addresses")
        recipients = []
    else:
        for item in recipients:
            if not isinstance(item, str) or not _EMAIL.match(item):
                r.problem("mail.recipients", f"{item!r} is not an email address")
    if sender is None:
        return None
    return MailConfig(sender, tuple(str(x) for x in recipients), **_mail_delivery(r))


def _mail_delivery(r: _Reader) -> dict[str, Any]:
    """[mail] send policy, transport (SMTP settings when chosen) and reminders."""
    values: dict[str, Any] = {}
    for key, allowed in (("send", SEND_POLICIES), ("transport", TRANSPORTS)):
        value = r.text(f"mail.{key}", required=False) or MailConfig.__dataclass_fields__[key].default
        if value not in allowed:
            r.problem(f"mail.{key}", f"must be one of {', '.join(allowed)}, not {value!r}")
        values[key] = value
    smtp = values["transport"] == "smtp"
    values["smtp_host"] = r.text("mail.smtp_host", required=smtp)
    values["smtp_port"] = int(r.number("mail.smtp_port", 587, integer=True))
    values["smtp_username"] = r.text("mail.smtp_username", required=False)
    values["smtp_password_env"] = r.text("mail.smtp_password_env", required=False)
    if smtp and bool(values["smtp_username"]) != bool(values["smtp_password_env"]):
        r.problem("mail.smtp_password_env", "SMTP sign-in needs both mail.smtp_username and mail.smtp_password_env")
    values["smtp_ca_bundle"] = r.path("mail.smtp_ca_bundle", required=False)
    for key in ("reminders", "remind_districts"):
        value = r.raw(f"mail.{key}")
        if value is not None and not isinstance(value, bool):
            r.problem(f"mail.{key}", f"must be true or false, not {value!r}")
        values[key] = value is True
    values["reminder_days"] = int(r.number("mail.reminder_days", 30, integer=True))
    return values


def _sync(r: _Reader) -> SyncConfig | None:
    state_path = r.path("sync.state_path")
    share = r.number("sync.max_member_change_share", 0.5)
    if share > 1:
        r.problem("sync.max_member_change_share", f"is a share between 0 and 1, not {share}")
    timeout = r.number("sync.request_timeout_seconds", 30)
    budget = int(r.number("sync.retry_budget", 30, integer=True))
    deadline = r.number("sync.run_deadline_seconds", 3600)
    schedule = r.text("sync.schedule", required=False) or DEFAULT_SYNC
    if len(schedule.split()) != 5:
        r.problem("sync.schedule", f"must be a 5-field cron expression (minute hour day month weekday), not {schedule!r}")
    failed_runs = int(r.number("sync.failed_runs_before_review", 3, integer=True))
    batch = int(r.number("sync.write_batch_size", 100, integer=True))
    if not 1 <= batch <= 100:  # SharePoint's $batch takes up to 100 operations (gateway/batch.py)
        r.problem("sync.write_batch_size", f"must be between 1 and 100, not {batch}")
    if state_path is None:
        return None
    return SyncConfig(state_path, float(share), float(timeout), budget, schedule, max(1, failed_runs),
                      float(deadline), batch)


def _extract(r: _Reader) -> Limits:
    """[extract]: the extractor's limits, every key optional."""
    defaults = Limits()
    values: dict[str, Any] = {}
    for name in ("max_file_bytes", "max_members", "max_member_bytes", "max_total_bytes", "memory_mb"):
        values[name] = int(r.number(f"extract.{name}", getattr(defaults, name), integer=True))
    for name in ("max_ratio", "timeout_seconds"):
        values[name] = float(r.number(f"extract.{name}", getattr(defaults, name)))
    return Limits(**values)


def _pages(r: _Reader) -> PagesConfig:
    """[pages]: every key optional (the defaults are the names `provision` creates)."""
    defaults = PagesConfig()
    enabled = r.raw("pages.enabled")
    if enabled is not None and not isinstance(enabled, bool):
        r.problem("pages.enabled", f"must be true or false, not {enabled!r}")
    names = [r.text(f"pages.{key}", required=False) for key in ("resources_library", "site_pages_library")]
    return PagesConfig(enabled if isinstance(enabled, bool) else defaults.enabled,
                       names[0] or defaults.resources_library, names[1] or defaults.site_pages_library)
