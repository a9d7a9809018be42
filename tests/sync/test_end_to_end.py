"""`provision` + `run` against the fake tenant over HTTPS with the real gateway, counted from its request log."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from sharepoint_sync.config import Config
from sharepoint_sync.core import schema as s
from sharepoint_sync.run.model import RunOptions
from sharepoint_sync.run.provision import provision_site
from sharepoint_sync.run.session import site_names
from sharepoint_sync.run.sync import run_once
from sharepoint_sync.failures import exit_code_of
from sharepoint_sync.edges import open_gateway
from sharepoint_sync.state import State
from tests.sync.tenant_helpers import (LETTERS, SAMPLES, Crash, CrashingGateway, InProcessExtractor, command, faulted,
                                       form_letter, lists, run, seed, writes)

pytestmark = pytest.mark.integration


def test_provision_run_then_second_run_writes_nothing(config: Config, tenant_info: dict[str, Any], emulator: Any,
                                                      tmp_path: Path) -> None:
    """`provision` then `run` fill the site (`plan` before writes nothing); a second `run` writes nothing at all."""
    toml = tmp_path / "iln-sync.toml"
    toml.write_text(Path(tenant_info["config_path"]).read_text().replace(
        'state_path = "state/iln-sync-state.sqlite"', f'state_path = "{tmp_path / "cli-state.sqlite"}"'))
    toml.chmod(0o600)
    assert command("provision", "--config", str(toml))[0] == 0
    assert command("provision", "--config", str(toml)) == (0, "Nothing to add: the site has every list, column, "
                                                               "index and view the worker needs.\n")
    seed(config)
    since = emulator.last_seq()
    code, out = command("plan", "--config", str(toml))
    assert code == 0 and "create commitment \"s01-2018-seed-like.docx\"" in out
    assert writes(emulator, since) == []
    with State(tmp_path / "cli-state.sqlite") as state:  # nor a token or a ledger entry
        assert state.runs() == [] and state.token(config.site.library) is None
    code, out = command("run", "--config", str(toml), "--json")
    first = json.loads(out)
    assert code == 0
    assert first["counts"]["documents_seen"] == 7 and first["counts"]["unreadable"] == 1
    assert {e["name"] for e in first["needs_review"]} >= {"s15-missing-signature-date.docx", "s26-pdf-renamed.docx"}
    since = emulator.last_seq()
    code, out = command("run", "--config", str(toml))
    assert code == 0 and "writes: 0" in out
    assert command("plan", "--config", str(toml)) == (0, "Nothing to write: the site is up to date.\n")
    assert writes(emulator, since) == []
    assert [op for r in emulator.requests(since) for op in r.get("operations", [])
            if op["path"].endswith("ILN Sync Runs')/items")] == []  # a quiet run leaves no row either
    members = {m[s.M_DISTRICT]: m for m in lists(config)["members"]}
    assert "Marion County" in members and members["Leslie County"][s.M_STATUS] == s.MEMBER_NEEDS_REVIEW


def test_crash_mid_run_then_rerun_converges_without_duplicates(config: Config, emulator: Any) -> None:
    """A run killed after N writes, then run again, leaves the same lists as an uninterrupted run."""
    provision_site(open_gateway(config), site_names(config))
    seed(config, LETTERS[:3])
    with pytest.raises(Crash):
        run(config, CrashingGateway(open_gateway(config), 5))
    run(config)
    after = lists(config)
    keys = [r[s.C_KEY] for r in after["commitments"]]
    assert len(keys) == len(set(keys)) == 4
    assert len({m[s.M_DISTRICT] for m in after["members"]}) == len(after["members"]) == 4
    since = emulator.last_seq()
    assert run(config).counts.writes == 0 and writes(emulator, since) == []


def test_dropped_create_is_not_duplicated(config: Config, emulator: Any) -> None:
    """A connection dropped on a row creation is retried after a lookup: one row, not two."""
    provision_site(open_gateway(config), site_names(config))
    seed(config, LETTERS[:2])
    with faulted(emulator, method="POST", path=r"ILN Commitments'\)/items$", drop=True, count=1) as since:
        report = run(config)
    assert [r["method"] for r in emulator.requests(since) if r["dropped"]] == ["POST"]
    assert report.outcome == "Succeeded"
    keys = [r[s.C_KEY] for r in lists(config)["commitments"]]
    assert len(keys) == len(set(keys)) == 3


def test_staff_decision_is_honoured_on_the_next_run(config: Config) -> None:
    """Setting 'Accept as read' on a letter needing review makes its district count on the next run."""
    provision_site(open_gateway(config), site_names(config))
    seed(config, ["s15-missing-signature-date.docx"])
    run(config)
    gateway = open_gateway(config)
    doc = next(d for d in gateway.list_sources(config.site.library, "library", [s.WB_STATUS]))
    assert doc.fields[s.WB_STATUS] == s.SOURCE_NEEDS_REVIEW
    gateway.update_row(config.site.library, doc.item_id, {s.WB_DECISION: s.DECISION_ACCEPT}, etag=doc.etag)
    run(config)
    members = {m[s.M_DISTRICT]: m for m in lists(config)["members"]}
    assert members["Leslie County"][s.M_STATUS] != s.MEMBER_NEEDS_REVIEW


def test_missing_site_grant_stops_at_once_and_marks_nothing(config: Config, emulator: Any) -> None:
    """A 403 (no site grant) ends the run Failed (permission, exit 3) at once; no document is marked processed."""
    provision_site(open_gateway(config), site_names(config))
    seed(config, LETTERS[:1])
    emulator.session.post(f"{emulator.url}/site-grant", json={"granted": False}).raise_for_status()
    try:
        since = emulator.last_seq()
        report = run(config)
        assert report.outcome == "Failed" and report.ended_by == "permission" and exit_code_of(report) == 3
        assert writes(emulator, since) == []
    finally:
        emulator.session.post(f"{emulator.url}/site-grant", json={"granted": True}).raise_for_status()
    docs = open_gateway(config).list_sources(config.site.library, "library", [s.WB_STATUS])
    assert [d.fields.get(s.WB_STATUS) for d in docs] == [None]


def test_dropped_update_replayed_into_a_412_converges(config: Config, emulator: Any) -> None:
    """A MERGE applied but whose answer was lost is replayed into a 412; the re-plan finds nothing left to do."""
    provision_site(open_gateway(config), site_names(config))
    seed(config, LETTERS[:1])
    run(config)
    gateway = open_gateway(config)
    doc = gateway.list_sources(config.site.library, "library", [s.WB_STATUS])[0]
    gateway.update_row(config.site.library, doc.item_id, {s.WB_DECISION: s.DECISION_IGNORE}, etag=doc.etag)
    with faulted(emulator, method="POST", path=r"ILN Members'\)/items\(\d+\)$", drop=True, count=1) as since:
        report = run(config)
    assert [r["method"] for r in emulator.requests(since) if r["dropped"]] == ["POST"]
    assert report.outcome == "Succeeded"
    members = {m[s.M_DISTRICT]: m for m in lists(config)["members"]}
    assert members["Marion County"][s.M_STATUS] == s.MEMBER_NEEDS_REVIEW
    since = emulator.last_seq()
    assert run(config).counts.writes == 0 and writes(emulator, since) == []


def test_spent_retry_budget_ends_partial_then_next_run_finishes(config: Config, emulator: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """503s on every member write spend the retry budget: the run is partial, the next one completes."""
    from sharepoint_sync import clock

    monkeypatch.setattr(clock, "sleep", lambda seconds: None)  # the backoff waits are not what is tested
    provision_site(open_gateway(config), site_names(config))
    seed(config, LETTERS[:2])
    with faulted(emulator, method="POST", path=r"ILN Members'\)/items$", status=503, count=1000):
        report = run(config)
    assert report.outcome == "Partial" and report.problems
    assert run(config).outcome == "Succeeded"
    after = lists(config)
    assert len(after["members"]) == 3 and len(after["commitments"]) == 3
    assert run(config).counts.writes == 0


def test_attachment_name_with_odata_specials_keeps_one_commitment(config: Config, emulator: Any) -> None:
    """Keys holding quotes, &, # and + reach SharePoint intact: the lookup finds the row, never a second."""
    provision_site(open_gateway(config), site_names(config))
    gateway = open_gateway(config)
    item = gateway.create_row(config.site.submissions_list, {s.TITLE: "O'Brien & Co #1"}, key_column=s.TITLE)
    name = "Rock's LOC & plan + more.docx"  # '#' and '%' are refused in attachment names
    gateway.add_attachment(config.site.submissions_list, item.item_id, name, (SAMPLES / LETTERS[0]).read_bytes())
    with faulted(emulator, method="POST", path=r"ILN Commitments'\)/items$", drop=True, count=1) as since:
        run(config)
    assert [r["method"] for r in emulator.requests(since) if r["dropped"]] == ["POST"]
    keys = [r[s.C_KEY] for r in lists(config)["commitments"]]
    assert keys == [f"submission:{item.item_id}:{name}"]
    assert run(config).counts.writes == 0


