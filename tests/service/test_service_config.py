"""The [service] table: defaults, jobs turned off, the legacy sync.schedule, and every mistake reported at once."""
from __future__ import annotations

from pathlib import Path

import pytest

from sharepoint_sync import cli
from sharepoint_sync.config import load_config
from sharepoint_sync.errors import ConfigError
from tests.client.certs import NOW, cert_pem, key_pem, make_certificate, rsa_key, write_config, write_private

LEGACY = 'schedule = "0 6 * * 1-5"'


def _config(tmp_path: Path, service: str = "", legacy: bool = True) -> Path:
    key = rsa_key()
    write_private(tmp_path / "app.pem", cert_pem(make_certificate(key)) + key_pem(key))
    path = write_config(tmp_path, replace=None if legacy else {LEGACY: ""})
    path.write_text(path.read_text() + ("\n[service]\n" + service if service else ""))
    return path


def test_defaults_schedule_every_job_but_the_reminders(tmp_path: Path) -> None:
    """No [service] table: Eastern time, sync as in sync.schedule, daily pass, Monday digest, no reminders, 30 s grace."""
    service = load_config(_config(tmp_path), environ={}, now=NOW).service
    assert service.timezone == "America/New_York" and service.stop_grace_seconds == 30
    assert service.schedules() == {"sync": "0 6 * * 1-5", "membership": "20 0 * * *", "digest": "0 7 * * 1"}


def test_without_any_schedule_the_sync_runs_every_ten_minutes(tmp_path: Path) -> None:
    """Neither sync.schedule nor service.sync_schedule: the sync fires every 10 minutes (a letter lands within 15)."""
    assert load_config(_config(tmp_path, legacy=False), environ={}, now=NOW).service.sync_schedule == "*/10 * * * *"


def test_service_settings_are_read_and_an_empty_schedule_turns_a_job_off(tmp_path: Path) -> None:
    """service.* values win over the defaults; "" turns a job off; 0 lock wait means skip at once."""
    text = ('timezone = "America/Chicago"\nsync_schedule = "*/5 7-18 * * 1-5"\ndigest_schedule = ""\n'
            'reminders_schedule = "0 8 * * 1-5"\nstop_grace_seconds = 10\nlock_wait_seconds = 0\n')
    service = load_config(_config(tmp_path, text), environ={}, now=NOW).service
    assert service.timezone == "America/Chicago" and service.lock_wait_seconds == 0 and service.stop_grace_seconds == 10
    assert service.schedules() == {"sync": "*/5 7-18 * * 1-5", "membership": "20 0 * * *", "reminders": "0 8 * * 1-5"}


def test_every_service_mistake_is_reported_at_once(tmp_path: Path) -> None:
    """A bad zone, a 4-field cron, a negative grace and a misspelt key are all named in one ConfigError."""
    text = 'timezone = "Mars/Olympus"\nsync_schedule = "*/5 * * *"\nstop_grace_seconds = -1\ndigest_shedule = "x"\n'
    with pytest.raises(ConfigError) as caught:
        load_config(_config(tmp_path, text), environ={}, now=NOW)
    keys = {p.key for p in caught.value.problems}
    assert {"service.timezone", "service.sync_schedule", "service.stop_grace_seconds", "service.digest_shedule"} <= keys


def test_serve_with_broken_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`iln-sync serve` (and its alias `schedule`) validate the configuration first: problems -> exit 2."""
    (tmp_path / "bad.toml").write_text("[tenant]\n")
    assert cli.main(["serve", "--config", str(tmp_path / "bad.toml")]) == 2
    assert cli.main(["schedule", "--config", str(tmp_path / "bad.toml")]) == 2
    assert "tenant.client_id" in capsys.readouterr().err


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    """`iln-sync --version` prints the package version."""
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("iln-sync 0.")
