"""Request counts of sync runs, from the fake tenant's request log (not a timed test).

    .venv/bin/python benchmarks/bench_sync_requests.py

Starts a fake tenant in-process, provisions the site, uploads the demo letters and submissions
(`iln_demo.forms.demo`), then measures: the first run, the run right after it, a run with
no change, a run after one new letter, and a no-change run as a new `iln-sync run` process (sign-in included;
the state file is the one the tenant's ready configuration names). Each figure
counts every request the run sent (sign-in and form digest included, in one warm process as the
scheduler runs it) and the writes among them (the run's own ILN Sync Runs row excluded).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sharepoint_sync import clock, log  # noqa: E402
from iln_demo.commands.demo import count_requests, last_seq, upload_demo  # noqa: E402
from sharepoint_sync.config import load_config  # noqa: E402
from sharepoint_sync.engine import open_session  # noqa: E402
from iln_demo.tenant import iln_tenant  # noqa: E402
from m365_fake.tenant import FakeTenant  # noqa: E402
from iln_demo.forms.demo import demo_letters  # noqa: E402


def measure(tenant: FakeTenant, session: Any, label: str) -> None:
    """Run once and print the requests it sent and the writes among them (its own run row excluded)."""
    since = last_seq(tenant)
    report = session.run()
    requests, writes = count_requests(tenant, since, session.names.runs)
    mail = sum(1 for e in tenant.pipeline.log.since(since) if e["path"].endswith("/sendMail"))
    print(f"{label:58} {requests:4} requests {writes:4} writes {mail} sendMail  ({report.counts.documents_read} read, "
          f"{report.outcome})")


def main() -> int:
    """Print one line per measured run."""
    log.configure(level="ERROR")
    with tempfile.TemporaryDirectory() as tmp:
        tenant = iln_tenant(Path(tmp)).start()
        try:
            config = load_config(tenant.info["config_path"])
            with open_session(config) as session:
                session.provision()
                letters, items = upload_demo(session.gateway, config, clock.today())
                measure(tenant, session, f"first run ({letters} letters, {items} submissions)")
                measure(tenant, session, "run right after")
                measure(tenant, session, "no-change run")
                extra = demo_letters(clock.today())[0]
                session.gateway.upload_file(config.site.library, "One more LOC.docx", extra.data)
                measure(tenant, session, "run with one new LOC")
            since = last_seq(tenant)
            subprocess.run([sys.executable, "-m", "sharepoint_sync", "run", "--config", tenant.info["config_path"]],
                           check=True, capture_output=True)
            requests, writes = count_requests(tenant, since, config.site.runs_list)
            print(f"{'no-change run as a new `iln-sync run` process (signs in)':58} {requests:4} requests {writes:4} writes")
        finally:
            tenant.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
