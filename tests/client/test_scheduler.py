"""The service's jobs on APScheduler, driven by a fake clock: schedule, coalescing, catch-up, DST, failures."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from sharepoint_sync.errors import ConfigError
from sharepoint_sync.scheduler import JobScheduler, JobSpec, cron_trigger, crontab_weekdays, next_fire_times
from tests.service.fakeclock import EASTERN, install


def _manual(jobs: list[JobSpec], **kwargs) -> JobScheduler:
    scheduler = JobScheduler(jobs, manual=True, **kwargs)
    scheduler.start()
    return scheduler


def _walk(clock, scheduler: JobScheduler, until: dt.datetime, step_minutes: float = 5) -> None:
    while clock.now() < until:
        clock.advance(minutes=step_minutes)
        scheduler.tick()


def test_invalid_cron_is_a_config_problem_naming_its_key() -> None:
    """A cron expression APScheduler cannot read is a ConfigError on the key it came from."""
    with pytest.raises(ConfigError) as caught:
        cron_trigger("61 * * * *", key="service.digest_schedule")
    assert caught.value.problems[0].key == "service.digest_schedule"


def test_next_fire_follows_the_cron_expression_in_eastern_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """'0 6 * * 1-5' next fires on a weekday at 06:00 America/New_York."""
    install(monkeypatch, dt.datetime(2026, 12, 5, 12, tzinfo=EASTERN))  # a Saturday
    when = _manual([JobSpec("sync", "0 6 * * 1-5", lambda: None)]).next_run_times()["sync"]
    assert when == dt.datetime(2026, 12, 7, 6, tzinfo=EASTERN)
    assert str(when.tzinfo) == "America/New_York"


def test_jobs_fire_on_schedule_with_the_fake_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Walking one hour of fake time fires a 10-minute job 6 times and an hourly job once."""
    clock = install(monkeypatch, dt.datetime(2026, 12, 7, 9, 0, 30, tzinfo=EASTERN))
    fired: list[str] = []
    scheduler = _manual([JobSpec("sync", "*/10 * * * *", lambda: fired.append("sync")),
                         JobSpec("digest", "0 * * * *", lambda: fired.append("digest"))])
    _walk(clock, scheduler, dt.datetime(2026, 12, 7, 10, 0, 30, tzinfo=EASTERN), step_minutes=1)
    assert fired.count("sync") == 6 and fired.count("digest") == 1


