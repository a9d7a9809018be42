"""The service's jobs on cron schedules (APScheduler 3.x; the only module importing it).

Each job has a stable id, `max_instances=1` (a slow run is never overlapped by the next), `coalesce=True`
(fire times missed while the worker was down collapse into one run) and its own misfire grace time
(how late a missed fire may still run; see `GRACE`). A job that raises is logged and the schedule goes
on. Cron times are wall-clock times in the configured zone: on the autumn change 01:30 happens twice
on the wall and the job runs once (`WallClockCronTrigger`; tests/client/test_scheduler.py checks it).

Catch-up after downtime: APScheduler's memory job store forgets everything at exit, so a worker down
for three days would simply wait for the next fire time. `last_runs` (kept in the state file by the
service) gives each job's last fire time that ran; when fire times were missed since, the job is
added with its first missed time as `next_run_time`, and APScheduler's own coalescing and grace
check turn them into one catch-up run.

Time: APScheduler 3 reads `datetime.now()` itself (apscheduler/schedulers/base.py `_process_jobs`,
apscheduler/executors/base.py `run_job`'s misfire check) and takes no clock; both modules' `datetime`
is replaced here by one that asks `sharepoint_sync.clock`, so the whole worker has one clock, and a
test that moves `clock.now` moves the scheduler too (`JobScheduler(manual=True).tick()`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import apscheduler.executors.base as _executors_base
import apscheduler.schedulers.base as _schedulers_base
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
from apscheduler.executors.debug import DebugExecutor
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger

from sharepoint_sync import clock
from sharepoint_sync.errors import ConfigError, ConfigProblem
from sharepoint_sync.failures import classify
from sharepoint_sync.log import get_logger
from sharepoint_sync.service_config import DEFAULT_TIMEZONE

log = get_logger("sharepoint_sync.scheduler")

#: misfire grace per job (seconds): a fire missed by more than this is skipped (the next one is due soon
#: enough); by less, it runs late, once. The sync's next fire is minutes away, so an hour is plenty; a
#: daily job missed overnight should still run that day; a digest missed on Monday is still worth
#: sending on Friday, not after the next one is due.
GRACE = {"sync": 3600, "membership": 86_400, "digest": 6 * 86_400, "reminders": 86_400}
DEFAULT_GRACE = 3600


class _ClockDatetime(dt.datetime):
    """`datetime` whose now() is sharepoint_sync.clock.now() (see the module docstring)."""

    # typeshed's datetime.now returns Self; this stand-in for APScheduler returns a plain datetime
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
        moment = clock.now()
        return moment.astimezone(tz) if tz is not None else moment.astimezone().replace(tzinfo=None)


_schedulers_base.datetime = _ClockDatetime
_executors_base.datetime = _ClockDatetime


class WallClockCronTrigger(CronTrigger):
    """CronTrigger that fires at a wall-clock time once, also when the autumn change repeats the hour.

    APScheduler 3.11's CronTrigger fires 01:30 twice on the fall-back night (01:30 EDT, then 01:30 EST:
    tests/client/test_scheduler.py shows it). Cron's meaning is one run per wall-clock time, as cron(8)
    does it ("if time was adjusted one hour backward, jobs that fall into the repeated period will not be
    run twice"), so a fire time in the repeated hour (the later of two equal wall times) is skipped.
    """

    def get_next_fire_time(self, previous_fire_time: dt.datetime | None, now: dt.datetime) -> dt.datetime | None:
        fire = super().get_next_fire_time(previous_fire_time, now)
        while fire is not None and _repeated_wall_time(fire):
            fire = super().get_next_fire_time(fire, fire)
        return fire


def _repeated_wall_time(moment: dt.datetime) -> bool:
    """True when `moment` is the second occurrence of its local wall time (the hour after a fall-back)."""
    wall = moment.replace(tzinfo=None)
    first = wall.replace(tzinfo=moment.tzinfo, fold=0)
    return first.utcoffset() != moment.utcoffset() and wall.replace(tzinfo=moment.tzinfo, fold=1).utcoffset() \
        == moment.utcoffset()


def cron_trigger(expression: str, timezone: str = DEFAULT_TIMEZONE, key: str = "sync.schedule") -> CronTrigger:
    """A trigger from a 5-field crontab expression; ConfigError naming `key` when it is invalid."""
    try:
        minute, hour, day, month, weekday = expression.split()
        return WallClockCronTrigger(minute=minute, hour=hour, day=day, month=month,
                           day_of_week=crontab_weekdays(weekday), timezone=timezone)
    except (ValueError, KeyError, LookupError) as error:
        raise ConfigError([ConfigProblem(key, f"not a valid cron expression {expression!r}: {error}")]) from None


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


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job: a stable name (its id is `iln-sync.<name>`), a cron expression and what it runs."""

    name: str
    expression: str
    run: Callable[[], Any]
    #: the config key the expression came from (named in a ConfigError)
    key: str = "sync.schedule"

    @property
    def job_id(self) -> str:
        """The stable APScheduler job id."""
        return f"iln-sync.{self.name}"

    @property
    def grace_seconds(self) -> int:
        """How late a missed fire may still run."""
        return GRACE.get(self.name, DEFAULT_GRACE)


class _ManualScheduler(BaseScheduler):
    """Processes due jobs only when `tick()` is called, running them in the calling thread (tests)."""

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)

    def wakeup(self) -> None:
        """Nothing: `tick()` is the loop."""

    def tick(self) -> Any:
        """One round of APScheduler's own processing at `clock.now()`."""
        return self._process_jobs()


