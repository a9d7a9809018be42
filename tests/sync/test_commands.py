"""`iln-sync run` and `plan` as commands: what they print and their exit codes (over the in-memory site)."""
from __future__ import annotations

import argparse
import io
import json
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from sharepoint_sync.run import session as engine
from sharepoint_sync.commands import plan as plan_command
from sharepoint_sync.commands import run as run_command
from sharepoint_sync.service_config import ServiceConfig
from tests.fakes import letter
from tests.sync.helpers import NAMES, Rig, provisioned


@pytest.fixture
def rig(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Rig:
    """A provisioned in-memory site that the commands open instead of the configured one."""
    rig = provisioned()
    config = SimpleNamespace(path=None, sync=SimpleNamespace(state_path=tmp_path / "state.sqlite"),
                             service=ServiceConfig())  # only what the commands read besides the session

    @contextmanager
    def session(_config: Any, **_: Any) -> Iterator[engine.Session]:
        yield engine.Session(rig.site, rig.extractor, rig.state, NAMES, 0.5)
    monkeypatch.setattr(engine, "open_session", session)
    for module in (run_command, plan_command):
        monkeypatch.setattr(module, "load_config", lambda path: config)
    return rig


def _run(module: Any, **options: Any) -> tuple[int, str]:
    args = argparse.Namespace(**{"config": None, "full": False, "force": False, "json": False, **options})
    out = io.StringIO()
    return module.run(args, out=out), out.getvalue()


def test_run_prints_the_report_and_json(rig: Rig) -> None:
    """`run` prints the report for people, or the same report as JSON with --json."""
    rig.site.upload(NAMES.library, "a.docx", letter("Adair County", status="needs_review", reasons=("missing_contact",)))
    code, text = _run(run_command)
    assert code == 0 and "Succeeded (full scan)" in text and "No contact with an email address" in text
    code, text = _run(run_command, json=True)
    assert code == 0 and json.loads(text)["counts"]["writes"] == 0


def test_guard_stops_run_with_exit_5_and_plan_says_why(rig: Rig) -> None:
    """A library found empty: `plan` says the run would stop, `run` stops with exit 5 and the reason."""
    doc = rig.site.upload(NAMES.library, "a.docx", letter("Adair County"))
    assert _run(run_command)[0] == 0
    rig.site.delete(NAMES.library, doc.item_id)
    code, text = _run(plan_command)
    assert code == 5 and "The run would stop" in text and "looks empty" in text
    code, text = _run(run_command)
    assert code == 5 and "Aborted" in text and "looks empty" in text
    assert _run(run_command, force=True)[0] == 0


def test_partial_run_exits_4(rig: Rig) -> None:
    """A run that spends its retry budget ends partial: exit 4, the report says what was left."""
    rig.site.upload(NAMES.library, "a.docx", letter("Adair County"))
    rig.site.budget_after_writes = 0
    code, text = _run(run_command)
    assert code == 4 and "Partial" in text and "left for the next run" in text


def test_unprovisioned_site_says_to_provision(rig: Rig, capsys: pytest.CaptureFixture[str]) -> None:
    """Running against a site without the lists is a Failed run (exit 2) whose sentence says to run provision."""
    del rig.site.lists[NAMES.members]
    code, text = _run(run_command)
    assert code == 2 and "Failed" in text and "run `iln-sync provision`" in text
    assert "iln-sync run: The run failed while collecting: The site is missing lists" in capsys.readouterr().err
