"""Request counts of sync runs on the fake tenant's request log (issue 14): a regression fails `make test`.

Targets: a quiet run costs 1 request in the same process and 1 + sign-in in a new one (the change
queries of the four lists in one `$batch`); one new letter costs at most 5 for the list work (measured
with `[pages] enabled = false`); the resource pages (issue 8) add the two reads the page step compares
against and the requests of the pages the letter changed, never of the others. The summary mail goes
to Graph, not to the site, and is counted apart.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sharepoint_sync.config import Config
from sharepoint_sync.run.session import open_session
from iln_demo.forms.demo import demo_letters
from tests.sync.tenant_helpers import InProcessExtractor, command, writes

pytestmark = pytest.mark.integration

SIGN_IN = ("/oauth2/", "/.well-known/", "/discovery/")
GRAPH = "/graph/"  # the summary mail (Graph sendMail), not a SharePoint request


def _site_requests(emulator: Any, since: int) -> list[str]:
    return [f"{e['method']} {e['path'].rsplit('/_api/', 1)[-1]}" for e in emulator.requests(since)
            if not any(p in e["path"] for p in SIGN_IN) and not e["path"].startswith(("/_emulator", GRAPH))]


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


def _without_pages(config: Config) -> Config:
    return replace(config, pages=replace(config.pages, enabled=False))


def _new_letter_run(config: Config, emulator: Any) -> tuple[Any, Any, Any, int]:
    """Sync 3 letters, upload a 4th, run: (context, session, the run's report, log position before it)."""
    context, session = _synced_session(config)
    session.run()
    session.gateway.upload_file(config.site.library, "One more.docx", _letters(4)[3])
    since = emulator.last_seq()
    report = session.run()
    assert report.counts.documents_read == 1 and report.counts.commitments_created == 1
    return context, session, report, since


def test_one_new_letter_costs_at_most_five_requests(config: Config, emulator: Any) -> None:
    """A new letter's list work (pages disabled): change queries, one read batch (its listing + both
    lists), its download, one write batch, one batch closing the run (change queries past our writes +
    the Runs row): 5 requests; the summary mail is one Graph request; the next run is quiet again."""
    context, session, report, since = _new_letter_run(_without_pages(config), emulator)
    try:
        sent = _site_requests(emulator, since)
        assert len(sent) <= 5, sent
        assert sum(r.endswith("/$value") for r in sent) == 1
        mail = [e["path"] for e in emulator.requests(since) if e["path"].startswith(GRAPH)]
        assert len(mail) == 1 and mail[0].endswith("/sendMail")
        since = emulator.last_seq()
        session.run()
        assert _site_requests(emulator, since) == ["POST $batch"]  # and the run after it is quiet again
    finally:
        context.__exit__(None, None, None)


PAGE_READS = {"GET web/lists/GetByTitle('ILN Resources')/items", "GET web/lists/GetByTitle('Site Pages')/items"}


def test_one_new_letter_republishes_only_the_pages_it_changed(config: Config, emulator: Any) -> None:
    """With the pages on, the same run adds to the list work only the page step: the two reads it compares
    against (ILN Resources, Site Pages) and the requests of the pages the letter changed (its district's
    page), each published page costing at most 6 requests; no other page is read or written."""
    baseline_context, _, _, since = _new_letter_run(_without_pages(config), emulator)
    list_work = len(_site_requests(emulator, since))
    baseline_context.__exit__(None, None, None)
    emulator.reset()
    fresh = replace(config, sync=replace(config.sync, state_path=config.sync.state_path.with_name("pages.sqlite")))
    context, session, report, since = _new_letter_run(fresh, emulator)
    try:
        sent = _site_requests(emulator, since)
        pages = [r for r in sent if "sitepages/" in r or "('Site Pages')" in r or r in PAGE_READS]
        assert len(sent) - len(pages) <= list_work, sent
        assert set(pages) >= PAGE_READS
        published = report.counts.pages_published
        assert published >= 1 and len(pages) <= len(PAGE_READS) + 6 * published, pages
        named = set(re.findall(r"SitePages/([\w-]+\.aspx)", " ".join(pages)))
        assert named == {"iln-district-boone-county.aspx"}, named  # the new district's page, no other
        since = emulator.last_seq()
        session.run()
        assert _site_requests(emulator, since) == ["POST $batch"]  # a quiet run reads no pages
    finally:
        context.__exit__(None, None, None)
