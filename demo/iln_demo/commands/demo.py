"""`iln-sync demo [--data DIR] [--port P] [--keep-running]`: the whole job on the embedded fake tenant.

Starts the fake Microsoft 365 tenant in-process on a free port, provisions the ILN site, uploads the
project's demo letters (made by `iln_demo.forms.demo`, some needing review) and submissions,
runs the real sync (real sign-in, real gateway, isolated extraction), runs it a second time to show
that nothing changes, and prints what happened, the request counts from the tenant's request log,
and where to look.
"""
from __future__ import annotations

import argparse
import shutil
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

HELP = "Run the whole job on the embedded fake tenant: provision, upload demo letters, sync twice."
WRITE_METHODS = {"POST", "PUT", "PATCH", "MERGE", "DELETE"}
#: requests that change nothing on the site (sign-in, form digest, change queries are POSTs)
NOT_WRITES = ("/oauth2/", "/_api/contextinfo", "/GetChanges", "/_emulator/")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--data DIR, --port P, --keep-running."""
    parser.add_argument("--data", type=Path, default=Path("var/demo"), help="data directory (default var/demo)")
    parser.add_argument("--port", type=int, default=0, help="TCP port (default: any free port)")
    parser.add_argument("--keep-running", action="store_true", help="keep the fake site up to browse (Ctrl-C stops)")


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run the demo; 0 when the second run wrote nothing."""
    from sharepoint_sync import log
    from iln_demo.tenant import iln_tenant

    log.configure(level="WARNING")
    stream = out or sys.stdout
    tenant = iln_tenant(args.data, port=args.port)
    tenant.start()
    try:
        second_writes = _demo(tenant, args.data, stream)
        if args.keep_running:
            _wait(tenant, stream)
    finally:
        tenant.stop()
    return 0 if second_writes == 0 else 1


def _say(stream: TextIO, text: str = "") -> None:
    from sharepoint_sync.core.report import terminal_safe

    print(terminal_safe(text), file=stream, flush=True)


def _demo(tenant: Any, data_dir: Path, stream: TextIO) -> int:
    from sharepoint_sync import clock
    from sharepoint_sync.config import load_config
    from sharepoint_sync.run.session import open_session
    from sharepoint_sync.pages.demo_resources import upload_demo_resources

    config = load_config(tenant.info["config_path"])
    state_path = Path(data_dir).resolve() / "state" / "demo-state.sqlite"
    state_path.unlink(missing_ok=True)  # the fake site starts empty: so does the demo's state
    config = replace(config, sync=replace(config.sync, state_path=state_path))
    _say(stream, f"1. Started the fake Microsoft 365 tenant at {tenant.info['base_url']}/ (site {config.site.url}).")
    with open_session(config) as session:
        steps = session.provision().steps
        _say(stream, f"2. Provisioned the site: {len(steps)} additions (5 lists and the resources library, their columns, "
                     "unique key indexes, \"Needs review\" views, the pages' hash column).")
        letters, submissions = upload_demo(session.gateway, config, clock.today())
        resources = upload_demo_resources(session.gateway, session.pages.names) if session.pages else 0
        _say(stream, f"3. Uploaded {letters} demo letters to \"{config.site.library}\", {submissions} "
                     f"submissions to \"{config.site.submissions_list}\" and {resources} tagged resources to "
                     f"\"{config.pages.resources_library}\".")
        first = _sync(stream, tenant, session, config, "4. First run (reads every letter)")
        second = _sync(stream, tenant, session, config, "5. Second run right after (nothing changed)")
        _members(stream, session)
        runs = len(session.gateway.read_rows(config.site.runs_list, ["Title"]))
    _verdict(stream, first, second, runs, config.site.runs_list)
    _outbox(stream, tenant.info["outbox_dir"])
    _where(stream, tenant, config)
    _status(stream, config)
    return second


def _outbox(stream: TextIO, outbox_dir: Any) -> None:
    """The mails the runs sent (the first run's summary; the second run, with no change, sends none)."""
    from email import message_from_bytes
    from email.policy import default

    mails = sorted(Path(outbox_dir).glob("*.eml")) if Path(outbox_dir).is_dir() else []
    _say(stream, f"\n== 7. Outbox: {len(mails)} message(s) ==")
    for path in mails:
        mail = message_from_bytes(path.read_bytes(), policy=default)
        _say(stream, f"  {mail['Date']}  to {mail['To']}\n    Subject: {mail['Subject']}\n    {path}")
def _status(stream: TextIO, config: Any) -> None:
    """What `iln-sync status` says about the demo's worker (what monitoring would read under `serve`)."""
    from sharepoint_sync import clock
    from sharepoint_sync.commands.status import gather, render

    _say(stream, "\n== iln-sync status (the demo's state) ==")
    _say(stream, render(gather(config, clock.now())))


def _sync(stream: TextIO, tenant: Any, session: Any, config: Any, title: str) -> int:
    """One run, its request and write counts from the tenant's log, and its report; returns the writes."""
    from sharepoint_sync.core.report import render_text

    since = last_seq(tenant)
    report = session.run()
    requests, writes = count_requests(tenant, since, config.site.runs_list)
    _say(stream, f"\n== {title}: {requests} requests, {writes} write operations on the site "
                 f"(list rows, and each page's create, save, publish and stamp; "
                 f"not counting the run's own row in {config.site.runs_list}) ==")
    _say(stream, render_text(report))
    return writes


