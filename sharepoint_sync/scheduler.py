"""Run the sync job on the configured cron schedule (APScheduler 3.x; the only module importing it).

One job, `max_instances=1` (a slow run is never overlapped by the next), `coalesce=True` (runs missed
while the machine slept collapse into one) and a misfire grace time (a run up to an hour late still
happens). A failing run is logged and the schedule goes on: the next run picks up what was left.
The job itself is injected, so this module stays small and is tested with a fake job.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from apscheduler.events import EVENT_JOB_MISSED
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from sharepoint_sync import clock
from sharepoint_sync.errors import ConfigError, ConfigProblem
from sharepoint_sync.log import get_logger

log = get_logger("sharepoint_sync.scheduler")

JOB_ID = "iln-sync-run"
#: Kentucky Department of Education works on Eastern time (Frankfort)
DEFAULT_TIMEZONE = "America/New_York"
MISFIRE_GRACE_SECONDS = 3600


def cron_trigger(expression: str, timezone: str = DEFAULT_TIMEZONE) -> CronTrigger:
    """A trigger from a 5-field crontab expression; ConfigError naming sync.schedule when it is invalid."""
    try:
        minute, hour, day, month, weekday = expression.split()
        return CronTrigger(minute=minute, hour=hour, day=day, month=month,
                           day_of_week=crontab_weekdays(weekday), timezone=timezone)
    except (ValueError, KeyError, LookupError) as error:
        raise ConfigError([ConfigProblem("sync.schedule", f"not a valid cron expression {expression!r}: {error}")]) \
            from None


_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field in APScheduler's terms.

    crontab counts 0 (or 7) = Sunday … 6 = Saturday, APScheduler 3 counts 0 = Monday, and
    `CronTrigger.from_crontab` passes the numbers through unchanged, so "1-5" would mean Tuesday to
    Saturday (apscheduler/triggers/cron/__init__.py). Numbers are rewritten as day names here.
    """
    parts = []
    for token in field.split(","):
        body, _, step = token.partition("/")
        if (body == "*" and not step) or (body != "*" and not any(ch.isdigit() for ch in body)):
            parts.append(token)
            continue
        first, _, last = ("0-6" if body == "*" else body).partition("-")
        days = range(int(first), int(last or first) + 1, int(step or 1))
        parts.extend(_DAY_NAMES[d % 7] for d in days)
    return ",".join(dict.fromkeys(parts))


class Schedule:
    """The sync job on a cron schedule; `start()` blocks unless built with `blocking=False`."""

    def __init__(self, job: Callable[[], Any], expression: str, *, timezone: str = DEFAULT_TIMEZONE,
                 blocking: bool = True, misfire_grace_seconds: int = MISFIRE_GRACE_SECONDS) -> None:
        self.expression = expression
        self._job = job
        self._scheduler = (BlockingScheduler if blocking else BackgroundScheduler)(timezone=timezone)
        self._scheduler.add_job(self._run, cron_trigger(expression, timezone), id=JOB_ID, name="iln-sync run",
                                max_instances=1, coalesce=True, misfire_grace_time=misfire_grace_seconds)
        self._scheduler.add_listener(self._on_event, EVENT_JOB_MISSED)

    def _run(self) -> None:
        started = clock.monotonic()
        log.info("schedule.job.started", schedule=self.expression)
        try:
            self._job()
        except Exception as error:  # noqa: BLE001 - one failed run must not end the schedule
            log.error("schedule.job.failed", error=type(error).__name__, detail=str(error)[:300])
        finally:
            log.info("schedule.job.finished", seconds=round(clock.monotonic() - started, 1))

    @staticmethod
    def _on_event(event: Any) -> None:
        if event.code == EVENT_JOB_MISSED:
            log.warning("schedule.job.missed", scheduled=str(event.scheduled_run_time))

    def next_run_time(self) -> dt.datetime | None:
        """When the job runs next (timezone-aware), None before start() on a paused scheduler."""
        job = self._scheduler.get_job(JOB_ID)
        if job is None:
            return None
        return getattr(job, "next_run_time", None) or job.trigger.get_next_fire_time(None, clock.now())

    def run_soon(self) -> None:
        """Run the job as soon as possible (`schedule --now`, tests), then keep the cron schedule."""
        self._scheduler.modify_job(JOB_ID, next_run_time=clock.now())

    def start(self) -> None:
        """Start the scheduler (blocks for a blocking schedule until `shutdown()`)."""
        self._scheduler.start()

    def shutdown(self, wait: bool = True) -> None:
        """Stop scheduling; with `wait`, let a running job finish first."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=wait)
