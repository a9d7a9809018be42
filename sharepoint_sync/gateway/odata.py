"""Pure helpers for SharePoint REST (OData v3, verbose): literals, query strings, value conversion, field XML.

Literals are encoded here, never by the library: office365 sends `&` and `#` in a $filter unencoded,
so `Name eq 'A & B'` reaches the server as `Name eq 'A ` plus a stray parameter (a *wider* filter),
and `#` starts a fragment. We double single quotes (OData v3 literal rule, "Abstract Type System"
§2.2.2 of [MS-ODATA]) and percent-encode the whole parameter value, `%` and `+` included (SharePoint
takes a literal `+` as `+`, not a space; see m365_fake/http.py (the fake tenant) Request.query).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from sharepoint_sync.errors import RemoteError

#: characters left as they are inside an encoded query value: OData punctuation, never `& # % + =`
_QUERY_SAFE = "'(),:/$*@!-._~"


def literal(value: Any) -> str:
    """An OData v3 literal: strings quoted with inner quotes doubled, numbers bare, booleans as 1/0."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def is_absent(error: BaseException) -> bool:
    """True when SharePoint says the addressed object does not exist: 404 (lists, items, files) or, for
    fields and views addressed by name, 400 "… does not exist" (System.ArgumentException, -2147024809)."""
    status = getattr(error, "status", None)
    if not isinstance(error, RemoteError) or status not in (400, 404):
        return False
    return status == 404 or "does not exist" in error.message


def eq(column: str, value: Any) -> str:
    """`column eq literal` for a $filter."""
    return f"{column} eq {literal(value)}"


def any_id(ids: Iterable[int]) -> str:
    """`Id eq 1 or Id eq 2 ...` ($filter on the always-indexed Id column)."""
    return " or ".join(f"Id eq {int(i)}" for i in ids)


def query(params: Mapping[str, Any]) -> str:
    """A query string with every value percent-encoded (so no literal can widen or cut the filter)."""
    return "&".join(f"{key}={quote(str(value), safe=_QUERY_SAFE)}" for key, value in params.items()
                    if value is not None)


def path_literal(value: str) -> str:
    """A quoted literal inside a URL path, e.g. GetByTitle('…'): quotes doubled, the rest percent-encoded."""
    return "'" + quote(value.replace("'", "''"), safe="/'()!*-._~") + "'"


def list_path(title: str) -> str:
    """`web/lists/GetByTitle('…')` with the title safely encoded."""
    return f"web/lists/GetByTitle({path_literal(title)})"


def select(columns: Iterable[str]) -> str:
    """$select value; a column starting with `_` is addressed as `OData_<name>` over REST."""
    return ",".join(dict.fromkeys(rest_name(c) for c in columns))


def rest_name(internal_name: str) -> str:
    """The JSON/REST property name of a column (SharePoint prefixes `OData_` to names starting with `_`)."""
    return f"OData_{internal_name}" if internal_name.startswith("_") else internal_name


# --- values ---------------------------------------------------------------------------------------

#: a cell starting with one of these becomes a formula when staff export the list to Excel or CSV
#: (OWASP, "CSV Injection": = + - @ tab carriage return); SharePoint's "Export to Excel"/CSV writes the
#: text as it is stored, so we store such text behind an apostrophe, which spreadsheets read as "text"
#: and do not show. Only text and note columns hold document text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_KINDS = ("Text", "Note")


def formula_safe(text: str) -> str:
    """Text as stored: an apostrophe before a leading formula character (and before an apostrophe that
    already stands there, so reading back is exact)."""
    return "'" + text if text.startswith(FORMULA_STARTS) or text.startswith("'") else text


def formula_unsafe(text: str) -> str:
    """The inverse of `formula_safe`: the text as the worker meant it."""
    return text[1:] if text.startswith("'") else text


