"""Hostile files (built here, not committed) each cost one refused record, through the isolated worker."""
from __future__ import annotations

import datetime
import io
import random
import struct
import zipfile
from pathlib import Path

import pytest

from sharepoint_sync.extract.isolation import Extractor
from sharepoint_sync.record import LocRecord

from tests.extract.docx_factory import MACRO_TYPE, NAMESPACES, make_docx, zip_bytes


XXE = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       f'<w:document {NAMESPACES}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>')
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
          + f']><w:document {NAMESPACES}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')


def bomb_1_6_mb_to_400_mb() -> bytes:
    """A 1.6 MB package whose document.xml inflates to 400 MB (streamed: never 400 MB in memory).

    Each inflated megabyte is 2,670 seeded random bytes then spaces: the random bytes keep the
    deflate stream at the issue's 1.6 MB instead of deflate's ~0.4 MB floor for 400 MB of spaces.
    """
    buffer = io.BytesIO()
    rng = random.Random(16)
    padding = b" " * (1_000_000 - BOMB_NOISE_BYTES)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", make_docx_part("[Content_Types].xml"))
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            for _ in range(400):
                stream.write(rng.randbytes(BOMB_NOISE_BYTES) + padding)
    return buffer.getvalue()


BOMB_NOISE_BYTES = 2_670


def make_docx_part(name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(make_docx())) as archive:
        return archive.read(name)


def many_parts(count: int) -> bytes:
    """A package with `count` tiny parts."""
    parts = {"[Content_Types].xml": make_docx_part("[Content_Types].xml"),
             "_rels/.rels": make_docx_part("_rels/.rels"), "word/document.xml": make_docx_part("word/document.xml")}
    parts.update({f"customXml/item{i}.xml": b"<a/>" for i in range(count)})
    return zip_bytes(parts, zipfile.ZIP_STORED)


def lying_central_directory() -> bytes:
    """document.xml declares 1,000 inflated bytes but holds 1 MB: inflation stops, the CRC fails."""
    body = "<w:p><w:r><w:t>" + "x" * 1_000_000 + "</w:t></w:r></w:p>"
    data = bytearray(make_docx(body))
    name = b"word/document.xml"
    offset = 0
    while True:
        central = data.find(b"PK\x01\x02", offset)
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46: central + 46 + name_length]) == name:
            struct.pack_into("<I", data, central + 24, 1_000)
            local = struct.unpack_from("<I", data, central + 42)[0]
            struct.pack_into("<I", data, local + 22, 1_000)
            return bytes(data)
        offset = central + 4


def duplicate_members() -> bytes:
    """A second word/document.xml appended to a valid package."""
    buffer = io.BytesIO(make_docx())
    with pytest.warns(UserWarning), zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/document.xml", make_docx_part("word/document.xml"))
    return buffer.getvalue()


HOSTILE = {
    "xxe.docx": (lambda: make_docx(document=XXE), "unreadable:corrupt"),
    "billion-laughs.docx": (lambda: make_docx(document=LAUGHS), "unreadable:corrupt"),
    "dtd-in-content-types.docx": (lambda: zip_bytes({"[Content_Types].xml": b'<!DOCTYPE x [<!ENTITY a "b">]><x/>'}),
                                  "unreadable:corrupt"),
    "bomb-1.6mb-to-400mb.docx": (bomb_1_6_mb_to_400_mb, "unreadable:too_large"),
    "20000-parts.docx": (lambda: many_parts(20_000), "unreadable:too_large"),
    "report.pdf.docx": (lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "unreadable:not_docx"),
    "zero.docx": (lambda: b"", "unreadable:not_docx"),
    "duplicates.docx": (duplicate_members, "unreadable:corrupt"),
    "lying-directory.docx": (lying_central_directory, "unreadable:corrupt"),
    "macros-named.docx": (lambda: make_docx(content_type=MACRO_TYPE), "unreadable:macro_enabled"),
    "5000-nested-tables.docx": (lambda: make_docx("<w:tbl><w:tr><w:tc>" * 5_000 + "<w:p/>"
                                                  + "</w:tc></w:tr></w:tbl>" * 5_000), "unreadable:corrupt"),
}


@pytest.fixture(scope="module")
def extractor():
    """ONE isolated worker for the whole module (dated the day the sample records were written)."""
    with Extractor(today=datetime.date(2026, 11, 28)) as shared:
        yield shared


@pytest.fixture(scope="module")
def records(extractor: Extractor) -> dict[str, LocRecord]:
    """Every hostile file through the one worker, in order."""
    return {name: extractor.extract(build(), f"uploads/{name}") for name, (build, _) in HOSTILE.items()}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_refused_with_the_right_kind(name: str, records: dict[str, LocRecord]) -> None:
    """Each hostile file yields exactly its unreadable record, with nothing extracted."""
    record = records[name]
    assert record.to_json() == LocRecord(file=name, status="unreadable", review_reasons=(HOSTILE[name][1],)).to_json()


