"""Evidence end to end on the fake tenant (issue 11): a sync through the isolated worker writes each
commitment's multi-line Evidence column, its review reasons quote the evidence, provisioning adds the
column, and a second run writes nothing; everything read back over HTTPS with the real gateway."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from sharepoint_sync.config import Config
from sharepoint_sync.core import schema as s
from sharepoint_sync.run.model import RunOptions
from sharepoint_sync.run.provision import provision_site
from sharepoint_sync.run.session import site_names
from sharepoint_sync.run.sync import run_once
from sharepoint_sync.extract.isolation import Extractor
from sharepoint_sync.edges import open_gateway
from sharepoint_sync.record import LocRecord
from sharepoint_sync.state import State
from tests.extract.mistakes.letters import LETTERS
from tests.fixture_files import LOC_SAMPLES, require
from tests.sync.tenant_helpers import writes

pytestmark = pytest.mark.integration

NOW = dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone.utc)
#: a contact table with the point of contact in its first data row, and a District field holding a date
HEADER_ROW = "m31-2019-poc-first-headerless.docx"
DATE_AS_DISTRICT = "m03-2023-district-field-holds-date.docx"
SAMPLE = "s10-2023-contact-table.docx"


def _upload(config: Config) -> None:
    gateway = open_gateway(config)
    provision_site(gateway, site_names(config))
    letters = {letter.file: letter.data for letter in LETTERS}
    for name in (HEADER_ROW, DATE_AS_DISTRICT):
        gateway.upload_file(config.site.library, name, letters[name])
    gateway.upload_file(config.site.library, SAMPLE, require(LOC_SAMPLES / SAMPLE).read_bytes())


def _sync(config: Config) -> Any:
    """One run with the production extractor: the isolated worker and its JSON round trip."""
    with State(config.sync.state_path) as state, Extractor(today=NOW.date()) as extractor:
        return run_once(open_gateway(config), extractor, state, site_names(config), RunOptions(), now=NOW)


def _commitments(config: Config) -> dict[str, dict[str, Any]]:
    rows = open_gateway(config).read_rows(config.site.commitments_list, [s.TITLE, s.C_EVIDENCE, s.C_REASONS, s.C_RECORD])
    return {row.values[s.TITLE]: dict(row.values) for row in rows}


def test_provision_adds_the_evidence_column_as_multi_line_text(config: Config) -> None:
    """ILN Commitments gets an 'Evidence' column of type Note (multi-line text) from provisioning."""
    provision_site(open_gateway(config), site_names(config))
    fields = {f["InternalName"]: f for f in open_gateway(config).fields(config.site.commitments_list)}
    assert fields[s.C_EVIDENCE]["TypeAsString"] == "Note" and 'DisplayName="Evidence"' in fields[s.C_EVIDENCE]["SchemaXml"]


def test_a_run_writes_the_evidence_of_every_field_onto_the_commitment_row(config: Config) -> None:
    """The Evidence column quotes, line by line, the row or paragraph each field was read from."""
    _upload(config)
    _sync(config)
    row = _commitments(config)[SAMPLE]
    lines = row[s.C_EVIDENCE].splitlines()
    assert "District as written: 'District: Southgate Independent'" in lines
    assert ("Point of contact: 'ILN Point of Contact | Misty Slone | Deputy Superintendent | "
            "misty.slone@southgateind.kyschools.us'") in lines
    assert "Academic year: 'Academic Year: 2025-2026'" in lines
    assert any(line.startswith("Initiative: '☒ Innovative Teacher Fellowship") for line in lines)
    first = _commitments(config)[HEADER_ROW][s.C_EVIDENCE].splitlines()
    assert ("Point of contact: 'ILN Point of Contact | Ana Flores | Director of Innovation | "
            "ana.flores@hart.kyschools.us'") in first


def test_review_reasons_quote_the_evidence_and_the_record_json_keeps_it(config: Config) -> None:
    """A District field holding a date: the reason says so, quoting it; the stored record carries the evidence."""
    _upload(config)
    _sync(config)
    row = _commitments(config)[DATE_AS_DISTRICT]
    assert row[s.C_REASONS] == ("No district name was found in the letter: district as written '10/1/2024' "
                                "is a date, not a name; no other district name was found.")
    assert "Note: district as written '10/1/2024' is a date, not a name" in row[s.C_EVIDENCE].splitlines()
    stored = LocRecord.from_json(json.loads(row[s.C_RECORD])["record"])
    assert stored.evidence is not None and stored.evidence.notes == ("district as written '10/1/2024' is a date, not a name",)


def test_a_second_run_writes_nothing_when_the_letters_did_not_change(config: Config, emulator: Any) -> None:
    """Evidence is stable: the same letters read again make no write to the site."""
    _upload(config)
    _sync(config)
    since = emulator.last_seq()
    _sync(config)
    assert writes(emulator, since) == []
