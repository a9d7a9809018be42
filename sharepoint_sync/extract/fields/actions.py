"""Points of action and their bold focus phrases.

Points are the list items of the plan part (Word numbering, list styles or typed markers such as
"•", "-", "*", "1.", "1)", "a)"); where the district typed plain paragraphs, each paragraph is a
point. Markers are dropped, white space folded, quotes kept as written. Focus areas are the
phrases set in bold inside points: consecutive bold runs (and the spaces between them) are one
phrase.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import Doc, Line
from .sections import is_plan_instruction, plan_span
from .text import fold, is_blank, remove_placeholders

_MARKER_RE = re.compile(
    r"^\s*(?:[•·▪◦‣∙●○■□➢➤►✓✔\-–—*+>]+|\(?\d{1,2}\s*[.)]|\(?[a-zA-Z][.)](?=\s|[A-Z\"“'‘])|\(?[ivx]{1,4}[.)](?=\s))\s*"
)
_TRAILING_PUNCT = " \t:;,."


@dataclass(frozen=True)
class Plan:
    """The points of action and focus areas, and whether a placeholder was left in the plan."""

    points: tuple[str, ...] = ()
    focus_areas: tuple[str, ...] = ()
    placeholder: bool = False


def read_plan(doc: Doc) -> Plan:
    """The district plan's points of action (in order) and their bold focus phrases."""
    span = plan_span(doc)
    if span is None:
        return Plan()
    lines = doc.lines[span[0]:span[1]]
    # a plan typed in the value cell of a "District Plan | ..." row is read like body paragraphs
    cell = lines[0].cell if lines and all(ln.cell == lines[0].cell for ln in lines) else None
    candidates = [ln for ln in lines if _is_candidate(ln, cell)]
    listed = [ln for ln in candidates if _is_list_item(ln)]
    chosen = _with_sub_items(listed or candidates) or _table_points(doc, span)
    points, focus, placeholder = [], [], any(ln.placeholder for ln in candidates)
    for group in chosen:
        for pieces in _split_inline_numbers(_pieces(group)):
            text, phrases = _point(pieces)
            if text:
                points.append(text)
                focus.extend(phrases)
    return Plan(tuple(points), tuple(focus), placeholder)


def _with_sub_items(lines: list[Line]) -> list[list[Line]]:
    """One group per point: a Word list item nested deeper than the plan's top list level ("a.",
    "b." under "1.") details the point above it and joins it rather than counting as a point."""
    levels = [ln.list_level for ln in lines if ln.list_level is not None]
    top = min(levels) if levels else None
    groups: list[list[Line]] = []
    for line in lines:
        if groups and top is not None and line.list_level is not None and line.list_level > top:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _is_candidate(line: Line, cell: tuple[int, int, int] | None = None) -> bool:
    """A body paragraph (or a paragraph of the plan's own cell) that is not the form's instruction."""
    return line.cell == cell and not is_plan_instruction(line) and not is_blank(line.raw)


def _is_list_item(line: Line) -> bool:
    """A Word list item, a list-styled paragraph, or a paragraph starting with a typed marker."""
    if line.list_level is not None or (line.style and "list" in line.style.lower()):
        return True
    return (marker := _MARKER_RE.match(line.raw)) is not None and marker.group(0).strip() != ""


_HEADER_CELL_RE = re.compile(r"^(#|no\.?|number|actions?|points? of action|descriptions?|focus|details?|"
                             r"steps?|strateg(y|ies)|goals?)$")
_NUMBER_CELL_RE = re.compile(r"^\W*(\d{1,2}|[a-z]|[ivx]{1,4})?\W*$")


def _table_points(doc: Doc, span: tuple[int, int]) -> list[list[Line]]:
    """Points typed in a table inside the plan ("# | Point of action"): one point per row whose
    only substantive cell holds it; header rows are skipped. A row with two substantive cells
    ("Action | Description") is not guessed at: no points, so the letter goes to review."""
    numbers = sorted({ln.cell[0] for ln in doc.lines[span[0]:span[1]] if ln.cell is not None})
    groups: list[list[Line]] = []
    for number in numbers:
        for row in doc.tables[number].rows:
            cells = [[doc.lines[i] for i in cell if (at := doc.lines[i].cell) is not None and at[0] == number] for cell in row]
            texts = [" ".join(ln.key for ln in cell if ln.text).strip() for cell in cells]
            if all(not t or _HEADER_CELL_RE.match(t) for t in texts):
                continue
            substantive = [cell for cell, t in zip(cells, texts, strict=True) if t and not _NUMBER_CELL_RE.match(t)]
            if len(substantive) != 1:
                return []
            groups.append([ln for ln in substantive[0] if _is_candidate_text(ln)])
    return [g for g in groups if g]


