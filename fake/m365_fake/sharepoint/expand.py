"""`$select` paths into expanded navigation properties (`$expand=RootFolder&$select=RootFolder/Name`):
an expanded entity keeps only `__metadata` and the selected properties, as SharePoint answers
(list-items-select-via-expand.verbose.json selects `Items/Title` this way)."""
from __future__ import annotations

from typing import Any


def nested_select(entity: dict[str, Any], select: list[str]) -> dict[str, Any]:
    """Trim each expanded property of `entity` to the sub-paths `select` names for it (in place)."""
    subs: dict[str, list[str]] = {}
    for path in select:
        head, sep, rest = path.partition("/")
        if sep:
            subs.setdefault(head.lower(), []).append(rest)
    for key, value in list(entity.items()):
        wanted = subs.get(key.lower())
        if not wanted or not isinstance(value, dict) or "__deferred" in value:
            continue
        if isinstance(value.get("results"), list):
            value["results"] = [_trim(v, wanted) for v in value["results"]]
        else:
            entity[key] = _trim(value, wanted)
    return entity


def _trim(value: Any, select: list[str]) -> Any:
    if not isinstance(value, dict) or "*" in select:
        return value
    heads = {s.partition("/")[0].lower() for s in select}
    kept = {k: v for k, v in value.items() if k == "__metadata" or k.lower() in heads}
    return nested_select(kept, select)
