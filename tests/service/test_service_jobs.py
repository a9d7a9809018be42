"""The service's jobs with fake sessions and a fake clock: what each job calls, the lock, stops, catch-up."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from sharepoint_sync import log
from sharepoint_sync.runlock import RunLock, holder_pid, lock_path
from sharepoint_sync.service import Service
from sharepoint_sync.service_config import ServiceConfig
from sharepoint_sync.state import State
from tests.service.fakeclock import EASTERN, install


class FakeSession:
    """Records what the jobs call; stands in for engine.Session (send_digest/send_reminders land from the mail work)."""

    def __init__(self, calls: list[str], fail: str | None = None) -> None:
        self.calls, self.fail, self.control = calls, fail, None

    def _call(self, name: str, **kwargs: Any) -> Any:
        self.calls.append(name)
        if self.fail == name:
            raise RuntimeError(f"{name} failed")
        return SimpleNamespace(outcome="Succeeded", run_id=f"{name}-1", kwargs=kwargs)

    def run(self) -> Any:
        return self._call("run")

    def membership_pass(self, **kwargs: Any) -> Any:
        return self._call("membership_pass", **kwargs)

    def send_digest(self) -> Any:
        return self._call("send_digest")

    def send_reminders(self) -> Any:
        return self._call("send_reminders")


def _config(tmp_path: Path, **service: Any) -> Any:
    defaults = {"reminders_schedule": "0 8 * * 1-5", "lock_wait_seconds": 0}
    return SimpleNamespace(sync=SimpleNamespace(state_path=tmp_path / "state.sqlite"),
                           service=replace(ServiceConfig(), **{**defaults, **service}))


def _service(tmp_path: Path, calls: list[str], fail: str | None = None, **service: Any) -> Service:
    opened: list[bool] = []

    @contextmanager
    def sessions(_config: Any, *, reads_letters: bool) -> Iterator[FakeSession]:
        opened.append(reads_letters)
        yield FakeSession(calls, fail)
    svc = Service(_config(tmp_path, **service), sessions=sessions)
    svc.opened = opened  # type: ignore[attr-defined]
    return svc


def test_each_job_calls_its_session_method_on_schedule(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Over a fake Monday: the sync every 10 minutes, the membership pass at 00:20, the digest at 07:00, reminders at 08:00."""
    clock = install(monkeypatch, dt.datetime(2026, 12, 6, 23, 59, tzinfo=EASTERN))  # Sunday night
    calls: list[str] = []
    service = _service(tmp_path, calls)
    scheduler = service.scheduler(manual=True)
    scheduler.start()
    while clock.now() < dt.datetime(2026, 12, 7, 9, 0, 30, tzinfo=EASTERN):
        clock.advance(minutes=1)
        scheduler.tick()
    assert calls.count("run") == 55  # 00:00 .. 09:00 every 10 minutes
    assert calls.count("membership_pass") == calls.count("send_digest") == calls.count("send_reminders") == 1
    assert service.opened.count(True) == 55  # type: ignore[attr-defined]  # only the sync opens an extractor


