"""The `[service]` table: what `iln-sync serve` schedules, how it stops and when `status` alerts.

Read by `config.load_config` through its reader (so a misspelt key is reported with every other
problem). Cron expressions are 5-field crontab text (minute hour day month weekday, 0/7 = Sunday);
their syntax is checked again by `scheduler.cron_trigger` when `serve` starts. An empty schedule
turns its job off.
"""
from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from typing import Any

#: KDE works on Eastern time (Frankfort)
DEFAULT_TIMEZONE = "America/New_York"
#: every 10 minutes, every day: a letter uploaded at any moment reaches ILN Members within 15 minutes
#: (10 minutes of wait at worst plus the run, a few seconds for one letter); see docs/deploy.md for costs
DEFAULT_SYNC = "*/10 * * * *"
#: 00:20 local every day: on July 1 the members whose term ended on June 30 are Expired by 00:20
DEFAULT_MEMBERSHIP = "20 0 * * *"
#: Mondays 07:00 local
DEFAULT_DIGEST = "0 7 * * 1"


@dataclass(frozen=True)
class ServiceConfig:
    """Schedules of the service's jobs (None = off), stop grace, lock wait and the status alert age."""

    timezone: str = DEFAULT_TIMEZONE
    sync_schedule: str | None = DEFAULT_SYNC
    membership_schedule: str | None = DEFAULT_MEMBERSHIP
    digest_schedule: str | None = DEFAULT_DIGEST
    #: off by default (the issue: optional renewal reminders)
    reminders_schedule: str | None = None
    #: SIGTERM/SIGINT: seconds the current job may take to reach its next checkpoint before the process exits
    stop_grace_seconds: float = 30
    #: seconds a run waits for another process's run to finish before it skips (one log line)
    lock_wait_seconds: float = 10
    #: `iln-sync status` exits 1 when the last successful sync is older than this
    alert_after_minutes: float = 120

    def schedules(self) -> dict[str, str]:
        """Job name -> cron expression, for the jobs that are on."""
        jobs = {"sync": self.sync_schedule, "membership": self.membership_schedule,
                "digest": self.digest_schedule, "reminders": self.reminders_schedule}
        return {name: expression for name, expression in jobs.items() if expression}


def read_service(reader: Any, sync_schedule: str | None) -> ServiceConfig:
    """The [service] table from the config reader (`config._Reader`), problems collected on it.

    `sync_schedule` is `sync.schedule` (older configs set the sync's cron there); `service.sync_schedule`
    wins when both are set.
    """
    d = ServiceConfig()
    zone = reader.text("service.timezone", required=False) or d.timezone
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        reader.problem("service.timezone", f"not a known time zone (e.g. America/New_York): {zone!r}")
    schedules = {}
    for name, default in (("sync", sync_schedule or d.sync_schedule), ("membership", d.membership_schedule),
                          ("digest", d.digest_schedule), ("reminders", d.reminders_schedule)):
        schedules[name] = _schedule(reader, f"service.{name}_schedule", default)
    return ServiceConfig(
        timezone=zone, sync_schedule=schedules["sync"], membership_schedule=schedules["membership"],
        digest_schedule=schedules["digest"], reminders_schedule=schedules["reminders"],
        stop_grace_seconds=float(reader.number("service.stop_grace_seconds", d.stop_grace_seconds)),
        lock_wait_seconds=_non_negative(reader, "service.lock_wait_seconds", d.lock_wait_seconds),
        alert_after_minutes=float(reader.number("service.alert_after_minutes", d.alert_after_minutes)),
    )


def _schedule(reader: Any, key: str, default: str | None) -> str | None:
    value = reader.raw(key)
    if value is None:
        return default
    if not isinstance(value, str):
        reader.problem(key, f"must be a cron expression in quotes, or \"\" for off, not {value!r}")
        return default
    if not value.strip():
        return None
    if len(value.split()) != 5:
        reader.problem(key, f"must be a 5-field cron expression (minute hour day month weekday), not {value!r}")
    return value.strip()


def _non_negative(reader: Any, key: str, default: float) -> float:
    value = reader.raw(key)
    if value == 0:  # 0 is allowed here: skip at once when another run holds the lock
        return 0.0
    return float(reader.number(key, default))
