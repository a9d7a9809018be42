"""Table cells of the people page: each value shown the way SharePoint shows its column type.

- Counter/Integer, and Number/Currency with no fraction: an integer ("11", not the stored "11.0");
- DateTime: in the site's time zone — a date only for DisplayFormat DateOnly (SharePoint keeps a
  date-only value as the site-local midnight in UTC, "2026-08-29T04:00:00Z", and shows "2026-08-29"),
  else date and time;
- Boolean: Yes/No; multi-line text with its line breaks; long text and JSON folded in a <details>;
- URL (SP.FieldUrlValue): a link showing its description, only for an http(s) URL;
- a long hex digest (content fingerprint): its first 12 digits, the whole in the tooltip.
Document text is hostile: a value becomes a `Cell` (plain data) and the template (templates/cells.html,
Jinja2 with autoescape) writes its markup, so every text is escaped; no markup from a value survives.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Collection
from urllib.parse import unquote, urlsplit

from zoneinfo import ZoneInfo

from m365_fake.rendering import cell_html

#: text longer than this (or with more lines) folds into a <details>
FOLD_CHARS = 160
FOLD_LINES = 4
_SUMMARY_CHARS = 70
_NO_WRAP_CHARS = 24
_HASH = re.compile(r"[0-9a-fA-F]{40,}")
_INTEGER_TYPES = {"Counter", "Integer"}
_NUMBER_TYPES = {"Number", "Currency"}


@dataclass(frozen=True)
class Cell:
    """One table cell as data: `kind` picks its markup in templates/cells.html, every text is escaped there.

    Kinds: text, time (title = the UTC instant), link (href), json (summary = "n fields"), hash (summary =
    the first digits), flag, word (kept on one line), lines (line breaks kept), folded (summary, more),
    file (more = the folder inside the library)."""

    kind: str = "text"
    text: str = ""
    title: str = ""
    href: str = ""
    summary: str = ""
    more: str = ""


def _text(value: Any) -> Cell:
    return Cell(text="" if value is None else str(value))


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


def _date_time(value: Any, date_only: bool, zone: dt.tzinfo) -> Cell:
    instant = _instant(value)
    if instant is None:
        return _text(value)
    local = instant.astimezone(zone)
    if date_only:
        return _text(local.date().isoformat())
    return Cell("time", local.strftime("%Y-%m-%d %H:%M"), title=instant.astimezone(dt.timezone.utc).isoformat())


def _number(value: Any, integer: bool) -> Cell:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return _text(value)
    if integer or number.is_integer():
        return _text(int(number)) if number == number and abs(number) != float("inf") else _text(value)
    return _text(f"{number:.6f}".rstrip("0").rstrip("."))


def safe_href(url: Any) -> str | None:
    """`url` when it is an absolute http(s) URL, else None (no javascript:, data: or relative links)."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) and not any(c in text for c in "\r\n\t ") else None


def _link(value: Any) -> Cell:
    """A link showing its description; a description that merely repeats the URL shows the file name
    at the URL's end instead (the whole URL stays in the tooltip)."""
    url, description = (value.get("Url"), value.get("Description")) if isinstance(value, dict) else (value, None)
    label = description or url
    href = safe_href(url)
    if href is None:
        return _text(label)
    if not description or str(description).strip() == str(url).strip():
        label = unquote(urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1]) or href
    return Cell("link", str(label), href=href)


def _json_block(text: str) -> Cell | None:
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
    return Cell("json", pretty, summary=size)


def _long_text(text: str) -> Cell:
    """Text with its line breaks kept (CSS pre-line); long text folds, its first line as the summary."""
    lines = text.splitlines() or [""]
    if len(text) <= _NO_WRAP_CHARS and not any(c.isspace() for c in text):
        return Cell("word", text)   # a code, year range or id: keep it on one line
    if len(text) <= FOLD_CHARS and len(lines) <= FOLD_LINES:
        return Cell("lines", text)
    first = lines[0]
    summary = first if len(first) <= _SUMMARY_CHARS else first[:_SUMMARY_CHARS].rstrip() + "…"
    more = f" (+{len(lines) - 1} lines)" if len(lines) > 1 else ""
    return Cell("folded", text, summary=summary, more=more)


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def cell(value: Any, field_type: str = "Text", *, date_only: bool = False, zone: dt.tzinfo = dt.timezone.utc,
         flagged: Collection[str] = ()) -> Cell:
    """One value as its table cell, formatted by the column's field type; a value in `flagged` (the
    embedding application's "needs attention" words) is highlighted."""
    if value is None or value == "" or value == []:
        return Cell()
    if field_type == "Boolean":
        return Cell(text="Yes" if value not in (False, 0, "0", "false", "False") else "No")
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
        return Cell("hash", text, summary=text[:12])
    if text in flagged:
        return Cell("flag", text)
    return _long_text(text)


def render_value(value: Any, field_type: str = "Text", *, date_only: bool = False, zone: dt.tzinfo = dt.timezone.utc,
                 flagged: Collection[str] = ()) -> str:
    """One value as the HTML of its table cell (escaped by the template), formatted as `cell` says."""
    return cell_html(cell(value, field_type, date_only=date_only, zone=zone, flagged=flagged))
