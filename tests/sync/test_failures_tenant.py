"""How commands and runs end when something fails, on the fake tenant: one classifier, one sentence per failure,
distinct exit codes, and every run that started recorded (ledger, ILN Sync Runs, summary mail, summary event)."""
from __future__ import annotations

import io
import json
from contextlib import redirect_stderr
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from structlog.testing import capture_logs

from sharepoint_sync import cli
from sharepoint_sync.config import Config
from sharepoint_sync.core import schema as s
from sharepoint_sync.errors import EXIT_CONFIG, EXIT_FAILED
from sharepoint_sync.failures import exit_code_of
from sharepoint_sync.edges import open_gateway
from sharepoint_sync.run.provision import provision_site
from sharepoint_sync.run.session import open_session, site_names
from sharepoint_sync.state import State
from tests.sync.tenant_helpers import LETTERS, InProcessExtractor, faulted, run, seed

pytestmark = pytest.mark.integration

#: the reads `$batch` asks for the ILN Members rows in one of its parts (the fault rule matches that part)
MEMBERS_READ = r"GetByTitle\('ILN Members'\)/items$"


def _toml(tenant_info: dict[str, Any], tmp_path: Path, *, site_suffix: str = "") -> Path:
    """The fake tenant's config with a state file in tmp_path and, with `site_suffix`, a site path that does not exist."""
    text = Path(tenant_info["config_path"]).read_text()
    site = tenant_info["site_url"]
    assert f'url = "{site}"' in text
    text = text.replace(f'url = "{site}"', f'url = "{site}{site_suffix}"')
    state = next(line for line in text.splitlines() if line.startswith("state_path"))
    text = text.replace(state, f'state_path = "{tmp_path / "state.sqlite"}"')
    path = tmp_path / "iln-sync.toml"
    path.write_text(text)
    return path


def _main(*argv: str) -> tuple[int, str]:
    """`iln-sync ...` through cli.main (the path every command ends through); its exit code and its stderr."""
    err = io.StringIO()
    with redirect_stderr(err):
        code = cli.main(list(argv))
    return code, err.getvalue()


def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    from sharepoint_sync import clock

    monkeypatch.setattr(clock, "sleep", lambda seconds: None)


def test_a_wrong_site_url_gives_one_sentence_and_exit_code_from_check_plan_and_run(
        clean_tenant: Any, tenant_info: dict[str, Any], tmp_path: Path) -> None:
    """site.url naming no site: check, plan and run all exit 2 with the same site.url sentence; the run is in the ledger."""
    path = _toml(tenant_info, tmp_path, site_suffix="X")
    sentence = f"site.url: no SharePoint site at {tenant_info['site_url']}X (SharePoint answered 404 Not Found)"
    ends = {command: _main(command, "--config", str(path)) for command in ("check", "plan", "run")}
    assert {command: code for command, (code, _) in ends.items()} == {"check": 2, "plan": 2, "run": 2}
    for command, (_, err) in ends.items():
        assert f"iln-sync {command}: " in err and sentence in err, (command, err)
        assert "FileNotFoundException" not in err and "status=404" not in err
    with State(tmp_path / "state.sqlite") as state:
        (ledger,) = state.runs()
    problems = ledger["report"]["problems"]
    assert ledger["outcome"] == "Failed" and ledger["report"]["ended_by"] == "config"
    assert sentence in problems[0] and "local ledger only" in problems[-1]


def test_check_on_a_site_whose_lists_are_missing_exits_2_with_the_provision_hint(
        clean_tenant: Any, tenant_info: dict[str, Any], tmp_path: Path) -> None:
    """A fresh site (no lists yet): check, plan and run all say to run provision, exit 2; after provision check passes."""
    path = _toml(tenant_info, tmp_path)
    for command in ("check", "plan", "run"):
        code, err = _main(command, "--config", str(path))
        assert code == EXIT_CONFIG and "missing lists or columns" in err and "run `iln-sync provision`" in err, command
    assert _main("provision", "--config", str(path))[0] == 0
    assert _main("check", "--config", str(path)) == (0, "")


