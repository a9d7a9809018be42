"""One error taxonomy for the whole worker (after meltano's): every failure is one of these kinds.

Errors carry data (fields), not pre-formatted prose; `describe()` is the one place that turns
an error into a plain sentence for logs, the ILN Sync Runs list and emails. No error may carry
key material, tokens or pre-authenticated URLs: constructors take only what is safe to show.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class SyncError(Exception):
    """Base of every error the worker raises on purpose."""

    kind = "internal"
    #: process exit code when this error ends a command
    exit_code = 1

    def __init__(self, message: str, **data: Any) -> None:
        super().__init__(message)
        self.message = message
        self.data = data

    def __str__(self) -> str:
        return describe(self)


class ConfigError(SyncError):
    """The configuration is missing or wrong; nothing was started. Carries every problem at once."""

    kind = "config"
    exit_code = 2

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
    exit_code = 3


class PermissionDenied(AuthError):
    """403: the app lacks the site grant. Stop at once: nothing is marked processed."""

    kind = "permission"


class TransientRemoteError(SyncError):
    """A remote failure that is safe to retry (429, 503, timeouts, dropped/truncated responses)."""

    kind = "transient"
    exit_code = 4

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
    exit_code = 4

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None, **data: Any):
        super().__init__(message, status=status, code=code, **data)
        self.status = status
        self.code = code


class ConflictError(RemoteError):
    """412: someone (staff) edited the row between our read and our write."""

    kind = "conflict"


class ItemError(SyncError):
    """A problem with one document or item: recorded, and the run continues."""

    kind = "item"


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
    """A guard stopped the run before any write (too many member changes, library suddenly empty)."""

    kind = "safety"
    exit_code = 5


class LockHeld(SyncError):
    """Another process on this host holds the run lock: this run was skipped (nothing started)."""

    kind = "busy"
    exit_code = 6

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
    if isinstance(error, SyncError):
        details = ", ".join(
            f"{k}={v}" for k, v in error.data.items() if v is not None and k not in {"problems"}
        )
        return f"{error.message} ({details})" if details else error.message
    return f"Unexpected error: {type(error).__name__}: {error}"
