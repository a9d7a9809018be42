"""Initiatives the district ticked on the kyiln-2023 form, by their canonical names.

Only a ticked checkbox counts (a ☒/☑/✓ glyph — checkbox content controls reach us as ☒/☐ —
or a typed "[x]"); a mention in prose never does. Results are in the form's order.
"""
from __future__ import annotations

import re

from ...record import INITIATIVES
from .lines import Doc
from .text import norm

_TICKED = "☒☑✓✔✅"
_UNTICKED = "☐□▢"
_BOX_RE = re.compile(r"^\s*(?P<box>[" + _TICKED + _UNTICKED + r"]|\[\s*[xX✓]?\s*\]|\(\s*[xX]?\s*\))\s*(?P<rest>.*)$")
_BOX_AFTER_RE = re.compile(r"^(?P<rest>.*?)\s*(?P<box>[" + _TICKED + _UNTICKED + r"]|\[\s*[xX✓]?\s*\])\s*$")

#: canonical name -> the ways the form (and people) write it, as `norm` keys at the start of a label
_ALIASES = {
    "Local Laboratories of Learning": ("local laboratories of learning", "local labs of learning", "l3"),
    "Portrait of a Learner": ("portrait of a learner",),
    "Project-Based Learning": ("project-based learning", "project based learning", "pbl"),
    "Student Microcredentials": ("student microcredentials", "student micro-credentials", "student micro credentials", "microcredentials"),
    "Deeper Learning": ("deeper learning",),
    "Innovative Teacher Fellowship": ("innovative teacher fellowship", "teacher fellowship"),
}


def read_initiatives(doc: Doc, before: int | None = None) -> tuple[str, ...]:
    """Canonical names of the ticked initiatives, in the form's order (paragraphs or table rows),
    read from the form only (before `before`, the end of the form)."""
    limit = len(doc.lines) if before is None else before
    texts = [ln.text for ln in doc.lines[:limit]]
    texts += [" ".join(_cell_mark(doc.cell_text(t, r, c)).replace("\n", " ") for c in range(len(row)))
              for t in doc.tables for r, row in enumerate(t.rows) if row and row[0] and row[0][0] < limit]
    ticked = {found for text in texts if (found := _ticked_initiative(text))}
    return tuple(name for name in INITIATIVES if name in ticked)


def _cell_mark(text: str) -> str:
    """A table cell holding only a typed "X" is a ticked box (a checklist column); alone in a
    paragraph an "X" is not, since prose may start with one."""
    return "☒" if text.strip() in ("x", "X") else text


def ticked_initiative(text: str) -> str | None:
    """The canonical initiative a line ticks ("☒ Portrait of a Learner"), else None."""
    return _ticked_initiative(text)


#: a box is a glyph, "[...]" or "(...)": text with none of these cannot match either pattern
_BOX_GLYPHS = frozenset(_TICKED + _UNTICKED)


def _ticked_initiative(text: str) -> str | None:
    if "[" not in text and (text.isascii() or _BOX_GLYPHS.isdisjoint(text)) and (
            "(" not in text or text.lstrip()[:1] != "("):
        # no box at all (most lines): skip both patterns, the second one backtracks. Without a
        # glyph or "[" only the first pattern's "(x)" can match, and only at the start (after white
        # space: lstrip and the pattern's \s agree on every code point); prose is full of "("
        return None
    match = _BOX_RE.match(text) or _BOX_AFTER_RE.match(text)
    if match is None or not _is_ticked(match.group("box")):
        return None
    label = norm(match.group("rest")).strip(" *:-")
    for name, aliases in _ALIASES.items():
        if any(label.startswith(alias) and _word_end(label, len(alias)) for alias in aliases):
            return name
    return None


def _is_ticked(box: str) -> bool:
    return box[0] in _TICKED or bool(re.search(r"[xX✓]", box))


def _word_end(label: str, at: int) -> bool:
    return at >= len(label) or not label[at].isalnum()
