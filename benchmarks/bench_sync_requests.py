"""Request counts of sync runs, from the fake tenant's request log and budget (not a timed test).

    .venv/bin/python benchmarks/bench_sync_requests.py [--sizes 100,600] [--budget-letters 600] [--skip-budget]
    .venv/bin/python benchmarks/bench_sync_requests.py --lost-state-only [--sizes 100,600]

Every figure counts what the run sent, read from the fake tenant's request log (`/_emulator/requests`):
requests on the wire (a `$batch` is one request), the writes among them (each operation inside a
batch counted; the run's own ILN Sync Runs row, change queries and sign-in excluded), downloads, and
the resource units the requests cost under the fake tenant's budget model (read 1, write 2, a
`$batch` what its operations cost). Scenarios (issue 14's table):

1. the 30 demo letters + 3 submissions: first run, the run right after, a no-change run, one new
   letter, all in one warm process (as `iln-sync schedule` and `demo` run), then a no-change run and a
   one-new-letter run as new `iln-sync run` processes (sign-in included, state file on disk), and a
   new process after the state file was lost (the demo's non-letter and submissions included);
2. a first sync of N letters (N from --sizes; the demo letters' contents under distinct names), then
   the same site with the state file lost and nothing changed (target: no download, no write: every
   letter is recognised by its Commitments row's SourceTag, every duplicate and non-letter by its
   write-back's *Content tag read*; `--lost-state-only` runs just this, and the same with 10 one-attachment
   submissions added, half not letters, half copies of library letters, known by their write-back too);
3. the N = 600 backfill under a budget of 1,200 units a minute, started with an empty bucket: how many
   runs it takes, its wall time against (units needed / budget), the 429s, the premature retries.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sharepoint_sync import clock, log  # noqa: E402
from iln_demo.commands.demo import last_seq, log_entries, site_writes, upload_demo  # noqa: E402
from sharepoint_sync.config import load_config  # noqa: E402
from sharepoint_sync.run.session import open_session  # noqa: E402
from m365_fake.faults import Budget  # noqa: E402
from iln_demo.tenant import iln_tenant  # noqa: E402
from m365_fake.tenant import FakeTenant  # noqa: E402
from iln_demo.forms.demo import demo_letters  # noqa: E402


def units(entries: list[dict[str, Any]], *, served_only: bool = True) -> float:
    """Resource units of the requests under the fake tenant's model (read 1, write 2, batch = its parts)."""
    total = 0.0
    for entry in entries:
        if "/_api/" not in entry["path"] or (served_only and entry["status"] == 429):
            continue
        ops = entry.get("operations") or [entry]
        total += sum(1.0 if op["method"] == "GET" else 2.0 for op in ops)
    return total


def figures(tenant: FakeTenant, since: int, runs_list: str) -> dict[str, Any]:
    """Requests, writes, downloads and units since `since`."""
    entries = log_entries(tenant, since)
    return {"requests": len(entries), "writes": len(site_writes(entries, runs_list)),
            "downloads": sum(e["path"].endswith("/$value") for e in entries), "units": units(entries),
            "throttled": sum(e["status"] == 429 for e in entries)}


def line(label: str, f: dict[str, Any], extra: str = "") -> None:
    """One printed row."""
    print(f"{label:62} {f['requests']:5} requests {f['writes']:5} writes {f['downloads']:4} downloads "
          f"{f['units']:6.0f} units {extra}", flush=True)


def measure(tenant: FakeTenant, session: Any, label: str) -> dict[str, Any]:
    """Run once in `session` and print its figures."""
    since = last_seq(tenant)
    report = session.run()
    f = figures(tenant, since, session.names.runs)
    line(label, f, f"({report.counts.documents_read} read, {report.outcome})")
    return f


def new_process(tenant: FakeTenant, label: str) -> dict[str, Any]:
    """`iln-sync run` as a new process on the tenant's ready config (its state file on disk)."""
    since = last_seq(tenant)
    subprocess.run([sys.executable, "-m", "sharepoint_sync", "run", "--config", tenant.info["config_path"]],
                   check=True, capture_output=True)
    f = figures(tenant, since, load_config(tenant.info["config_path"]).site.runs_list)
    line(label, f, "(signs in)")
    return f


def fresh_tenant() -> Iterator[tuple[FakeTenant, Any]]:
    """A started fake tenant and its ready config, stopped afterwards. The resource pages are off: issue
    14's table counts the list work; what pages cost is `bench_page_requests.py`'s (docs/pages.md)."""
    with tempfile.TemporaryDirectory() as tmp:
        tenant = iln_tenant(Path(tmp)).start()
        try:
            with open(tenant.info["config_path"], "a", encoding="utf-8") as config_file:  # new processes too
                config_file.write("\n[pages]\nenabled = false\n")
            yield tenant, load_config(tenant.info["config_path"])
        finally:
            tenant.stop()


