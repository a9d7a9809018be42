"""`iln-sync status`: last runs, next fire times, the lock holder, and exit 1 when the last good sync is too old."""
from __future__ import annotations

import argparse
import datetime as dt
import io
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from sharepoint_sync.commands import status
from sharepoint_sync.runlock import lock_path
from sharepoint_sync.service_config import ServiceConfig
from sharepoint_sync.state import State
from tests.service.fakeclock import EASTERN, install

NOW = dt.datetime(2026, 12, 7, 12, 3, tzinfo=dt.timezone.utc)  # 07:03 in Frankfort


def _config(tmp_path: Path) -> Any:
    return SimpleNamespace(sync=SimpleNamespace(state_path=tmp_path / "state.sqlite"),
                           service=replace(ServiceConfig(), alert_after_minutes=120))


def _record(tmp_path: Path, run_id: str, finished: str, outcome: str = "Succeeded", mode: str = "changes") -> None:
    with State(tmp_path / "state.sqlite") as state:
        state.record_run(run_id, finished, finished, outcome, {"mode": mode, "counts": {"writes": 3}, "problems": []})


def _command(monkeypatch: pytest.MonkeyPatch, config: Any, **options: Any) -> tuple[int, str]:
    monkeypatch.setattr(status, "load_config", lambda path: config)
    out = io.StringIO()
    code = status.run(argparse.Namespace(config=None, json=False, log_format=None, **options), out=out)
    return code, out.getvalue()


def test_a_recent_successful_sync_is_healthy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A sync that succeeded 33 minutes ago: exit 0, the run listed with its outcome, every job's next time, lock free."""
    install(monkeypatch, NOW)
    _record(tmp_path, "r1", "2026-12-07T11:30:00Z")
    code, text = _command(monkeypatch, _config(tmp_path))
    assert code == 0 and "r1  Succeeded" in text and "3 write(s)" in text
    assert "sync        2026-12-07T07:10:00-05:00" in text and "digest" in text and "Run lock: free" in text
    assert "OK: the last successful sync finished 33 minute(s) ago" in text


def test_a_stale_last_sync_exits_1_with_an_alert(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The last success 5 hours ago (later runs failed or were membership passes): exit 1 and an ALERT line."""
    install(monkeypatch, NOW)
    _record(tmp_path, "r1", "2026-12-07T07:00:00Z")
    _record(tmp_path, "r2", "2026-12-07T11:00:00Z", outcome="Partial")
    _record(tmp_path, "m1", "2026-12-07T11:10:00Z", mode="members")
    code, text = _command(monkeypatch, _config(tmp_path))
    assert code == 1 and "ALERT: the last successful sync finished 303 minutes ago" in text
    assert "r2  Partial" in text and "m1  Succeeded members" in text


def test_no_run_at_all_is_an_alert(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A worker that never synced: exit 1."""
    install(monkeypatch, NOW)
    code, text = _command(monkeypatch, _config(tmp_path))
    assert code == 1 and "no successful sync is recorded yet" in text


def test_status_names_the_pid_holding_the_lock(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """While another process holds the run lock, status names its pid."""
    install(monkeypatch, NOW)
    code = ("import sys, time; from pathlib import Path; from sharepoint_sync import log; log.configure(json=True)\n"
            "from sharepoint_sync.runlock import RunLock\n"
            "lock = RunLock(Path(sys.argv[1])); lock.acquire(0); print('held', flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code, str(lock_path(tmp_path / "state.sqlite"))],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        data = status.gather(_config(tmp_path), NOW)
    finally:
        child.kill()
        child.wait()
    assert data["lock"]["held"] and data["lock"]["holder_pid"] == child.pid


def test_next_fire_times_are_in_the_configured_zone(tmp_path: Path) -> None:
    """The next membership pass after noon UTC on Monday is Tuesday 00:20 Eastern."""
    data = status.gather(_config(tmp_path), NOW)
    assert data["next"]["membership"] == dt.datetime(2026, 12, 8, 0, 20, tzinfo=EASTERN).isoformat()
    assert "reminders" not in data["next"]  # off by default
