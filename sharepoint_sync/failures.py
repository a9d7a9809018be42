"""The one classifier: any exception a command can meet -> its class, a plain sentence, an exit code.

Every command ends through `cli.main`, which asks `classify`; a run that started records the same
classification in its report (`run.sync`), so `check`, `plan` and `run` say one thing in one way: a
wrong `site.url` is the same configuration problem (exit 2) from all three, a site not provisioned yet
is the same hint to run `iln-sync provision`. No command matches error text or maps status codes itself.

What a failure *is* (taxonomy) lives in `errors`; how an HTTP answer or a transport error becomes one
of those is `retry.classify` (the retry layer owns what is safe to repeat); this module adds what only
the whole picture knows (a 404 on the site's own endpoints means the site is not there) and the exit code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sharepoint_sync.core.report import RunReport
from sharepoint_sync.errors import (EXIT_CONFIG, EXIT_FAILED, EXIT_GUARD, EXIT_INTERNAL, EXIT_OK, EXIT_PARTIAL,
                                    ConfigError, ConfigProblem, RemoteError,
                                    SiteNotProvisioned, SyncError, TransientRemoteError, describe)

#: the site's own endpoints: a 404 (System.IO.FileNotFoundException, "File Not Found.") there means no site
#: lives at the path, since the web of an existing site always answers. This is SharePoint's answer for an
#: unknown site path as the fake tenant reproduces it (check's /_api/web, plan's and run's /_api/$batch:
#: tests/sync/test_failures_tenant.py); tests/fixtures/sharepoint-responses holds no recording of it.
_SITE_ENDPOINT = re.compile(r"^(?P<site>https?://[^?#]+?)/_api/(?:web|\$batch|contextinfo)/?$", re.IGNORECASE)
#: SharePoint's words for a list or column that is not there: 404 "List 'X' does not exist at site with URL
#: ..." (error-404-list-not-found.verbose.json) and 400 "Column 'X' does not exist." (the fake tenant,
#: tests/m365_fake/test_sp_lists_items.py); an item or file that vanished is a 404 the run handles itself
_NOT_THERE = re.compile(r"\b(?:List|Column|Field)\b.*\bdoes not exist\b", re.IGNORECASE | re.DOTALL)

#: exit code of each run outcome (a Failed run takes its failure's code)
_OUTCOME_EXIT: dict[str, int] = {"Succeeded": EXIT_OK, "Stopped": EXIT_OK, "Planned": EXIT_OK,
                                 "Partial": EXIT_PARTIAL, "Aborted": EXIT_GUARD, "Failed": EXIT_FAILED}


def _kinds(cls: type[SyncError]) -> dict[str, int]:
    found = {cls.kind: cls.exit_code}
    for sub in cls.__subclasses__():
        found |= _kinds(sub)
    return found


#: exit code of each failure kind (from the taxonomy's classes, plus a local file's), for a Failed run's
#: report, which keeps the kind of what ended it rather than the exception
_KIND_EXIT: dict[str, int] = _kinds(SyncError) | {"local": EXIT_CONFIG, "internal": EXIT_INTERNAL}


@dataclass(frozen=True)
class Failure:
    """What ended a command (or a run): its kind, a sentence for people, the exit code, whether the retry
    layer had already retried it. (Not `core.report.Failure`: that is one document the run went past.)"""

    kind: str
    sentence: str
    exit_code: int
    retried: bool = False
    #: the error as our taxonomy names it (a SyncError), or the unexpected exception itself
    error: BaseException | None = field(default=None, compare=False, repr=False)

    @property
    def internal(self) -> bool:
        """An unexpected error (a bug): its traceback belongs in the log."""
        return self.kind == "internal"


def classify(exc: BaseException) -> Failure:
    """The failure `exc` is, for any exception a command can meet: our errors, office365's
    ClientRequestException and requests' errors (through `retry.classify`), msal's (auth.py turns them
    into AuthError), OSError (a local file), anything else (internal)."""
    error = _as_sync_error(exc)
    if error is None:
        if isinstance(exc, OSError):
            return _local(exc)
        return Failure("internal", describe(exc), EXIT_INTERNAL, error=exc)
    error = _refine(error)
    return Failure(error.kind, describe(error), error.exit_code, isinstance(error, TransientRemoteError), error)


def exit_code_of(report: RunReport) -> int:
    """A run's exit code from its report: its outcome, and for a Failed run the kind of what ended it."""
    if report.outcome == "Failed" and report.ended_by:
        return _KIND_EXIT.get(report.ended_by, EXIT_FAILED)
    return _OUTCOME_EXIT[report.outcome]


def _as_sync_error(exc: BaseException) -> SyncError | None:
    if isinstance(exc, SyncError):
        return exc
    from sharepoint_sync.retry import classify as classify_call  # lazily: requests is heavy for `extract`

    try:
        return classify_call(exc)
    except BaseException:  # noqa: BLE001 - retry.classify re-raises what is not a remote call's failure
        return None


def _refine(error: SyncError) -> SyncError:
    """A remote error that is really a setup problem: no site at site.url, or lists not provisioned."""
    if not isinstance(error, RemoteError) or error.status not in (400, 404):
        return error
    site = _SITE_ENDPOINT.match(str(error.data.get("url") or ""))
    if error.status == 404 and site is not None:
        return no_site_at(site.group("site"))
    if _NOT_THERE.search(error.message):
        return SiteNotProvisioned(f"SharePoint says: {error.message.strip()}")
    return error


def no_site_at(url: str) -> ConfigError:
    """site.url names no SharePoint site (a typo, the wrong tenant host): a configuration problem."""
    return ConfigError([ConfigProblem(
        "site.url", f"no SharePoint site at {url} (SharePoint answered 404 Not Found); "
                    "check the address, e.g. https://TENANT.sharepoint.com/sites/KYILN")])


def _local(exc: OSError) -> Failure:
    where = f"{exc.filename}: " if exc.filename else ""
    sentence = (f"A local file or folder could not be used ({where}{exc.strerror or type(exc).__name__}); "
                "check the paths in the configuration (sync.state_path, certificate.path) and their permissions.")
    return Failure("local", describe(SyncError(sentence)), EXIT_CONFIG, error=exc)
