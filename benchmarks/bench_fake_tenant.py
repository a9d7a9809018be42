"""How fast the fake tenant answers: start-up, token acquisition and keep-alive request throughput.

Run: .venv/bin/python benchmarks/bench_fake_tenant.py [--requests N] [--clients C]
Clients are requests.Sessions (one TLS connection each, reused), as office365 and msal use them.
The server-side time per request comes from the fake tenant's own request log.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

import msal
import requests

from m365_fake.tenant import FakeTenant


def _session(ca_path: str) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would override verify
    session.verify = ca_path
    return session


def _token(info: dict, session: requests.Session) -> str:
    credential = {"private_key": Path(info["key_path"]).read_text(),
                  "public_certificate": Path(info["cert_path"]).read_text()}
    app = msal.ConfidentialClientApplication(info["client_id"], client_credential=credential,
                                             authority=info["authority"], http_client=session, instance_discovery=False)
    return app.acquire_token_for_client([info["sharepoint_scope"]])["access_token"]


def _hammer(url: str, headers: dict, ca_path: str, count: int) -> None:
    session = _session(ca_path)
    for _ in range(count):
        session.get(url, headers=headers).raise_for_status()


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-fake-tenant-"))
    started = time.perf_counter()
    tenant = FakeTenant(data).start()
    first_start = time.perf_counter() - started
    tenant.stop()
    started = time.perf_counter()
    tenant = FakeTenant(data).start()
    print(f"start-up: first {first_start * 1000:.0f} ms (generates keys), again {(time.perf_counter() - started) * 1000:.0f} ms")
    info = tenant.info
    session = _session(info["ca_path"])
    started = time.perf_counter()
    for _ in range(20):
        token = _token(info, session)
    print(f"msal app + certificate token: {(time.perf_counter() - started) / 20 * 1000:.1f} ms each")
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json;odata=verbose"}
    url = f"{info['site_url']}/_api/web"
    for clients in (1, args.clients):
        per_client = args.requests // clients
        threads = [threading.Thread(target=_hammer, args=(url, headers, info["ca_path"], per_client)) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        print(f"GET _api/web, {clients} keep-alive client(s): {per_client * clients / elapsed:.0f} requests/s")
    log = session.get(f"{info['control_url']}/requests").json()["requests"]
    durations = [e["duration_ms"] for e in log if e["path"].endswith("/_api/web")]
    print(f"server-side handling per request: median {statistics.median(durations):.3f} ms, "
          f"p99 {sorted(durations)[int(len(durations) * 0.99)]:.3f} ms; "
          f"{len({e['connection'] for e in log})} TLS connections for {len(log)} requests")
    tenant.stop()


if __name__ == "__main__":
    main()
