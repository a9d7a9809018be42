"""Markup helpers of the accepted-view reader: markup-compatibility choices (ECMA-376 part 3,
10.2: mc:AlternateContent shows its first understood mc:Choice, mc:Fallback only without one),
text boxes under drawings, merging text pieces into runs, and lenient attribute numbers.
"""
from __future__ import annotations

from typing import overload

from lxml import etree

from sharepoint_sync.extract.blocks import Run, build

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def choice(alternate: etree._Element) -> etree._Element:
    """The first mc:Choice of an mc:AlternateContent (what Word shows); mc:Fallback only without one."""
    picked = next(alternate.iterchildren(f"{MC}Choice"), None)  # = find(), without the path engine
    if picked is None:
        picked = next(alternate.iterchildren(f"{MC}Fallback"), None)
    return picked if picked is not None else etree.Element("empty")


def text_boxes(element: etree._Element, txbx: str) -> list[etree._Element]:
    """Outermost text-box contents under a drawing, reading mc:Choice and never mc:Fallback."""
    found: list[etree._Element] = []
    for child in element:
        tag = child.tag
        if tag == txbx:
            found.append(child)
        elif tag == f"{MC}AlternateContent":
            found.extend(text_boxes(choice(child), txbx))
        elif tag != f"{MC}Fallback" and isinstance(tag, str):
            found.extend(text_boxes(child, txbx))
    return found


def merge(pieces: list[tuple]) -> tuple[Run, ...]:
    """Adjacent pieces with equal (bold, field_tag, placeholder) become one Run."""
    if len(pieces) == 1:  # the common case: one piece, one run
        return (_run(pieces[0][0], pieces[0][1:]),)
    runs: list[Run] = []
    text: list[str] = []
    key: tuple = ()
    for piece in pieces:
        piece_text, piece_key = piece[0], piece[1:]
        if piece_key != key and text:
            runs.append(_run("".join(text), key))
            text = []
        key = piece_key
        text.append(piece_text)
    if text:
        runs.append(_run("".join(text), key))
    return tuple(runs)


def _run(text: str, key: tuple) -> Run:
    bold, field_tag, placeholder = key
    return build(Run, {"text": text, "bold": bold, "field_tag": field_tag, "placeholder": placeholder})


def val(node: etree._Element | None, w: str) -> str | None:
    return node.get(f"{w}val") if node is not None else None


@overload
def to_int(value: str | None, default: int = 0) -> int: ...
@overload
def to_int(value: str | None, default: None) -> int | None: ...
def to_int(value: str | None, default: int | None = 0) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
