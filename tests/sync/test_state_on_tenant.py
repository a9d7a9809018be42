"""The state file against the fake tenant (issues 12 and 14): losing it costs no download of an unchanged
library letter and no write; a letter changed meanwhile is still read; the file holds no contact data."""
from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

import pytest

from sharepoint_sync.config import Config
from sharepoint_sync.core import schema as s
from sharepoint_sync.core.sources import COMMITMENT_COLUMNS, commitment_from_row
from sharepoint_sync.run.session import open_session
from iln_demo.commands.demo import site_writes, upload_demo
from iln_demo.forms.demo import demo_letters
from tests.sync.tenant_helpers import InProcessExtractor

pytestmark = pytest.mark.integration

TODAY = dt.date(2026, 1, 15)


def _letters(n: int) -> list[bytes]:
    return [d.data for d in demo_letters(TODAY) if d.file_name.endswith(".docx")][:n]


def _downloads(emulator: Any, since: int) -> list[str]:
    return [e["path"] for e in emulator.requests(since) if e["path"].endswith("/$value")]


def _all_writes(emulator: Any, since: int) -> list[dict[str, Any]]:
    """Every site write after `since`, the run's own row in ILN Sync Runs included."""
    return site_writes(emulator.requests(since), runs_list="\0")


def _synced(config: Config, n: int = 3) -> None:
    with open_session(config, extractor=InProcessExtractor()) as session:
        session.provision()
        for i, data in enumerate(_letters(n)):
            session.gateway.upload_file(config.site.library, f"LOC {i}.docx", data)
        assert session.run().outcome == "Succeeded"


def _run(config: Config) -> Any:
    with open_session(config, extractor=InProcessExtractor()) as session:
        return session.run()


def test_lost_state_with_nothing_changed_downloads_and_writes_nothing(config: Config, emulator: Any) -> None:
    """Run, delete the state file, run again: every letter is recognised by its Commitments row's
    SourceTag, so nothing is downloaded and nothing is written (not even a Runs row)."""
    _synced(config)
    config.sync.state_path.unlink()
    since = emulator.last_seq()
    report = _run(config)
    assert report.outcome == "Succeeded" and report.mode == "full"
    assert report.counts.documents_seen == 3 and report.counts.documents_read == 0 and report.counts.writes == 0
    assert _downloads(emulator, since) == []
    assert _all_writes(emulator, since) == []


def test_a_letter_changed_while_the_state_was_lost_is_still_read(config: Config, emulator: Any) -> None:
    """New bytes over a letter after the state file was lost: that letter (only) is downloaded and read,
    and its commitment shows the new letter."""
    _synced(config)
    config.sync.state_path.unlink()
    with open_session(config, extractor=InProcessExtractor()) as session:
        session.gateway.upload_file(config.site.library, "LOC 1.docx", _letters(4)[3])
    since = emulator.last_seq()
    report = _run(config)
    assert report.counts.documents_read == 1 and len(_downloads(emulator, since)) == 1
    with open_session(config, extractor=InProcessExtractor()) as session:
        rows = session.gateway.read_rows(config.site.commitments_list, list(COMMITMENT_COLUMNS))
    fourth = InProcessExtractor().extract(_letters(4)[3], "LOC 1.docx")
    [row] = [r for r in rows if r.values[s.TITLE] == "LOC 1.docx"]
    assert row.values[s.C_DISTRICT] == fourth.district


def test_a_column_edit_while_the_state_was_lost_is_honoured_without_a_download(config: Config, emulator: Any) -> None:
    """Staff set "Ignore" on a letter after the state file was lost: its content is unchanged (same
    SourceTag), so it is judged from its Commitments row without a download, and the decision is honoured."""
    _synced(config)
    config.sync.state_path.unlink()
    with open_session(config, extractor=InProcessExtractor()) as session:
        [item] = [i for i in session.gateway.list_sources(config.site.library, "library", [s.WB_STATUS])
                  if i.name == "LOC 0.docx"]
        session.gateway.update_row(config.site.library, item.item_id, {s.WB_DECISION: s.DECISION_IGNORE}, etag="*")
    since = emulator.last_seq()
    report = _run(config)
    assert _downloads(emulator, since) == [] and report.counts.ignored == 1
    with open_session(config, extractor=InProcessExtractor()) as session:
        rows = session.gateway.read_rows(config.site.commitments_list, [s.TITLE, s.C_STATUS])
    assert {r.values[s.TITLE]: r.values[s.C_STATUS] for r in rows}["LOC 0.docx"] == s.COMMITMENT_IGNORED


def _contact_data(config: Config) -> set[str]:
    """Every contact name and e-mail address the run read from the letters (from ILN Commitments)."""
    with open_session(config, extractor=InProcessExtractor()) as session:
        rows = session.gateway.read_rows(config.site.commitments_list, list(COMMITMENT_COLUMNS))
    found: set[str] = set()
    for row in rows:
        c = commitment_from_row(dict(row.values))
        assert c is not None
        people = [*c.record.contacts, c.record.point_of_contact, c.record.signatory]
        found |= {v for p in people if p is not None for v in (p.name, getattr(p, "email", None)) if v}
    return found


def _mail_text(data: bytes) -> str:
    """A kept mail's headers and decoded text parts (base64 or quoted-printable would hide a name)."""
    if not data:
        return ""
    mail = message_from_bytes(bytes(data), policy=default)
    return str(dict(mail.items())) + "".join(p.get_content() for p in mail.walk() if p.get_content_maintype() == "text")


def test_after_a_demo_run_the_state_file_holds_no_contact_data(config: Config, emulator: Any) -> None:
    """The demo's letters and submissions synced (twice): no table of the state file holds any contact
    name or e-mail address read from them, and the file is readable by its owner only."""
    with open_session(config, extractor=InProcessExtractor()) as session:
        session.provision()
        upload_demo(session.gateway, config, TODAY)
        session.run()
        session.run()
    needles = _contact_data(config)
    assert len(needles) >= 10  # the demo letters name people: the scan below looks for something real
    path: Path = config.sync.state_path
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        text = "\n".join(repr(row) for t in tables for row in db.execute(f'SELECT * FROM "{t}"'))
        text += "\n".join(_mail_text(m) for m, in db.execute("SELECT message FROM mail_ledger"))
    db.close()
    assert {"items", "runs", "failures"} <= set(tables)
    assert [n for n in needles if n in text] == []
    assert [n for n in needles if n.encode() in path.read_bytes()] == []
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
