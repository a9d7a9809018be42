"""A lost state file against the fake tenant (issue 14): library files and one-attachment submissions with no
Commitments row of their own (a duplicate, a file that is not a letter) are judged from their write-back, not
downloaded; one replaced meanwhile is downloaded and read again."""
from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import unquote

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


def _replace_attachment(session: Any, config: Config, item_id: int, name: str, data: bytes) -> None:
    """Staff put new bytes over a submission's attachment (PUT on its `$value`, as the fake tenant serves it)."""
    client = session.gateway.client
    path = f"web/lists/GetByTitle('{config.site.submissions_list}')/items({item_id})/AttachmentFiles('{name}')/$value"
    client.send("POST", client.url(path), body=data, headers={"X-HTTP-Method": "PUT"})


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
    # the change batch, each list's metadata and fields (the cache was in the lost file), the read batch,
    # and the page step's two reads (ILN Resources, Site Pages: pages are on here); no page is written
    assert len([e for e in emulator.requests(since) if "/_api/" in e["path"]]) == 1 + 2 * 4 + 1 + 2
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


# --- submissions: a letter attached to an item of the submissions list -----------------------------

def _submitted_then_lost(config: Config) -> int:
    """One submission with a letter attached, synced; the state file lost. Returns the item id."""
    with _session(config) as session:
        session.provision()
        row = session.gateway.create_row(config.site.submissions_list, {s.TITLE: "Knox County submission"},
                                         key_column=s.TITLE)
        session.gateway.add_attachment(config.site.submissions_list, row.item_id, LETTER, _bytes(LETTER))
        assert session.run().counts.commitments_created == 1
    config.sync.state_path.unlink()
    return row.item_id


def _commitment(config: Config) -> dict[str, Any]:
    with _session(config) as session:
        [row] = [r for r in session.gateway.read_rows(config.site.commitments_list, [s.C_KEY, s.C_DISTRICT, s.C_SOURCE_TAG])
                 if str(r.values[s.C_KEY]).startswith("submission:")]
    return dict(row.values)


def test_lost_state_with_a_submission_downloads_writes_and_mails_nothing(config: Config, emulator: Any) -> None:
    """The submission's attachment is known by its SP.File content tag (listed in the read batch, kept as its
    row's SourceTag): after a lost state it is not downloaded, and nothing is written or mailed."""
    _submitted_then_lost(config)
    assert str(_commitment(config)[s.C_SOURCE_TAG]).startswith("attachments:")
    since = emulator.last_seq()
    with _session(config) as session:
        report = session.run()
    assert report.outcome == "Succeeded" and report.counts.documents_read == 0
    assert _downloads(emulator, since) == [] and _writes_and_mails(emulator, since) == []


def test_an_attachment_replaced_while_the_state_was_lost_is_downloaded_and_read_again(
        config: Config, emulator: Any) -> None:
    """New bytes over the attachment (PUT on its `$value`): its tag differs, so it is downloaded and read,
    and the commitment shows the new letter."""
    item_id = _submitted_then_lost(config)
    with _session(config) as session:
        _replace_attachment(session, config, item_id, LETTER, _another_letter())
    since = emulator.last_seq()
    with _session(config) as session:
        report = session.run()
    assert report.counts.documents_read == 1 and len(_downloads(emulator, since)) == 1
    assert _commitment(config)[s.C_DISTRICT] == InProcessExtractor().extract(_another_letter(), LETTER).district


def test_an_attachment_added_while_the_state_was_lost_is_downloaded(config: Config, emulator: Any) -> None:
    """A second attachment: the item's tag differs, so its attachments are downloaded and read."""
    item_id = _submitted_then_lost(config)
    with _session(config) as session:
        session.gateway.add_attachment(config.site.submissions_list, item_id, AGENDA, _bytes(AGENDA))
    since = emulator.last_seq()
    with _session(config) as session:
        report = session.run()
    assert report.counts.documents_read == 1 and len(_downloads(emulator, since)) == 2


def _submission(session: Any, config: Config, title: str, name: str, data: bytes) -> int:
    row = session.gateway.create_row(config.site.submissions_list, {s.TITLE: title}, key_column=s.TITLE)
    session.gateway.add_attachment(config.site.submissions_list, row.item_id, name, data)
    return row.item_id


