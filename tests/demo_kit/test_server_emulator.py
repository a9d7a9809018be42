"""`iln-sync emulator` as a process: prints where it is, serves, writes the client files, stops on SIGTERM."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import trusting_session


def test_emulator_serves_until_sigterm_and_writes_client_files(tmp_path: Path) -> None:
    """The command prints the base URL, CA and config paths, serves `iln-sync check` its ready config (which signs
    in and reads the site, then asks for provision: the site starts without the lists), exits 0 on SIGTERM."""
    data = tmp_path / "tenant"
    process = subprocess.Popen([sys.executable, "-m", "sharepoint_sync", "emulator", "--port", "0", "--data", str(data)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        lines = [process.stdout.readline() for _ in range(4)]  # type: ignore[union-attr]
        info = json.loads((data / "tenant.json").read_text())
        page = trusting_session(info["ca_path"]).get(info["base_url"] + "/", timeout=10)
        check = subprocess.run([sys.executable, "-m", "sharepoint_sync", "check", "--config", info["config_path"]],
                               capture_output=True, text=True, timeout=120)
    finally:
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=15)
    assert lines[0].strip() == f"Fake tenant running at {info['base_url']}/"
    assert info["ca_path"] in "".join(lines) and info["config_path"] in "".join(lines)
    assert page.status_code == 200
    assert check.returncode == 2 and "run `iln-sync provision`" in check.stderr, check.stderr
    assert "ok  signed in to" in check.stdout and f"ok  site {info['site_url']}" in check.stdout
    assert process.returncode == 0 and "Fake tenant stopped." in rest
    assert {"base_url", "site_url", "authority", "graph_url", "tenant_id", "client_id", "cert_path", "key_path",
            "thumbprint", "ca_path"} <= info.keys()
    config = tomllib.loads((data / "iln-sync.toml").read_text())
    assert config["site"]["url"] == info["site_url"] and config["tenant"]["ca_bundle"] == info["ca_path"]
    assert (Path(info["key_path"]).stat().st_mode & 0o077, Path(info["cert_path"]).stat().st_mode & 0o077) == (0, 0)


def test_restart_reuses_keys_and_registration_but_not_worker_state(tmp_path: Path) -> None:
    """A second start keeps the CA, the app certificate and the ids, and empties the stale worker state."""
    from iln_demo.tenant import iln_tenant

    with iln_tenant(tmp_path) as first:
        before = dict(first.info)
    stale = tmp_path / "state" / "iln-sync-state.sqlite"
    stale.write_bytes(b"tokens of a site that is gone")
    with iln_tenant(tmp_path) as second:
        after = dict(second.info)
    keys = ("tenant_id", "client_id", "thumbprint", "ca_path")
    assert [before[k] for k in keys] == [after[k] for k in keys]
    assert not stale.exists()


def test_emulator_on_a_taken_port_says_so_and_exits_1(fake_tenant: object, tenant_info: dict, tmp_path: Path) -> None:
    """Starting on a port already in use ends with a one-line message and exit code 1, no traceback."""
    port = tenant_info["base_url"].rsplit(":", 1)[1]
    done = subprocess.run([sys.executable, "-m", "sharepoint_sync", "emulator", "--port", port, "--data", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "cannot listen" in done.stderr and "Traceback" not in done.stderr


def test_emulator_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT) stops the standalone emulator with exit 0, a closing line and no traceback."""
    process = subprocess.Popen([sys.executable, "-m", "sharepoint_sync", "emulator", "--port", "0",
                                "--data", str(tmp_path / "tenant")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()  # type: ignore[union-attr]
    finally:
        process.send_signal(signal.SIGINT)
        rest, err = process.communicate(timeout=15)
    assert first.startswith("Fake tenant running at https://127.0.0.1:")
    assert process.returncode == 0 and "Fake tenant stopped." in rest and "Traceback" not in err
