"""Pre-flight: decide from the bytes (never the file name) whether a document may be parsed at all.

`preflight(data, limits)` returns either a `Verdict` (the document is `unreadable:<kind>`) or a
`Package`: an opened, validated zip whose parts inflate lazily under the size limits. Pure: the
bytes are already in memory; no disk, network or clock.

Decisions (see tests/fixtures/realworld-docx/README.md for the corpus they were checked on):
* zip (`PK\\x03\\x04`, or `PK\\x05\\x06` for an empty archive) -> an OOXML package, if it has
  `[Content_Types].xml` (else `not_docx`); CFB (`D0CF11E0...`) -> `encrypted` when it holds
  `EncryptionInfo`/`EncryptedPackage` (ECMA-376 part 4 / MS-OFFCRYPTO 2.3.4), `legacy_doc` when
  it holds a `WordDocument` stream with a plausible FIB version (MS-DOC 2.1, 2.5.2; an
  implausible one is `corrupt`), else `not_docx`; anything else -> `not_docx`.
* Main part through the `officeDocument` relationship (Transitional or Strict), content type
  from `[Content_Types].xml`: document or template (`.dotx`, read like a document: the corpus
  manifest expects `not_a_loc` for templates) -> readable; macro-enabled, or any `vbaProject.bin`
  -> `macro_enabled`; any other content type -> `not_docx`.
* Duplicate member names (OPC part names compare case-insensitively), names that zip readers
  disagree on (Info-ZIP Unicode Path extra field), damaged or truncated zips -> `corrupt`.
* Over a limit (file size, member count, inflated sizes declared OR met while inflating,
  compression ratio) -> `too_large`. Any DTD or entity declaration in an XML part -> `corrupt`
  (the manifest allows it for poi__ExternalEntityInText.docx; nothing legitimate needs one).
"""
from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from lxml import etree

from sharepoint_sync.errors import ItemError
from sharepoint_sync.extract.limits import DEFAULT_LIMITS, Limits

_T = TypeVar("_T")

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: FibBase.nFib (MS-DOC 2.5.2): 101-105 for Word 6/95, 193-274 for Word 97-2007; wIdent varies in
#: real files (poi__Bug51944.doc has 0xA699), so only a wildly implausible nFib means corrupt
PLAUSIBLE_NFIB = range(100, 401)
#: below this many inflated bytes a high ratio is harmless (a blank part compresses very well)
RATIO_FLOOR_BYTES = 1_000_000
#: Info-ZIP Unicode Path extra field (APPNOTE.TXT 4.6.9): a second, different member name
UNICODE_PATH_EXTRA = 0x7075

REL_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
READABLE_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)
#: a Word template (.dotx): read like a document, but never a filled letter (issue 13: it needs review)
TEMPLATE_TYPE = READABLE_TYPES[1]
MACRO_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


