"""The configuration's sections: one frozen dataclass per table of the TOML file, and `Config`, all of them.

Built and validated by `sharepoint_sync.config.load_config`; each edge is handed only its own section
(`sharepoint_sync.edges`). Key material lives only in `Credential.key_pem` (never in repr, logs or messages).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sharepoint_sync.certificate import Credential
from sharepoint_sync.extract.limits import Limits
from sharepoint_sync.service_config import ServiceConfig


@dataclass(frozen=True)
class TenantConfig:
    """Which Entra ID tenant and app to sign in as, and the cloud's hosts."""

    tenant_id: str
    client_id: str
    authority_host: str
    graph_url: str
    ca_bundle: Path | None

    @property
    def authority(self) -> str:
        """The msal authority URL, e.g. https://login.microsoftonline.com/<tenant>."""
        return f"{self.authority_host.rstrip('/')}/{self.tenant_id}"


@dataclass(frozen=True)
class CertificateConfig:
    """Where the app certificate is and which environment variables hold its secrets."""

    path: Path
    key_path: Path | None
    password_env: str | None
    graph_secret_env: str | None


@dataclass(frozen=True)
class SiteConfig:
    """The ILN site and the names of the lists/library the worker keeps."""

    url: str
    library: str
    submissions_list: str
    commitments_list: str
    members_list: str
    runs_list: str

    @property
    def origin(self) -> str:
        """scheme://host[:port] of the site: the SharePoint resource for token scopes."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


#: [mail] send: when a run's summary is mailed (docs/mail.md)
SEND_POLICIES = ("always", "changes", "problems", "never")
TRANSPORTS = ("graph", "smtp")


@dataclass(frozen=True)
class MailConfig:
    """Who the summaries are sent from and to, when, and how (Graph sendMail or SMTP; docs/mail.md)."""

    sender: str
    recipients: tuple[str, ...]
    send: str = "changes"
    transport: str = "graph"
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password_env: str | None = None
    #: extra CA certificates for the SMTP server's TLS certificate (a private relay); system store otherwise
    smtp_ca_bundle: Path | None = None
    #: renewal reminders N days before a member's term ends (off by default)
    reminders: bool = False
    reminder_days: int = 30
    #: reminders also to each district's point of contact (its address from ILN Members), not only KDE staff
    remind_districts: bool = False
    smtp_password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class SyncConfig:
    """Run-level settings: local state, guards, timeouts, retry budget, schedule."""

    state_path: Path
    max_member_change_share: float
    request_timeout_seconds: float
    retry_budget: int
    schedule: str
    #: a document that could not be downloaded in this many runs in a row is marked Needs review
    failed_runs_before_review: int = 3
    #: a run stops (Partial, the rest is read next run) once it has run this long: under throttling
    #: this, not a retry count, ends a long backfill (issue 14)
    run_deadline_seconds: float = 3600.0
    #: writes per `$batch` (1..100): a stop (SIGTERM) waits for the batch under way, so a smaller
    #: batch stops sooner and costs more requests (issue 14)
    write_batch_size: int = 100


@dataclass(frozen=True)
class PagesConfig:
    """The resource pages ([pages], optional): whether runs publish them, and the two libraries."""

    enabled: bool = True
    resources_library: str = "ILN Resources"
    site_pages_library: str = "Site Pages"


@dataclass(frozen=True)
class HttpSettings:
    """How every edge talks HTTPS ([tenant] ca_bundle and [sync] request_timeout_seconds): the CAs it
    trusts and how long a request may take."""

    ca_bundle: Path | None
    read_timeout_seconds: float

    @property
    def verify(self) -> str | bool:
        """requests' `verify`: the CA bundle when configured, else the system store."""
        return str(self.ca_bundle) if self.ca_bundle else True

    @property
    def timeout(self) -> tuple[float, float]:
        """requests' (connect, read) timeout: connecting never waits more than 10 s."""
        return (min(10.0, self.read_timeout_seconds), self.read_timeout_seconds)


@dataclass(frozen=True)
class Config:
    """The whole validated configuration."""

    path: Path
    tenant: TenantConfig
    certificate: CertificateConfig
    credential: Credential
    site: SiteConfig
    mail: MailConfig
    sync: SyncConfig
    #: the [extract] table is the extractor's own limits (one dataclass, `extract.limits.Limits`)
    extract: Limits
    pages: PagesConfig = field(default_factory=PagesConfig)
    #: client secret accepted for Graph only (never for SharePoint); None when not configured
    graph_secret: str | None = field(default=None, repr=False)
    #: `iln-sync serve`: schedules, stop grace, lock wait, status alert age (sharepoint_sync/service_config.py)
    service: ServiceConfig = field(default_factory=ServiceConfig)

    @property
    def http(self) -> HttpSettings:
        """The HTTP settings every edge shares."""
        return HttpSettings(self.tenant.ca_bundle, self.sync.request_timeout_seconds)
