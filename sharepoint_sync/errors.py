"""One error taxonomy for the whole worker (after meltano's): every failure is one of these kinds.

Errors carry data (fields), not pre-formatted prose; `describe()` is the one place that turns
an error into a plain sentence for logs, the ILN Sync Runs list and emails. No error may carry
key material, tokens or pre-authenticated URLs: constructors take only what is safe to show.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The process exit codes, one meaning each (README's "Exit codes" table lists the same; a test checks it).
# `failures.classify` gives each failure its code; a run's report gives its own (`failures.exit_code_of`).
#: the command did what it was asked (a run succeeded, or stopped cleanly at SIGTERM/SIGINT)
EXIT_OK = 0
#: an unexpected error (a bug: the traceback is logged); for `provision`, `status` and `serve` also their
#: own "look at this" (a column of another type; the last good sync too old; a job overran the grace time)
EXIT_INTERNAL = 1
#: the configuration or the site's setup is wrong (a setting, site.url, lists not provisioned): fix, then rerun
EXIT_CONFIG = 2
#: sign-in refused, or the app lacks its grant on the site (403)
EXIT_AUTH = 3
#: the run finished but left some items for the next run (failures, spent retry budget)
EXIT_PARTIAL = 4
#: a guard stopped the run before any write (`--force` overrides)
EXIT_GUARD = 5
#: another run holds the lock on this host: this one was skipped
EXIT_BUSY = 6
#: the command (a run that started) could not finish: a remote error it could not get past
EXIT_FAILED = 7


class SyncError(Exception):
    """Base of every error the worker raises on purpose."""

    kind = "internal"
    #: process exit code when this error ends a command
    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, **data: Any) -> None:
        super().__init__(message)
        self.message = message
        self.data = data

    def __str__(self) -> str:
        return describe(self)


class ConfigError(SyncError):
    """The configuration is missing or wrong; nothing was started. Carries every problem at once."""

    kind = "config"
    exit_code = EXIT_CONFIG

    def __init__(self, problems: list["ConfigProblem"]) -> None:
        super().__init__("configuration is not valid", problems=problems)
        self.problems = problems


@dataclass(frozen=True)
class ConfigProblem:
    """One configuration problem: the key (dotted) and what is wrong with it."""

    key: str
    problem: str


class AuthError(SyncError):
    """Sign-in was refused or a token was rejected twice: the run stops before (more) SharePoint calls."""

    kind = "auth"
    exit_code = EXIT_AUTH


class PermissionDenied(AuthError):
    """403: the app lacks the site grant. Stop at once: nothing is marked processed."""

    kind = "permission"


class TransientRemoteError(SyncError):
    """A remote failure that is safe to retry (429, 503, timeouts, dropped/truncated responses)."""

    kind = "transient"
    exit_code = EXIT_FAILED

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None, **data: Any):
        super().__init__(message, status=status, retry_after=retry_after, **data)
        self.status = status
        self.retry_after = retry_after


class RetryBudgetExhausted(TransientRemoteError):
    """The bounded retry budget is spent: the run ends as partial, untouched items wait for the next run."""

    kind = "retry_budget"


class RemoteError(SyncError):
    """A remote error that is not safe to retry (4xx other than the above)."""

    kind = "remote"
    exit_code = EXIT_FAILED

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None, **data: Any):
        super().__init__(message, status=status, code=code, **data)
        self.status = status
        self.code = code


class ConflictError(RemoteError):
    """412: someone (staff) edited the row between our read and our write."""

    kind = "conflict"


class SiteNotProvisioned(SyncError):
    """The site lacks lists or columns the worker needs (`iln-sync provision` adds them)."""

    kind = "setup"
    exit_code = EXIT_CONFIG

    def __init__(self, missing: str) -> None:
        super().__init__("the site is missing lists or columns the worker needs", missing=missing)
        self.missing = missing


class ItemError(SyncError):
    """A problem with one document or item: recorded, and the run continues."""

    kind = "item"
    exit_code = EXIT_FAILED  # only when one ends a command: then that command could not do its job


class DeliveryUncertain(ItemError):
    """A mail was handed over but no answer came back (a read timeout, a dropped connection, a 504): it
    may have been delivered, so it is never sent again (a duplicate is what exactly-once rules out)."""

    kind = "delivery_uncertain"


class VirusBlocked(ItemError):
    """SharePoint's antivirus refused to serve one file (403 with X-Virus-Infected): that document
    needs review, the run goes on. Never a missing permission."""

    kind = "virus"

    def __init__(self, message: str, **data: Any) -> None:
        super().__init__(message, **data)
        self.status = data.get("status")


class SafetyAbort(SyncError):
    """A guard stopped the run before any write (too many member changes, library suddenly empty). A run
    reports that as its outcome (Aborted, `core.guards.guard_problems`), never by raising this; the kind
    and its exit code are here so the taxonomy names every way a command can end."""

    kind = "safety"
    exit_code = EXIT_GUARD


class LockHeld(SyncError):
    """Another process on this host holds the run lock: this run was skipped (nothing started)."""

    kind = "busy"
    exit_code = EXIT_BUSY

    def __init__(self, *, holder_pid: int | None, lock_path: str, waited_seconds: float) -> None:
        super().__init__("another iln-sync run holds the lock; this one was skipped",
                         holder_pid=holder_pid if holder_pid is not None else "unknown", lock=lock_path,
                         waited_seconds=waited_seconds)
        self.holder_pid = holder_pid


def describe(error: BaseException) -> str:
    """The one place that turns an error into a plain sentence for people (logs, the Runs list, emails,
    the console), with anything secret-shaped taken out: a remote error's message is the server's text,
    and a response can echo a token, a pre-authenticated URL or a password."""
    from sharepoint_sync.log import redact  # lazily: log pulls structlog, errors stays importable by the core

    return redact(_sentence(error))


def _sentence(error: BaseException) -> str:
    if isinstance(error, ConfigError):
        lines = [f"{p.key}: {p.problem}" for p in error.problems]
        return "The configuration has problems:\n  " + "\n  ".join(lines)
    if isinstance(error, SiteNotProvisioned):
        # the usual first mistake, not a server fault: the command to type, no HTTP status
        return (f"The site is missing lists or columns the worker needs ({error.missing}): "
                "run `iln-sync provision` (with the same --config) first, then try again.")
    if isinstance(error, SyncError):
        details = ", ".join(
            f"{k}={v}" for k, v in error.data.items() if v is not None and k not in {"problems"}
        )
        return f"{error.message} ({details})" if details else error.message
    return f"Unexpected error: {type(error).__name__}: {error}"
