"""What the CONNECT proxy costs: keep-alive `GET _api/web` throughput addressed directly
(https://127.0.0.1:PORT) and under the production name through the proxy (HTTPS_PROXY).

Run: .venv/bin/python benchmarks/bench_fake_tenant_proxy.py [--requests N]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import msal
import requests

from m365_fake.tenant import FakeTenant


def _session(info: dict, proxied: bool) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.verify = info["ca_path"]
    if proxied:
        session.proxies = {"https": info["proxy_url"]}
    return session


def _token(info: dict, session: requests.Session, proxied: bool) -> str:
    authority = info["production_authority"] if proxied else info["authority"]
    scope = info["production_sharepoint_scope"] if proxied else info["sharepoint_scope"]
    app = msal.ConfidentialClientApplication(
        info["client_id"], authority=authority, instance_discovery=False, http_client=session,
        client_credential={"private_key": Path(info["key_path"]).read_text(),
                           "public_certificate": Path(info["cert_path"]).read_text()})
    return app.acquire_token_for_client([scope])["access_token"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with FakeTenant(Path(tempfile.mkdtemp())) as tenant:
        info = tenant.info
        for label, proxied in (("through the proxy", True), ("direct", False)):
            session = _session(info, proxied)
            headers = {"Authorization": f"Bearer {_token(info, session, proxied)}",
                       "Accept": "application/json;odata=verbose"}
            url = (info["production_site_url"] if proxied else info["site_url"]) + "/_api/web"
            assert session.get(url, headers=headers, timeout=30).status_code == 200
            started = time.perf_counter()
            for _ in range(args.requests):
                session.get(url, headers=headers, timeout=30)
            rate = args.requests / (time.perf_counter() - started)
            print(f"{label:>18}: {rate:6.0f} GET _api/web per second (one keep-alive session)")


if __name__ == "__main__":
    main()
