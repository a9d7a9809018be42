"""WordprocessingML that editing in Word leaves behind, for variants: smart tags, custom XML
wrappers, complex fields (HYPERLINK, FORMCHECKBOX), moved and deleted paragraphs under Track
Changes, block-level content controls, a signature image.

References: ECMA-376 Part 1 §17.5.1.9 (smartTag), §17.5.1.3 (customXml), §17.16.18 (fldChar,
instrText: a complex field shows its result, not its instruction), §17.13.5.22-25 (moveFrom/moveTo
and their range markers), §17.13.5.15 (a deleted paragraph mark, w:del in the mark's w:rPr).
"""
from __future__ import annotations

import math
import struct
import zlib
from datetime import datetime

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from iln_demo.forms import ooxml


def wrapped(kind: str, runs: list):
    """Runs inside a smart tag ('smart_tag') or a custom XML element ('custom_xml')."""
    if kind == "smart_tag":
        wrapper = OxmlElement("w:smartTag")
        wrapper.set(qn("w:uri"), "urn:schemas-microsoft-com:office:smarttags")
        wrapper.set(qn("w:element"), "PlaceName")
    else:
        wrapper = OxmlElement("w:customXml")
        wrapper.set(qn("w:uri"), "http://schemas.example.org/district-forms")
        wrapper.set(qn("w:element"), "districtName")
    for run in runs:
        wrapper.append(run)
    return wrapper


def _field_char(kind: str):
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def hyperlink_field(url: str, text: str) -> list:
    """A complex HYPERLINK field: begin, instruction, separate, the shown result, end."""
    instruction = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.text = f' HYPERLINK "{url}" '
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instruction.append(instr)
    return [_field_char("begin"), instruction, _field_char("separate"),
            ooxml.make_run(text, link=True), _field_char("end")]


def _revision_mark(kind: str, rev_id: int, when: datetime):
    mark = OxmlElement(f"w:{kind}")
    mark.set(qn("w:id"), str(rev_id))
    mark.set(qn("w:author"), ooxml.REVISION_AUTHOR)
    mark.set(qn("w:date"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return mark


def _mark_paragraph(paragraph, kind: str, rev_id: int, when: datetime) -> None:
    """Flag the paragraph mark itself as deleted/moved (so accepting removes the paragraph)."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    rpr.append(_revision_mark(kind, rev_id, when))
    ppr.append(rpr)


def deleted_paragraph(paragraph, runs: list, rev_id: int, when: datetime) -> None:
    """Fill `paragraph` with runs deleted under Track Changes, its mark deleted too."""
    _mark_paragraph(paragraph, "del", rev_id, when)
    paragraph._p.append(ooxml.tracked("del", runs, rev_id + 1, when))


def moved_paragraph(paragraph, runs: list, kind: str, rev_id: int, when: datetime, name: str) -> None:
    """Fill `paragraph` with the source ('moveFrom') or destination ('moveTo') side of a move."""
    _mark_paragraph(paragraph, kind, rev_id, when)
    start = OxmlElement(f"w:{kind}RangeStart")
    start.set(qn("w:id"), str(rev_id + 1))
    start.set(qn("w:author"), ooxml.REVISION_AUTHOR)
    start.set(qn("w:date"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    start.set(qn("w:name"), name)
    body = _revision_mark(kind, rev_id + 2, when)
    for run in runs:
        if kind == "moveFrom":
            for t in run.iter(qn("w:t")):
                t.tag = qn("w:delText")
        body.append(run)
    end = OxmlElement(f"w:{kind}RangeEnd")
    end.set(qn("w:id"), str(rev_id + 1))
    paragraph._p.extend((start, body, end))


def legacy_checkbox(checked: bool) -> list:
    """A Word 97-2003 form-field checkbox (FORMCHECKBOX): no glyph in the text, state in w:ffData."""
    begin = _field_char("begin")
    state = "<w:checked/>" if checked else ""
    begin[0].append(parse_xml(
        f'<w:ffData {nsdecls("w")}><w:name w:val=""/><w:enabled/><w:calcOnExit w:val="0"/>'
        f'<w:checkBox><w:sizeAuto/><w:default w:val="0"/>{state}</w:checkBox></w:ffData>'))
    instruction = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.text = " FORMCHECKBOX "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instruction.append(instr)
    return [begin, instruction, _field_char("end")]


def block_control(paragraphs: list, tag: str, alias: str, sdt_id: int) -> None:
    """Wrap consecutive body paragraphs in one block-level rich text content control."""
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{tag}"/>'
                    f'<w:id w:val="{sdt_id}"/></w:sdtPr><w:sdtContent/></w:sdt>')
    first = paragraphs[0]._p
    first.addprevious(sdt)
    content = sdt.find(qn("w:sdtContent"))
    assert content is not None   # parsed just above
    for paragraph in paragraphs:
        content.append(paragraph._p)


def signature_png(width: int = 96, height: int = 24) -> bytes:
    """A small grayscale PNG of a pen stroke, standing in for a scanned signature image."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type 0 for each scanline
        for x in range(width):
            on = abs((y - height // 2) - int((height // 3) * math.sin(x / 7))) <= 1
            row.append(40 if on else 255)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