def test_the_membership_pass_uses_the_local_date(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """At 00:20 on July 1 in Frankfort (04:20 UTC) the pass computes members for July 1."""
    install(monkeypatch, dt.datetime(2026, 7, 1, 0, 20, tzinfo=EASTERN))
    calls: list[str] = []
    result = _service(tmp_path, calls).job("membership", lambda s: s.membership_pass(today=dt.date(2026, 7, 1)), False)()
    assert result.kwargs["today"] == dt.date(2026, 7, 1)
    assert _service(tmp_path, calls).local_today() == dt.date(2026, 7, 1)
    install(monkeypatch, dt.datetime(2026, 6, 30, 23, 30, tzinfo=EASTERN))  # 03:30 UTC on July 1
    assert _service(tmp_path, calls).local_today() == dt.date(2026, 6, 30)


def test_a_failing_job_is_logged_and_the_others_go_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """The digest raising is logged as schedule.job.failed; the sync keeps running after it."""
    clock = install(monkeypatch, dt.datetime(2026, 12, 7, 6, 55, tzinfo=EASTERN))
    calls: list[str] = []
    scheduler = _service(tmp_path, calls, fail="send_digest").scheduler(manual=True)
    scheduler.start()
    while clock.now() < dt.datetime(2026, 12, 7, 7, 25, tzinfo=EASTERN):
        clock.advance(minutes=1)
        scheduler.tick()
    captured = capsys.readouterr()
    assert "schedule.job.failed" in captured.out + captured.err
    assert calls.count("send_digest") == 1 and calls.count("run") == 3


def test_a_job_skips_with_one_line_naming_the_pid_when_another_process_holds_the_lock(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Another process holding the run lock: the job does not run and one sync.lock.held line names its pid."""
    service = _service(tmp_path, calls := [])
    holder = _hold_lock_in_child(lock_path(tmp_path / "state.sqlite"))
    try:
        log.configure(json=True, force=True)
        assert service.job("sync", lambda s: s.run(), True)() is None
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    finally:
        holder.kill()
        holder.wait()
        log.configure(json=False, force=True)
    held = [line for line in lines if line["event"] == "sync.lock.held"]
    assert calls == [] and len(held) == 1 and held[0]["holder_pid"] == holder.pid


def test_the_lock_is_free_after_its_holder_is_killed(tmp_path: Path) -> None:
    """kill -9 of the holder frees the lock at once (the kernel closes its file): the next run takes it."""
    path = lock_path(tmp_path / "state.sqlite")
    holder = _hold_lock_in_child(path)
    assert holder_pid(path) == holder.pid
    holder.kill()
    holder.wait()
    assert holder_pid(path) is None
    with RunLock(path) as lock:
        lock.acquire(0)
        assert holder_pid(path) is not None


def test_a_stop_request_keeps_new_jobs_from_starting(tmp_path: Path) -> None:
    """After SIGTERM's stop request no job starts; the session is not even opened."""
    calls: list[str] = []
    service = _service(tmp_path, calls)
    service.request_stop("SIGTERM")
    assert service.job("sync", lambda s: s.run(), True)() is None
    assert calls == [] and service.opened == []  # type: ignore[attr-defined]
    assert service.wait_idle(0.1)


def test_the_jobs_get_the_service_stop_flag(tmp_path: Path) -> None:
    """Each session opened by a job carries the service's RunControl (the engine checks it between documents)."""
    seen: list[Any] = []
    service = _service(tmp_path, [])
    service.job("sync", lambda s: seen.append(s.control), True)()
    assert seen == [service.control]


def test_a_restart_after_three_days_catches_each_job_up_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Fire times that ran are kept in the state file; three days later each missed job runs once, then on schedule."""
    clock = install(monkeypatch, dt.datetime(2026, 12, 6, 23, 55, tzinfo=EASTERN))  # Sunday night
    calls: list[str] = []
    first = _service(tmp_path, calls).scheduler(manual=True)
    first.start()
    while clock.now() < dt.datetime(2026, 12, 7, 8, 5, tzinfo=EASTERN):  # Monday until 08:05
        clock.advance(minutes=1)
        first.tick()
    with State(tmp_path / "state.sqlite") as state:
        assert set(state.job_runs()) == {"sync", "membership", "digest", "reminders"}
    calls.clear()
    clock.set(dt.datetime(2026, 12, 10, 9, 5, tzinfo=EASTERN))  # down until Thursday 09:05
    second = _service(tmp_path, calls).scheduler(manual=True)
    second.start()
    second.tick()
    assert sorted(calls) == ["membership_pass", "run", "send_reminders"]  # no Monday 07:00 since the digest ran
    assert calls.count("run") == 1


def _hold_lock_in_child(path: Path) -> subprocess.Popen[str]:
    """A child process that takes the run lock and keeps it until killed."""
    code = ("import sys, time; from pathlib import Path; from sharepoint_sync.runlock import RunLock\n"
            "from sharepoint_sync import log; log.configure(json=True)\n"
            "lock = RunLock(Path(sys.argv[1])); lock.acquire(0); print('held', flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child