def test_a_long_gap_coalesces_into_one_run_per_job(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three days without a tick (the machine asleep) give one run of each job, not hundreds."""
    clock = install(monkeypatch, dt.datetime(2026, 12, 7, 9, 1, tzinfo=EASTERN))
    fired: list[str] = []
    scheduler = _manual([JobSpec(name, expr, lambda n=name: fired.append(n)) for name, expr in
                         (("sync", "*/10 * * * *"), ("membership", "20 0 * * *"), ("digest", "0 7 * * 1"))])
    clock.advance(days=3)
    scheduler.tick()
    assert sorted(fired) == ["membership", "sync"]  # the digest's Monday 07:00 was not in the gap
    clock.advance(days=4)
    fired.clear()
    scheduler.tick()
    assert sorted(fired) == ["digest", "membership", "sync"]


def test_restart_after_three_days_down_catches_up_once_per_job(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker started three days after its last runs runs each missed job once, then keeps the schedule."""
    clock = install(monkeypatch, dt.datetime(2026, 12, 10, 15, 0, tzinfo=EASTERN))  # Thursday
    last = {"sync": dt.datetime(2026, 12, 7, 15, 0, tzinfo=EASTERN),
            "membership": dt.datetime(2026, 12, 7, 0, 20, tzinfo=EASTERN),
            "digest": dt.datetime(2026, 12, 7, 7, 0, tzinfo=EASTERN)}
    fired: list[str] = []
    ran: dict[str, dt.datetime] = {}
    scheduler = _manual([JobSpec(name, expr, lambda n=name: fired.append(n)) for name, expr in
                         (("sync", "*/10 * * * *"), ("membership", "20 0 * * *"), ("digest", "0 7 * * 1"))],
                        last_runs=last, on_ran=lambda name, when: ran.__setitem__(name, when))
    scheduler.tick()
    assert sorted(fired) == ["membership", "sync"]  # no Monday 07:00 was missed since the last digest
    assert ran["sync"] == dt.datetime(2026, 12, 10, 15, 0, tzinfo=EASTERN)
    assert ran["membership"] == dt.datetime(2026, 12, 10, 0, 20, tzinfo=EASTERN)
    fired.clear()
    _walk(clock, scheduler, dt.datetime(2026, 12, 10, 15, 31, tzinfo=EASTERN), step_minutes=1)
    assert fired == ["sync"] * 3


def test_a_fire_missed_beyond_its_grace_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sync fire missed by more than its grace (an hour) is logged as missed, not run; the next one runs."""
    install(monkeypatch, dt.datetime(2026, 12, 7, 12, 0, 30, tzinfo=EASTERN))
    fired: list[str] = []
    scheduler = _manual([JobSpec("sync", "0 9 * * *", lambda: fired.append("sync"))],
                        last_runs={"sync": dt.datetime(2026, 12, 6, 9, 0, tzinfo=EASTERN)})
    scheduler.tick()  # 09:00 today was 3 hours ago: past the grace
    assert fired == []
    assert scheduler.next_run_times()["sync"] == dt.datetime(2026, 12, 8, 9, 0, tzinfo=EASTERN)


def test_dst_fall_back_runs_a_0130_job_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """On 2026-11-01 01:30 happens twice on Eastern wall clocks; a '30 1 * * *' job runs once that night."""
    clock = install(monkeypatch, dt.datetime(2026, 10, 31, 23, 0, tzinfo=EASTERN))
    fired: list[dt.datetime] = []
    scheduler = _manual([JobSpec("membership", "30 1 * * *", lambda: fired.append(clock.now()))])
    _walk(clock, scheduler, dt.datetime(2026, 11, 1, 12, 0, tzinfo=EASTERN), step_minutes=5)
    assert len(fired) == 1
    assert fired[0].astimezone(EASTERN).strftime("%H:%M %Z") == "01:30 EDT"


def test_dst_fall_back_a_ten_minute_job_skips_only_the_repeated_wall_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """Across the fall-back night a '*/10' job runs at each wall time once: 6 runs an hour, none twice."""
    clock = install(monkeypatch, dt.datetime(2026, 11, 1, 0, 0, 30, tzinfo=EASTERN))
    walls: list[str] = []
    scheduler = _manual([JobSpec("sync", "*/10 * * * *", lambda: walls.append(
        clock.now().astimezone(EASTERN).strftime("%H:%M")))])
    _walk(clock, scheduler, dt.datetime(2026, 11, 1, 3, 0, 30, tzinfo=EASTERN), step_minutes=1)
    assert len(walls) == len(set(walls)) and "01:30" in walls and "02:50" in walls


def test_a_job_that_raises_is_logged_and_the_schedule_goes_on(monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A failing job is logged as schedule.job.failed and runs again at its next fire time."""
    clock = install(monkeypatch, dt.datetime(2026, 12, 7, 9, 0, 30, tzinfo=EASTERN))
    calls: list[int] = []

    def job() -> None:
        calls.append(1)
        raise RuntimeError("first run fails")

    scheduler = _manual([JobSpec("sync", "*/10 * * * *", job)])
    _walk(clock, scheduler, dt.datetime(2026, 12, 7, 9, 21, tzinfo=EASTERN), step_minutes=1)
    assert len(calls) == 2
    captured = capsys.readouterr()
    assert "schedule.job.failed" in captured.out + captured.err


def test_runs_never_overlap(monkeypatch: pytest.MonkeyPatch) -> None:
    """While a job is still running (threaded scheduler), a second due fire does not start beside it."""
    running, release = threading.Event(), threading.Event()
    starts: list[int] = []

    def slow_job() -> None:
        starts.append(1)
        running.set()
        release.wait(5)

    scheduler = JobScheduler([JobSpec("sync", "0 6 * * 1-5", slow_job)])
    scheduler.start()
    try:
        scheduler.run_soon("sync")
        assert running.wait(5)
        scheduler.run_soon("sync")
        threading.Event().wait(0.3)
        assert len(starts) == 1
    finally:
        release.set()
        scheduler.stop_new_work()


def test_status_next_fire_times_come_from_the_schedules() -> None:
    """next_fire_times gives each schedule's next fire after a moment, without starting a scheduler."""
    after = dt.datetime(2026, 12, 7, 9, 3, tzinfo=EASTERN)
    times = next_fire_times({"sync": "*/10 * * * *", "digest": "0 7 * * 1"}, "America/New_York", after)
    assert times == {"sync": dt.datetime(2026, 12, 7, 9, 10, tzinfo=EASTERN),
                     "digest": dt.datetime(2026, 12, 14, 7, 0, tzinfo=EASTERN)}


@pytest.mark.parametrize("field,expected", [("1-5", "mon,tue,wed,thu,fri"), ("0", "sun"), ("7", "sun"),
                                            ("*", "*"), ("mon-fri", "mon-fri"), ("*/2", "sun,tue,thu,sat"),
                                            ("5-7", "fri,sat,sun")])
def test_crontab_weekday_numbers_mean_what_cron_means(field: str, expected: str) -> None:
    """crontab day numbers (0/7 = Sunday) are translated, not taken as APScheduler's (0 = Monday)."""
    assert crontab_weekdays(field) == expected
