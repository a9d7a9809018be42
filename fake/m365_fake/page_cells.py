"""Table cells of the people page: each value shown the way SharePoint shows its column type.

- Counter/Integer, and Number/Currency with no fraction: an integer ("11", not the stored "11.0");
- DateTime: in the site's time zone — a date only for DisplayFormat DateOnly (SharePoint keeps a
  date-only value as the site-local midnight in UTC, "2026-08-29T04:00:00Z", and shows "2026-08-29"),
  else date and time;
- Boolean: Yes/No; multi-line text with its line breaks; long text and JSON folded in a <details>;
- URL (SP.FieldUrlValue): a link showing its description, only for an http(s) URL;
- a long hex digest (content fingerprint): its first 12 digits, the whole in the tooltip.
Document text is hostile: every value is escaped; no markup from a value survives.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any, Collection
from urllib.parse import unquote, urlsplit

from zoneinfo import ZoneInfo

#: text longer than this (or with more lines) folds into a <details>
FOLD_CHARS = 160
FOLD_LINES = 4
_SUMMARY_CHARS = 70
_NO_WRAP_CHARS = 24
_HASH = re.compile(r"[0-9a-fA-F]{40,}")
_INTEGER_TYPES = {"Counter", "Integer"}
_NUMBER_TYPES = {"Number", "Currency"}
#: values worth a second look get a highlight (the worker's review statuses)


def escape(value: Any) -> str:
    """HTML-escaped text (quotes too), '' for None."""
    return html.escape("" if value is None else str(value), quote=True)


def site_zone(name: str | None) -> dt.tzinfo:
    """The site's time zone by IANA name; UTC when unknown."""
    if name:
        try:
            return ZoneInfo(name)
        except Exception:  # unknown name or no tz database: show UTC rather than fail the page
            pass
    return dt.timezone.utc


def _instant(value: Any) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _date_time(value: Any, date_only: bool, zone: dt.tzinfo) -> str:
    instant = _instant(value)
    if instant is None:
        return escape(value)
    local = instant.astimezone(zone)
    if date_only:
        return escape(local.date().isoformat())
    return f"<span title='{escape(instant.astimezone(dt.timezone.utc).isoformat())}'>{escape(local.strftime('%Y-%m-%d %H:%M'))}</span>"


def _number(value: Any, integer: bool) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return escape(value)
    if integer or number.is_integer():
        return escape(int(number)) if number == number and abs(number) != float("inf") else escape(value)
    return escape(f"{number:.6f}".rstrip("0").rstrip("."))


def safe_href(url: Any) -> str | None:
    """`url` when it is an absolute http(s) URL, else None (no javascript:, data: or relative links)."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) and not any(c in text for c in "\r\n\t ") else None


def _link(value: Any) -> str:
    """A link showing its description; a description that merely repeats the URL shows the file name
    at the URL's end instead (the whole URL stays in the tooltip)."""
    url, description = (value.get("Url"), value.get("Description")) if isinstance(value, dict) else (value, None)
    label = description or url
    href = safe_href(url)
    if href is None:
        return escape(label)
    if not description or str(description).strip() == str(url).strip():
        label = unquote(urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1]) or href
    return f'<a href="{escape(href)}" title="{escape(href)}" rel="noopener noreferrer">{escape(label)}</a>'


def _json_block(text: str) -> str | None:
    """A JSON object or array folded as 'JSON · n fields' with the indented document inside."""
    if not text.lstrip().startswith(("{", "[")):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, (dict, list)):
        return None
    size = f"{len(data)} fields" if isinstance(data, dict) else f"{len(data)} entries"
    pretty = json.dumps(data, ensure_ascii=False, indent=2)
    return f"<details class='json'><summary>JSON · {escape(size)}</summary><pre>{escape(pretty)}</pre></details>"


def _long_text(text: str) -> str:
    """Text with its line breaks kept (CSS pre-line); long text folds, its first line as the summary."""
    lines = text.splitlines() or [""]
    if len(text) <= _NO_WRAP_CHARS and not any(c.isspace() for c in text):
        return f"<span class='nw'>{escape(text)}</span>"   # a code, year range or id: keep it on one line
    if len(text) <= FOLD_CHARS and len(lines) <= FOLD_LINES:
        return f"<span class='lines'>{escape(text)}</span>"
    first = lines[0]
    summary = first if len(first) <= _SUMMARY_CHARS else first[:_SUMMARY_CHARS].rstrip() + "…"
    more = f" (+{len(lines) - 1} lines)" if len(lines) > 1 else ""
    return (f"<details><summary>{escape(summary)}<span class='muted'>{escape(more)}</span></summary>"
            f"<div class='lines'>{escape(text)}</div></details>")


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render_value(value: Any, field_type: str = "Text", *, date_only: bool = False, zone: dt.tzinfo = dt.timezone.utc,
                 flagged: Collection[str] = ()) -> str:
    """One value as the HTML of its table cell (escaped), formatted by the column's field type; a value in
    `flagged` (the embedding application's "needs attention" words) is highlighted."""
    if value is None or value == "" or value == []:
        return ""
    if field_type == "Boolean":
        return "Yes" if value not in (False, 0, "0", "false", "False") else "No"
    if field_type in _INTEGER_TYPES or field_type in _NUMBER_TYPES:
        return _number(value, field_type in _INTEGER_TYPES)
    if field_type == "DateTime":
        return _date_time(value, date_only, zone)
    if field_type == "URL":
        return _link(value)
    text = _plain(value)
    block = _json_block(text) if field_type in ("Note", "Text") else None
    if block is not None:
        return block
    if _HASH.fullmatch(text):   # a content fingerprint: its start identifies it, the whole is in the tooltip
        return f"<code class='hash' title='{escape(text)}'>{escape(text[:12])}…</code>"
    if text in flagged:
        return f"<span class='flag'>{escape(text)}</span>"
    return _long_text(text)
