"""The copy of a deleted original takes over in the same run, against the fake tenant: the same letter
uploaded under two names is one commitment (the original's); the original deleted, the copy's commitment
is made by that very run, the district stays a member, and neither the next run nor a full re-scan after
a lost state writes anything."""
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
LETTER, COPY = "Knox County LOC.docx", "Knox County LOC (copy).docx"


def _letter() -> bytes:
    return next(d.data for d in demo_letters(TODAY) if d.file_name == LETTER)


def _session(config: Config) -> Any:
    return open_session(config, extractor=InProcessExtractor())


def _api_requests(emulator: Any, since: int) -> list[dict[str, Any]]:
    return [e for e in emulator.requests(since) if "/_api/" in e["path"]]


def _batches(emulator: Any, since: int) -> int:
    return sum(1 for e in _api_requests(emulator, since) if e["path"].endswith("/_api/$batch"))


def _commitments(session: Any, config: Config) -> dict[str, dict[str, Any]]:
    rows = session.gateway.read_rows(config.site.commitments_list, [s.C_KEY, s.C_STATUS, s.TITLE, s.C_DISTRICT])
    return {str(r.values[s.C_KEY]): dict(r.values) for r in rows}


def _members(session: Any, config: Config) -> dict[str, Any]:
    rows = session.gateway.read_rows(config.site.members_list, [s.M_DISTRICT, s.M_STATUS])
    return {str(r.values[s.M_DISTRICT]): r.values[s.M_STATUS] for r in rows}


def _delete(session: Any, config: Config, name: str) -> None:
    library = config.site.library
    [doc] = [d for d in session.gateway.list_sources(library, "library", []) if d.name == name]
    session.gateway.client.post_json(f"web/lists/GetByTitle('{library}')/items({doc.item_id})",
                                     headers={"X-HTTP-Method": "DELETE", "IF-MATCH": "*"}, what="delete")


def _assert_settled(config: Config, emulator: Any) -> None:
    """The next run writes nothing, nor does a --full run after the state file is lost (no site write at all)."""
    since = emulator.last_seq()
    with _session(config) as session:
        assert session.run().counts.writes == 0
    config.sync.state_path.unlink()
    with _session(config) as session:
        assert session.run(full=True).counts.writes == 0
    assert site_writes(emulator.requests(since), runs_list="\0") == []


def _synced_original_and_copy(config: Config) -> tuple[dict[str, Any], str]:
    """The letter, then a byte-identical copy, synced: one commitment, the copy a duplicate.
    Returns the members and the copy's commitment key."""
    with _session(config) as session:
        session.provision()
        session.gateway.upload_file(config.site.library, LETTER, _letter())
        session.gateway.upload_file(config.site.library, COPY, _letter())
        report = session.run()
        assert report.outcome == "Succeeded" and report.counts.commitments_created == 1
        [copy] = [d for d in session.gateway.list_sources(config.site.library, "library", []) if d.name == COPY]
        return _members(session, config), f"library:{copy.item_id}"


