"""The accepted-view reader: a Word package's parts -> `DocView`, as Word shows the document with
every tracked change accepted (ECMA-376 part 1, 17.3 paragraphs/runs, 17.4 tables, 17.5 content
controls, 17.13 revisions, 17.16 fields; markup compatibility: part 3).

* descends into content controls (w:sdt, block/row/cell/run level), tracked insertions, moves-to,
  simple and complex field results, smart tags, custom XML, hyperlinks, bidi containers;
* skips deletions (w:del, w:delText, w:moveFrom), field instructions, hidden (w:vanish) runs;
* text boxes (w:txbxContent) are read once, from the mc:Choice, never again from the VML
  mc:Fallback, and are emitted in place (after their paragraph) with source="textbox";
* checkbox content controls and legacy FORMCHECKBOX fields become a "☒"/"☐" run, a legacy
  FORMDROPDOWN its chosen entry;
* a paragraph whose mark was deleted runs on into the next paragraph (as after Accept All);
* tables: nested tables kept; a vertically merged cell's continuation is an empty cell (content
  once, columns still aligned), w:gridBefore adds leading empty cells, deleted rows are skipped;
* `Paragraph.style` is the style's name ("List Paragraph"), None for the default style;
* not read: comments, footnotes/endnotes, math (m:oMath), w:altChunk imports, VML fallbacks;
* headers and footers come from the section properties through the main part's relationships,
  each distinct part once; both Transitional and Strict (purl.oclc.org) namespaces are read.

lxml only (python-docx is far too slow and drops most of the above). Parts are parsed with the
safe parser of `preflight`.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from lxml import etree

from sharepoint_sync.extract.blocks import Block, Cell, DocView, Paragraph, Source, Table, build
from sharepoint_sync.extract.preflight import Unreadable, parse_part
from sharepoint_sync.extract.reader_glyphs import CHECKED, SYMBOL_FONTS, UNCHECKED, symbol_char, symbol_text
from sharepoint_sync.extract.reader_markup import MC, choice, merge, text_boxes, to_int, val
from sharepoint_sync.extract.reader_package import header_footer_targets, part_name_of_type, relationships
from sharepoint_sync.extract.reader_styles import Numbering, Styles, on_off, styles_and_numbering

W_TRANSITIONAL = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_STRICT = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
#: containers whose children are read as if they stood in the parent (accepted view)
_TRANSPARENT = ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo")
_SKIPPED = ("del", "moveFrom")


def read_docx(parts: Mapping[str, bytes], main_part: str = "word/document.xml",
              content_type: str | None = None) -> DocView:
    """The accepted view of a Word package given as part name -> bytes (e.g. a preflight `Package`)."""
    if main_part not in parts:
        raise Unreadable("corrupt", "no main document part")
    root = parse_part(parts[main_part], main_part)
    w = W_STRICT if str(root.tag).startswith(W_STRICT) else W_TRANSITIONAL
    rels = relationships(parts, main_part)
    styles, numbering = styles_and_numbering(
        parts, part_name_of_type(parts, rels, "styles"), part_name_of_type(parts, rels, "numbering"), w, parse_part)
    reader = _Reader(w, styles, numbering)
    body: list[Block] = []
    for body_element in root.iterchildren(f"{w}body"):
        body.extend(reader.blocks(body_element, "body"))
    headers: list[Block] = []
    footers: list[Block] = []
    for kind, target in header_footer_targets(root, w, rels):
        part = parts.get(target) if target in parts else None
        if part is None:
            continue
        reader.reset_fields()
        blocks = reader.blocks(parse_part(part, target), kind)
        (headers if kind == "header" else footers).extend(blocks)
    return DocView(headers=tuple(headers), body=tuple(body), footers=tuple(footers), content_type=content_type)


def _first_of(children: list, tag: str) -> etree._Element | None:
    """The first of `children` with `tag` (= the parent's find(tag)); properties usually come first."""
    if children and children[0].tag == tag:
        return children[0]
    for child in children:
        if child.tag == tag:
            return child
    return None


def _child(element: etree._Element, tag: str) -> etree._Element | None:
    """The first child with `tag`, as `element.find(tag)` (which goes through lxml's path engine,
    twice the cost; the reader asks for a child of every cell, list paragraph and control)."""
    return next(element.iterchildren(tag), None)


def _properties(props: etree._Element | None) -> dict:
    """A properties element's children by tag, the first of each (what `props.find(tag)` returns),
    read in one pass instead of one search per property."""
    found: dict = {}
    if props is not None:
        for child in props:
            found.setdefault(child.tag, child)
    return found


class _Context:
    """The innermost content control around some text: its tag and placeholder state."""

    __slots__ = ("tag", "placeholder")

    def __init__(self, tag: str | None = None, placeholder: bool = False) -> None:
        self.tag, self.placeholder = tag, placeholder


_NO_CONTROL = _Context()


class _Reader:
    """Walks one part's XML into blocks; holds the complex-field state across paragraphs."""

    def __init__(self, w: str, styles: Styles, numbering: Numbering) -> None:
        self.w, self.styles, self.numbering = w, styles, numbering
        self.t = {name: f"{w}{name}" for name in (
            "p", "r", "t", "tbl", "tr", "tc", "sdt", "sdtPr", "sdtContent", "pPr", "rPr", "tab", "br", "cr",
            "noBreakHyphen", "softHyphen", "sym", "fldChar", "instrText", "delText", "drawing", "pict",
            "txbxContent", "tag", "alias", "showingPlcHdr", "b", "bCs", "rStyle", "pStyle", "numPr", "ilvl",
            "numId", "vanish", "trPr", "tcPr", "vMerge", "gridBefore", "object", "ptab", "ruby", "rubyBase", "rFonts")}
        self.transparent = {f"{w}{name}" for name in _TRANSPARENT}
        self.skipped = {f"{w}{name}" for name in _SKIPPED}
        self.alternate = f"{MC}AlternateContent"
        #: run children that may hold text boxes
        self.graphics = frozenset((f"{w}drawing", f"{w}pict", f"{w}object", self.alternate))
        self.reset_fields()

    def reset_fields(self) -> None:
        #: open complex fields: True once past `separate` (showing the result)
        self.fields: list[bool] = []

    # ---- blocks -------------------------------------------------------------------------------
    def blocks(self, container: etree._Element, source: Source, ctx: _Context = _NO_CONTROL) -> list[Block]:
        """Paragraphs and tables of a body, cell, header, text box or block-level container."""
        out: list[Block] = []
        carried: list[tuple] = []  # runs of a paragraph whose mark was deleted: they join the next
        t = self.t
        for child in container:
            tag = child.tag
            if tag == t["p"]:
                pieces, boxes, mark_deleted, props = self._paragraph_pieces(child, ctx)
                if mark_deleted:
                    carried.extend(pieces)
                    out.extend(boxes)
                    continue
                out.append(self._paragraph(props, carried + pieces if carried else pieces, source))
                out.extend(boxes)
                carried = []
            elif tag == t["tbl"]:
                out.append(self._table(child, source, ctx))
            elif tag == t["sdt"]:
                out.extend(self.blocks(self._sdt_content(child), source, self._control(child, ctx)))
            elif tag in self.transparent:
                out.extend(self.blocks(child, source, ctx))
            elif tag == self.alternate:
                out.extend(self.blocks(choice(child), source, ctx))
        if carried:
            out.append(Paragraph(runs=merge(carried), source=source))
        return out

    def _sdt_content(self, sdt: etree._Element) -> etree._Element:
        content = _child(sdt, self.t["sdtContent"])
        return content if content is not None else etree.Element("empty")

    def _control(self, sdt: etree._Element, outer: _Context) -> _Context:
        props = _child(sdt, self.t["sdtPr"])
        if props is None:
            return outer
        tag = None
        for name in ("tag", "alias"):
            node = _child(props, self.t[name])
            if node is not None and node.get(f"{self.w}val"):
                tag = node.get(f"{self.w}val")
                break
        placeholder = outer.placeholder or bool(on_off(_child(props, self.t["showingPlcHdr"]), self.w))
        return _Context(tag if tag is not None else outer.tag, placeholder)

    def _table(self, table: etree._Element, source: Source, ctx: _Context) -> Table:
        rows = [self._row(tr, source, row_ctx) for tr, row_ctx in self._descend(table, ctx, self.t["tr"])]
        return Table(rows=tuple(row for row in rows if row is not None), source=source)

    def _descend(self, container: etree._Element, ctx: _Context,
                 wanted: str) -> Iterator[tuple[etree._Element, _Context]]:
        """(element, control context) of each `wanted` child (rows of a table, cells of a row),
        looking through row/cell-level content controls and transparent containers (tracked
        insertions, custom XML) around them."""
        for child in container:
            if child.tag == wanted:
                yield child, ctx
            elif child.tag == self.t["sdt"]:
                yield from self._descend(self._sdt_content(child), self._control(child, ctx), wanted)
            elif child.tag in self.transparent:
                yield from self._descend(child, ctx, wanted)

    def _row(self, tr: etree._Element, source: Source, ctx: _Context) -> tuple[Cell, ...] | None:
        props = _child(tr, self.t["trPr"])
        cells: list[Cell] = []
        if props is not None:
            if any(child.tag in self.skipped for child in props):
                return None  # a deleted row
            before = _child(props, self.t["gridBefore"])
            if before is not None:
                cells.extend(Cell(blocks=()) for _ in range(min(to_int(before.get(f"{self.w}val")), 64)))
        for tc, cell_ctx in self._descend(tr, ctx, self.t["tc"]):
            cells.append(self._cell(tc, source, cell_ctx))
        return tuple(cells)

    def _cell(self, tc: etree._Element, source: Source, ctx: _Context) -> Cell:
        props = _child(tc, self.t["tcPr"])
        if props is not None:
            merge = _child(props, self.t["vMerge"])
            if merge is not None and merge.get(f"{self.w}val", "continue") != "restart":
                return Cell(blocks=())  # continuation of a vertically merged cell: content shown once
        return Cell(blocks=tuple(self.blocks(tc, source, ctx)))

    # ---- paragraphs ----------------------------------------------------------------------------
    def _paragraph_pieces(self, p: etree._Element, ctx: _Context) -> tuple[list[tuple], list[Block], bool, tuple]:
        """(text pieces, text-box blocks found in the paragraph, paragraph mark deleted?, what
        `_paragraph` needs of the paragraph's properties)."""
        children = list(p)  # proxies made once: read for the properties, then for the runs
        props = _properties(_first_of(children, self.t["pPr"]))
        style_node = props.get(self.t["pStyle"])
        style_id = style_node.get(f"{self.w}val") if style_node is not None else None
        mark = props.get(self.t["rPr"])
        mark_deleted = mark is not None and any(child.tag in self.skipped for child in mark)
        facts = self.styles.paragraph_facts(style_id or self.styles.default_paragraph)
        paragraph_bold = facts[0] if facts[0] is not None else self.styles.default_bold
        pieces: list[tuple] = []
        boxes: list[Block] = []
        self._inline(children, ctx, bool(paragraph_bold), pieces, boxes)
        return pieces, boxes, mark_deleted, (props, style_id, facts)

    def _paragraph(self, properties: tuple, pieces: list[tuple], source: Source) -> Paragraph:
        props, style_id, (_bold, style_num_id, style_ilvl, heading_level, style_name) = properties
        num_id, ilvl = None, None
        num = props.get(self.t["numPr"])
        if num is not None:
            num_id = val(_child(num, self.t["numId"]), self.w)
            ilvl = to_int(val(_child(num, self.t["ilvl"]), self.w), None)
        if num_id is None:
            num_id = style_num_id
            ilvl = ilvl if ilvl is not None else style_ilvl
        list_format = None
        if num_id not in (None, "0"):
            list_format = self.numbering.format(num_id, ilvl)
        return build(Paragraph, {
            "runs": merge(pieces),
            "style": style_name if style_id else None,  # a direct style is the effective one
            "list_level": (ilvl or 0) if list_format else None,
            "list_format": list_format,
            "heading_level": heading_level,
            "source": source,
        })

    def _inline(self, container: etree._Element | list, ctx: _Context, paragraph_bold: bool,
                pieces: list[tuple], boxes: list[Block]) -> None:
        t = self.t
        run_tag, props_tag = t["r"], t["pPr"]
        for child in container:
            tag = child.tag
            if tag == run_tag:
                self._run(child, ctx, paragraph_bold, pieces, boxes)
            elif tag == props_tag:
                continue  # the paragraph's properties: read by the caller
            elif tag in self.transparent:
                self._inline(child, ctx, paragraph_bold, pieces, boxes)
            elif tag == t["sdt"]:
                inner = self._control(child, ctx)
                glyph = self._checkbox(child)
                if glyph is not None:
                    pieces.append((glyph, False, inner.tag, False))
                else:
                    self._inline(self._sdt_content(child), inner, paragraph_bold, pieces, boxes)
            elif tag == self.alternate:
                self._inline(choice(child), ctx, paragraph_bold, pieces, boxes)
            elif tag == t["ruby"]:  # phonetic guide: the base text is the text; the guide is not
                base = _child(child, t["rubyBase"])
                if base is not None:
                    self._inline(base, ctx, paragraph_bold, pieces, boxes)

    def _checkbox(self, sdt: etree._Element) -> str | None:
        props = _child(sdt, self.t["sdtPr"])
        box = _child(props, f"{W14}checkbox") if props is not None else None
        if box is None:
            return None
        checked = _child(box, f"{W14}checked")
        is_checked = checked is not None and checked.get(f"{W14}val", "1").lower() in ("1", "true", "on")
        return CHECKED if is_checked else UNCHECKED

    def _run(self, r: etree._Element, ctx: _Context, paragraph_bold: bool,
             pieces: list[tuple], boxes: list[Block]) -> None:
        t = self.t
        bold, symbol_font = paragraph_bold, None
        children = list(r)  # one pass makes every child's proxy once; they are read twice below
        node = _first_of(children, t["rPr"])
        if node is not None:
            props = _properties(node)
            if on_off(props.get(t["vanish"]), self.w):
                return  # hidden text: Word does not show it
            bold = self._run_bold(props, paragraph_bold)
            symbol_font = self._symbol_font(props)
        text_tag, props_tag, field_tag = t["t"], t["rPr"], t["fldChar"]
        for child in children:
            tag = child.tag
            if tag == props_tag:
                continue  # read above; shows nothing itself
            if tag == field_tag:
                self._field_char(child, ctx, pieces)
                continue
            if self.fields and not all(self.fields):
                continue  # inside a field instruction: not shown
            if tag == text_tag:
                text = child.text
                if text and symbol_font:
                    text = symbol_text(text, symbol_font)
            else:
                text = self._run_child_text(child, tag)
            if text:
                pieces.append((text, bold, ctx.tag, ctx.placeholder))
            elif tag in self.graphics:
                for box in text_boxes(child, t["txbxContent"]):
                    boxes.extend(self.blocks(box, "textbox", ctx))

    def _run_child_text(self, child: etree._Element, tag: object) -> str | None:
        t = self.t
        if tag == t["t"]:
            return child.text
        if tag == t["tab"] or tag == t["ptab"]:
            return "\t"
        if tag == t["br"] or tag == t["cr"]:
            return "\n"
        if tag == t["noBreakHyphen"]:
            return "-"
        if tag == t["sym"]:
            return symbol_char(child.get(f"{self.w}font") or "", child.get(f"{self.w}char") or "")
        return None

    def _symbol_font(self, props: dict) -> str | None:
        """"wingdings"/"wingdings 2"/"symbol" when the run's text is set in a symbol font."""
        fonts = props.get(self.t["rFonts"])
        if fonts is None:
            return None
        font = (fonts.get(f"{self.w}ascii") or fonts.get(f"{self.w}hAnsi") or "").lower()
        return font if font in SYMBOL_FONTS else None

    def _run_bold(self, props: dict, paragraph_bold: bool) -> bool:
        direct = on_off(props.get(self.t["b"]), self.w)
        if direct is None:
            direct = on_off(props.get(self.t["bCs"]), self.w)
        if direct is not None:
            return direct
        style = props.get(self.t["rStyle"])
        if style is not None:
            styled = self.styles.bold(style.get(f"{self.w}val"))
            if styled is not None:
                return styled
        return paragraph_bold

    def _field_char(self, node: etree._Element, ctx: _Context, pieces: list[tuple]) -> None:
        kind = node.get(f"{self.w}fldCharType")
        if kind == "begin":
            self.fields.append(False)
            shown = self._form_field_value(node)
            if shown:
                pieces.append((shown, False, ctx.tag, ctx.placeholder))
        elif kind == "separate" and self.fields:
            self.fields[-1] = True
        elif kind == "end" and self.fields:
            self.fields.pop()


    def _form_field_value(self, field_char: etree._Element) -> str | None:
        """What a legacy FORMCHECKBOX / FORMDROPDOWN shows: they have no text result of their own."""
        w = self.w
        box = field_char.find(f"{w}ffData/{w}checkBox")
        if box is not None:
            state = box.find(f"{w}checked")
            if state is None:
                state = box.find(f"{w}default")
            return CHECKED if on_off(state, w) else UNCHECKED
        choices = field_char.find(f"{w}ffData/{w}ddList")
        if choices is not None:
            entries = [e.get(f"{w}val", "") for e in choices.iterchildren(f"{w}listEntry")]
            chosen = to_int(val(choices.find(f"{w}result"), w), None)
            if chosen is None:
                chosen = to_int(val(choices.find(f"{w}default"), w))
            return entries[chosen] if chosen is not None and 0 <= chosen < len(entries) else None
        return None
