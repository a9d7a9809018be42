"""Helpers for tests that start `iln-sync` as real processes against the fake tenant."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

from sharepoint_sync import clock
from iln_demo.commands.demo import upload_demo
from sharepoint_sync.config import Config
from sharepoint_sync.core import schema as s
from sharepoint_sync.run.provision import provision_site
from sharepoint_sync.run.session import site_names
from sharepoint_sync.edges import open_gateway


def service_toml(tenant_info: dict[str, Any], tmp_path: Path, **service: Any) -> Path:
    """The fake tenant's config with this test's state file and a [service] table."""
    text = Path(tenant_info["config_path"]).read_text().replace(
        'state_path = "state/iln-sync-state.sqlite"', f'state_path = "{tmp_path / "state.sqlite"}"')
    text = re.sub(r"\n\[service\]\n(?:[^\[\n].*\n|\n)*", "\n", text)  # the tenant's own [service] table, replaced
    text += "\n[service]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in service.items())
    path = tmp_path / "iln-sync.toml"
    path.write_text(text)
    path.chmod(0o600)
    return path


def seed_demo(config: Config, limit: int | None = None) -> int:
    """Provision the site and upload the demo letters and submissions (or only `limit` letters); how many."""
    gateway = open_gateway(config)
    provision_site(gateway, site_names(config))
    if limit is None:
        letters, submissions = upload_demo(gateway, config, clock.today())
        return letters + submissions
    from iln_demo.forms.demo import demo_letters

    chosen = demo_letters(clock.today())[:limit]
    for letter in chosen:
        gateway.upload_file(config.site.library, letter.file_name, letter.data, folder=letter.path_in_library)
    return len(chosen)


class Proc:
    """An `iln-sync` child process whose stderr (JSON log lines) is collected as it comes."""

    def __init__(self, *argv: str, env: dict[str, str] | None = None) -> None:
        self.started = time.monotonic()
        self.popen = subprocess.Popen([sys.executable, "-m", "sharepoint_sync", *argv], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
        self.lines: list[str] = []
        self.out: list[str] = []
        self._readers = [threading.Thread(target=self._read, args=(self.popen.stderr, self.lines), daemon=True),
                         threading.Thread(target=self._read, args=(self.popen.stdout, self.out), daemon=True)]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream: Any, into: list[str]) -> None:
        for line in stream:
            into.append(line.rstrip("\n"))

    @property
    def pid(self) -> int:
        return self.popen.pid

    def events(self) -> list[dict[str, Any]]:
        """The JSON log lines so far (other lines skipped)."""
        out = []
        for line in list(self.lines):
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 60) -> dict[str, Any]:
        """The first log event matching `predicate`, waiting for it (AssertionError on timeout or exit)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events():
                if predicate(event):
                    return event
            if self.popen.poll() is not None:
                time.sleep(0.2)  # let the readers drain
                hits = [e for e in self.events() if predicate(e)]
                assert hits, f"exited {self.popen.returncode} first:\n" + "\n".join(self.lines[-30:])
                return hits[0]
            time.sleep(0.05)
        raise AssertionError("timed out waiting; last lines:\n" + "\n".join(self.lines[-30:]))

    def wait(self, timeout: float = 120) -> int:
        """The exit code (the readers drained)."""
        code = self.popen.wait(timeout)
        for reader in self._readers:
            reader.join(5)
        return code

    def text(self) -> str:
        return "\n".join(self.lines + self.out)


def run_rows(config: Config) -> list[dict[str, Any]]:
    """The ILN Sync Runs rows (title, outcome)."""
    gateway = open_gateway(config)
    return [dict(r.values) for r in gateway.read_rows(config.site.runs_list, [s.TITLE, s.R_OUTCOME])]


def commitment_keys(config: Config) -> list[str]:
    """Every Source key in ILN Commitments (duplicates kept, to be counted)."""
    gateway = open_gateway(config)
    return [r.values[s.C_KEY] for r in gateway.read_rows(config.site.commitments_list, [s.C_KEY])]


def member_districts(config: Config) -> list[str]:
    """Every District in ILN Members (duplicates kept)."""
    gateway = open_gateway(config)
    return [r.values[s.M_DISTRICT] for r in gateway.read_rows(config.site.members_list, [s.M_DISTRICT])]
