"""Requests and writes of the page step, from the fake tenant's request log (not a timed test).

    .venv/bin/python benchmarks/bench_page_requests.py

Starts a fake tenant in-process, provisions the site, uploads the demo letters, submissions and tagged
resources (what `iln-sync demo` uploads), then measures in one warm process: the first run (every page
created), a run with no change, a run in a new state file (compares with the hashes on Site Pages),
and a run after one member district's new letter (new point of contact, school year and points).
For each: all requests, the writes among them (the run's own ILN Sync Runs row excluded), the page
requests among them (page API or Site Pages library), and the pages published.
"""
from __future__ import annotations

import datetime as dt
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sharepoint_sync import clock, log  # noqa: E402
from iln_demo.commands.demo import WRITE_METHODS, count_requests, last_seq, log_entries, upload_demo  # noqa: E402
from sharepoint_sync.config import load_config  # noqa: E402
from sharepoint_sync.run.session import open_session  # noqa: E402
from iln_demo.tenant import iln_tenant  # noqa: E402
from iln_demo.forms.fill import FormValues, fill_form  # noqa: E402
from sharepoint_sync.pages.demo_resources import upload_demo_resources  # noqa: E402
from sharepoint_sync.record import Person, Signatory  # noqa: E402


def measure(tenant: Any, session: Any, label: str) -> None:
    """Run once; print requests, writes, page requests (page writes) and pages published."""
    since = last_seq(tenant)
    before = {p["name"]: p["version"] for p in tenant.state()["pages"]}
    report = session.run()
    changed = sorted(p["name"] for p in tenant.state()["pages"] if before.get(p["name"]) != p["version"])
    requests, writes = count_requests(tenant, since, session.names.runs)
    pages = [e for e in log_entries(tenant, since)
             if "/sitepages/" in e["path"].lower() or "site pages" in e["path"].lower()]
    page_writes = [e for e in pages if e["method"] in WRITE_METHODS]
    print(f"{label:46} {requests:4} requests {writes:4} writes | {len(pages):4} page requests "
          f"{len(page_writes):4} page writes {report.counts.pages_published:3} pages published ({report.outcome})")
    if 0 < len(changed) < 10:
        print(f"{'':46} republished: {', '.join(changed)}")


def member_change(today: dt.date) -> bytes:
    """A newer letter for Boone County (a member in the demo): new contact, new points of action."""
    year = today.year if today.month >= 7 else today.year - 1
    return fill_form(FormValues(
        district="Boone County", academic_year=year, point_of_contact=Person("Riley Shaw", "CAO", "riley.shaw@boone.kyschools.us"),
        initiatives=("Portrait of a Learner", "Project-Based Learning"),
        action_points=("We scale **project-based learning** to all high schools.",
                       "Our **Portrait of a Learner** is now in every classroom."),
        signatory=Signatory("Pat Morgan", "Superintendent"), district_signed_on=min(today, dt.date(year, 11, 30)),
        kde_name="KDE Designee", kde_signed_on=min(today, dt.date(year, 12, 1))))


def main() -> int:
    """Print one line per measured run."""
    log.configure(level="ERROR")
    with tempfile.TemporaryDirectory() as tmp:
        tenant = iln_tenant(Path(tmp)).start()
        try:
            config = load_config(tenant.info["config_path"])
            config = replace(config, sync=replace(config.sync, state_path=Path(tmp) / "a.sqlite"))
            with open_session(config) as session:
                session.provision()
                upload_demo(session.gateway, config, clock.today())
                upload_demo_resources(session.gateway, session.pages.names)
                measure(tenant, session, "first run (every page created)")
                measure(tenant, session, "no-change run")
            fresh = replace(config, sync=replace(config.sync, state_path=Path(tmp) / "fresh.sqlite"))
            with open_session(fresh) as session:
                measure(tenant, session, "no-change run, fresh state file (full re-scan)")
                measure(tenant, session, "no-change run after it")
                session.gateway.upload_file(config.site.library, "Boone County LOC (new).docx", member_change(clock.today()))
                measure(tenant, session, "one member changes (a newer letter)")
        finally:
            tenant.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
