"""Styles and numbering for the reader: what a paragraph or run inherits from `styles.xml` and
`numbering.xml` (ECMA-376 part 1, 17.7 styles and 17.9 numbering).

Kept deliberately simple but right for the common cases: direct formatting, then the character
style's `basedOn` chain, then the paragraph style's chain, then document defaults. Parsed parts
are cached by content hash: letters made from one form share a 350 KB `styles.xml`, and parsing
it again for every letter would cost more than reading the letter itself.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from lxml import etree

_TRUE_OFF = {"0", "false", "off", "none"}
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.I)
_CACHE_SIZE = 32
_CACHEABLE_BYTES = 4_000_000


def on_off(element: etree._Element | None, w: str) -> bool | None:
    """A w:ST_OnOff property: None when absent, False for val 0/false/off, else True."""
    if element is None:
        return None
    return element.get(f"{w}val", "true").lower() not in _TRUE_OFF


@dataclass(frozen=True)
class StyleInfo:
    """What the reader needs of one style, before inheritance."""

    name: str | None
    kind: str | None
    based_on: str | None
    bold: bool | None
    num_id: str | None
    ilvl: int | None
    outline: int | None


@dataclass
class Styles:
    """Styles by id with resolved (inherited) properties, memoised."""

    by_id: dict[str, StyleInfo] = field(default_factory=dict)
    default_paragraph: str | None = None
    default_bold: bool = False
    _memo: dict[tuple[str, str], object] = field(default_factory=dict)
    _facts: dict[str | None, tuple] = field(default_factory=dict)

    def name(self, style_id: str | None) -> str | None:
        info = self.by_id.get(style_id or "")
        return (info.name or style_id) if info else style_id

    def _inherited(self, style_id: str | None, attribute: str) -> object:
        key = (style_id or "", attribute)
        if key in self._memo:
            return self._memo[key]
        value, seen = None, set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            info = self.by_id.get(style_id)
            if info is None:
                break
            value = getattr(info, attribute)
            if value is not None:
                break
            style_id = info.based_on
        self._memo[key] = value
        return value

    def bold(self, style_id: str | None) -> bool | None:
        """Bold as the style (with its basedOn chain) sets it; None when it does not say."""
        return self._inherited(style_id, "bold")  # type: ignore[return-value]  # "bold" holds bool | None

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style carries, inherited through basedOn."""
        return self._inherited(style_id, "num_id"), self._inherited(style_id, "ilvl")  # type: ignore[return-value]  # str/int fields

    def paragraph_facts(self, style_id: str | None) -> tuple:
        """(bold or None, numId, ilvl, heading level, name) of a paragraph style, memoised: the
        reader asks them for every paragraph, and a form uses a handful of styles."""
        facts = self._facts.get(style_id)
        if facts is None:
            num_id, ilvl = self.numbering(style_id)
            facts = self._facts[style_id] = (self.bold(style_id), num_id, ilvl, self.heading_level(style_id),
                                       self.name(style_id))
        return facts

    def heading_level(self, style_id: str | None) -> int | None:
        """1 for Heading 1 ...: the style's outline level, else a "heading N" style name."""
        outline = self._inherited(style_id, "outline")
        if isinstance(outline, int) and 0 <= outline < 9:
            return outline + 1
        match = _HEADING_NAME.match(self.name(style_id) or "")
        return int(match.group(1)) if match else None


@dataclass
class Numbering:
    """numId -> {ilvl: numFmt}, with level overrides and numStyleLink followed once."""

    formats: dict[str, dict[int, str]] = field(default_factory=dict)

    def format(self, num_id: str | None, ilvl: int | None) -> str | None:
        levels = self.formats.get(num_id or "")
        if levels is None:
            return None
        return levels.get(ilvl or 0, "decimal")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _style_info(style: etree._Element, w: str) -> StyleInfo:
    def val(path: str) -> str | None:
        found = style.find(path)
        return found.get(f"{w}val") if found is not None else None

    rpr = style.find(f"{w}rPr")
    bold = None
    if rpr is not None:
        bold = on_off(rpr.find(f"{w}b"), w)
        if bold is None:
            bold = on_off(rpr.find(f"{w}bCs"), w)
    return StyleInfo(
        name=val(f"{w}name"),
        kind=style.get(f"{w}type"),
        based_on=val(f"{w}basedOn"),
        bold=bold,
        num_id=val(f"{w}pPr/{w}numPr/{w}numId"),
        ilvl=_int(val(f"{w}pPr/{w}numPr/{w}ilvl")),
        outline=_int(val(f"{w}pPr/{w}outlineLvl")),
    )


