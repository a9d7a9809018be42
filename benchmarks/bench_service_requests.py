"""Requests per service job on the fake tenant (not a test; run by hand): a no-change sync and a no-change
membership pass, each in a session of its own as `iln-sync serve` opens them. Figures: docs/deploy.md.

    .venv/bin/python benchmarks/bench_service_requests.py
"""
import tempfile
from dataclasses import replace
from pathlib import Path
from sharepoint_sync import log, clock
from m365_fake.tenant import FakeTenant
from sharepoint_sync.config import load_config
from sharepoint_sync.run.session import open_session
from iln_demo.commands.demo import upload_demo, last_seq, log_entries
from sharepoint_sync.service import _NoExtractor

log.configure(level="WARNING", json=True)
d = Path(tempfile.mkdtemp())
t = FakeTenant(d)
t.start()
try:
    c = load_config(t.info["config_path"])
    c = replace(c, sync=replace(c.sync, state_path=d / "s.sqlite"))
    with open_session(c) as s:
        s.provision()
        upload_demo(s.gateway, c, clock.today())
        s.run()
    for label in ("no-change sync, new session (as each serve job)", "again"):
        since = last_seq(t)
        with open_session(c) as s:
            r = s.run()
        print(label, len(log_entries(t, since)), "requests", r.counts.writes, "writes")
    since = last_seq(t)
    with open_session(c, extractor=_NoExtractor()) as s:
        r = s.membership_pass()
    print("membership pass, no change", len(log_entries(t, since)), "requests", r.counts.writes, "writes")
finally:
    t.stop()
