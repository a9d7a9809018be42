"""Flatten a DocView into numbered lines (one per paragraph) with their position and formatting.

Every field reader works on this flat view: headers first, then the body in reading order, table
cells row by row (nested tables inside their cell). Each line knows its table coordinates so
table-shaped forms (contacts, signatures) can be read by row and column.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from mypy_extensions import mypyc_attr

from ..blocks import Block, DocView, Paragraph, Run, Table, build
from .text import clean, fold, has_placeholder, has_placeholder_in_clean, norm

_HEADING_STYLE_RE = re.compile(r"^(heading|title|subtitle)", re.IGNORECASE)


@functools.lru_cache(maxsize=512)
def _is_heading_style(style: str) -> bool:
    """A Heading/Title/Subtitle style name (a letter has a handful of styles and hundreds of lines)."""
    return bool(_HEADING_STYLE_RE.match(style))


#: an ordinary class even when mypyc compiles this module: `build` makes hundreds a letter without the
#: frozen `__init__` (a native class would be made by it: 2-3 us each, against 0.5)
@mypyc_attr(native_class=False)
@dataclass(frozen=True)
class Line:
    """One paragraph as a line of text, with where it sits and how it is formatted."""

    index: int
    runs: tuple[Run, ...]
    #: the text a reader sees (placeholder runs dropped, NFKC, invisible characters removed, folded)
    text: str
    #: the text as written (placeholder runs dropped), white space folded only
    raw: str
    style: str | None = None
    list_level: int | None = None
    list_format: str | None = None
    heading_level: int | None = None
    source: str = "body"
    #: (table number, row, column) of the innermost cell holding this line, else None
    cell: tuple[int, int, int] | None = None
    #: a placeholder run or placeholder phrase was found in this paragraph
    placeholder: bool = False
    #: case-folded matching key of `text`
    key: str = ""
    #: what the field readers ask of this line more than once (a caption? a heading?), computed on
    #: first use: several readers scan every line with the same predicates; not part of the value
    memo: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    @property
    def all_bold(self) -> bool:
        """True when every visible character is bold."""
        memo = self.memo
        if "all_bold" not in memo:
            visible = [r for r in self.runs if r.text.strip() and not r.placeholder]
            memo["all_bold"] = bool(visible) and all(r.bold for r in visible)
        return memo["all_bold"]

    @property
    def is_heading(self) -> bool:
        """A section heading: a Heading/Title style, an outline level, or a short all-bold line."""
        memo = self.memo
        if "is_heading" not in memo:
            memo["is_heading"] = self._is_heading()
        return memo["is_heading"]

    def _is_heading(self) -> bool:
        if self.heading_level is not None or (self.style and _is_heading_style(self.style)):
            return bool(self.text)
        if self.cell is not None or self.list_level is not None or not self.all_bold or self.placeholder:
            return False
        return 0 < self.word_count <= 10 and not self.text.endswith((".", ":"))

    @property
    def word_count(self) -> int:
        """The number of white-space separated words of `text` (= of `key`: case folding keeps spaces)."""
        memo = self.memo
        if "word_count" not in memo:
            memo["word_count"] = len(self.text.split())
        return memo["word_count"]


@dataclass(frozen=True)
class TableView:
    """A table as a grid of line-index tuples: rows[r][c] lists the lines of that cell."""

    number: int
    rows: tuple[tuple[tuple[int, ...], ...], ...]


@dataclass(frozen=True)
class Doc:
    """The flattened document: lines in reading order and the tables they came from."""

    lines: tuple[Line, ...]
    tables: tuple[TableView, ...] = field(default=())
    #: results computed once per document by field readers that several others ask for (e.g. the
    #: plan's span): keyed by the reader's name; not part of the value (no compare, repr or hash)
    memo: dict = field(default_factory=dict, init=False, compare=False, repr=False, hash=False)

    def cell_text(self, table: TableView, row: int, col: int) -> str:
        """The visible text of one cell (lines joined by newlines)."""
        cells = self.memo.get("cell_text")
        if cells is None:  # asked again and again (contact grids, signature rows, quotes, initiatives)
            cells = self.memo["cell_text"] = {}
        key = (table.number, row, col)
        found = cells.get(key)
        if found is None:
            if row >= len(table.rows) or col >= len(table.rows[row]):
                found = ""
            else:
                found = "\n".join(self.lines[i].text for i in table.rows[row][col] if self.lines[i].text)
            cells[key] = found
        return found

    def table_of(self, line: Line) -> TableView | None:
        """The innermost table holding `line`, if any."""
        return self.tables[line.cell[0]] if line.cell else None


def flatten(view: DocView) -> Doc:
    """Turn a DocView into a `Doc`: headers, body, then footers, each in reading order."""
    builder = _Builder()
    for block in (*view.headers, *view.body, *view.footers):
        builder.block(block, None)
    tables = tuple(sorted(builder.tables, key=lambda t: t.number))
    return Doc(tuple(builder.lines), tables)


class _Builder:
    """Accumulates lines and tables while walking the block tree."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.tables: list[TableView] = []
        self._next_table = 0

    def block(self, block: Block, cell: tuple[int, int, int] | None) -> list[int]:
        """Add a paragraph or table; the indices of the lines it produced."""
        if isinstance(block, Paragraph):
            return [self.paragraph(block, cell)]
        if _is_layout_box(block):
            # a one-cell table is a frame drawn around content (a whole letter typed inside a box),
            # never a grid of values: read its content as if the frame were not there
            return [i for b in block.rows[0][0].blocks for i in self.block(b, cell)]
        return self.table(block)

    def paragraph(self, p: Paragraph, cell: tuple[int, int, int] | None) -> int:
        """Add one paragraph as a line (placeholder runs dropped from its text, but remembered)."""
        runs = p.runs
        if len(runs) == 1:  # most paragraphs: one run
            only = runs[0]
            written = "" if only.placeholder else only.text
            placeholder = only.placeholder and bool(only.text.strip())  # a placeholder run with visible text
        else:
            shown: list[str] = []
            placeholder = False
            for run in runs:  # one pass: this runs for every paragraph of every letter
                if not run.placeholder:
                    shown.append(run.text)
                elif not placeholder and run.text.strip():
                    placeholder = True
            written = "".join(shown)
        if written.isascii():  # clean is fold for ASCII text, and fold of folded text is itself
            text = raw = fold(written)
            placeholder = placeholder or has_placeholder_in_clean(text)
        else:
            text, raw = clean(written), fold(written)
            placeholder = placeholder or has_placeholder(text)
        line = build(Line, {
            "index": len(self.lines), "runs": p.runs, "text": text, "key": text.casefold(), "raw": raw,
            "style": p.style, "list_level": p.list_level, "list_format": p.list_format,
            "heading_level": p.heading_level, "source": p.source, "cell": cell, "placeholder": placeholder,
            "memo": {},
        })
        self.lines.append(line)
        return line.index

    def table(self, t: Table) -> list[int]:
        """Add a table's cells row by row (nested tables inside their cell)."""
        number = self._next_table
        self._next_table += 1
        rows, all_lines = [], []
        for r, row in enumerate(t.rows):
            cells = []
            for c, cell in enumerate(row):
                found: list[int] = []
                for b in cell.blocks:
                    found.extend(self.block(b, (number, r, c)))
                cells.append(tuple(found))
                all_lines.extend(found)
            rows.append(tuple(cells))
        self.tables.append(TableView(number, tuple(rows)))
        return all_lines