def build_styles(root: etree._Element | None, w: str) -> Styles:
    """Styles from a parsed `styles.xml` root (None: no styles part)."""
    styles = Styles()
    if root is None:
        return styles
    for style in root.iterchildren(f"{w}style"):
        style_id = style.get(f"{w}styleId")
        if not style_id:
            continue
        styles.by_id[style_id] = _style_info(style, w)
        if style.get(f"{w}type") == "paragraph" and style.get(f"{w}default") in ("1", "true", "on"):
            styles.default_paragraph = style_id
    defaults = root.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr")
    if defaults is not None:
        styles.default_bold = bool(on_off(defaults.find(f"{w}b"), w))
    return styles


def build_numbering(root: etree._Element | None, w: str, styles: Styles) -> Numbering:
    """Numbering formats by numId from a parsed `numbering.xml` root."""
    numbering = Numbering()
    if root is None:
        return numbering
    abstract: dict[str, dict[int, str]] = {}
    links: dict[str, str] = {}
    for node in root.iterchildren(f"{w}abstractNum"):
        abstract_id = node.get(f"{w}abstractNumId", "")
        abstract[abstract_id] = _levels(node, w)
        link = node.find(f"{w}numStyleLink")
        if link is not None:
            links[abstract_id] = link.get(f"{w}val", "")
    nums: dict[str, str] = {}
    for num in root.iterchildren(f"{w}num"):
        ref = num.find(f"{w}abstractNumId")
        if ref is not None:
            nums[num.get(f"{w}numId", "")] = ref.get(f"{w}val", "")
    for num_id, abstract_id in nums.items():
        if abstract_id in links:  # a list style: its numId leads to the real definition
            linked_num, _ = styles.numbering(links[abstract_id])
            abstract_id = nums.get(linked_num or "", abstract_id)
        numbering.formats[num_id] = dict(abstract.get(abstract_id, {}))
    for num in root.iterchildren(f"{w}num"):
        for override in num.iterchildren(f"{w}lvlOverride"):
            level = override.find(f"{w}lvl")
            if level is not None:
                numbering.formats.setdefault(num.get(f"{w}numId", ""), {}).update(_levels_of([level], w))
    return numbering


def _levels(abstract: etree._Element, w: str) -> dict[int, str]:
    return _levels_of(abstract.iterchildren(f"{w}lvl"), w)


def _levels_of(levels: Iterable[etree._Element], w: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for level in levels:
        ilvl = _int(level.get(f"{w}ilvl"))
        fmt = level.find(f"{w}numFmt")
        if ilvl is not None:
            found[ilvl] = fmt.get(f"{w}val", "decimal") if fmt is not None else "decimal"
    return found


_cache: dict[tuple, tuple[Styles, Numbering]] = {}


def styles_and_numbering(parts: Mapping[str, bytes], styles_part: str | None, numbering_part: str | None,
                         w: str, parse: Callable[[bytes, str], etree._Element]) -> tuple[Styles, Numbering]:
    """Parsed styles and numbering of the named parts, cached by the parts' content (parse = the
    safe XML parser). The key is the part as stored in the zip when the package can say
    (`Package.stored`): a cache hit then costs neither inflating nor hashing the 350 KB part."""
    key = (w, _content_key(parts, styles_part), _content_key(parts, numbering_part))
    if key in _cache:
        return _cache[key]
    styles_xml = parts[styles_part] if styles_part is not None else None
    numbering_xml = parts[numbering_part] if numbering_part is not None else None
    styles = build_styles(parse(styles_xml, "styles") if styles_xml else None, w)
    numbering = build_numbering(parse(numbering_xml, "numbering") if numbering_xml else None, w, styles)
    if len(styles_xml or b"") + len(numbering_xml or b"") > _CACHEABLE_BYTES:
        return styles, numbering  # a freak part is not worth keeping in the long-lived worker
    if len(_cache) >= _CACHE_SIZE:
        _cache.pop(next(iter(_cache)))
    _cache[key] = (styles, numbering)
    return styles, numbering


def _content_key(parts: Mapping[str, bytes], name: str | None) -> tuple:
    """What the part's content is known by: its stored form, else a digest of its bytes."""
    if name is None:
        return ()
    stored = getattr(parts, "stored", None)
    found = stored(name) if stored is not None else None
    if found is not None:
        return ("stored", *found)
    data = parts[name]
    return ("inflated", hashlib.blake2b(data, digest_size=16).digest() if data else b"")