class JobScheduler:
    """The service's jobs on one scheduler; `on_ran(name, fire_time)` is told each fire time that ran."""

    def __init__(self, jobs: list[JobSpec], *, timezone: str = DEFAULT_TIMEZONE, manual: bool = False,
                 last_runs: Mapping[str, dt.datetime] | None = None,
                 on_ran: Callable[[str, dt.datetime], None] | None = None) -> None:
        self.timezone = timezone
        self.jobs = {spec.job_id: spec for spec in jobs}
        self._on_ran = on_ran
        executor = DebugExecutor() if manual else ThreadPoolExecutor(max_workers=len(jobs) or 1)
        scheduler_class = _ManualScheduler if manual else BackgroundScheduler
        self._scheduler = scheduler_class(timezone=timezone, executors={"default": executor})
        for spec in jobs:
            self._add(spec, (last_runs or {}).get(spec.name))
        self._scheduler.add_listener(self._on_event, EVENT_JOB_MISSED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR
                                     | EVENT_JOB_MAX_INSTANCES)

    def _add(self, spec: JobSpec, last_run: dt.datetime | None) -> None:
        trigger = cron_trigger(spec.expression, self.timezone, spec.key)
        extra: dict[str, Any] = {}
        if last_run is not None:
            missed = trigger.get_next_fire_time(None, last_run + dt.timedelta(seconds=1))
            if missed is not None and missed <= clock.now():
                extra["next_run_time"] = missed  # APScheduler coalesces every missed time into one run
                log.info("schedule.job.catching_up", job=spec.name, last_run=last_run.isoformat(),
                         first_missed=missed.isoformat())
        self._scheduler.add_job(self._wrapped(spec), trigger, id=spec.job_id, name=spec.name, max_instances=1,
                                coalesce=True, misfire_grace_time=spec.grace_seconds, **extra)

    def _wrapped(self, spec: JobSpec) -> Callable[[], None]:
        def run() -> None:
            started = clock.monotonic()
            log.info("schedule.job.started", job=spec.name)
            try:
                spec.run()
            except Exception as error:  # noqa: BLE001 - one failed job must not end the schedule
                failure = classify(error)  # the same kind and sentence a command would end with
                log.error("schedule.job.failed", job=spec.name, kind=failure.kind, error=type(error).__name__,
                          problem=failure.sentence, exc_info=error if failure.internal else None)
            finally:
                log.info("schedule.job.finished", job=spec.name, seconds=round(clock.monotonic() - started, 1))
        return run

    def _on_event(self, event: Any) -> None:
        spec = self.jobs.get(event.job_id)
        name = spec.name if spec else event.job_id
        if event.code == EVENT_JOB_MISSED:
            log.warning("schedule.job.missed", job=name, scheduled=str(event.scheduled_run_time))
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            log.warning("schedule.job.still_running", job=name)
        elif self._on_ran is not None:
            self._on_ran(name, event.scheduled_run_time)

    def next_run_times(self) -> dict[str, dt.datetime | None]:
        """Job name -> when it fires next (timezone-aware)."""
        out: dict[str, dt.datetime | None] = {}
        for job in self._scheduler.get_jobs():
            when = getattr(job, "next_run_time", None) or job.trigger.get_next_fire_time(None, clock.now())
            out[self.jobs[job.id].name] = when
        return out

    def run_soon(self, name: str) -> None:
        """Fire one job as soon as possible (`serve --now`), then keep its schedule."""
        self._scheduler.modify_job(f"iln-sync.{name}", next_run_time=clock.now())
        self._scheduler.wakeup()

    def start(self) -> None:
        """Start scheduling (a background thread, or nothing until `tick()` for a manual one)."""
        self._scheduler.start()

    def tick(self) -> None:
        """Manual schedulers: run whatever is due at `clock.now()` (in this thread)."""
        self._scheduler.tick()

    def stop_new_work(self) -> None:
        """No job starts from now on; one already running goes on."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    @property
    def running(self) -> bool:
        """True while the scheduler is started."""
        return bool(self._scheduler.running)


def next_fire_times(schedules: Mapping[str, str], timezone: str, after: dt.datetime) -> dict[str, dt.datetime | None]:
    """When each cron schedule fires next after `after` (for `iln-sync status`, no scheduler started)."""
    return {name: cron_trigger(expression, timezone, f"service.{name}_schedule").get_next_fire_time(None, after)
            for name, expression in schedules.items()}
