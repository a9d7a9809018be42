"""Faults during a real `run` on the fake tenant: throttling, 401/403, truncated downloads, races with staff."""
from __future__ import annotations

from typing import Any

import pytest

from sharepoint_sync.config import Config
from sharepoint_sync.core import schema as s
from sharepoint_sync.engine import provision_site, site_names
from sharepoint_sync.errors import AuthError, PermissionDenied, describe
from sharepoint_sync.gateway import open_gateway
from sharepoint_sync.ports import ContentRef
from sharepoint_sync.retry import GATE
from tests.sync.tenant_helpers import LETTERS, SAMPLES, faulted, lists, run, seed, writes

pytestmark = pytest.mark.integration


def _ready(config: Config, letters: list[str]) -> None:
    provision_site(open_gateway(config), site_names(config))
    seed(config, letters)


def _statuses(config: Config) -> dict[str, Any]:
    docs = open_gateway(config).list_sources(config.site.library, "library", [s.WB_STATUS, s.WB_REASONS])
    return {d.name: (d.fields.get(s.WB_STATUS), d.fields.get(s.WB_REASONS)) for d in docs}


def _drain(emulator: Any, path: str) -> None:
    """Spend the tenant's throttling budget from another client (a bare session) until it answers 429."""
    for _ in range(5000):
        if emulator.session.get(path).status_code == 429:
            return
    raise AssertionError("the throttling budget never ran out")


def test_run_under_the_throttling_budget_waits_out_every_retry_after(config: Config, emulator: Any) -> None:
    """A run throttled by the tenant's budget honours each Retry-After (no premature retry), then paces itself by
    the RateLimit-* headers so that it is hardly throttled again, and succeeds."""
    _ready(config, LETTERS[:2])
    # 480 units a minute refill 8 a second: after each 1 s Retry-After the run makes a few calls, then
    # is throttled again, so the run meets several signals whatever its exact number of requests.
    emulator.set_budget(units_per_minute=480, read_cost=1, write_cost=1, retry_after=1)
    try:
        _drain(emulator, f"{config.site.url}/_api/web")
        since = emulator.last_seq()
        from structlog.testing import capture_logs
        with capture_logs() as logs:
            report = run(config)
        premature = emulator.budget()["premature_retries"]
    finally:
        emulator.clear_budget()
        GATE.reopen()
    ours = [r for r in emulator.requests(since) if "iln-sync" in r["user_agent"]]
    throttled = sum(r["status"] == 429 for r in ours)
    assert throttled >= 1 and throttled <= 3  # drained at the start; then the pace keeps it under the limit
    assert any(e["event"] == "sp.pace" for e in logs)
    assert premature == []
    assert report.outcome == "Succeeded" and not report.failures
    assert len(lists(config)["commitments"]) == 3


@pytest.mark.parametrize("fault", [{"truncate": True}, {"drop": True}], ids=["truncated", "dropped"])
def test_cut_off_download_of_a_letter_is_retried_never_taken_as_corrupt(config: Config, emulator: Any,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        fault: dict[str, Any]) -> None:
    """A letter whose download is cut off mid-body or dropped is downloaded again and read: never `Unreadable`."""
    from sharepoint_sync import clock

    monkeypatch.setattr(clock, "sleep", lambda seconds: None)
    _ready(config, LETTERS[:1])
    with faulted(emulator, method="GET", path=LETTERS[0] + r"'\)/\$value$", count=1, **fault) as since:
        report = run(config)
    downloads = [r for r in emulator.requests(since) if r["path"].endswith(LETTERS[0] + "')/$value")]
    assert [r["truncated"] or r["dropped"] for r in downloads] == [True, False]
    assert report.outcome == "Succeeded" and report.counts.unreadable == 0
    assert _statuses(config)[LETTERS[0]][0] == s.SOURCE_PROCESSED


