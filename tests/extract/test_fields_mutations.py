"""Robustness: each public sample letter, rewritten the way other people write the same form
(headings bold instead of styled, typed list markers instead of Word numbering, other caption and
label wording, invisible characters in the district name), still gives its expected record."""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Callable

import pytest

from sharepoint_sync.extract.api import read_view
from sharepoint_sync.extract.blocks import Cell, DocView, Paragraph, Run, Table
from sharepoint_sync.extract.fields import interpret
from sharepoint_sync.extract.fields.dates import find_academic_year, find_date
from sharepoint_sync.extract.registry import default_registry
from tests.fixture_files import LOC_SAMPLES, require

SAMPLES = LOC_SAMPLES
TODAY = dt.date(2026, 11, 28)
Rewrite = Callable[[Paragraph], Paragraph]


def _letters() -> list[Path]:
    return [p for p in sorted(require(SAMPLES).glob("*.expected.json"))
            if json.loads(p.read_text())["status"] in ("ok", "needs_review")]


@cache
def _view(expected: Path) -> DocView:
    return read_view(expected.with_name(json.loads(expected.read_text())["file"]).read_bytes())


def _map(view: DocView, rewrite: Rewrite) -> DocView:
    def block(b):
        if isinstance(b, Paragraph):
            return rewrite(b)
        return Table(tuple(tuple(Cell(tuple(block(x) for x in c.blocks)) for c in row) for row in b.rows), b.source)
    return replace(view, headers=tuple(map(block, view.headers)), body=tuple(map(block, view.body)))


def _plain(p: Paragraph, text: str) -> Paragraph:
    return replace(p, runs=(Run(text, bold=all(r.bold for r in p.runs if r.text.strip())),))


def _headings_to_bold(p: Paragraph) -> Paragraph:
    return replace(p, style=None, heading_level=None, runs=tuple(replace(r, bold=True) for r in p.runs)) if p.heading_level else p


def _bold_to_headings(p: Paragraph) -> Paragraph:
    text = p.text.strip()
    short = 0 < len(text.split()) <= 6 and not text.endswith((".", ":"))
    if short and p.list_level is None and all(r.bold for r in p.runs if r.text.strip()):
        return replace(p, style="Heading2", heading_level=2)
    return p


def _typed(marker: str) -> Rewrite:
    def rewrite(p: Paragraph) -> Paragraph:
        if p.list_level is not None:
            return replace(p, runs=(Run(marker),) + p.runs, style=None, list_level=None, list_format=None)
        return p
    return rewrite


def _wording(old: str, new: str) -> Rewrite:
    return lambda p: _plain(p, p.text.replace(old, new)) if old in p.text else p


def _invisible_in(name: str | None) -> Rewrite:
    spoiled = name[:3] + "\u200b" + name[3:].replace(" ", "\u00a0", 1) if name else None
    return lambda p: _plain(p, p.text.replace(name, spoiled)) if name and name in p.text else p


_DATE_FORMATS = {
    "ordinal": lambda d: f"{d:%B} {d.day}{'th' if 11 <= d.day <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d.day % 10, 'th')}, {d.year}",
    "weekday": lambda d: f"{d:%A}, {d:%B} {d.day}, {d.year}",
    "day_month_year": lambda d: f"{d.day} {d:%B} {d.year}",
    "iso": lambda d: d.isoformat(),
    "abbreviated": lambda d: f"{'Sept' if d.month == 9 else format(d, '%b')}. {d.day}, {d.year}",
    "two_digit_year": lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}",
}
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|[A-Z][a-z]+\.? \d{1,2}(?:st|nd|rd|th)?, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}")


def _redate(fmt: str) -> Rewrite:
    """Write every signature date in another format."""
    def rewrite(p: Paragraph) -> Paragraph:
        match = _DATE_RE.search(p.text)
        day = find_date(match.group(0)).value if match else None
        if day is None or find_academic_year(p.text) or (fmt == "two_digit_year" and not 2000 <= day.year <= 2099):
            return p  # a stated year is not a date; 2108 has no two-digit form (yy is 20YY)
        return _plain(p, p.text[: match.start()] + _DATE_FORMATS[fmt](day) + p.text[match.end():])
    return rewrite


def _label_without_colon(p: Paragraph) -> Paragraph:
    match = re.match(r"^(District|Academic Year|Name|Title|Email):\s*(.*)$", p.text)
    return replace(p, runs=(Run(match.group(1), bold=True), Run(" " + match.group(2)))) if match else p


def _pipes_in_contacts(p: Paragraph) -> Paragraph:
    inline = "@" in p.text and ", " in p.text and "education.ky.gov" not in p.text
    return _plain(p, p.text.replace(", ", " | ")) if inline else p


REWRITES: dict[str, Callable[[dict], Rewrite]] = {
    **{f"date_{fmt}": (lambda chosen: lambda e: _redate(chosen))(fmt) for fmt in _DATE_FORMATS},
    "labels_without_colons": lambda e: _label_without_colon,
    "pipes_between_contact_parts": lambda e: _pipes_in_contacts,
    "headings_bold": lambda e: _headings_to_bold,
    "bold_headings_styled": lambda e: _bold_to_headings,
    "typed_paren_numbers": lambda e: _typed("1) "),
    "typed_asterisks": lambda e: _typed("* "),
    "typed_bullet_tab": lambda e: _typed("\u2022\t"),
    "caption_signature_of": lambda e: _wording("KYILN Participating District, Superintendent/Designee",
                                               "Signature of Superintendent/Designee"),
    "caption_district_signature": lambda e: _wording("For the District (Superintendent or Designee)",
                                                     "District Superintendent or Designee Signature"),
    "date_signed_label": lambda e: _wording("Date:", "Date signed:"),
    "zero_width_in_district": lambda e: _invisible_in(e["district_as_written"]),
}


@pytest.mark.parametrize("name", sorted(REWRITES))
def test_rewritten_samples_read_the_same(name: str) -> None:
    """Every LOC sample rewritten this way still reads as its expected record."""
    wrong = []
    for path in _letters():
        expected = json.loads(path.read_text())
        got = interpret(_map(_view(path), REWRITES[name](expected)), expected["file"], today=TODAY, registry=default_registry()).to_json()
        if name == "zero_width_in_district":  # the invisible character is dropped, the NBSP folded
            got["district_as_written"] = expected["district_as_written"]
        keys = [k for k in expected if k != "review_reasons" and got[k] != expected[k]]
        if keys or set(got["review_reasons"]) != set(expected["review_reasons"]):
            wrong.append((expected["file"], keys))
    assert wrong == []


def test_district_moved_into_the_page_header() -> None:
    """A 'District:' line removed from the body and the name put in the page header reads the same."""
    wrong = []
    for path in _letters():
        expected, view = json.loads(path.read_text()), _view(path)
        body = tuple(b for b in view.body if not (isinstance(b, Paragraph) and b.text.startswith("District:")))
        if len(body) == len(view.body) or not expected["district_as_written"]:
            continue
        moved = replace(view, body=body, headers=(Paragraph((Run(expected["district_as_written"]),), source="header"),))
        got = interpret(moved, expected["file"], today=TODAY, registry=default_registry()).to_json()
        fields = ("district", "district_as_written", "status")
        if tuple(got[f] for f in fields) != tuple(expected[f] for f in fields):
            wrong.append(expected["file"])
    assert wrong == []