def demo_scenario() -> None:
    """Scenario 1 (see module docstring)."""
    for tenant, config in fresh_tenant():
        with open_session(config) as session:
            session.provision()
            letters, items = upload_demo(session.gateway, config, clock.today())
            measure(tenant, session, f"first run ({letters} letters, {items} submissions)")
            measure(tenant, session, "run right after")
            measure(tenant, session, "no-change run, same process")
            extra = demo_letters(clock.today())[0]
            session.gateway.upload_file(config.site.library, "One more LOC.docx", extra.data)
            measure(tenant, session, "one new letter, same process")
        new_process(tenant, "no-change run, new `iln-sync run` process")
        with open_session(config) as session:
            session.gateway.upload_file(config.site.library, "Yet another LOC.docx", extra.data)
        new_process(tenant, "one new letter, new `iln-sync run` process")
        Path(config.sync.state_path).unlink()  # the demo's non-letter, duplicates and submissions included
        new_process(tenant, "state file lost, nothing changed, new process")


def upload_many(session: Any, config: Any, n: int, *, distinct: bool = False) -> None:
    """`n` letters: the demo letters' contents (cycled) under distinct names in ten folders. The cycled
    copies are byte-identical, so all but the first of each are duplicates (Needs review, no commitment);
    with `distinct` each copy's bytes differ (its zip comment), so each is a letter of its own."""
    letters = [d for d in demo_letters(clock.today()) if d.file_name.endswith(".docx")]
    for i in range(n):
        data = letters[i % len(letters)].data
        session.gateway.upload_file(config.site.library, f"LOC {i:04d}.docx", _stamped(data, i) if distinct else data,
                                    folder=f"batch-{i % 10}")


def _stamped(data: bytes, i: int) -> bytes:
    """The same document with its own bytes: the zip's comment says which copy it is."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            copy.writestr(info, source.read(info))
        copy.comment = f"copy {i}".encode()
    return out.getvalue()


def submit_some(session: Any, config: Any, k: int) -> None:
    """`k` submissions of one attachment each: half the agenda (not a letter), half a byte-identical copy of
    one of the library's letters (a duplicate: no commitment of its own)."""
    files = {d.file_name: d.data for d in demo_letters(clock.today())}
    letters = [name for name in files if name.endswith(".docx") and "Agenda" not in name]
    for i in range(k):
        name = "Fall Convening Agenda.docx" if i % 2 == 0 else letters[i]
        row = session.gateway.create_row(config.site.submissions_list, {"Title": f"Submission {i}"}, key_column="Title")
        session.gateway.add_attachment(config.site.submissions_list, row.item_id, name, files[name])


def size_scenario(n: int, *, distinct: bool = False, submissions: int = 0) -> None:
    """Scenario 2 for `n` letters (`distinct`: no two with the same bytes), and `submissions` of one
    attachment each that is not a letter or a copy (`submit_some`)."""
    what = "distinct letters" if distinct else "letters"
    what += f" + {submissions} one-attachment submissions (non-letters, copies)" if submissions else ""
    for tenant, config in fresh_tenant():
        with open_session(config) as session:
            session.provision()
            upload_many(session, config, n, distinct=distinct)
            submit_some(session, config, submissions)
            f = measure(tenant, session, f"first sync of {n} {what}")
            print(f"{'':62} = {f['requests'] / n:.3f} requests per letter", flush=True)
        Path(config.sync.state_path).unlink()
        with open_session(config) as session:
            measure(tenant, session, f"  same {n}, state file lost, nothing changed")


def budget_scenario(n: int, per_minute: float) -> None:
    """Scenario 3: the backfill under a budget, started with an empty bucket."""
    for tenant, config in fresh_tenant():
        config = replace(config, sync=replace(config.sync, run_deadline_seconds=3600.0))
        with open_session(config) as session:
            session.provision()
            upload_many(session, config, n)
            budget = Budget(per_minute, read_cost=1, write_cost=2)
            budget.available = 0.0  # empty: the run's units all come from the refill
            tenant.pipeline.throttle.budget = budget
            since, started, runs, outcome = last_seq(tenant), time.monotonic(), 0, ""
            while outcome != "Succeeded" and runs < 8:
                runs += 1
                outcome = session.run().outcome
            seconds = time.monotonic() - started
            f = figures(tenant, since, session.names.runs)
            premature = tenant.pipeline.throttle.describe()["premature_retries"]
            tenant.pipeline.throttle.reset()
        ideal = f["units"] / (per_minute / 60.0)
        line(f"{n}-letter backfill under {per_minute:g} units/min", f,
             f"({runs} run(s), last {outcome})")
        print(f"{'':62} {seconds:.1f} s; units needed / budget = {ideal:.1f} s ({seconds / ideal - 1:+.1%}); "
              f"{f['throttled']} answered 429; {len(premature)} premature retries", flush=True)


def main() -> int:
    """Print one line per measured run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,600")
    parser.add_argument("--budget-letters", type=int, default=600)
    parser.add_argument("--budget", type=float, default=1200.0, help="units per minute")
    parser.add_argument("--skip-budget", action="store_true")
    parser.add_argument("--lost-state-only", action="store_true", help="only scenario 2 (first sync, then lost state)")
    args = parser.parse_args()
    log.configure(level="ERROR")
    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    if args.lost_state_only:
        for n in (int(x) for x in args.sizes.split(",") if x):
            size_scenario(n)
            size_scenario(n, distinct=True)
            size_scenario(n, submissions=10)
        return 0
    demo_scenario()
    for n in (int(x) for x in args.sizes.split(",") if x):
        size_scenario(n)
    if not args.skip_budget:
        budget_scenario(args.budget_letters, args.budget)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
