"""Small Word packages built in the tests from raw XML (no binary fixtures committed)."""
from __future__ import annotations

import io
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def document_xml(body: str, sect: str = "") -> str:
    """A w:document around `body` (paragraph/table XML) and an optional w:sectPr body."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document {NAMESPACES}><w:body>{body}<w:sectPr>{sect}</w:sectPr></w:body></w:document>')


def part_xml(root: str, body: str) -> str:
    """A header (`hdr`), footer (`ftr`), styles or numbering root around `body`."""
    return f'<?xml version="1.0" encoding="UTF-8"?><w:{root} {NAMESPACES}>{body}</w:{root}>'


def make_docx(body: str = "<w:p><w:r><w:t>Hello</w:t></w:r></w:p>", *, sect: str = "",
              styles: str | None = None, numbering: str | None = None,
              headers: dict[str, str] | None = None, content_type: str = DOCUMENT_TYPE,
              document: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .docx: `headers` maps rId -> (header or footer) part XML, named by its root."""
    parts: dict[str, bytes] = {}
    overrides = [("/word/document.xml", content_type)]
    rels = []
    if styles is not None:
        parts["word/styles.xml"] = part_xml("styles", styles).encode()
        rels.append(("rIdStyles", "styles", "styles.xml"))
    if numbering is not None:
        parts["word/numbering.xml"] = part_xml("numbering", numbering).encode()
        rels.append(("rIdNumbering", "numbering", "numbering.xml"))
    for rel_id, xml in (headers or {}).items():
        kind = "header" if "<w:hdr" in xml else "footer"
        name = f"{kind}{rel_id}.xml"
        parts[f"word/{name}"] = xml.encode()
        rels.append((rel_id, kind, name))
    parts["word/document.xml"] = (document or document_xml(body, sect)).encode()
    parts["word/_rels/document.xml.rels"] = _rels(rels).encode()
    parts["_rels/.rels"] = _rels([("rId1", "officeDocument", "word/document.xml")]).encode()
    parts["[Content_Types].xml"] = _content_types(overrides).encode()
    parts.update(extra or {})
    return zip_bytes(parts)


def zip_bytes(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The parts zipped, in the given order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _rels(rels: list[tuple[str, str, str]]) -> str:
    items = "".join(f'<Relationship Id="{i}" Type="{REL}/{t}" Target="{target}"/>' for i, t, target in rels)
    return ('<?xml version="1.0" encoding="UTF-8"?><Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>')


def _content_types(overrides: list[tuple[str, str]]) -> str:
    items = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    return ('<?xml version="1.0" encoding="UTF-8"?><Types '
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{items}</Types>')