def test_the_bomb_is_1_6_mb_on_disk_and_400_mb_inflated() -> None:
    """The bomb really is 1.6 MB (+-3%) on disk and inflates to 400 MB (so the test means what it says)."""
    data = bomb_1_6_mb_to_400_mb()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        inflated = sum(info.file_size for info in archive.infolist())
    assert 1_550_000 <= len(data) <= 1_650_000 and inflated >= 400_000_000


LETTER = Path(__file__).resolve().parents[1] / "fixtures" / "loc-samples" / "s10-2023-contact-table.docx"


def letter_with_district(written: str) -> bytes:
    """Sample s10 (Southgate Independent) with its district field rewritten."""
    with zipfile.ZipFile(LETTER) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    old = b"<w:t>Southgate Independent</w:t>"
    assert parts["word/document.xml"].count(old) == 1
    parts["word/document.xml"] = parts["word/document.xml"].replace(old, f"<w:t>{written}</w:t>".encode())
    return zip_bytes(parts)


def test_a_zero_width_space_in_the_district_name_still_matches(extractor: Extractor) -> None:
    """End to end: 'South\u200bgate Independent' is Southgate Independent, and the letter is ok."""
    record = extractor.extract(letter_with_district("South\u200bgate Independent"), "zwsp.docx")
    assert (record.district, record.status) == ("Southgate Independent", "ok")


def test_a_bidi_control_in_the_district_name_is_stripped_and_still_matches(extractor: Extractor) -> None:
    """End to end (issue 13): '\u202eSouthgate Independent' is Southgate Independent, like a zero-width space."""
    record = extractor.extract(letter_with_district("\u202eSouthgate Independent"), "bidi.docx")
    assert (record.district, record.status) == ("Southgate Independent", "ok")


def test_damaged_copies_of_a_letter_never_raise_in_process() -> None:
    """Seeded byte damage to a letter's XML parts or zip: always a record, never an exception."""
    import random

    from sharepoint_sync.extract.api import extract_in_process

    with zipfile.ZipFile(LETTER) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    original = LETTER.read_bytes()
    rng = random.Random(20261128)
    for round_number in range(60):
        if round_number % 2:
            damaged = dict(parts)
            name = rng.choice(["word/document.xml", "word/styles.xml", "word/numbering.xml",
                               "word/_rels/document.xml.rels", "[Content_Types].xml"])
            xml = bytearray(damaged[name])
            for _ in range(rng.randint(1, 4)):
                xml[rng.randrange(len(xml))] = rng.randrange(256)
            damaged[name] = bytes(xml)
            data = zip_bytes(damaged)
        else:
            data = bytearray(original)
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            data = bytes(data)
        record = extract_in_process(data, "damaged.docx", datetime.date(2026, 11, 28))
        assert record.file == "damaged.docx" and record.status in ("ok", "needs_review", "not_a_loc", "unreadable")


def test_a_utf16_document_declaring_entities_is_refused() -> None:
    """The DTD check does not depend on the part being UTF-8."""
    from sharepoint_sync.extract.api import extract_in_process

    with zipfile.ZipFile(io.BytesIO(make_docx())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for encoding in ("utf-16-le", "utf-16-be"):
        xml = XXE.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
        parts["word/document.xml"] = "\ufeff".encode(encoding) + xml.encode(encoding)
        record = extract_in_process(zip_bytes(parts), "utf16.docx", datetime.date(2026, 11, 28))
        assert record.review_reasons == ("unreadable:corrupt",)


EVERY_PART_READ = ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
                   "word/styles.xml", "word/numbering.xml", "word/headerrIdH.xml", "word/footerrIdF.xml")


@pytest.mark.parametrize("part", EVERY_PART_READ)
def test_a_dtd_in_any_part_the_reader_reads_is_refused(part: str) -> None:
    """An internal DTD with an entity in any XML part that is read makes the letter unreadable:corrupt."""
    from sharepoint_sync.extract.api import extract_in_process
    from tests.extract.docx_factory import part_xml

    sect = '<w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/>'
    headers = {"rIdH": part_xml("hdr", "<w:p><w:r><w:t>Head</w:t></w:r></w:p>"),
               "rIdF": part_xml("ftr", "<w:p><w:r><w:t>Foot</w:t></w:r></w:p>")}
    with zipfile.ZipFile(io.BytesIO(make_docx(sect=sect, styles="", numbering="", headers=headers))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert extract_in_process(zip_bytes(parts), "clean.docx", datetime.date(2026, 11, 28)).status == "not_a_loc"
    declaration, rest = parts[part].split(b"?>", 1)
    parts[part] = declaration + b'?><!DOCTYPE x [<!ENTITY e "e">]>' + rest
    record = extract_in_process(zip_bytes(parts), "dtd.docx", datetime.date(2026, 11, 28))
    assert record.review_reasons == ("unreadable:corrupt",)
