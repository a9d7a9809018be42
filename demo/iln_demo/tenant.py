"""The ILN site on the generic fake tenant: KDE's site path, domain and sender, the demo seed, and the
ready iln-sync configuration written beside `tenant.json` at every start.

`iln_tenant(data_dir, ...)` is what `iln-sync demo`, `iln-sync emulator`, the tests and the benchmarks
start; the fake itself (`m365_fake`) knows none of this.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from m365_fake.tenant import FakeTenant

SITE_PATH = "/sites/KYILN"
TENANT_DOMAIN = "kentuckyde.onmicrosoft.com"
MAIL_SENDER = "iln-sync@education.ky.gov"
#: Sync status words the fake tenant's people page highlights
FLAGGED = frozenset({"Needs review", "Unreadable", "Not an LOC", "Failed", "Partial"})
CONFIG_NAME = "iln-sync.toml"


def iln_tenant(data_dir: Path | str, port: int = 0, token_lifetime: int = 3600, seed: str | None = None) -> FakeTenant:
    """A fake tenant holding the ILN site (empty, or with the named seed content: `demo`)."""
    from iln_demo.seed import seed_function

    data = Path(data_dir).resolve()
    return FakeTenant(data, port=port, token_lifetime=token_lifetime, site_path=SITE_PATH, domain=TENANT_DOMAIN,
                      mail_sender=MAIL_SENDER, seed=seed_function(seed) if seed else None,
                      client_files=lambda info: write_client_files(data, info), flagged_values=FLAGGED)


def write_client_files(data_dir: Path, info: dict[str, Any]) -> dict[str, Any]:
    """Write the ready iln-sync configuration for a started tenant; returns `{"config_path": ...}`.

    The site lives in memory and starts fresh, so the ready config's worker state (change tokens,
    processed versions of a site that no longer exists) would make the worker skip everything: it is
    emptied here at each start.
    """
    state = data_dir / "state"
    state.mkdir(exist_ok=True)
    for stale in state.glob("iln-sync-state.sqlite*"):
        stale.unlink()
    config = data_dir / CONFIG_NAME
    config.write_text(config_text(info))
    return {"config_path": str(config)}

def _toml(value: str) -> str:
    return json.dumps(value)  # a TOML basic string accepts JSON's escapes


def config_text(info: dict[str, Any]) -> str:
    """A ready iln-sync configuration for this tenant, in the layout of config/iln-sync.example.toml."""
    return f"""# Written by the iln-sync demo kit (iln-sync emulator): a ready configuration for its fake tenant.
# Regenerated at every start (the port may change); copy it before editing.

[tenant]
tenant_id = {_toml(info["tenant_id"])}
client_id = {_toml(info["client_id"])}
authority_host = {_toml(info["authority_host"])}
graph_url = {_toml(info["graph_url"])}
ca_bundle = {_toml(info["ca_path"])}

[certificate]
path = {_toml(info["cert_path"])}
key_path = {_toml(info["key_path"])}
password_env = "ILN_SYNC_CERT_PASSWORD"
# graph_secret_env = "ILN_SYNC_GRAPH_SECRET"   # the secret is in {info["client_secret_path"]}

[site]
url = {_toml(info["site_url"])}
library = "Letters of Commitment"
submissions_list = "LOC Submissions"
commitments_list = "ILN Commitments"
members_list = "ILN Members"
runs_list = "ILN Sync Runs"

[mail]
sender = {_toml(info["mail_sender"])}
recipients = ["iln@education.ky.gov"]

[sync]
state_path = "state/iln-sync-state.sqlite"
max_member_change_share = 0.5
request_timeout_seconds = 30
retry_budget = 30

[service]
sync_schedule = "*/10 * * * *"

[extract]
max_file_bytes = 20_000_000
max_members = 2_000
max_member_bytes = 50_000_000
max_total_bytes = 200_000_000
max_ratio = 200
timeout_seconds = 10
memory_mb = 512
"""
