"""Helpers for the forms tests: read a .docx's main part and its content controls with lxml."""
from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"


def document_xml(data: bytes) -> etree._Element:
    """The parsed word/document.xml of a .docx."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def controls(data: bytes) -> dict[str, list[etree._Element]]:
    """Content controls by tag (a list: a tag used twice shows up twice)."""
    found: dict[str, list[etree._Element]] = {}
    for sdt in document_xml(data).iter(f"{W}sdt"):
        tag = sdt.find(f"{W}sdtPr/{W}tag")
        found.setdefault(tag.get(f"{W}val") if tag is not None else None, []).append(sdt)
    return found


def control_text(sdt: etree._Element) -> str:
    """The text a content control shows."""
    return "".join(t.text or "" for t in sdt.find(f"{W}sdtContent").iter(f"{W}t"))


def bold_texts(sdt: etree._Element) -> list[str]:
    """Texts of the bold runs inside a content control."""
    return [
        "".join(t.text or "" for t in run.iter(f"{W}t"))
        for run in sdt.find(f"{W}sdtContent").iter(f"{W}r")
        if run.find(f"{W}rPr/{W}b") is not None
    ]


def showing_placeholder(sdt: etree._Element) -> bool:
    """True when the control still shows its placeholder."""
    return sdt.find(f"{W}sdtPr/{W}showingPlcHdr") is not None


@pytest.fixture(scope="session")
def blank_bytes() -> bytes:
    """The blank official form, built once per session."""
    from iln_demo.forms.blank import blank_form_bytes

    return blank_form_bytes()




@pytest.fixture(scope="session")
def record_validator():
    """A jsonschema validator for the contract's LOC record (docs/contract/; fails when it is missing)."""
    import json

    import jsonschema

    from tests.fixture_files import CONTRACT_SCHEMA, require

    schema = json.loads(require(CONTRACT_SCHEMA).read_text())
    return jsonschema.Draft202012Validator(schema)


#: the day generated letters are relative to in these tests
TODAY = __import__("datetime").date(2026, 11, 28)


@pytest.fixture(scope="session")
def demo_set():
    """The demo letters for TODAY, built once per session."""
    from iln_demo.forms.demo import demo_letters

    return demo_letters(TODAY)


@pytest.fixture(scope="session")
def submission_set():
    """The demo LOC Submissions items for TODAY."""
    from iln_demo.forms.demo import demo_submissions

    return demo_submissions(TODAY)


@pytest.fixture(scope="session")
def variant_set():
    """Sixty variants (seed 7) for TODAY, built once per session."""
    from iln_demo.forms.variants import variants

    return variants(60, 7, TODAY)
