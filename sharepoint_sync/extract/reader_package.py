"""Package navigation for the reader: relationships of a part and the header/footer parts a
document's sections show (ECMA-376 part 2 (OPC) 9.3; part 1, 17.10 headers and footers).
External relationship targets (TargetMode="External") are never followed.
"""
from __future__ import annotations

import posixpath
from collections.abc import Mapping

from lxml import etree

from sharepoint_sync.extract.blocks import Source
from sharepoint_sync.extract.preflight import RELS_NS, Package, parse_part, read_cached

R_NAMESPACES = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}",
)


def relationships(parts: Mapping[str, bytes], part: str) -> dict[str, tuple[str, str]]:
    """rId -> (relationship type's last segment, target part name) for internal targets of `part`."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in parts:
        return {}
    if isinstance(parts, Package):  # a preflight package: remembered by the part's stored bytes
        return dict(read_cached(parts, rels_name, _relationships_in, folder))
    return _relationships_in(parse_part(parts[rels_name], rels_name), folder)


def _relationships_in(root: etree._Element, folder: str) -> dict[str, tuple[str, str]]:
    found = {}
    for rel in root.iter(f"{RELS_NS}Relationship"):
        if rel.get("TargetMode") == "External":  # never followed (no network, no disk)
            continue
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], posixpath.normpath(target))
    return found


def part_name_of_type(parts: Mapping[str, bytes], rels: dict[str, tuple[str, str]], kind: str) -> str | None:
    """The name of the first related part of `kind` ("styles", "numbering") present in the package."""
    for rel_kind, target in rels.values():
        if rel_kind == kind and target in parts:
            return target
    return None


_REFERENCE_ORDER = {"first": 0, "default": 1, "even": 2}


def header_footer_targets(root: etree._Element, w: str, rels: dict[str, tuple[str, str]]) -> list[tuple[Source, str]]:
    """Header and footer parts in section order (first, default, even within a section), once each."""
    seen: set[str] = set()
    ordered: list[tuple[Source, str]] = []
    for section in root.iter(f"{w}sectPr"):
        references = [ref for ref in section if ref.tag in (f"{w}headerReference", f"{w}footerReference")]
        references.sort(key=lambda ref: _REFERENCE_ORDER.get(ref.get(f"{w}type", "default"), 1))
        for ref in references:
            rel_id = next((ref.get(f"{r}id") for r in R_NAMESPACES if ref.get(f"{r}id")), None)
            rel = rels.get(rel_id or "")
            if rel and rel[0] in ("header", "footer") and rel[1] not in seen:
                seen.add(rel[1])
                ordered.append(("header" if rel[0] == "header" else "footer", rel[1]))
    return ordered
