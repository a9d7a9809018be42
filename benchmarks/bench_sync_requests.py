"""Request counts of sync runs, from the fake tenant's request log (not a timed test).

    .venv/bin/python benchmarks/bench_sync_requests.py

Starts a fake tenant in-process, provisions the site, uploads the demo letters and submissions
(`sharepoint_sync.forms.demo`), then measures: the first run, the run right after it, a run with
no change, a run after one new letter. Each figure
counts every request the run sent (sign-in and form digest included, in one warm process as the
scheduler runs it) and the writes among them (the run's own ILN Sync Runs row excluded).
"""
from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sharepoint_sync import clock, log  # noqa: E402
from sharepoint_sync.commands.demo import _count, _last_seq, _upload  # noqa: E402
from sharepoint_sync.config import load_config  # noqa: E402
from sharepoint_sync.engine import open_session  # noqa: E402
from sharepoint_sync.fake_tenant.tenant import FakeTenant  # noqa: E402
from sharepoint_sync.forms.demo import demo_letters  # noqa: E402


def main() -> int:
    """Print one line per measured run."""
    log.configure(level="ERROR")
    with tempfile.TemporaryDirectory() as tmp:
        tenant = FakeTenant(Path(tmp)).start()
        try:
            config = load_config(tenant.info["config_path"])
            config = replace(config, sync=replace(config.sync, state_path=Path(tmp) / "state.sqlite"))
            with open_session(config) as session:
                session.provision()
                letters, items = _upload(session.gateway, config, clock.today())

                def measure(label: str) -> None:
                    since = _last_seq(tenant)
                    report = session.run()
                    requests, writes = _count(tenant, since, config.site.runs_list)
                    print(f"{label:58} {requests:4} requests {writes:4} writes  ({report.counts.documents_read} read, "
                          f"{report.outcome})")

                measure(f"first run ({letters} letters, {items} submissions)")
                measure("run right after")
                measure("no-change run")
                extra = demo_letters(clock.today())[0]
                session.gateway.upload_file(config.site.library, "One more LOC.docx", extra.data)
                measure("run with one new LOC")
        finally:
            tenant.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
