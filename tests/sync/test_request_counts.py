"""Request counts of sync runs on the fake tenant's request log (issue 14): a regression fails `make test`.

Targets: a quiet run costs 1 request in the same process and 1 + sign-in in a new one (the change
queries of the four lists in one `$batch`); one new letter costs at most 5.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from sharepoint_sync.config import Config
from sharepoint_sync.engine import open_session
from iln_demo.forms.demo import demo_letters
from tests.sync.tenant_helpers import InProcessExtractor, command, writes

pytestmark = pytest.mark.integration

SIGN_IN = ("/oauth2/", "/.well-known/", "/discovery/")


def _site_requests(emulator: Any, since: int) -> list[str]:
    return [f"{e['method']} {e['path'].rsplit('/_api/', 1)[-1]}" for e in emulator.requests(since)
            if not any(p in e["path"] for p in SIGN_IN) and not e["path"].startswith("/_emulator")]


def _sign_in(emulator: Any, since: int) -> int:
    return sum(any(p in e["path"] for p in SIGN_IN) for e in emulator.requests(since))


def _letters(n: int) -> list[bytes]:
    return [d.data for d in demo_letters(dt.date(2026, 1, 15)) if d.file_name.endswith(".docx")][:n]


def _synced_session(config: Config, n: int = 3) -> Any:
    """An open session on a provisioned site whose `n` letters have been synced once."""
    session = open_session(config, extractor=InProcessExtractor())
    opened = session.__enter__()
    opened.provision()
    for i, data in enumerate(_letters(n)):
        opened.gateway.upload_file(config.site.library, f"LOC {i}.docx", data)
    assert opened.run().outcome == "Succeeded"
    return session, opened


def test_quiet_run_in_the_same_process_is_one_batch_of_change_queries(config: Config, emulator: Any) -> None:
    """Right after a run, and again later, a run with nothing changed sends exactly one request: a `$batch`
    of the four lists' change queries; it writes nothing, not even its own Runs row."""
    context, session = _synced_session(config)
    try:
        for _ in range(2):
            since = emulator.last_seq()
            report = session.run()
            assert _site_requests(emulator, since) == ["POST $batch"]
            [batch] = [e for e in emulator.requests(since) if e["path"].endswith("$batch")]
            assert [op["path"].rsplit("/", 1)[-1] for op in batch["operations"]] == ["GetChanges"] * 4
            assert report.counts.writes == 0 and writes(emulator, since) == []
    finally:
        context.__exit__(None, None, None)


def test_quiet_run_in_a_new_process_is_sign_in_plus_one_request(config: Config, emulator: Any, tmp_path: Path,
                                                              tenant_info: dict[str, Any]) -> None:
    """`iln-sync run` as a new process after a run: sign-in, then one `$batch`; no list metadata, no fields,
    no form digest (cached in the state, or not needed with a bearer token)."""
    toml = tmp_path / "iln-sync.toml"
    toml.write_text(Path(tenant_info["config_path"]).read_text().replace(
        'state_path = "state/iln-sync-state.sqlite"', f'state_path = "{config.sync.state_path}"'))
    toml.chmod(0o600)
    context, _ = _synced_session(config)
    context.__exit__(None, None, None)
    since = emulator.last_seq()
    code, out = command("run", "--config", str(toml))
    assert code == 0 and "writes: 0" in out
    assert _site_requests(emulator, since) == ["POST $batch"]
    assert 1 <= _sign_in(emulator, since) <= 2


def test_one_new_letter_costs_at_most_five_requests(config: Config, emulator: Any) -> None:
    """A new letter: change queries, one read batch (its listing + both lists), its download, one write batch,
    one batch closing the run (change queries past our writes + the Runs row): 5 requests."""
    context, session = _synced_session(config)
    try:
        session.run()
        session.gateway.upload_file(config.site.library, "One more.docx", _letters(4)[3])
        since = emulator.last_seq()
        report = session.run()
        sent = _site_requests(emulator, since)
        assert report.counts.documents_read == 1 and report.counts.commitments_created == 1
        assert len(sent) <= 5, sent
        assert sum(r.endswith("/$value") for r in sent) == 1
        since = emulator.last_seq()
        session.run()
        assert _site_requests(emulator, since) == ["POST $batch"]  # and the run after it is quiet again
    finally:
        context.__exit__(None, None, None)
