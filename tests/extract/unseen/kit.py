"""Raw-XML building blocks for the hand-written unseen letters (via tests/extract/docx_factory).

Markup in paragraph text: "**bold**" is a bold run; everything else is plain. Paragraph helpers
return WordprocessingML strings; `package()` zips a letter into .docx bytes.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from tests.extract.docx_factory import make_docx, part_xml

_BOLD = re.compile(r"(\*\*.+?\*\*)")
#: how Word, Google Docs and LibreOffice each switch bold on (all mean "bold")
BOLD_WORD, BOLD_GOOGLE, BOLD_LIBRE = "<w:b/>", '<w:b w:val="1"/>', '<w:b w:val="true"/>'


def r(text: str, bold: str = "", font: str | None = None, size: int | None = None) -> str:
    """One run; `bold` is the w:b element to use (empty for plain)."""
    props = bold
    if font:
        props += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>'
    if size:
        props += f'<w:sz w:val="{size}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def runs(markup: str, bold: str = BOLD_WORD) -> str:
    """Runs for markup text ("plain **bold** plain")."""
    out = []
    for piece in _BOLD.split(markup):
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            out.append(r(piece[2:-2], bold))
        elif piece:
            out.append(r(piece))
    return "".join(out)


def p(markup: str = "", style: str | None = None, num: int | None = None, bold: str = BOLD_WORD,
      inner: str | None = None) -> str:
    """A paragraph: optional style id, Word list (`num` = numId, level 0), or raw `inner` runs."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{ppr}{inner if inner is not None else runs(markup, bold)}</w:p>"


def h(text: str) -> str:
    """A Heading 1 paragraph (needs `STYLES`)."""
    return p(text, style="Heading1")


def page_break() -> str:
    """A paragraph holding a page break."""
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def table(*rows: list[str], bold: str = BOLD_WORD) -> str:
    """A bordered table; each cell is markup, its paragraphs separated by newlines."""
    body = "".join(
        "<w:tr>" + "".join("<w:tc>" + _cell(cell, bold) + "</w:tc>" for cell in row) + "</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{body}</w:tbl>'


def _cell(cell: str, bold: str) -> str:
    """A cell's paragraphs: raw paragraph XML as given, else one paragraph per markup line."""
    if cell.startswith("<w:p"):
        return cell
    return "".join(p(line, bold=bold) for line in cell.split("\n"))


def textbox(*paragraphs: str) -> str:
    """A paragraph anchoring a DrawingML text box with its VML fallback (as Word writes both)."""
    content = "".join(paragraphs)
    return ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<wps:wsp><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx></wps:wsp>'
            '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
            f'<v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict>'
            '</mc:Fallback></mc:AlternateContent></w:r></w:p>')


def inserted(text: str) -> str:
    """A tracked insertion."""
    return f'<w:ins w:id="1" w:author="Jo" w:date="2024-10-14T09:00:00Z">{r(text)}</w:ins>'


def deleted(text: str) -> str:
    """A tracked deletion."""
    return (f'<w:del w:id="2" w:author="Jo" w:date="2024-10-14T09:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


def checkbox(checked: bool) -> str:
    """A Word 2010 checkbox content control showing its glyph."""
    glyph = "☒" if checked else "☐"
    return (f'<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(checked)}"/></w14:checkbox></w:sdtPr>'
            f'<w:sdtContent>{r(glyph)}</w:sdtContent></w:sdt>')


STYLES = ('<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
          '<w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style>')
#: numId 1 = decimal list, numId 2 = bullet list
NUMBERING = ('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/>'
             '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
             '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
             '<w:lvlText w:val="●"/></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>')


def package(blocks: list[str], *, header: list[str] | None = None, styles: bool = True) -> bytes:
    """The letter as .docx bytes; `header` paragraphs go in the default page header;
    `styles=False` writes no styles part (as Google Docs/LibreOffice exports may rely on direct formatting)."""
    headers, sect = None, ""
    if header:
        headers = {"rIdHeader1": part_xml("hdr", "".join(header))}
        sect = '<w:headerReference w:type="default" r:id="rIdHeader1"/>'
    return make_docx("".join(blocks), sect=sect, styles=STYLES if styles else None, numbering=NUMBERING,
                     headers=headers)


def control(text: str, tag: str, placeholder: bool = False) -> str:
    """A plain-text content control tagged `tag`; `placeholder` marks it as still showing its prompt."""
    shown = "<w:showingPlcHdr/>" if placeholder else ""
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{tag}"/><w:tag w:val="{tag}"/>{shown}</w:sdtPr>'
            f"<w:sdtContent>{r(text)}</w:sdtContent></w:sdt>")
