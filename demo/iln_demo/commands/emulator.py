"""`iln-sync emulator`: run the fake Microsoft 365 tenant standalone until Ctrl-C or SIGTERM.

`--seed demo` puts the demo letters into the "Letters of Commitment" library (iln_demo/seed.py), so
`iln-sync provision` then `iln-sync run` have something to read; `iln-sync demo` does not need it.
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

HELP = "Run the fake Microsoft 365 tenant (Entra ID, SharePoint, Graph) on 127.0.0.1 over HTTPS."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `iln-sync emulator`."""
    parser.add_argument("--port", type=int, default=8443, help="TCP port on 127.0.0.1 (0 = any free port; default 8443)")
    parser.add_argument("--data", type=Path, default=Path("var/fake-tenant"),
                        help="data directory: keys, tenant.json, iln-sync.toml, outbox/ (default var/fake-tenant)")
    parser.add_argument("--seed", choices=["demo"], default=None,
                        help="seed content: 'demo' = the demo letters in the Letters of Commitment library")
    parser.add_argument("--token-lifetime", type=int, default=3600, help="access token lifetime in seconds")


def run(args: argparse.Namespace) -> int:
    """Start the tenant, print where it is, serve until interrupted, stop cleanly."""
    from iln_demo.tenant import iln_tenant
    from sharepoint_sync.log import configure

    configure()  # logs to stderr; stdout carries only what a person (or a script) needs to connect
    stop = threading.Event()

    def _request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    tenant = iln_tenant(args.data, port=args.port, token_lifetime=args.token_lifetime, seed=args.seed)
    try:
        try:
            tenant.start()
        except OSError as error:  # typically the port is taken
            print(f"iln-sync emulator: cannot listen on 127.0.0.1:{args.port}: {error.strerror or error}",
                  file=sys.stderr)
            return 1
        print("\n".join(banner(tenant.info)), flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        tenant.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("Fake tenant stopped.", flush=True)
    return 0


def banner(info: dict) -> list[str]:
    """What the emulator prints on start: where it is, what it wrote, and the commands to run next."""
    config = info["config_path"]
    return [
        f"Fake tenant running at {info['base_url']}/",
        f"  site:        {info['site_url']}",
        f"  CA:          {info['ca_path']}",
        f"  config:      {config}   (rewritten at each start: copy it before editing)",
        f"  tenant.json: {Path(config).parent / 'tenant.json'}",
        f"  outbox:      {info['outbox_dir']}",
        *([f"  real names:  HTTPS_PROXY={info['proxy_url']} REQUESTS_CA_BUNDLE={info['ca_path']} "
           f"reach {info['production_site_url']} (docs/fake-tenant.md)"] if info.get("proxy_url") else []),
        # The site starts without the worker's lists, so `run` straight away would fail: say the order.
        f"Next, in another shell: iln-sync check, provision, plan, run, each with --config {config}",
        "Press Ctrl-C to stop.",
    ]
