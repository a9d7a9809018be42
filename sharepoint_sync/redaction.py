"""One redaction step for everything the worker writes out: `log.redact` (the one function that knows
what a secret looks like) applied to every string of a value, however nested.

Server error text is copied into failures and problems; SharePoint may echo a bearer token, a JWT or a
`tempauth=` download URL in it. Logs are redacted by log.py's processor; this applies the same function
to what is not a log: the ILN Sync Runs row (Problems, ReportJson), the report printed on stdout and the
state file's ledger.
"""
from __future__ import annotations

import dataclasses
from typing import TypeVar

from sharepoint_sync.log import redact

T = TypeVar("T")


def redact_all(value: T) -> T:
    """`value` with `log.redact` applied to each string in it (dicts, lists, tuples, frozen dataclasses)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        # a new dict of the same keys and values, redacted: the T the caller gave (mypy cannot tie the two)
        return {redact_all(k): redact_all(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(redact_all(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: redact_all(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value
