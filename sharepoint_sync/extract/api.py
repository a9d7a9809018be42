"""The extraction pipeline: bytes -> pre-flight -> accepted view -> fields -> `LocRecord`.

`extract_in_process` runs it in the calling process (benchmarks, tests, the worker itself);
`Extractor` (in `isolation`, re-exported here) runs it in a long-lived worker process with time
and memory limits, which is what the command line and the engine use. `today` is a value handed
in by the command/engine layer (from `sharepoint_sync.clock`); nothing here reads the clock.
"""
from __future__ import annotations

import datetime
import posixpath
from typing import Any

from sharepoint_sync.extract.blocks import DocView
from sharepoint_sync.extract.limits import DEFAULT_LIMITS, Limits
from sharepoint_sync.extract.preflight import Package, Unreadable, Verdict, preflight, review_kind
from sharepoint_sync.extract.reader import read_docx
from sharepoint_sync.record import LocRecord, refused


def read_view(data: bytes, limits: Limits = DEFAULT_LIMITS) -> DocView:
    """The accepted view of a Word file's bytes; raises `Unreadable` when it cannot be read safely."""
    return read_docx(*_opened(data, limits))


def _opened(data: bytes, limits: Limits) -> tuple[Package, str, str]:
    package = preflight(data, limits)
    if isinstance(package, Verdict):
        raise Unreadable(package.kind, package.detail)
    return package, package.main_part, package.content_type


def extract_in_process(data: bytes, file_name: str, today: datetime.date,
                       limits: Limits = DEFAULT_LIMITS) -> LocRecord:
    """The contract record for one file, computed in this process (no isolation)."""
    file = base_name(file_name)
    try:
        package, main_part, content_type = _opened(data, limits)
        if review_kind(package, read_as_letter=True):  # a template: refused before any field reading
            return refused(file, "unreadable", "unreadable:template")
        view = read_docx(package, main_part, content_type)
    except Unreadable as refusal:
        return refused(file, "unreadable", refusal.reason)
    except RecursionError:  # absurdly deep nesting: no letter looks like that
        return refused(file, "unreadable", "unreadable:corrupt")
    from sharepoint_sync.extract.fields import interpret  # field reading (imported once, when first needed)
    from sharepoint_sync.extract.registry import default_registry  # the shipped file, read once

    record = interpret(view, file, today=today, registry=default_registry())
    if record.status == "not_a_loc":
        try:
            kind = review_kind(package, read_as_letter=False)
        except Unreadable:
            kind = None
        if kind:
            return refused(file, "unreadable", f"unreadable:{kind}")
    return record


def base_name(file_name: str) -> str:
    """The file name without directories (either separator), as the record's `file` field."""
    return posixpath.basename(file_name.replace("\\", "/"))


def __getattr__(name: str) -> Any:  # `from sharepoint_sync.extract.api import Extractor` without an import cycle
    if name == "Extractor":
        from sharepoint_sync.extract.isolation import Extractor

        return Extractor
    raise AttributeError(name)