def test_deleting_the_original_makes_the_copy_the_commitment_in_the_same_run(config: Config, emulator: Any) -> None:
    """Original deleted: `plan` shows the copy's commitment created and the original's withdrawn; the run
    makes them without downloading the copy, in one more request than the deletion alone (the listing);
    the district keeps its status; the next run and a full re-scan after a lost state write nothing."""
    members, copy_key = _synced_original_and_copy(config)
    with _session(config) as session:
        _delete(session, config, LETTER)
        plan, _ = session.plan()
    planned = {(a.target, a.op, a.key) for a in plan.actions}
    assert ("commitment", "create", copy_key) in planned and ("source", "update", copy_key) in planned
    since = emulator.last_seq()
    with _session(config) as session:
        report = session.run()
        commitments, after = _commitments(session, config), _members(session, config)
    assert report.outcome == "Succeeded" and report.counts.documents_read == 0
    # the change batch, the read batch, the copies' listing (the one request this costs), the writes, the record
    assert _batches(emulator, since) == 5
    assert [e for e in emulator.requests(since) if e["path"].endswith("/$value")] == []  # the copy was not downloaded
    assert commitments[copy_key][s.C_STATUS] in (s.COMMITMENT_ACCEPTED, s.COMMITMENT_NEEDS_REVIEW)
    assert commitments[copy_key][s.TITLE] == COPY
    assert [k for k, c in commitments.items() if c[s.C_STATUS] != s.COMMITMENT_WITHDRAWN] == [copy_key]
    assert after == members and "Knox County" in after
    with _session(config) as session:
        copy_doc = session.gateway.list_sources(config.site.library, "library", [s.WB_STATUS, s.WB_REASONS])
    assert [(d.name, "Duplicate of" in str(d.fields.get(s.WB_REASONS) or "")) for d in copy_doc] == [(COPY, False)]
    _assert_settled(config, emulator)


def test_deleting_a_copy_lists_nothing_more_and_leaves_the_commitment(config: Config, emulator: Any) -> None:
    """The copy deleted (it held no commitment): no listing for copies, the original's commitment unchanged."""
    _synced_original_and_copy(config)
    with _session(config) as session:
        before = _commitments(session, config)
        _delete(session, config, COPY)
        since = emulator.last_seq()
        session.run()
        assert _commitments(session, config) == before
    assert _batches(emulator, since) == 2  # the change batch and the read batch: nothing to write or record


RENAMED = "Knox County LOC (signed).docx"


def _rename(session: Any, config: Config, name: str, new_name: str) -> None:
    """Staff rename a document: SP.File.MoveTo to the new URL in the same folder, flags=1 (overwrite), as
    learn.microsoft.com "Working with folders and files with REST" documents (`…/moveto(newurl='…',flags=1)`)."""
    [doc] = [d for d in session.gateway.list_sources(config.site.library, "library", []) if d.name == name]
    url = doc.contents[0].server_relative_url
    new_url = url.rsplit("/", 1)[0] + "/" + new_name
    session.gateway.client.post_json(f"web/GetFileByServerRelativeUrl('{url}')/MoveTo(newurl='{new_url}',flags=1)",
                                     what="rename")


def test_renaming_the_original_moves_the_copys_duplicate_link_in_the_same_run(config: Config, emulator: Any) -> None:
    """Original renamed (MoveTo): that run rewrites the copy's reason to link the new address, downloading
    nothing (the original known from its row: same content tag; the copy from its write-back); its commitment
    keeps its key under the new name; next run and a --full run after a lost state write nothing."""
    _synced_original_and_copy(config)
    with _session(config) as session:
        original_key = next(k for k, c in _commitments(session, config).items() if c[s.TITLE] == LETTER)
        _rename(session, config, LETTER, RENAMED)
    since = emulator.last_seq()
    with _session(config) as session:
        report = session.run()
        commitments = _commitments(session, config)
        docs = {d.name: d for d in session.gateway.list_sources(config.site.library, "library", [s.WB_REASONS])}
    assert report.outcome == "Succeeded" and report.counts.documents_read == 0
    # the change batch, the read batch, the copies' listing (the one request the rename costs), the writes, the record
    assert _batches(emulator, since) == 5  # besides the page step's requests (pages are on here)
    assert [e for e in emulator.requests(since) if e["path"].endswith("/$value")] == []  # nothing downloaded
    reason = str(docs[COPY].fields[s.WB_REASONS])
    assert f"Duplicate of {docs[RENAMED].link}:" in reason and f'"{RENAMED}"' in reason
    assert [k for k, c in commitments.items() if c[s.C_STATUS] != s.COMMITMENT_WITHDRAWN] == [original_key]
    assert commitments[original_key][s.TITLE] == RENAMED
    _assert_settled(config, emulator)