def test_download_that_times_out_is_retried_never_taken_as_corrupt(config: Config, emulator: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A download hanging past the read timeout is a transport error: retried, the letter read as usual."""
    from dataclasses import replace

    from sharepoint_sync import clock

    monkeypatch.setattr(clock, "sleep", lambda seconds: None)
    _ready(config, LETTERS[:1])
    impatient = replace(config, sync=replace(config.sync, request_timeout_seconds=0.5))
    with faulted(emulator, method="GET", path=r"/\$value$", hang=3, count=1) as since:
        report = run(impatient)
    downloads = [r for r in emulator.requests(since) if LETTERS[0] in r["path"] and r["path"].endswith("/$value")]
    assert [r["dropped"] for r in downloads] == [True, False]
    assert report.outcome == "Succeeded" and report.counts.unreadable == 0
    assert _statuses(config)[LETTERS[0]][0] == s.SOURCE_PROCESSED


def test_401_mid_run_gets_one_fresh_token_and_the_run_succeeds(config: Config, emulator: Any) -> None:
    """A token rejected mid-run (401 on a member write) is replaced once from Entra; the run completes."""
    _ready(config, LETTERS[:1])
    with faulted(emulator, method="POST", path=r"ILN Members'\)/items$", status=401, count=1) as since:
        report = run(config)
    paths = [r["path"] for r in emulator.requests(since)]
    assert report.outcome == "Succeeded" and report.counts.members_created == 2
    assert sum(p.endswith("/oauth2/v2.0/token") for p in paths) == 1


def test_second_401_stops_the_run_with_a_clear_message(config: Config, emulator: Any) -> None:
    """A fresh token rejected too stops the run with AuthError saying so; the ledger keeps it as Failed."""
    from sharepoint_sync.state import State

    _ready(config, LETTERS[:1])
    # two 401s in a row on the run's first request (a `$batch`: SharePoint checks the token on the batch)
    with faulted(emulator, method="POST", path=r"/_api/\$batch$", status=401, count=2), pytest.raises(AuthError) as caught:
        run(config)
    assert "401 twice" in describe(caught.value)
    with State(config.sync.state_path) as state:
        assert [r["outcome"] for r in state.runs()] == ["Failed"]


def test_missing_site_grant_names_the_site_and_the_permission(config: Config, emulator: Any) -> None:
    """A 403 stops the run at once; the message names the site URL and the permission to grant; nothing is written."""
    _ready(config, LETTERS[:1])
    emulator.session.post(f"{emulator.url}/site-grant", json={"granted": False}).raise_for_status()
    try:
        since = emulator.last_seq()
        with pytest.raises(PermissionDenied) as caught:
            run(config)
        sent = emulator.requests(since)
    finally:
        emulator.session.post(f"{emulator.url}/site-grant", json={"granted": True}).raise_for_status()
    message = describe(caught.value)
    assert config.site.url in message and "Sites.Selected" in message
    assert [r for r in sent if r["status"] == 403] == sent[-1:]  # the first refusal stops the run
    assert writes(emulator, since) == [] and set(_statuses(config).values()) == {(None, None)}


class RacingGateway:
    """The real gateway where staff act on a document just before the worker downloads it."""

    def __init__(self, config: Config, name: str, act: str) -> None:
        self.inner, self.config, self.name, self.act = open_gateway(config), config, name, act

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.inner, attr)

    def download(self, ref: ContentRef) -> bytes:
        if ref.name == self.name and self.act:
            library = self.config.site.library
            if self.act == "replace":
                self.inner.upload_file(library, self.name, (SAMPLES / "s15-missing-signature-date.docx").read_bytes())
            else:
                doc = next(d for d in self.inner.list_sources(library, "library", []) if d.name == self.name)
                self.inner.client.post_json(f"web/lists/GetByTitle('{library}')/items({doc.item_id})",
                                            headers={"X-HTTP-Method": "DELETE", "IF-MATCH": "*"}, what="delete")
            self.act = ""
        return self.inner.download(ref)


def test_document_replaced_between_listing_and_download_is_read_again(config: Config) -> None:
    """A new version uploaded after listing: no failure, staff's new content wins, the next run settles it."""
    _ready(config, LETTERS[:1])
    report = run(config, RacingGateway(config, LETTERS[0], "replace"))
    assert report.outcome == "Succeeded" and not report.failures
    run(config)
    assert _statuses(config)[LETTERS[0]][0] == s.SOURCE_NEEDS_REVIEW  # s15's content, not s01's
    assert run(config).counts.writes == 0


def test_document_deleted_between_listing_and_download_is_skipped(config: Config) -> None:
    """A document deleted after listing is skipped without failure; the others are processed."""
    _ready(config, LETTERS[:2])
    report = run(config, RacingGateway(config, LETTERS[1], "delete"))
    assert report.outcome == "Succeeded" and not report.failures and report.counts.skipped == 1
    assert set(_statuses(config)) == {LETTERS[0]}
    assert run(config).counts.writes == 0


#: a 500 SharePoint explains (an OData error code): deterministic, so not retried (a bare 500 is retried)
SP_500 = {"error": {"code": "-2146232060, Microsoft.SharePoint.SPException",
                    "message": {"lang": "en-US", "value": "The file could not be served."}}}


def test_letter_sharepoint_fails_to_serve_is_a_failure_and_is_read_next_run(config: Config, emulator: Any) -> None:
    """A download refused with a 500 fails that letter only: the others are processed, it is read next run."""
    _ready(config, LETTERS[:2])
    with faulted(emulator, method="GET", path=LETTERS[1] + r"'\)/\$value$", status=500, count=1, body=SP_500):
        report = run(config)
    assert report.outcome == "Partial" and [f.name for f in report.failures] == [LETTERS[1]]
    assert _statuses(config)[LETTERS[0]][0] == s.SOURCE_PROCESSED and _statuses(config)[LETTERS[1]][0] is None
    again = run(config)
    assert again.outcome == "Succeeded" and again.counts.documents_read == 1
    assert _statuses(config)[LETTERS[1]][0] == s.SOURCE_PROCESSED
    assert run(config).counts.writes == 0


def test_each_run_of_one_gateway_gets_the_whole_retry_budget(config: Config, emulator: Any,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """One gateway serving several runs (demo, schedule): a run that spent the budget leaves the next one a full one."""
    from sharepoint_sync import clock
    from sharepoint_sync.retry import RetryBudget

    monkeypatch.setattr(clock, "sleep", lambda seconds: None)
    _ready(config, LETTERS[:1])
    gateway = open_gateway(config, budget=RetryBudget(3))
    with faulted(emulator, method="POST", path=r"ILN Members'\)/items$", status=503, count=1000):
        assert run(config, gateway).outcome == "Partial"
    with faulted(emulator, method="GET", path=r"ILN Members'\)/items$", status=503, count=3):
        assert run(config, gateway).outcome == "Succeeded"  # three retries: the whole budget again
    assert len(lists(config)["members"]) == 2