def read_value(raw: Any, kind: str, date_only: bool) -> Any:
    """A wire value → the ports convention for its column kind (see sharepoint_sync/ports.py)."""
    if isinstance(raw, dict) and "__deferred" in raw:
        return None
    if kind == "Boolean":
        return bool(raw)
    if raw is None or raw == "":
        return None
    if kind == "URL":
        return raw.get("Url") if isinstance(raw, dict) else str(raw)
    if kind == "MultiChoice":  # verbose JSON: {"__metadata": {"type": "Collection(Edm.String)"}, "results": [...]}
        chosen = raw.get("results", []) if isinstance(raw, dict) else raw
        return [str(v) for v in (chosen if isinstance(chosen, list) else [chosen])] or None
    if kind == "DateTime":
        return _read_date(str(raw)) if date_only else _read_datetime(str(raw))
    if kind in TEXT_KINDS and isinstance(raw, str):
        return formula_unsafe(raw)
    return raw


def write_value(value: Any, kind: str, date_only: bool, utc_offset_minutes: int) -> Any:
    """A ports value → the wire value to MERGE/POST for its column kind."""
    if kind == "Boolean":
        return bool(value)
    if value is None or value == "":
        return None
    if kind == "MultiChoice":  # a multi-choice value is a string collection (fake: routes_items.field_value)
        return {"__metadata": {"type": "Collection(Edm.String)"}, "results": [str(v) for v in value]}
    if kind == "URL":
        return {"__metadata": {"type": "SP.FieldUrlValue"}, "Url": str(value), "Description": str(value)}
    if kind == "DateTime" and date_only:
        # A date-only column holds the site-local midnight as a UTC instant; writing that instant makes
        # SharePoint show the same calendar date (a UTC midnight shows as the day before in Kentucky).
        day = dt.datetime.fromisoformat(str(value)[:10]).replace(tzinfo=dt.timezone.utc)
        return (day + dt.timedelta(minutes=utc_offset_minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
    if kind in TEXT_KINDS and isinstance(value, str):
        return formula_safe(value)
    return value


def _parse_instant(text: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _read_datetime(text: str) -> str:
    return _parse_instant(text).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _read_date(text: str) -> str:
    """The calendar date of a date-only value: the nearest midnight, whatever the site's time zone.

    SharePoint returns a date-only value as the site-local midnight in UTC (e.g. 04:00Z in Kentucky in
    summer); rounding to the nearest midnight gives the site's date for any offset within ±12 h,
    without asking the site for its time zone.
    """
    instant = _parse_instant(text).astimezone(dt.timezone.utc)
    return (instant + dt.timedelta(hours=12)).date().isoformat() if instant.hour >= 12 else instant.date().isoformat()


# --- provisioning XML ------------------------------------------------------------------------------

_FIELD_TYPES = {"text": "Text", "note": "Note", "choice": "Choice", "multichoice": "MultiChoice",
                "boolean": "Boolean", "number": "Number", "date": "DateTime", "datetime": "DateTime", "url": "URL"}


def field_schema_xml(internal_name: str, display_name: str, kind: str, choices: Iterable[str] = (),
                     indexed: bool = False, unique: bool = False, description: str = "") -> str:
    """CAML <Field/> for CreateFieldAsXml (learn.microsoft.com, "Field element (Field)")."""
    attrs = {"Type": _FIELD_TYPES[kind], "Name": internal_name, "StaticName": internal_name,
             "DisplayName": display_name, "Description": description}
    if kind == "date":
        attrs["Format"] = "DateOnly"
    if kind == "datetime":
        attrs["Format"] = "DateTime"
    if kind == "note":
        attrs.update(NumLines="6", RichText="FALSE")
    if indexed or unique:
        attrs["Indexed"] = "TRUE"
    if unique:
        attrs["EnforceUniqueValues"] = "TRUE"
    inner = ""
    if kind in ("choice", "multichoice"):
        inner = "<CHOICES>" + "".join(f"<CHOICE>{escape(c)}</CHOICE>" for c in choices) + "</CHOICES>"
    if kind == "boolean":
        inner = "<Default>0</Default>"
    rendered = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items() if v)
    return f"<Field {rendered}>{inner}</Field>"


def view_query_xml(where_equals: Iterable[tuple[str, str]]) -> str:
    """CAML <Where> of ANDed <Eq> conditions (empty when there are none)."""
    conditions = [f"<Eq><FieldRef Name={quoteattr(col)}/><Value Type=\"Text\">{escape(val)}</Value></Eq>"
                  for col, val in where_equals]
    if not conditions:
        return ""
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = f"<And>{combined}{condition}</And>"
    return f"<Where>{combined}</Where>"
