"""The scheduler runs an injected job on a cron schedule, one at a time, surviving failures."""
from __future__ import annotations

import threading

import pytest

from sharepoint_sync.errors import ConfigError
from sharepoint_sync.scheduler import Schedule, cron_trigger


def test_invalid_cron_is_a_config_problem() -> None:
    """A cron expression APScheduler cannot read is a ConfigError on sync.schedule."""
    with pytest.raises(ConfigError) as caught:
        cron_trigger("61 * * * *")
    assert caught.value.problems[0].key == "sync.schedule"


def test_next_run_follows_the_cron_expression() -> None:
    """The next run of '0 6 * * 1-5' is a weekday at 06:00 Eastern."""
    schedule = Schedule(lambda: None, "0 6 * * 1-5", blocking=False)
    when = schedule.next_run_time()
    assert (when.hour, when.minute) == (6, 0) and when.weekday() < 5
    assert str(when.tzinfo) == "America/New_York"


def test_job_runs_when_due_and_a_failure_does_not_stop_the_schedule() -> None:
    """A due run calls the job; a job that raises is logged and the next run still happens."""
    calls: list[int] = []
    done = threading.Event()

    def job() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("first run fails")
        done.set()

    schedule = Schedule(job, "0 6 * * 1-5", blocking=False)
    schedule.start()
    try:
        schedule.run_soon()
        for _ in range(100):
            if calls:
                break
            threading.Event().wait(0.02)
        schedule.run_soon()
        assert done.wait(5)
    finally:
        schedule.shutdown()
    assert len(calls) == 2


def test_runs_never_overlap() -> None:
    """While a run is still going, a second due run is not started beside it (max_instances=1)."""
    running = threading.Event()
    release = threading.Event()
    starts: list[int] = []

    def slow_job() -> None:
        starts.append(1)
        running.set()
        release.wait(5)

    schedule = Schedule(slow_job, "0 6 * * 1-5", blocking=False)
    schedule.start()
    try:
        schedule.run_soon()
        assert running.wait(5)
        schedule.run_soon()
        threading.Event().wait(0.3)
        assert len(starts) == 1
    finally:
        release.set()
        schedule.shutdown()


@pytest.mark.parametrize("field,expected", [("1-5", "mon,tue,wed,thu,fri"), ("0", "sun"), ("7", "sun"),
                                            ("*", "*"), ("mon-fri", "mon-fri"), ("*/2", "sun,tue,thu,sat"),
                                            ("5-7", "fri,sat,sun")])
def test_crontab_weekday_numbers_mean_what_cron_means(field: str, expected: str) -> None:
    """crontab day numbers (0/7 = Sunday) are translated, not taken as APScheduler's (0 = Monday)."""
    from sharepoint_sync.scheduler import crontab_weekdays
    assert crontab_weekdays(field) == expected


def test_schedule_command_with_broken_config_exits_2(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    """`iln-sync schedule` validates the configuration first: problems → exit 2, nothing scheduled."""
    from sharepoint_sync import cli
    (tmp_path / "bad.toml").write_text("[tenant]\n")
    assert cli.main(["schedule", "--config", str(tmp_path / "bad.toml")]) == 2
    assert "tenant.client_id" in capsys.readouterr().err