class Unreadable(ItemError):
    """The document cannot be read safely: becomes an `unreadable:<kind>` record."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__("document is unreadable", kind=kind, detail=detail)
        self.unreadable_kind = kind
        self.detail = detail

    @property
    def reason(self) -> str:
        return f"unreadable:{self.unreadable_kind}"


@dataclass(frozen=True)
class Verdict:
    """Pre-flight refused the document: `kind` is one of record.UNREADABLE_KINDS."""

    kind: str
    detail: str

    @property
    def reason(self) -> str:
        return f"unreadable:{self.kind}"


# remove_blank_text drops only whitespace *between* elements (libxml2 keeps a blank text that is an
# element's whole content, so `<w:t> </w:t>` survives): fewer nodes to build and walk, same text
# (683 letters' records byte-identical with and without it).
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, dtd_validation=False,
    remove_blank_text=True,
)
#: a cheap scan before parsing (UTF-8 and both UTF-16 byte orders); other encodings are caught by
#: the doctype check after parsing, which never loads or expands anything (parser options above)
_DTD_MARKERS = tuple(marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY")
                     for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def parse_part(data: bytes, name: str) -> etree._Element:
    """Parse one XML part safely: no DTD, no entities, no network; bad XML -> Unreadable(corrupt)."""
    # every marker holds "<!" (UTF-8) or "<\0!" (UTF-16, either order): two scans settle most parts
    if (b"<!" in data or b"<\x00!" in data) and any(marker in data for marker in _DTD_MARKERS):
        raise Unreadable("corrupt", f"{name} declares a DTD or entities")
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as error:
        message = str(error).lower()
        # Under the worker's RLIMIT_AS libxml2 fails allocations with "Memory allocation failed"
        # or, from the lxml wrapper, a bare "unknown error" at line 0: out of memory, not bad XML.
        if "memory" in message or message.startswith("unknown error"):
            raise Unreadable("too_large", f"{name} needs more memory than allowed") from None
        raise Unreadable("corrupt", f"{name} is not well-formed XML: {str(error)[:120]}") from None
    if root is None or root.getroottree().docinfo.doctype:
        raise Unreadable("corrupt", f"{name} declares a DTD or is empty")
    return root


#: a zip local file header (APPNOTE.TXT 4.3.7): signature ... file name length, extra field length
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_LOCAL_SIGNATURE = b"PK\x03\x04"
#: general purpose flags zipfile refuses or treats specially: encrypted (bit 0), patched data (bit 5)
_SPECIAL_FLAGS = 0x21


class Package(Mapping[str, bytes]):
    """A validated Word package: part name -> inflated bytes, each read under the limits."""

    def __init__(self, archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], limits: Limits,
                 data: bytes | None = None) -> None:
        self._archive = archive
        self._data = data
        self._infos = infos
        self._limits = limits
        self._inflated_total = 0
        self._cache: dict[str, bytes] = {}
        self.main_part = ""
        self.content_type = ""

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def __contains__(self, name: object) -> bool:
        return name in self._infos

    def __getitem__(self, name: str) -> bytes:
        if name in self._cache:
            return self._cache[name]
        info = self._infos[name]
        cap = min(self._limits.max_member_bytes, self._limits.max_total_bytes - self._inflated_total)
        try:
            with self._archive.open(info) as stream:
                data = stream.read(cap + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as error:
            raise Unreadable("corrupt", f"cannot inflate {name}: {str(error)[:120]}") from None
        if len(data) > cap:
            raise Unreadable("too_large", f"{name} inflates beyond the limit")
        self._inflated_total += len(data)
        self._cache[name] = data
        return data

    def stored(self, name: str) -> tuple | None:
        """What determines the member's inflated bytes without inflating it: (method, CRC, size,
        the compressed bytes as stored). Equal tuples inflate to equal bytes (or fail alike), so a
        cache keyed on it needs no inflating or hashing of the big shared parts (styles.xml).
        None when the bytes cannot be located exactly as zipfile would read them."""
        info = self._infos.get(name)
        if self._data is None or info is None or info.flag_bits & _SPECIAL_FLAGS:
            return None
        start = info.header_offset
        try:
            signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(self._data, start)
        except struct.error:
            return None
        stored_name = self._data[start + 30: start + 30 + name_length]
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"  # as zipfile.ZipFile.open decodes it
        if signature != _LOCAL_SIGNATURE or stored_name.decode(encoding, "replace") != info.orig_filename:
            return None  # zipfile would refuse this member: let the ordinary read raise it
        begin = start + 30 + name_length + extra_length
        if begin + info.compress_size > len(self._data):
            return None
        return info.compress_type, info.CRC, info.file_size, self._data[begin: begin + info.compress_size]

    def xml(self, name: str) -> etree._Element:
        """The part parsed as XML (see `parse_part`)."""
        return parse_part(self[name], name)


def preflight(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Package | Verdict:
    """Classify `data` by content; a readable Word package comes back opened and validated."""
    if len(data) > limits.max_file_bytes:
        return Verdict("too_large", f"file is {len(data)} bytes")
    if data.startswith(CFB_MAGIC):
        return _classify_cfb(data)
    if not data.startswith(ZIP_MAGIC):
        return Verdict("not_docx", "neither a zip package nor an OLE compound file")
    try:
        return _open_package(data, limits)
    except Unreadable as refusal:
        return Verdict(refusal.unreadable_kind, refusal.detail)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError,
            struct.error, OSError, KeyError) as error:
        return Verdict("corrupt", f"damaged zip: {type(error).__name__}")


def _classify_cfb(data: bytes) -> Verdict:
    """Encrypted OOXML vs legacy Word vs other OLE files, by their streams."""
    import olefile  # local: only CFB files pay for it

    try:
        with olefile.OleFileIO(data) as ole:
            streams = {"/".join(path).lower() for path in ole.listdir(streams=True, storages=False)}
            if {"encryptioninfo", "encryptedpackage"} <= streams:
                return Verdict("encrypted", "password-encrypted Office Open XML")
            if "worddocument" not in streams:
                return Verdict("not_docx", "an OLE compound file that is not a Word document")
            fib = ole.openstream("WordDocument").read(4)
    except Exception as error:  # olefile raises many types on damaged headers/FATs
        return Verdict("corrupt", f"damaged OLE compound file: {type(error).__name__}")
    if len(fib) < 4 or struct.unpack_from("<H", fib, 2)[0] not in PLAUSIBLE_NFIB:
        return Verdict("corrupt", "a WordDocument stream without a plausible file information block")
    return Verdict("legacy_doc", "Word 6-2003 binary document")


def _open_package(data: bytes, limits: Limits) -> Package | Verdict:
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    problem = _check_listing(infos, len(data), limits)
    if problem:
        return problem
    by_name = {info.filename: info for info in infos}
    package = Package(archive, by_name, limits, data)
    if "[Content_Types].xml" not in by_name:
        return Verdict("not_docx", "a zip without [Content_Types].xml is not an Office package")
    if any(posixpath.basename(name).lower() == "vbaproject.bin" for name in by_name):
        return Verdict("macro_enabled", "the package contains a VBA project")
    main = _main_part(package)
    if main is None:
        return Verdict("corrupt", "no main document part")
    content_type = _content_type(package, main)
    if content_type in MACRO_TYPES:
        return Verdict("macro_enabled", "macro-enabled content type")
    if content_type not in READABLE_TYPES:
        return Verdict("not_docx", f"main part content type is {content_type[:100]!r}")
    package.main_part, package.content_type = main, content_type
    return package


def review_kind(package: Package, read_as_letter: bool) -> str | None:
    """Why a readable package still needs a person, as an unreadable kind, or None.

    `template`: a .dotx is a blank form, not a filled letter, whatever it holds. `embedded_content`: a
    document that was not read as a letter and whose main part imports another document through
    `w:altChunk` (ECMA-376 part 1, 17.17.2.1), content the reader does not open."""
    if package.content_type == TEMPLATE_TYPE:
        return "template"
    if not read_as_letter and any(etree.QName(el).localname == "altChunk"
                                  for el in package.xml(package.main_part).iter() if isinstance(el.tag, str)):
        return "embedded_content"
    return None


def _check_listing(infos: list[zipfile.ZipInfo], file_bytes: int, limits: Limits) -> Verdict | None:
    """Member count, declared sizes, ratio, duplicate and ambiguous names."""
    if len(infos) > limits.max_members:
        return Verdict("too_large", f"{len(infos)} zip members")
    total = 0
    seen: set[str] = set()
    for info in infos:
        key = info.filename.replace("\\", "/").lower()
        if key in seen:
            return Verdict("corrupt", "duplicate zip member names")
        seen.add(key)
        if _has_conflicting_unicode_name(info):
            return Verdict("corrupt", "zip member names that zip readers disagree on")
        if info.file_size > limits.max_member_bytes:
            return Verdict("too_large", "a member inflates beyond the limit")
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            return Verdict("too_large", "a member's compression ratio is that of a zip bomb")
        total += info.file_size
    if total > limits.max_total_bytes:
        return Verdict("too_large", "members inflate beyond the total limit")
    if total > RATIO_FLOOR_BYTES and total > limits.max_ratio * max(file_bytes, 1):
        return Verdict("too_large", "the package's compression ratio is that of a zip bomb")
    return None


def _has_conflicting_unicode_name(info: zipfile.ZipInfo) -> bool:
    extra, offset = info.extra, 0
    while offset + 4 <= len(extra):
        field_id, size = struct.unpack_from("<HH", extra, offset)
        if field_id == UNICODE_PATH_EXTRA and size > 5:
            name = extra[offset + 9: offset + 4 + size].decode("utf-8", "replace")
            if name != info.filename:
                return True
        offset += 4 + size
    return False


def read_cached(package: Package, name: str, read: Callable[..., _T], *args: Any) -> _T:
    """`read(package.xml(name), *args)`, remembered by the part as stored (`Package.stored`): letters
    made from one form carry byte-identical small parts (`[Content_Types].xml`, the `.rels`), and
    equal stored bytes inflate and parse alike, so a hit skips the inflating and the parsing. Only
    results are kept: a part that fails (bad XML, a DTD, a damaged stream) fails again every time.
    `read` must depend on nothing but the parsed part and `args`."""
    stored = package.stored(name)
    key = (read, name, args, stored) if stored is not None and len(stored[3]) <= _PART_CACHE_MAX_BYTES else None
    if key is not None and key in _part_cache:
        return cast(_T, _part_cache[key])  # stored under the same `read`, so of its type
    found = read(package.xml(name), *args)
    if key is not None:
        if len(_part_cache) >= _PART_CACHE_SIZE:
            _part_cache.pop(next(iter(_part_cache)))
        _part_cache[key] = found
    return found


_PART_CACHE_SIZE = 128
_PART_CACHE_MAX_BYTES = 16 * 1024  # at most 2 MB kept: a package part this small is a .rels or the types
_part_cache: dict[tuple, object] = {}


def _main_part(package: Package) -> str | None:
    """The officeDocument relationship's target in `_rels/.rels`, else `word/document.xml`."""
    if "_rels/.rels" in package:
        for target in read_cached(package, "_rels/.rels", _office_document_targets):
            if target in package:
                return target
    return "word/document.xml" if "word/document.xml" in package else None


def _office_document_targets(rels: etree._Element) -> tuple[str, ...]:
    """The internal officeDocument relationship targets, in order."""
    return tuple(posixpath.normpath(rel.get("Target", "").lstrip("/")) for rel in rels.iter(f"{RELS_NS}Relationship")
                 if rel.get("Type") in REL_OFFICE_DOCUMENT and rel.get("TargetMode") != "External")


def _content_type(package: Package, part: str) -> str:
    """Override for the part, else Default for its extension (OPC, ECMA-376 part 2, 10.1.2)."""
    return read_cached(package, "[Content_Types].xml", _content_type_in, part)


def _content_type_in(types: etree._Element, part: str) -> str:
    for override in types.iter(f"{CT_NS}Override"):
        if override.get("PartName", "").lstrip("/").lower() == part.lower():
            return override.get("ContentType", "")
    extension = posixpath.splitext(part)[1].lstrip(".").lower()
    for default in types.iter(f"{CT_NS}Default"):
        if default.get("Extension", "").lower() == extension:
            return default.get("ContentType", "")
    return ""
