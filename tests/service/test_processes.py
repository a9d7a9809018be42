"""Real `iln-sync` processes against the fake tenant: one run at a time, SIGTERM mid-run, kill -9 mid-run."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from sharepoint_sync.config import Config
from sharepoint_sync.runlock import holder_pid, lock_path
from sharepoint_sync.state import State
from tests.service.procs import Proc, commitment_keys, member_districts, run_rows, seed_demo, service_toml
from tests.sync.tenant_helpers import command

pytestmark = pytest.mark.integration
SLOW_DOWNLOADS = {"method": "GET", "path": r"/\$value", "latency": 0.25}
SLOW_WRITES = {"method": "POST", "path": r"/items", "latency": 0.2}
GRACE = 20


def _writes_sent(emulator: Any, since: int) -> int:
    """Item writes sent since `since`: single POSTs to /items and the write parts of each `$batch`."""
    count = 0
    for r in emulator.requests(since):
        if "operations" in r:
            count += sum(1 for op in r["operations"] if op["method"] != "GET" and "/items" in op["path"])
        elif r["method"] == "POST" and "/items" in r["path"]:
            count += 1
    return count


def _small_write_batches(toml: Path, size: int) -> Path:
    """The config with `sync.write_batch_size = size`, so a run's writes go in several batches."""
    text = toml.read_text()
    toml.write_text(text.replace("\n[sync]\n", f"\n[sync]\nwrite_batch_size = {size}\n", 1))
    assert f"write_batch_size = {size}" in toml.read_text()
    return toml


def _no_duplicates(config: Config) -> None:
    keys, districts = commitment_keys(config), member_districts(config)
    assert keys and len(keys) == len(set(keys)), "duplicate commitment rows"
    assert districts and len(districts) == len(set(districts)), "duplicate member rows"


def test_two_runs_started_together_never_both_sync(config: Config, tenant_info: dict[str, Any], emulator: Any,
                                                   tmp_path: Path) -> None:
    """Two `run` processes at once: one syncs (one run recorded), the other says 'lock held' once, naming the pid."""
    toml = service_toml(tenant_info, tmp_path, lock_wait_seconds=0)
    seed_demo(config)
    emulator.add_fault(**SLOW_DOWNLOADS)
    first, second = Proc("run", "--config", str(toml)), Proc("run", "--config", str(toml))
    codes = {first.pid: first.wait(), second.pid: second.wait()}
    assert sorted(codes.values()) == [0, 6], first.text() + second.text()
    winner, loser = (first, second) if codes[first.pid] == 0 else (second, first)
    held = [e for e in loser.events() if e["event"] == "sync.lock.held"]
    assert len(held) == 1 and held[0]["holder_pid"] == winner.pid
    assert not any(e["event"] == "sync.run.started" for e in loser.events())
    assert len(run_rows(config)) == 1
    with State(tmp_path / "state.sqlite") as state:
        assert len(state.runs()) == 1


def test_sigterm_mid_run_exits_0_within_the_grace_and_the_rerun_completes(
        config: Config, tenant_info: dict[str, Any], emulator: Any, tmp_path: Path) -> None:
    """`serve --now` stopped by SIGTERM while reading: exit 0 within the grace, run recorded Stopped; the next run
    completes and every list has one row per document and district."""
    toml = service_toml(tenant_info, tmp_path, stop_grace_seconds=GRACE, sync_schedule="*/10 * * * *",
                        membership_schedule="", digest_schedule="")
    documents = seed_demo(config)
    emulator.add_fault(**SLOW_DOWNLOADS)
    serve = Proc("serve", "--config", str(toml), "--now")
    serve.wait_for(lambda e: e["event"] == "sync.run.started")
    time.sleep(2.0)  # some letters read, most not
    sent = time.monotonic()
    serve.popen.send_signal(signal.SIGTERM)
    assert serve.wait(GRACE + 10) == 0, serve.text()
    assert time.monotonic() - sent < GRACE
    assert any(e["event"] == "service.stopped" for e in serve.events())
    with State(tmp_path / "state.sqlite") as state:
        assert [r["outcome"] for r in state.runs()] == ["Stopped"]
    assert holder_pid(lock_path(tmp_path / "state.sqlite")) is None
    emulator.clear_faults()
    code, out = command("run", "--config", str(toml), "--json")
    assert code == 0, out
    _no_duplicates(config)
    assert len(commitment_keys(config)) >= documents - 3  # every letter and attachment has its row (not-LOCs aside)
    assert [r["Outcome"] for r in run_rows(config)].count("Stopped") == 1
    assert command("plan", "--config", str(toml))[1] == "Nothing to write: the site is up to date.\n"


def test_sigterm_while_writing_stops_between_writes_and_the_rerun_converges(
        config: Config, tenant_info: dict[str, Any], emulator: Any, tmp_path: Path) -> None:
    """SIGTERM during the writes (batches of 5): the batch under way finishes and no later one is sent, the run
    is Stopped (exit 0 within the grace), and the re-run converges with no duplicate."""
    toml = _small_write_batches(service_toml(tenant_info, tmp_path, stop_grace_seconds=GRACE), 5)
    seed_demo(config)
    emulator.add_fault(**SLOW_WRITES)
    run = Proc("run", "--config", str(toml), "--json")
    run.wait_for(lambda e: e["event"] == "sync.run.started")
    since = emulator.last_seq()
    deadline = time.monotonic() + 60
    while _writes_sent(emulator, since) < 6:
        assert time.monotonic() < deadline and run.popen.poll() is None, run.text()
        time.sleep(0.1)
    sent = time.monotonic()
    run.popen.send_signal(signal.SIGTERM)
    assert run.wait(GRACE + 10) == 0, run.text()
    assert time.monotonic() - sent < GRACE
    assert '"outcome": "Stopped"' in "\n".join(run.out)
    assert _writes_sent(emulator, since) < 90  # most of the run's ~93 writes were left for the re-run
    emulator.clear_faults()
    assert command("run", "--config", str(toml))[0] == 0
    _no_duplicates(config)
    assert command("plan", "--config", str(toml))[1] == "Nothing to write: the site is up to date.\n"


def test_kill_9_mid_run_then_restart_converges_and_the_lock_is_free(
        config: Config, tenant_info: dict[str, Any], emulator: Any, tmp_path: Path) -> None:
    """A run killed with SIGKILL while writing (batches of 5) leaves the lock free; the next run finishes with no
    duplicate rows."""
    toml = _small_write_batches(service_toml(tenant_info, tmp_path), 5)
    seed_demo(config)
    emulator.add_fault(**SLOW_WRITES)
    run = Proc("run", "--config", str(toml))
    run.wait_for(lambda e: e["event"] == "sync.run.started")
    since = emulator.last_seq()
    deadline = time.monotonic() + 60
    while _writes_sent(emulator, since) < 8:
        assert time.monotonic() < deadline and run.popen.poll() is None, run.text()
        time.sleep(0.1)
    os.kill(run.pid, signal.SIGKILL)
    assert run.wait(10) == -signal.SIGKILL
    assert holder_pid(lock_path(tmp_path / "state.sqlite")) is None
    emulator.clear_faults()
    assert command("run", "--config", str(toml))[0] == 0
    _no_duplicates(config)
    assert command("plan", "--config", str(toml))[1] == "Nothing to write: the site is up to date.\n"
