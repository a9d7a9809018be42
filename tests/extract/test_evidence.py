"""Evidence for every field (issue 11): each value of a record comes with the text it was read from,
through extraction, the isolated worker and the record's JSON, valid against the contract schema."""
from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

from sharepoint_sync.extract.api import extract_in_process
from sharepoint_sync.extract.fields.dates import find_date
from sharepoint_sync.extract.isolation import Extractor
from sharepoint_sync.record import EVIDENCE_FIELDS, EVIDENCE_LISTS, LocRecord
from tests.extract.mistakes.letters import LETTERS
from tests.extract.unseen.common import Letter
from tests.fixture_files import CONTRACT_SCHEMA, LOC_SAMPLES, require

TODAY = dt.date(2026, 11, 28)


def _samples() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(require(LOC_SAMPLES).glob("s*.docx"))]


def _documents() -> list[tuple[str, bytes]]:
    return _samples() + [(letter.file, letter.data) for letter in LETTERS]


def _has_value(record: dict, name: str) -> bool:
    value = record[name]
    if name == "signatory":
        return bool(value and (value["name"] or value["title"]))
    if name == "template":
        return value != "unknown"
    return bool(value)


@pytest.mark.parametrize("name, data", _documents(), ids=[n for n, _ in _documents()])
def test_every_field_with_a_value_has_evidence_that_holds_it(name: str, data: bytes) -> None:
    """Each valued field has a quote (list fields one per value) holding the value; empty fields have none."""
    record = extract_in_process(data, name, TODAY).to_json(evidence=True)
    evidence = record.get("evidence", {})
    if not record["is_loc"]:
        assert "evidence" not in record
        return
    for field in EVIDENCE_FIELDS:
        if not _has_value(record, field):
            assert field not in evidence, field
            continue
        quotes = evidence[field]
        if field in EVIDENCE_LISTS:
            assert len(quotes) == len(record[field]), field
        assert all(0 < len(q) <= 200 for q in (quotes if isinstance(quotes, list) else [quotes])), field
    if record["district_as_written"]:
        assert record["district_as_written"].casefold()[:40] in " ".join(evidence["district_as_written"].split()).casefold()
    if record["district_signed_on"]:
        assert str(find_date(evidence["district_signed_on"]).value) == record["district_signed_on"]
    # the quotes pair with the contacts they were found for; a record may carry fewer quotes than contacts
    for person, quote in zip(record["contacts"], evidence.get("contacts", []), strict=False):
        assert (person["email"] or person["name"] or "").casefold() in quote.casefold()
    for focus, quote in zip(record["focus_areas"], evidence.get("focus_areas", []), strict=False):
        assert focus.casefold() in " ".join(quote.split()).casefold()
    if record["academic_year_stated"]:
        assert record["academic_year_stated"][:4] in evidence["academic_year_stated"]


@pytest.mark.parametrize("file, note", [
    ("m03-2023-district-field-holds-date.docx", "district as written '10/1/2024' is a date, not a name"),
    ("m04-2019-our-district-no-name.docx", "district as written 'our district' refers to a name given elsewhere"),
    ("m10-2019-letterhead-named-above.docx", "district as written 'the district named above' refers to a name given elsewhere"),
])
def test_a_candidate_passed_over_is_noted_in_the_evidence(file: str, note: str) -> None:
    """The district candidate that is no name is noted, saying what stood there and why it was passed over."""
    letter = next(item for item in LETTERS if item.file == file)
    record = extract_in_process(letter.data, letter.file, TODAY)
    assert record.evidence is not None and note in record.evidence.notes


def test_a_column_header_read_as_the_district_is_noted_as_a_table_header() -> None:
    """A District label whose neighbouring cell is the header 'Role' (no row below): 'Role' looks like a table header."""
    from tests.extract.mistakes.builders import letter23
    from tests.extract.unseen.kit import table

    letter: Letter = letter23("x-role.docx", "", written=None, district=None,
                              district_blocks=[table(["**District**", "**Role**"])], reasons=("missing_district",))
    record = extract_in_process(letter.data, letter.file, TODAY)
    assert record.district_as_written is None
    assert record.evidence.notes == ("district as written 'Role' looks like a table header",)


def test_evidence_survives_the_isolated_worker_and_the_record_json() -> None:
    """The worker's JSON round trip and LocRecord.from_json keep the evidence exactly."""
    docs = _documents()[:3] + _documents()[-3:]
    with Extractor(today=TODAY) as extractor:
        isolated = [extractor.extract(data, name) for name, data in docs]
    for (name, data), got in zip(docs, isolated, strict=True):
        local = extract_in_process(data, name, TODAY)
        assert got.evidence == local.evidence and got.to_json() == local.to_json()
        assert LocRecord.from_json(json.loads(json.dumps(got.to_json(evidence=True)))).evidence == local.evidence


def test_records_with_evidence_validate_and_the_plain_record_has_none() -> None:
    """to_json(evidence=True) is valid against the contract schema; to_json() is the contract record unchanged."""
    schema = json.loads(require(CONTRACT_SCHEMA).read_text())
    for name, data in _documents():
        record = extract_in_process(data, name, TODAY)
        jsonschema.validate(record.to_json(evidence=True), schema)
        assert "evidence" not in record.to_json()
