"""A lost state file against the fake tenant (issue 14): library files with no Commitments row of their own
(a duplicate, a document that is not a letter) are judged from their write-back, not downloaded; one
replaced meanwhile is downloaded and read again."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sharepoint_sync.config import Config
from sharepoint_sync.core import schema as s
from sharepoint_sync.run.session import open_session
from iln_demo.commands.demo import site_writes
from iln_demo.forms.demo import demo_letters
from tests.sync.tenant_helpers import InProcessExtractor

pytestmark = pytest.mark.integration

TODAY = dt.date(2026, 1, 15)
LETTER, COPY, AGENDA = "Knox County LOC.docx", "Knox County LOC (copy).docx", "Fall Convening Agenda.docx"


def _bytes(name: str) -> bytes:
    return next(d.data for d in demo_letters(TODAY) if d.file_name == name)


def _another_letter() -> bytes:
    return _bytes("Harlan Independent - Letter of Commitment.docx")


def _downloads(emulator: Any, since: int) -> list[str]:
    return [e["path"] for e in emulator.requests(since) if e["path"].endswith("/$value")]


def _writes_and_mails(emulator: Any, since: int) -> list[dict[str, Any]]:
    """Every site write after `since` (the run's own ILN Sync Runs row included) and every mail sent."""
    return site_writes(emulator.requests(since), runs_list="\0")


def _session(config: Config) -> Any:
    return open_session(config, extractor=InProcessExtractor())


def _synced_then_lost(config: Config) -> None:
    """A letter, a byte-identical copy of it and a document that is not a letter, synced; the state file lost."""
    with _session(config) as session:
        session.provision()
        for name, data in ((LETTER, _bytes(LETTER)), (COPY, _bytes(LETTER)), (AGENDA, _bytes(AGENDA))):
            session.gateway.upload_file(config.site.library, name, data)
        report = session.run()
    assert report.outcome == "Succeeded" and report.counts.not_loc == 1 and report.counts.needs_review == 1
    config.sync.state_path.unlink()


def _statuses(config: Config) -> dict[str, Any]:
    with _session(config) as session:
        items = session.gateway.list_sources(config.site.library, "library", [s.WB_STATUS, s.WB_CONTENT_TAG])
    return {i.name: i.fields[s.WB_STATUS] for i in items}


def test_lost_state_with_a_duplicate_and_a_non_letter_downloads_writes_and_mails_nothing(
        config: Config, emulator: Any) -> None:
    """Run, delete the state file, run again: the letter is known by its row's SourceTag, the copy and the
    agenda by their write-back's content tag; no download, no write, no Runs row, no mail."""
    _synced_then_lost(config)
    since = emulator.last_seq()
    with _session(config) as session:
        report = session.run()
    assert report.outcome == "Succeeded" and report.mode == "full" and report.counts.documents_read == 0
    assert _downloads(emulator, since) == []
    assert _writes_and_mails(emulator, since) == []
    assert not any("sendMail" in e["path"] for e in emulator.requests(since))
    assert _statuses(config) == {LETTER: s.SOURCE_PROCESSED, COPY: s.SOURCE_NEEDS_REVIEW, AGENDA: s.SOURCE_NOT_LOC}


def test_files_replaced_while_the_state_was_lost_are_downloaded_and_read_again(config: Config, emulator: Any) -> None:
    """New bytes over the copy and over the agenda (each now another letter): both are downloaded and read,
    and each becomes a letter of its own; the unchanged letter is still not downloaded."""
    _synced_then_lost(config)
    with _session(config) as session:
        session.gateway.upload_file(config.site.library, COPY, _another_letter())
        session.gateway.upload_file(config.site.library, AGENDA, _bytes("Metcalfe Co LOC signed.docx"))
    since = emulator.last_seq()
    with _session(config) as session:
        report = session.run()
    assert report.counts.documents_read == 2 and len(_downloads(emulator, since)) == 2
    assert report.counts.commitments_created == 2
    assert _statuses(config)[AGENDA] in (s.SOURCE_PROCESSED, s.SOURCE_NEEDS_REVIEW)


def test_a_decision_set_on_a_non_letter_while_the_state_was_lost_is_honoured(config: Config, emulator: Any) -> None:
    """Staff set "Ignore" on the agenda: its write-back no longer matches the decision, so it is read
    again (one download) and shown Ignored; the copy and the letter are not downloaded."""
    _synced_then_lost(config)
    with _session(config) as session:
        [agenda] = [i for i in session.gateway.list_sources(config.site.library, "library", [s.WB_STATUS])
                    if i.name == AGENDA]
        session.gateway.update_row(config.site.library, agenda.item_id, {s.WB_DECISION: s.DECISION_IGNORE}, etag="*")
    since = emulator.last_seq()
    with _session(config) as session:
        session.run()
    assert len(_downloads(emulator, since)) == 1
    assert _statuses(config)[AGENDA] == s.SOURCE_IGNORED
