"""Pre-flight classifies files by content, never by name, before any XML parser runs."""
from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from sharepoint_sync.extract.limits import Limits
from sharepoint_sync.extract.preflight import Package, Verdict, preflight

from tests.extract.docx_factory import MACRO_TYPE, TEMPLATE_TYPE, make_docx, zip_bytes
from tests.fixture_files import LOC_SAMPLES, require

SAMPLES = LOC_SAMPLES


def kind(data: bytes, limits: Limits = Limits()) -> str:
    result = preflight(data, limits)
    return "readable" if isinstance(result, Package) else result.kind


def test_a_plain_docx_is_readable_and_names_its_main_part() -> None:
    """A well-formed package comes back opened, with its main part and content type."""
    result = preflight(make_docx())
    assert isinstance(result, Package)
    assert result.main_part == "word/document.xml" and result.content_type.endswith("document.main+xml")


def test_a_template_is_readable() -> None:
    """A .dotx main part (template content type) is read; the manifest expects not_a_loc for templates."""
    assert kind(make_docx(content_type=TEMPLATE_TYPE)) == "readable"


def test_macro_enabled_by_content_type_whatever_the_name() -> None:
    """The docm content type is refused as macro_enabled."""
    assert kind(make_docx(content_type=MACRO_TYPE)) == "macro_enabled"


def test_a_vba_project_anywhere_is_macro_enabled() -> None:
    """A vbaProject.bin part makes a package macro_enabled even under the docx content type."""
    assert kind(make_docx(extra={"word/vbaProject.bin": b"\x00" * 10})) == "macro_enabled"


@pytest.mark.parametrize("data, expected", [
    (b"", "not_docx"),
    (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "not_docx"),
    (b"PK\x05\x06" + b"\x00" * 18, "not_docx"),
    (b"PK\x03\x04" + b"\x00" * 40, "corrupt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "corrupt"),
], ids=["zero-bytes", "pdf", "empty-zip", "truncated-zip", "damaged-cfb"])
def test_non_packages_by_content(data: bytes, expected: str) -> None:
    """Zero bytes, a PDF and an empty zip are not_docx; a damaged zip or OLE header is corrupt."""
    assert kind(data) == expected


def test_a_zip_without_content_types_is_not_a_word_package() -> None:
    """A zip holding only hello.txt is not_docx."""
    assert kind(zip_bytes({"hello.txt": b"hello"})) == "not_docx"


def test_a_package_without_a_main_part_is_corrupt() -> None:
    """Content types but no officeDocument relationship target and no word/document.xml: corrupt."""
    data = make_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if n != "word/document.xml"}
    assert kind(zip_bytes(parts)) == "corrupt"


def test_the_main_part_is_found_through_the_relationship() -> None:
    """A main part not named document.xml is found through _rels/.rels."""
    data = make_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/main2.xml"] = parts.pop("word/document.xml")
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"word/document.xml", b"word/main2.xml")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"/word/document.xml", b"/word/main2.xml")
    parts["word/_rels/main2.xml.rels"] = parts.pop("word/_rels/document.xml.rels")
    result = preflight(zip_bytes(parts))
    assert isinstance(result, Package) and result.main_part == "word/main2.xml"


def test_duplicate_member_names_are_corrupt() -> None:
    """Two members with one name (case-insensitively) make the package ambiguous: corrupt."""
    parts = {"[Content_Types].xml": b"<x/>", "word/document.xml": b"<a/>", "WORD/Document.xml": b"<b/>"}
    assert kind(zip_bytes(parts)) == "corrupt"


def test_a_unicode_path_field_that_renames_a_member_is_corrupt() -> None:
    """An Info-ZIP Unicode Path extra field naming a different member: zip readers disagree, corrupt."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("innocent.txt")
        name = b"word/document.xml"
        info.extra = struct.pack("<HHB", 0x7075, 5 + len(name), 1) + b"\x00\x00\x00\x00" + name
        archive.writestr(info, b"x")
        archive.writestr("[Content_Types].xml", b"<x/>")
    assert kind(buffer.getvalue()) == "corrupt"


def test_limits_on_file_size_and_member_count() -> None:
    """Over the file-size or member-count limit is too_large."""
    data = make_docx()
    assert kind(data, Limits(max_file_bytes=len(data) - 1)) == "too_large"
    assert kind(data, Limits(max_members=3)) == "too_large"


def test_declared_inflated_sizes_are_limited() -> None:
    """A member or the package declaring more inflated bytes than allowed is too_large."""
    data = make_docx(extra={"word/media/blank.bin": b"\x00" * 200_000})
    assert kind(data, Limits(max_member_bytes=100_000)) == "too_large"
    assert kind(data, Limits(max_total_bytes=150_000)) == "too_large"


def test_a_bomb_ratio_is_too_large() -> None:
    """A member inflating far beyond its compressed size (over the ratio floor) is too_large."""
    data = make_docx(extra={"word/media/zeros.bin": b"\x00" * 3_000_000})
    assert kind(data) == "too_large"
    assert kind(data, Limits(max_ratio=100_000)) == "readable"


@pytest.mark.parametrize("name, expected", [
    ("s26-pdf-renamed.docx", "not_docx"), ("s27-truncated.docx", "corrupt"),
    ("s28-legacy.doc", "legacy_doc"), ("s29-encrypted.docx", "encrypted"),
    ("s30-macro-enabled.docm", "macro_enabled"), ("s01-2018-seed-like.docx", "readable"),
])
def test_sample_files_by_content(name: str, expected: str) -> None:
    """The public samples: legacy Word vs encrypted OOXML are told apart by their OLE streams."""
    path = SAMPLES / name
    require(path)
    assert kind(path.read_bytes()) == expected


def test_verdicts_carry_the_contract_reason() -> None:
    """A verdict's reason is `unreadable:<kind>`."""
    verdict = preflight(b"")
    assert isinstance(verdict, Verdict) and verdict.reason == "unreadable:not_docx"


def test_limit_defaults_match_the_example_configuration() -> None:
    """Limits() equals the [extract] table of config/iln-sync.example.toml, read through from_mapping."""
    import tomllib

    example = Path(__file__).resolve().parents[2] / "config" / "iln-sync.example.toml"
    table = tomllib.loads(example.read_text())["extract"]
    assert Limits.from_mapping(table) == Limits()
    assert set(table) <= set(Limits.__dataclass_fields__)


def test_inflation_itself_stops_at_the_member_and_total_limits() -> None:
    """Reading a part inflates at most the per-member limit, and all parts together at most the total."""
    from sharepoint_sync.extract.preflight import Unreadable

    data = make_docx("<w:p><w:r><w:t>" + "x" * 5_000 + "</w:t></w:r></w:p>")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        for limits in (Limits(max_member_bytes=4_000), Limits(max_total_bytes=4_000)):
            package = Package(archive, infos, limits)
            with pytest.raises(Unreadable) as refused:
                package["word/document.xml"]
            assert refused.value.reason == "unreadable:too_large"
        package = Package(archive, infos, Limits(max_total_bytes=infos["word/document.xml"].file_size + 10))
        package["word/document.xml"]
        with pytest.raises(Unreadable):
            package["[Content_Types].xml"]


def test_an_ole_file_without_a_word_stream_is_not_docx() -> None:
    """A compound file holding no WordDocument (nor encryption) stream, e.g. a spreadsheet, is not_docx."""
    path = SAMPLES / "s28-legacy.doc"
    require(path)
    renamed = path.read_bytes().replace("WordDocument".encode("utf-16-le"), "Book1Content".encode("utf-16-le"))
    assert kind(renamed) == "not_docx"