def test_supersession_correction_staff_lock_and_expiry_on_the_fake_tenant(config: Config) -> None:
    """Real letters: a later letter supersedes, a new version replaces its record, a locked row stays, terms expire."""
    names = site_names(config)
    provision_site(open_gateway(config), names)
    gateway = open_gateway(config)
    library = config.site.library
    gateway.upload_file(library, "knox-2024.docx", form_letter("Knox County Schools", dt.date(2024, 9, 3), dt.date(2024, 9, 20), "Ann Old"))
    gateway.upload_file(library, "knox-2025.docx", form_letter("Knox County Schools", dt.date(2025, 9, 2), None, "Bea New"))
    gateway.upload_file(library, "boyd.docx", form_letter("Boyd County Schools", dt.date(2025, 9, 8), dt.date(2025, 9, 30), "Cy Boyd"))
    run(config)

    def members() -> dict[str, dict[str, Any]]:
        rows = gateway.read_rows(names.members, [s.M_DISTRICT, s.M_STATUS, s.M_GRANT, s.POINT_OF_CONTACT, s.M_LOCKED])
        return {r.values[s.M_DISTRICT]: {**r.values, "id": r.item_id, "etag": r.etag} for r in rows}
    knox = members()["Knox County"]
    assert knox[s.M_STATUS] == s.MEMBER_PENDING_KDE and "Bea New" in knox[s.POINT_OF_CONTACT]
    assert knox[s.M_GRANT] is False  # the older letter's term (2024-2025) is over
    assert members()["Boyd County"][s.M_STATUS] == s.MEMBER_ACTIVE
    # a correction: KDE countersigned, uploaded over the same file
    gateway.upload_file(library, "knox-2025.docx", form_letter("Knox County Schools", dt.date(2025, 9, 2), dt.date(2025, 10, 1), "Bea New"))
    boyd = members()["Boyd County"]
    gateway.update_row(names.members, boyd["id"], {s.M_LOCKED: True}, etag=boyd["etag"])
    report = run(config)
    assert members()["Knox County"][s.M_STATUS] == s.MEMBER_ACTIVE and members()["Knox County"][s.M_GRANT] is True
    assert len(lists(config)["commitments"]) == 3 and report.locked == ()
    # a year later both terms are over; Boyd's row is managed by staff and only reported
    later = dt.datetime(2026, 7, 2, 12, tzinfo=dt.timezone.utc)
    with State(config.sync.state_path) as state:
        report = run_once(gateway, InProcessExtractor(), state, names, RunOptions(), now=later)
    assert members()["Knox County"][s.M_STATUS] == s.MEMBER_EXPIRED
    assert members()["Boyd County"][s.M_STATUS] == s.MEMBER_ACTIVE
    assert [lc.district for lc in report.locked] == ["Boyd County"]


