"""Canary secrets planted in the config, the environment and failing responses reach no log line (JSON or
console) and no ILN Sync Runs row; neither does the real access token or the private key."""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from sharepoint_sync import cli, log
from sharepoint_sync.core import schema as s
from sharepoint_sync.edges import open_gateway
from sharepoint_sync.config import load_config
from sharepoint_sync.state import State
from tests.service.procs import seed_demo, service_toml

pytestmark = pytest.mark.integration

PASSWORD = "canary-Pw-81f3c2a9"            # the certificate key's password, from the environment
GRAPH_SECRET = "canary-GraphSecret-5d2e77"  # a Graph client secret, from the environment
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJjYW5hcnkiOiIxIn0.Y2FuYXJ5LXNpZ25hdHVyZQ"
TEMPAUTH, SIG, ASSERTION = "canaryTempAuth0x9", "canarySig%2Fx7", "eyJjYW5hcnktYXNzZXJ0aW9uIjoxfQ"
LEAKY = (f"Access denied. Authorization: Bearer {JWT} while reading https://t/x.docx?tempauth={TEMPAUTH}&sig={SIG} "
         f"client_assertion={ASSERTION}&client_secret={GRAPH_SECRET} password={PASSWORD}")
FAULTS = {
    "403": {"method": "GET", "path": r"/items", "status": 403, "count": 50,
            "body": {"error": {"code": "-2147024891, System.UnauthorizedAccessException",
                               "message": {"lang": "en-US", "value": LEAKY}}}},
    "timeout": {"method": "GET", "path": r"/\$value", "hang": 3, "count": 50},
    "parse": {"method": "GET", "path": r"/items", "status": 200, "count": 50,
              "headers": {"Content-Type": "application/json"}, "body": "{not json " + LEAKY},
    "500": {"method": "GET", "path": r"/\$value", "status": 500, "count": 50,
            "body": {"error": {"code": "-1, Microsoft.SharePoint.SPException", "message": {"value": LEAKY}}}},
}


@pytest.fixture
def canary_toml(tenant_info: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tenant's config with a password-protected copy of the key (password and a Graph secret in the env)."""
    key = serialization.load_pem_private_key(Path(tenant_info["key_path"]).read_bytes(), None)
    locked = tmp_path / "locked-key.pem"
    locked.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.BestAvailableEncryption(PASSWORD.encode())))
    locked.chmod(0o600)
    toml = service_toml(tenant_info, tmp_path, lock_wait_seconds=0)
    text = toml.read_text().replace(f'key_path = "{tenant_info["key_path"]}"', f'key_path = "{locked}"')
    text = text.replace('# graph_secret_env = "ILN_SYNC_GRAPH_SECRET"', 'graph_secret_env = "ILN_SYNC_GRAPH_SECRET"')
    text = text.replace("request_timeout_seconds = 30", "request_timeout_seconds = 1").replace(
        "retry_budget = 30", "retry_budget = 3")
    toml.write_text(text)
    monkeypatch.setenv("ILN_SYNC_CERT_PASSWORD", PASSWORD)
    monkeypatch.setenv("ILN_SYNC_GRAPH_SECRET", GRAPH_SECRET)
    monkeypatch.setenv("ILN_SYNC_CANARY_TOKEN", JWT)
    return toml


def _secrets(tenant_info: dict[str, Any], locked_key: Path) -> list[str]:
    body = [line for line in Path(tenant_info["key_path"]).read_text().splitlines() if not line.startswith("-----")]
    locked = [line for line in locked_key.read_text().splitlines() if not line.startswith("-----")]
    return [PASSWORD, GRAPH_SECRET, JWT, TEMPAUTH, SIG, ASSERTION, "eyJ0", "eyJh", *body[:3], *locked[:3]]


def _run_logged(argv: list[str], as_json: bool) -> tuple[int, str]:
    """`iln-sync ARGV` in-process with every log line (ours and the libraries') captured, plus stdout/stderr."""
    stream = io.StringIO()
    log.configure(json=as_json, stream=stream, force=True, level="DEBUG")
    import contextlib
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(argv)
    finally:
        log.configure(json=False, force=True)
    return code, stream.getvalue() + out.getvalue() + err.getvalue()


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("as_json", [True, False], ids=["json", "console"])
def test_no_canary_reaches_a_log_line_or_a_runs_row(fault: str, as_json: bool, clean_tenant: Any, canary_toml: Path,
                                                    tenant_info: dict[str, Any], emulator: Any) -> None:
    """A run failing on a 403, a timeout, an unparsable or a 500 response carrying token-shaped canaries logs none
    of them, nor the password, the Graph secret, the real access token or a line of the private key."""
    config = load_config(canary_toml)
    seed_demo(config, limit=3)
    emulator.add_fault(**FAULTS[fault])
    code, text = _run_logged(["run", "--config", str(canary_toml)], as_json)
    emulator.clear_faults()
    assert code != 0 or fault in ("500",), text[-2000:]
    assert text.strip(), "nothing was logged"
    for secret in _secrets(tenant_info, canary_toml.parent / "locked-key.pem"):
        assert secret not in text, f"{secret!r} leaked into the log"
    rows = open_gateway(config).read_rows(config.site.runs_list, [s.TITLE, s.R_PROBLEMS, s.R_REPORT])
    with State(canary_toml.parent / "state.sqlite") as state:
        stored = json.dumps([dict(r.values) for r in rows]) + json.dumps(state.runs())
    for secret in _secrets(tenant_info, canary_toml.parent / "locked-key.pem"):
        assert secret not in stored, f"{secret!r} leaked into a Runs row or the ledger"


def test_a_canary_planted_as_a_config_value_is_not_echoed(tmp_path: Path, tenant_info: dict[str, Any]) -> None:
    """A secret typed into the config under a made-up key is reported by its key, never its value."""
    toml = service_toml(tenant_info, tmp_path)
    toml.write_text(toml.read_text().replace("[certificate]", f'[certificate]\nclient_secret = "{GRAPH_SECRET}"'))
    code, text = _run_logged(["check", "--config", str(toml)], True)
    assert code == 2 and "certificate.client_secret" in text and GRAPH_SECRET not in text