def _verdict(stream: TextIO, first: int, second: int, runs: int, runs_list: str) -> None:
    """Say in one paragraph what the two runs showed."""
    outcome = ("wrote nothing: unchanged content means no write" if second == 0
               else f"wrote {second} times although nothing changed: this is a bug")
    _say(stream, f"\nResult: the first run made {first} writes; the second run {outcome}. Every run that "
                 f"changed something or met a problem records itself as one row in \"{runs_list}\" (now {runs} "
                 f"row{'' if runs == 1 else 's'}), so staff see the worker's history without logs; a run with "
                 "nothing to do adds nothing there, it only moves the \"last checked\" time in the local state.")


def upload_demo(gateway: Any, config: Any, today: Any) -> tuple[int, int]:
    """Upload the demo letters and submissions (with their attachments); returns how many of each."""
    from sharepoint_sync.core import schema as s
    from iln_demo.forms.demo import demo_letters, demo_submissions

    letters = demo_letters(today)
    for letter in letters:
        gateway.upload_file(config.site.library, letter.file_name, letter.data, folder=letter.path_in_library)
    submissions = demo_submissions(today)
    for item in submissions:
        row = gateway.create_row(config.site.submissions_list,
                                 {s.TITLE: item.title, s.SUB_DISTRICT: item.district, s.SUB_EMAIL: item.submitter_email,
                                  s.SUB_NOTES: item.notes}, key_column=s.TITLE)
        gateway.add_attachment(config.site.submissions_list, row.item_id, item.attachment_name, item.data)
    return len(letters), len(submissions)


def _members(stream: TextIO, session: Any) -> None:
    """One line per member district, as ILN Members now shows them."""
    from collections import Counter

    from sharepoint_sync.core import schema as s

    rows = [r.values for r in session.gateway.read_rows(session.names.members, [s.M_DISTRICT, s.M_STATUS, s.M_GRANT,
                                                                                 s.SCHOOL_YEARS])]
    by_status = Counter(str(v.get(s.M_STATUS)) for v in rows)
    eligible = sum(1 for v in rows if v.get(s.M_GRANT))
    _say(stream, f"\n== 6. {session.names.members} now: {len(rows)} districts ("
                 + ", ".join(f"{n} {status}" for status, n in sorted(by_status.items())) + f"); {eligible} grant eligible ==")
    for v in sorted(rows, key=lambda v: str(v.get(s.M_DISTRICT))):
        grant = "grant eligible" if v.get(s.M_GRANT) else ""
        _say(stream, f"  {v.get(s.M_DISTRICT)!s:32} {v.get(s.M_STATUS)!s:22} {v.get(s.SCHOOL_YEARS) or '':22} {grant}")


def log_entries(tenant: Any, since: int) -> list[dict[str, Any]]:
    """The tenant's request-log entries after `since`."""
    return list(tenant.pipeline.log.since(since))


def last_seq(tenant: Any) -> int:
    """The newest request-log sequence number (0 when the log is empty)."""
    entries = log_entries(tenant, 0)
    return entries[-1]["seq"] if entries else 0


def count_requests(tenant: Any, since: int, runs_list: str) -> tuple[int, int]:
    """Requests since `since`, and how many of them wrote to the site (the run's own row excluded)."""
    entries = log_entries(tenant, since)
    return len(entries), len(site_writes(entries, runs_list))


def site_writes(entries: list[dict[str, Any]], runs_list: str) -> list[dict[str, Any]]:
    """The writes among request-log entries, each operation of a `$batch` counted as its own (sign-in,
    change queries and the run's own row in `runs_list` excluded)."""
    operations = [op for e in entries for op in e.get("operations", [e])]
    return [op for op in operations if op["method"] in WRITE_METHODS and not op["path"].endswith("/$batch")
            and not any(p in op["path"] for p in NOT_WRITES) and runs_list not in op["path"]]


def _where(stream: TextIO, tenant: Any, config: Any) -> None:
    info = tenant.info
    _say(stream, "\nWhere to look:")
    command = console_command()
    _say(stream, f"  the site's lists, as staff see them:  {info['base_url']}/  "
                 f"(open it while `{command} demo --keep-running` runs; the port changes at each start)")
    if config.pages.enabled:
        from sharepoint_sync.pages.content import page_url
        from sharepoint_sync.pages.model import DIRECTORY_SLUG
        _say(stream, f"  the member directory page (published):  {page_url(config.site.url, DIRECTORY_SLUG)}  "
                     "(links to every initiative and district spotlight)")
    outbox = info["outbox_dir"]
    _say(stream, f"  the outbox (mails the worker sends):  {outbox}  ({outbox_summary(outbox)})")
    _say(stream, f"  the local state and run ledger:       {config.sync.state_path}")
    _say(stream, f"  the configuration the demo used:      {info['config_path']}")
    _say(stream, f"  run the worker yourself:              {command} run --config {info['config_path']}  "
                 "(while the demo runs with --keep-running)")


def outbox_summary(outbox_dir: Any) -> str:
    """How many mails the outbox holds, in words: a newcomer should not go looking in a folder that is not there."""
    mails = sorted(Path(outbox_dir).glob("*.eml")) if Path(outbox_dir).is_dir() else []
    return f"{len(mails)} message(s), one .eml file each" if mails else "empty: no mail was sent in this demo"


def console_command() -> str:
    """How to call iln-sync from here: the bare name when it is on PATH, else the script beside this Python
    (`make demo` installs into .venv without activating it, so a bare `iln-sync` would not be found)."""
    if shutil.which("iln-sync"):
        return "iln-sync"
    script = Path(sys.executable).parent / "iln-sync"
    if not script.exists():
        return "python -m sharepoint_sync"
    try:
        return str(script.relative_to(Path.cwd()))
    except ValueError:
        return str(script)


def _wait(tenant: Any, stream: TextIO) -> None:
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    _say(stream, f"\nThe fake site stays up at {tenant.info['base_url']}/ ; press Ctrl-C to stop.")
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
