"""What the gateway knows about a list (identity, entity type, column kinds) and where it is cached
between processes (issue 14: a new process asks SharePoint for none of it; revalidated once a day and
when a call on the list meets a 400/404)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Protocol


@dataclass(frozen=True)
class ListMeta:
    """What the gateway needs to know about a list to talk to it: identity and column kinds."""

    title: str
    list_id: str
    entity_type: str
    base_template: int
    #: internal name → (TypeAsString, date_only)
    kinds: Mapping[str, tuple[str, bool]]

    def kind_of(self, column: str) -> tuple[str, bool]:
        """(TypeAsString, date_only) of a column; Text for one the list does not describe."""
        return self.kinds.get(column, ("Text", False))

    def to_json(self) -> dict[str, Any]:
        """The metadata as JSON for the state's cache."""
        return {"title": self.title, "list_id": self.list_id, "entity_type": self.entity_type,
                "base_template": self.base_template, "kinds": {k: list(v) for k, v in self.kinds.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "ListMeta":
        """The metadata back from the state's cache."""
        return cls(data["title"], data["list_id"], data["entity_type"], int(data["base_template"]),
                   {k: (v[0], bool(v[1])) for k, v in data["kinds"].items()})


#: cached list metadata and the site's time zone are revalidated at least this often (issue 14: "once a day")
CACHE_MAX_AGE_SECONDS = 24 * 3600.0


class MetaCache(Protocol):
    """Where list metadata outlives the process (the state file: `State.cache_get/put/drop`)."""

    def cache_get(self, key: str, max_age_seconds: float) -> Any: ...

    def cache_put(self, key: str, value: Any) -> None: ...

    def cache_drop(self, key: str) -> None: ...


def _is_date_only(field: dict[str, Any]) -> bool:
    """SP.FieldDateTime.DisplayFormat (SP.DateTimeFieldFormatType: 0 DateOnly, 1 DateTime), else the
    Format attribute of its SchemaXml."""
    if field.get("TypeAsString") != "DateTime":
        return False
    if field.get("DisplayFormat") is not None:
        return str(field.get("DisplayFormat")) in ("0", "DateOnly")
    return 'Format="DateOnly"' in str(field.get("SchemaXml") or "")


