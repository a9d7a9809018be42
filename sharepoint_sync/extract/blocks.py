"""The accepted view of a Word document as plain values: what the reader produces, what field
reading consumes. Pure data; no parsing here.

The reader (`extract.reader`) turns `word/document.xml` (+ headers, text boxes, numbering) into a
`DocView` exactly as Word shows it with all tracked changes accepted. Field reading
(`extract.fields`) interprets a `DocView` and never sees XML.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal, TypeVar

T = TypeVar("T")

Source = Literal["body", "header", "footer", "textbox"]


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting (adjacent runs of equal formatting are merged)."""

    text: str
    bold: bool = False
    #: tag (or, failing that, alias/title) of the innermost content control (w:sdt) around this text
    field_tag: str | None = None
    #: True when the text is the content control's placeholder (w:showingPlcHdr) rather than typed
    placeholder: bool = False


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as Word shows it. Checkbox content controls appear as a '☒'/'☐' run."""

    runs: tuple[Run, ...]
    style: str | None = None
    #: Word numbering (w:numPr, direct or via style): the level, and the number format of that level
    #: ("bullet", "decimal", "lowerLetter", ...); None when the paragraph is not in a Word list.
    #: Typed markers ("•", "1.") are left in the text: interpreting them is field reading's job.
    list_level: int | None = None
    list_format: str | None = None
    #: heading level from the style's outline level (1 = Heading 1), None for body text
    heading_level: int | None = None
    source: Source = "body"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Cell:
    """A table cell: its blocks in order (paragraphs and nested tables)."""

    blocks: tuple["Block", ...]

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks if isinstance(b, Paragraph))


@dataclass(frozen=True)
class Table:
    """A table; merged cells appear once (grid spans are not repeated)."""

    rows: tuple[tuple[Cell, ...], ...]
    source: Source = "body"


Block = Paragraph | Table


@dataclass(frozen=True)
class DocView:
    """The whole document: headers first (page order), then the body, each in reading order.

    Text boxes are emitted once, in place, as paragraphs with source="textbox" (their VML
    fallback is not read again).
    """

    headers: tuple[Block, ...]
    body: tuple[Block, ...]
    footers: tuple[Block, ...] = ()
    #: main part content type, e.g. "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    content_type: str | None = None


def build(cls: type[T], values: dict[str, Any]) -> T:
    """An instance of the frozen dataclass `cls` from a value for EVERY field, equal to
    `cls(**values)` but without the frozen `__init__`'s one `object.__setattr__` per field (a
    Paragraph costs 2.5 us that way, 0.4 us this way, and a letter has hundreds of paragraphs,
    runs and lines). A wrong number of values raises, so a field added later cannot be silently
    left out (the count, not the names, is checked per call: a set comparison would cost most
    of the gain; the call sites' names are fixed code, covered by the reader tests). `cls` must be an
    ordinary class, also in the release build (docs/architecture.md, "Two builds of one source")."""
    count = _FIELD_COUNT.get(cls)
    if count is None:
        count = _FIELD_COUNT[cls] = len(_field_names(cls))
    if len(values) != count:
        raise TypeError(f"{cls.__name__} needs exactly the fields {sorted(_field_names(cls))}")
    instance = _new(cls)
    instance.__dict__.update(values)
    return instance


_new = object.__new__
_FIELD_COUNT: dict[type, int] = {}
_FIELD_NAMES: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> frozenset[str]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in fields(cls))
    return names