def test_a_remote_error_while_reading_ends_the_run_failed_and_recorded_everywhere(
        config: Config, emulator: Any, tenant_info: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A read that keeps failing (500 on the Members part of the reads batch): the run is Failed (exit 7) while
    collecting, with its ledger entry, its ILN Sync Runs row, its summary event and its summary mail."""
    _no_backoff(monkeypatch)
    provision_site(open_gateway(config), site_names(config))
    seed(config, LETTERS[:1])
    with faulted(emulator, method="GET", path=MEMBERS_READ, status=500), capture_logs() as logs, \
            open_session(config, extractor=InProcessExtractor()) as session:
        report = session.run()
    assert report.outcome == "Failed" and report.ended_by == "transient" and report.failed_step == "collecting"
    assert exit_code_of(report) == EXIT_FAILED and report.counts.writes == 0
    assert report.problems[0].startswith("The run failed while collecting: SharePoint answered 500")
    with State(config.sync.state_path) as state:
        assert [(r["run_id"], r["outcome"]) for r in state.runs()] == [(report.run_id, "Failed")]
    rows = open_gateway(config).read_rows(config.site.runs_list, [s.R_RUN_ID, s.R_OUTCOME, s.R_PROBLEMS])
    assert [(r.values[s.R_RUN_ID], r.values[s.R_OUTCOME]) for r in rows] == [(report.run_id, "Failed")]
    assert "SharePoint answered 500" in rows[0].values[s.R_PROBLEMS]
    (finished,) = [e for e in logs if e["event"] == "sync.run.finished"]
    assert finished["outcome"] == "Failed" and finished["run_id"] == report.run_id
    mails = [message_from_bytes(p.read_bytes(), policy=default) for p in Path(tenant_info["outbox_dir"]).glob("*.eml")]
    assert [m["Subject"] for m in mails] == ["ILN sync: run failed"]
    assert report.run_id in mails[0].get_body(("plain",)).get_content()


def test_the_run_command_exits_7_for_a_run_that_failed_and_4_only_for_a_partial_one(
        config: Config, emulator: Any, tenant_info: dict[str, Any], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`iln-sync run`: a run a read failure ended exits 7 (Failed, said on stderr); a letter that will not download
    is only a partial run, exit 4; then the healed site runs clean, exit 0."""
    _no_backoff(monkeypatch)
    provision_site(open_gateway(config), site_names(config))
    seed(config, LETTERS[:2])
    path = _toml(tenant_info, tmp_path)
    with faulted(emulator, method="GET", path=MEMBERS_READ, status=500):
        code, err = _main("run", "--config", str(path), "--json")
    assert code == EXIT_FAILED and "iln-sync run: The run failed while collecting: SharePoint answered 500" in err
    with faulted(emulator, method="GET", path=LETTERS[1] + r"'\)/\$value$", status=503):
        assert _main("run", "--config", str(path))[0] == 4
    assert _main("run", "--config", str(path))[0] == 0
    with State(tmp_path / "state.sqlite") as state:
        assert [r["outcome"] for r in state.runs()] == ["Failed", "Partial", "Succeeded"]


def test_a_guard_stop_is_the_runs_result_with_exit_5_not_an_exception(config: Config, clean_tenant: Any,
                                                                    tenant_info: dict[str, Any], tmp_path: Path) -> None:
    """The library emptied after a run: `run` returns an Aborted report (exit 5), recorded in the ledger and the Runs list."""
    provision_site(open_gateway(config), site_names(config))
    seed(config, LETTERS[:2])
    assert run(config).outcome == "Succeeded"
    site = clean_tenant.site
    with site.lock:
        library = site.list_by_title(config.site.library)
        for item in [i for i in library.items.values() if not i.is_folder]:
            site.delete_item(library, item)
    path = _toml(tenant_info, tmp_path)
    code, _ = _main("run", "--config", str(path), "--json")
    assert code == 5
    with State(tmp_path / "state.sqlite") as state:  # the same state file as `run(config)`'s
        stopped = state.runs()[-1]
    assert stopped["outcome"] == "Aborted" and "looks empty" in json.dumps(stopped["report"]["problems"])
    rows = open_gateway(config).read_rows(config.site.runs_list, [s.R_RUN_ID, s.R_OUTCOME])
    assert (stopped["run_id"], "Aborted") in [(r.values[s.R_RUN_ID], r.values[s.R_OUTCOME]) for r in rows]
