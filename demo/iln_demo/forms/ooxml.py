"""Low-level WordprocessingML that python-docx has no API for: content controls (w:sdt), fresh
numbered lists, tracked changes, text boxes, and a byte-stable save.

References: ECMA-376 Part 1 §17.5.2 (structured document tags: sdtPr, showingPlcHdr, date,
text), MS-DOCX §2.6.1 (w14:checkbox, checkedState/uncheckedState as hex code points),
§17.9 (numbering: abstractNum/num) and §17.13.5 (revisions: w:ins, w:del, w:delText).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import RGBColor
from lxml import etree

W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W14 = f"{{{W14_NS}}}"
CHECKED_GLYPH, UNCHECKED_GLYPH = "\u2612", "\u2610"  # ☒ ☐ as Word's checkbox control shows them
CHECKBOX_FONT = "MS Gothic"
PLACEHOLDER_STYLE = "PlaceholderText"
#: a fixed author and revision date so tracked changes are reproducible
REVISION_AUTHOR = "District Office"

#: a run: (text, bold)
Segment = tuple[str, bool]


def paragraph(container, text: str = "", style_id: str | None = None):
    """Append a paragraph with a style given by its id ('ListParagraph', 'Heading1').

    python-docx resolves style *names* by scanning every style on each call, which dominated
    generation time; the ids of the default template's styles are fixed, so set them directly.
    """
    added = container.add_paragraph(text)
    if style_id:
        added._p.style = style_id
    return added


def ensure_placeholder_style(document: DocxDocument) -> None:
    """Add Word's gray 'Placeholder Text' character style that placeholder runs use."""
    names = {s.name for s in document.styles}
    if "Placeholder Text" not in names:
        style = document.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
        style.font.color.rgb = RGBColor(0x80, 0x80, 0x80)


def make_run(text: str, *, bold: bool = False, style: str | None = None, font: str | None = None,
             not_bold: bool = False, link: bool = False):
    """A w:r element holding `text` (tabs become w:tab, newlines w:br, spaces preserved).

    `not_bold` writes an explicit <w:b w:val="0"/> (Word does after un-bolding); `link` styles the
    run as Word styles a hyperlink (blue, underlined).
    """
    run = OxmlElement("w:r")
    if bold or style or font or not_bold or link:
        rpr = OxmlElement("w:rPr")
        if style:
            rstyle = OxmlElement("w:rStyle")
            rstyle.set(qn("w:val"), style)
            rpr.append(rstyle)
        if font:
            fonts = OxmlElement("w:rFonts")
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
                fonts.set(qn(attr), font)
            fonts.set(qn("w:hint"), "eastAsia")
            rpr.append(fonts)
        if bold or not_bold:
            for name in ("w:b", "w:bCs"):
                flag = OxmlElement(name)
                if not_bold:
                    flag.set(qn("w:val"), "0")
                rpr.append(flag)
        if link:
            color, underline = OxmlElement("w:color"), OxmlElement("w:u")
            color.set(qn("w:val"), "0563C1")
            underline.set(qn("w:val"), "single")
            rpr.extend((color, underline))
        run.append(rpr)
    for line_index, line in enumerate(text.split("\n")):
        if line_index:
            run.append(OxmlElement("w:br"))
        for index, piece in enumerate(line.split("\t")):
            if index:
                run.append(OxmlElement("w:tab"))
            if piece:
                t = OxmlElement("w:t")
                t.text = piece
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                run.append(t)
    return run


def hyperlink(document: DocxDocument, url: str, text: str):
    """A w:hyperlink to an external `url` (e.g. mailto:) showing `text`, as Word's AutoFormat makes it."""
    rel_id = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    link.set(qn("w:history"), "1")
    link.append(make_run(text, link=True))
    return link


class ControlIds:
    """Hands out w:id values for content controls: unique, deterministic (no random ids)."""

    def __init__(self, start: int = 100001) -> None:
        self._next = start

    def take(self) -> int:
        value = self._next
        self._next += 1
        return value