def _non_letter_and_copy_submitted_then_lost(config: Config) -> tuple[int, int]:
    """The letter in the library; one submission with the agenda attached (not a letter), one with a copy of
    the letter; synced (no commitment for either submission); the state file lost. Returns their item ids."""
    with _session(config) as session:
        session.provision()
        session.gateway.upload_file(config.site.library, LETTER, _bytes(LETTER))
        agenda = _submission(session, config, "Agenda submission", AGENDA, _bytes(AGENDA))
        copy = _submission(session, config, "Copy submission", LETTER, _bytes(LETTER))
        report = session.run()
    assert report.counts.commitments_created == 1 and report.counts.not_loc == 1 and report.counts.needs_review == 1
    config.sync.state_path.unlink()
    return agenda, copy


def _submission_statuses(config: Config) -> dict[int, Any]:
    with _session(config) as session:
        items = session.gateway.list_sources(config.site.submissions_list, "submission", [s.WB_STATUS])
    return {i.item_id: i.fields[s.WB_STATUS] for i in items}


def test_lost_state_with_a_submitted_non_letter_and_a_submitted_copy_downloads_writes_and_mails_nothing(
        config: Config, emulator: Any) -> None:
    """Each submission's one attachment is known by its attachments' tag, which its write-back's *Content tag
    read* shows: after a lost state neither is downloaded, nothing is written, no mail is sent."""
    agenda, copy = _non_letter_and_copy_submitted_then_lost(config)
    since = emulator.last_seq()
    with _session(config) as session:
        report = session.run()
    assert report.outcome == "Succeeded" and report.counts.documents_read == 0
    assert _downloads(emulator, since) == [] and _writes_and_mails(emulator, since) == []
    assert not any("sendMail" in e["path"] for e in emulator.requests(since))
    assert _submission_statuses(config) == {agenda: s.SOURCE_NOT_LOC, copy: s.SOURCE_NEEDS_REVIEW}


def test_a_non_letter_attachment_replaced_while_the_state_was_lost_is_downloaded_and_read(
        config: Config, emulator: Any) -> None:
    """A letter put over the agenda attachment (PUT on its `$value`): the tag differs, so that one attachment
    is downloaded and read and becomes a commitment; the submitted copy is still not downloaded."""
    agenda, _ = _non_letter_and_copy_submitted_then_lost(config)
    with _session(config) as session:
        _replace_attachment(session, config, agenda, AGENDA, _another_letter())
    since = emulator.last_seq()
    with _session(config) as session:
        report = session.run()
    downloads = _downloads(emulator, since)
    assert report.counts.documents_read == 1 and len(downloads) == 1 and f"items({agenda})/" in unquote(downloads[0])
    assert report.counts.commitments_created == 1
    assert _submission_statuses(config)[agenda] in (s.SOURCE_PROCESSED, s.SOURCE_NEEDS_REVIEW)


def test_a_site_provisioned_before_content_tag_read_is_told_to_provision_and_provision_adds_it(
        config: Config, emulator: Any, tenant_info: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A site whose library and submissions list lack *Content tag read*: `check` names the columns and a run
    fails as not provisioned (exit 2 both, nothing written); `provision` adds the column to both lists;
    then `check` passes and the run succeeds."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from sharepoint_sync import cli
    from sharepoint_sync.failures import exit_code_of
    from sharepoint_sync.run.provision import provision_site

    def check() -> tuple[int, str]:
        out = io.StringIO()
        with redirect_stdout(out), redirect_stderr(out):
            code = cli.main(["check", "--config", str(tenant_info["config_path"])])
        return code, out.getvalue()

    older = tuple(f for f in s.WRITE_BACK_FIELDS if f.internal_name != s.WB_CONTENT_TAG)
    with _session(config) as session:
        with monkeypatch.context() as patch:
            patch.setattr(s, "WRITE_BACK_FIELDS", older)
            session.provision()
        session.gateway.upload_file(config.site.library, LETTER, _bytes(LETTER))
        failed = session.run()
    assert failed.outcome == "Failed" and exit_code_of(failed) == 2 and failed.counts.writes == 0
    code, said = check()
    assert code == 2 and f'"{config.site.library}" has no column "Content tag read" (IlnContentTag)' in said
    with _session(config) as session:
        steps = [step.describe() for step in provision_site(session.gateway, session.names).steps]
        assert [x for x in steps if "IlnContentTag" in x] == [
            f'add column "Content tag read" (IlnContentTag, text) to "{title}"'
            for title in (config.site.library, config.site.submissions_list)]
        assert session.run().outcome == "Succeeded"
    assert check()[0] == 0