def test_expired_token_rescans_and_emptied_library_is_guarded(config: Config, clean_tenant: Any, emulator: Any) -> None:
    """A refused change token means a full re-scan with no write; a library emptied behind our back stops the run."""

    names = site_names(config)
    provision_site(open_gateway(config), names)
    seed(config, LETTERS[:2])
    run(config)
    clean_tenant.site.expire_changes()
    since = emulator.last_seq()
    report = run(config)
    assert report.mode == "full" and report.counts.writes == 0 and writes(emulator, since) == []
    site = clean_tenant.site
    with site.lock:
        library = site.list_by_title(names.library)
        for item in [i for i in library.items.values() if not i.is_folder]:
            site.delete_item(library, item)
    stopped = run(config)
    assert stopped.outcome == "Aborted" and "looks empty" in stopped.problems[0]
    statuses = {r[s.C_KEY]: r[s.C_STATUS] for r in lists(config)["commitments"]}
    assert [v for k, v in statuses.items() if k.startswith("library:")] == [s.COMMITMENT_ACCEPTED] * 2


@pytest.mark.parametrize("said", ["Ft. Thomas Independent", "Fort Thomas Ind. Schools"])
def test_a_submission_form_naming_the_registrys_variant_is_not_sent_to_review(config: Config, said: str) -> None:
    """The form's District column in a registry variant of the letter's district gives a Processed commitment,
    not a 'the form says … but the letter is from …' review."""
    provision_site(open_gateway(config), site_names(config))
    gateway = open_gateway(config)
    item = gateway.create_row(config.site.submissions_list, {s.TITLE: "Form submission", s.SUB_DISTRICT: said},
                              key_column=s.TITLE)
    letter = form_letter("Fort Thomas Independent", dt.date(2025, 9, 10), dt.date(2025, 9, 20), "Dana Reed")
    gateway.add_attachment(config.site.submissions_list, item.item_id, "fort-thomas.docx", letter)
    run(config)
    [commitment] = lists(config)["commitments"]
    assert commitment[s.C_DISTRICT] == "Fort Thomas Independent"
    assert commitment[s.C_STATUS] == s.COMMITMENT_ACCEPTED