def _sdt_pr(tag: str, alias: str, sdt_id: int, *, placeholder: bool) -> etree._Element:
    pr = OxmlElement("w:sdtPr")
    if placeholder:
        rpr = OxmlElement("w:rPr")
        rstyle = OxmlElement("w:rStyle")
        rstyle.set(qn("w:val"), PLACEHOLDER_STYLE)
        rpr.append(rstyle)
        pr.append(rpr)
    for name, value in (("w:alias", alias), ("w:tag", tag), ("w:id", str(sdt_id))):
        el = OxmlElement(name)
        el.set(qn("w:val"), value)
        pr.append(el)
    lock = OxmlElement("w:lock")  # the district can type in the field but not delete it
    lock.set(qn("w:val"), "sdtLocked")
    pr.append(lock)
    if placeholder:
        pr.append(OxmlElement("w:showingPlcHdr"))
    return pr


def text_control(tag: str, alias: str, sdt_id: int, placeholder: str, *, rich: bool = False,
                 date_format: str | None = None):
    """A run-level content control showing `placeholder` (plain text, rich text or date picker)."""
    sdt = OxmlElement("w:sdt")
    pr = _sdt_pr(tag, alias, sdt_id, placeholder=True)
    if date_format:
        pr.append(parse_xml(
            f'<w:date {nsdecls("w")}><w:dateFormat w:val="{date_format}"/><w:lid w:val="en-US"/>'
            '<w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>'))
    elif not rich:
        pr.append(OxmlElement("w:text"))
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    content.append(make_run(placeholder, style=PLACEHOLDER_STYLE))
    sdt.append(content)
    return sdt


def checkbox_control(tag: str, alias: str, sdt_id: int, checked: bool = False):
    """A w14:checkbox content control showing ☒ or ☐ (MS Gothic, as Word inserts it)."""
    sdt = OxmlElement("w:sdt")
    pr = _sdt_pr(tag, alias, sdt_id, placeholder=False)
    pr.append(parse_xml(
        f'<w14:checkbox xmlns:w14="{W14_NS}"><w14:checked w14:val="{int(checked)}"/>'
        f'<w14:checkedState w14:val="2612" w14:font="{CHECKBOX_FONT}"/>'
        f'<w14:uncheckedState w14:val="2610" w14:font="{CHECKBOX_FONT}"/></w14:checkbox>'))
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    content.append(make_run(CHECKED_GLYPH if checked else UNCHECKED_GLYPH, font=CHECKBOX_FONT))
    sdt.append(content)
    return sdt


def wrap_in_control(runs: list, tag: str, alias: str, sdt_id: int, *, plain: bool = True):
    """A content control that already holds `runs` (a filled field, no placeholder)."""
    sdt = OxmlElement("w:sdt")
    pr = _sdt_pr(tag, alias, sdt_id, placeholder=False)
    if plain:
        pr.append(OxmlElement("w:text"))
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    for run in runs:
        content.append(run)
    sdt.append(content)
    return sdt


def controls_by_tag(root) -> dict[str, Any]:
    """Every w:sdt under `root` by its w:tag value (first one wins)."""
    found: dict[str, Any] = {}
    for sdt in root.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if tag is not None:
            found.setdefault(tag.get(qn("w:val")), sdt)
    return found


def set_control_segments(sdt, segments: list[Segment]) -> None:
    """Replace a control's content by typed runs and drop its placeholder state."""
    pr = sdt.find(qn("w:sdtPr"))
    for name in ("w:showingPlcHdr", "w:rPr"):
        el = pr.find(qn(name))
        if el is not None:
            pr.remove(el)
    content = sdt.find(qn("w:sdtContent"))
    for child in list(content):
        content.remove(child)
    for text, bold in segments:
        content.append(make_run(text, bold=bold))