def _is_layout_box(t: Table) -> bool:
    """A table of exactly one row with one cell."""
    return len(t.rows) == 1 and len(t.rows[0]) == 1


def split_label(line: Line, label_re: re.Pattern[str]) -> tuple[str, str] | None:
    """(label, value) when the line starts with a label matched by `label_re`: followed by a colon,
    a tab, or set apart in bold ("**Name** Jane Doe"). `label_re` must match the label only."""
    text = line.text
    match = label_re.match(text)
    if match is None:
        return None
    rest = text[match.end():]
    if re.match(r"\s*[:：]", rest):
        return match.group(0), re.sub(r"^\s*[:：]\s*", "", rest)
    first = next((r for r in line.runs if r.text.strip()), None)
    written = "".join(r.text for r in line.runs)
    bold_label = first is not None and first.bold and label_re.fullmatch(clean(first.text).rstrip(" :"))
    tabbed = re.match(label_re.pattern + r"[ ]*\t", written.lstrip(), label_re.flags)
    if (bold_label or tabbed) and rest[:1] in ("", " "):
        return match.group(0), rest.strip()
    return None


def words(text: str) -> list[str]:
    """The words of a normalised text (letters, digits, apostrophes, hyphens)."""
    return re.findall(r"[\w'’-]+", norm(text))