def _is_candidate_text(line: Line) -> bool:
    return not is_plan_instruction(line) and not is_blank(line.raw)


def _pieces(group: list[Line]) -> list[tuple[str, bool]]:
    """The (text, bold) runs of a point's paragraphs, joined by a space."""
    pieces: list[tuple[str, bool]] = []
    for n, line in enumerate(group):
        if n:
            pieces.append((" ", False))
        pieces.extend((r.text, r.bold) for r in line.runs if not r.placeholder)
    return pieces


_FIRST_NUMBER_RE = re.compile(r"^\s*\(?1\s*(?P<sep>[.)])\s")


def _split_inline_numbers(pieces: list[tuple[str, bool]]) -> list[list[tuple[str, bool]]]:
    """ "1) We will ... 2) We will ..." typed in one paragraph is several points: cut before
    each next number written the same way as the first (2, 3, ... in order)."""
    joined = "".join(t for t, _ in pieces).replace("\u00a0", " ")
    first = _FIRST_NUMBER_RE.match(joined)
    if first is None:
        return [pieces]
    cuts, number, at = [], 2, first.end()
    while number < 20:
        # the next number follows the end of a sentence or clause ("... POL. 2) We ...", "...; 2) ..."),
        # so "in grade 2. Teachers ..." inside a point is never a cut
        nxt = re.compile(r"[.;:!?,]\s+(?P<num>\(?" + str(number) + re.escape(first.group("sep")) + r")\s").search(joined, at)
        if nxt is None:
            break
        cuts.append(nxt.start("num"))
        at, number = nxt.end(), number + 1
    return _cut(pieces, cuts) if cuts else [pieces]


def _cut(pieces: list[tuple[str, bool]], cuts: list[int]) -> list[list[tuple[str, bool]]]:
    """The runs split at the given character offsets."""
    parts: list[list[tuple[str, bool]]] = [[]]
    offset, bounds = 0, list(cuts)
    for text, bold in pieces:
        while bounds and offset <= bounds[0] < offset + len(text):
            split = bounds.pop(0) - offset
            parts[-1].append((text[:split], bold))
            parts.append([])
            text, offset = text[split:], offset + split
        parts[-1].append((text, bold))
        offset += len(text)
    return parts


def _point(pieces: list[tuple[str, bool]]) -> tuple[str, list[str]]:
    """The point's text without its marker, and its bold phrases."""
    pieces = _strip_marker(pieces)
    text = fold("".join(t for t, _ in pieces))
    text, _ = remove_placeholders(text)
    if not text or is_blank(text):
        return "", []
    return fold(text), _bold_phrases(pieces)


def _strip_marker(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Drop a typed list marker at the start, even when it spans runs."""
    joined = "".join(t for t, _ in pieces)
    match = _MARKER_RE.match(joined.replace("\u00a0", " "))
    cut = len(match.group(0)) if match and match.group(0).strip() else 0
    out = []
    for text, bold in pieces:
        if cut >= len(text):
            cut -= len(text)
            continue
        out.append((text[cut:], bold))
        cut = 0
    return out


def _bold_phrases(pieces: list[tuple[str, bool]]) -> list[str]:
    """Consecutive bold runs joined into phrases; white space between bold runs does not split."""
    phrases, current = [], []
    for text, bold in pieces:
        if bold:
            current.append(text)
        elif current and not text.strip():
            current.append(text)
        elif current:
            phrases.append("".join(current))
            current = []
    if current:
        phrases.append("".join(current))
    cleaned = (fold(p).strip(_TRAILING_PUNCT) for p in phrases)
    return [p for p in cleaned if p and not is_blank(p)]