def set_control_date(sdt, when: date) -> None:
    """Record the picked date on a date control (w:fullDate), as Word does when one is picked."""
    date_el = sdt.find(f"{qn('w:sdtPr')}/{qn('w:date')}")
    if date_el is not None:
        date_el.set(qn("w:fullDate"), f"{when.isoformat()}T00:00:00Z")


def set_checkbox(sdt, checked: bool) -> None:
    """Tick or clear a checkbox control: the w14:checked flag and the glyph shown."""
    flag = sdt.find(f"{qn('w:sdtPr')}/{W14}checkbox/{W14}checked")
    flag.set(f"{W14}val", "1" if checked else "0")
    texts = list(sdt.find(qn("w:sdtContent")).iter(qn("w:t")))
    texts[0].text = CHECKED_GLYPH if checked else UNCHECKED_GLYPH


_ABSTRACT_BULLET = (
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl>')
_ABSTRACT_DECIMAL = (
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>')


def new_list(document: DocxDocument, fmt: str) -> int:
    """Add a fresh list definition ('bullet' or 'decimal') to numbering.xml; returns its numId.

    Each list gets its own abstractNum + num so numbering restarts at 1, as Word does for a new list.
    """
    numbering = document.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    level = _ABSTRACT_BULLET if fmt == "bullet" else _ABSTRACT_DECIMAL
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="hybridMultilevel"/>{level}</w:abstractNum>')
    # abstractNum elements must precede every w:num (ECMA-376 §17.9.17 sequence)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = numbering.add_num(abstract_id)
    return int(num.numId)


def set_numbering(paragraph, num_id: int, level: int = 0) -> None:
    """Put a python-docx paragraph into the list `num_id` at `level` (direct w:numPr)."""
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(num_pr)
    else:
        ppr.insert(0, num_pr)


def tracked(kind: str, runs: list, rev_id: int, when: datetime):
    """Wrap runs in a tracked insertion ('ins') or deletion ('del'; w:t becomes w:delText)."""
    wrapper = OxmlElement(f"w:{kind}")
    wrapper.set(qn("w:id"), str(rev_id))
    wrapper.set(qn("w:author"), REVISION_AUTHOR)
    wrapper.set(qn("w:date"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    for run in runs:
        if kind == "del":
            for t in run.findall(qn("w:t")):
                t.tag = qn("w:delText")
        wrapper.append(run)
    return wrapper


@dataclass(frozen=True)
class TextBoxText:
    """The paragraphs (each a list of segments) a floating text box holds."""

    paragraphs: tuple[tuple[Segment, ...], ...]


def _txbx_paragraphs(box: TextBoxText) -> str:
    out = []
    for segments in box.paragraphs:
        runs = "".join(_run_xml(text, bold) for text, bold in segments)
        out.append(f"<w:p>{runs}</w:p>")
    return "".join(out)


def _run_xml(text: str, bold: bool) -> str:
    from xml.sax.saxutils import escape
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


_EXTRA_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def text_box_run(box: TextBoxText, shape_id: int):
    """A run holding a floating text box the way Word 2010+ writes it: mc:AlternateContent with a
    DrawingML (wps:txbx) choice and a VML (v:textbox) fallback carrying the same text."""
    inner = _txbx_paragraphs(box)
    xml = (
        f'<w:r {nsdecls("w", "wp", "a")} {_EXTRA_NS}><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="{shape_id}" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="3200400" cy="457200"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        f'<wp:docPr id="{shape_id}" name="Text Box {shape_id}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="3200400" cy="457200"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f'<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape id="TextBox{shape_id}" type="#_x0000_t202" style="width:252pt;height:36pt">'
        f'<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r>'
    )
    return parse_xml(xml)


# python-docx writes each zip member with the wall-clock time; fix it so equal input gives equal bytes
_FIXED_ZIP_TIME = (2023, 6, 1, 0, 0, 0)


def stable_bytes(document: DocxDocument, when: datetime) -> bytes:
    """Save `document` to bytes with fixed core-property dates and zip timestamps (byte-stable)."""
    props = document.core_properties
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
