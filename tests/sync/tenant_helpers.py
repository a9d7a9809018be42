"""Helpers for tests that drive the worker against the fake tenant over HTTPS (the real gateway)."""
from __future__ import annotations

import datetime as dt
import io
from contextlib import contextmanager
from typing import Any, Iterator

from sharepoint_sync import cli
from sharepoint_sync.config import Config
from sharepoint_sync.core import schema as s
from sharepoint_sync.run.model import RunOptions
from sharepoint_sync.run.session import site_names
from sharepoint_sync.run.sync import run_once
from sharepoint_sync.extract.api import extract_in_process
from sharepoint_sync.edges import open_gateway
from sharepoint_sync.record import LocRecord
from sharepoint_sync.state import State
from tests.fixture_files import LOC_SAMPLES

SAMPLES = LOC_SAMPLES
LETTERS = ["s01-2018-seed-like.docx", "s05-2019-table-poc-second.docx", "s09-2023-glyph-checkboxes.docx",
           "s15-missing-signature-date.docx", "s24-not-loc-annual-report.docx", "s26-pdf-renamed.docx"]
WRITE_METHODS = {"POST", "PUT", "PATCH", "MERGE", "DELETE"}
NOT_WRITES = ("/_api/contextinfo", "/oauth2/", "/GetChanges", "/_emulator/")


class InProcessExtractor:
    """The real extraction pipeline without the worker process (the isolated one is used by `run`)."""

    def extract(self, data: bytes, file_name: str) -> LocRecord:
        return extract_in_process(data, file_name, dt.date(2026, 1, 15))


class Crash(BaseException):
    """The worker process died."""


class CrashingGateway:
    """The real gateway, dying after `limit` writes (a crash at any point of the apply phase)."""

    def __init__(self, inner: Any, limit: int) -> None:
        self.inner, self.limit, self.writes = inner, limit, 0

    def run_batch(self, operations: list[Any]) -> list[Any]:
        """A batch's writes up to the limit are sent (SharePoint does not roll a changeset back), then the crash."""
        from sharepoint_sync.ports import CreateRow, UpdateRow
        allowed: list[Any] = []
        for op in operations:
            if isinstance(op, (CreateRow, UpdateRow)):
                if self.writes >= self.limit:
                    if allowed:
                        self.inner.run_batch(allowed)
                    raise Crash()
                self.writes += 1
            allowed.append(op)
        return self.inner.run_batch(allowed)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if name not in ("create_row", "update_row"):
            return attr

        def write(*args: Any, **kwargs: Any) -> Any:
            if self.writes >= self.limit:
                raise Crash()
            self.writes += 1
            return attr(*args, **kwargs)
        return write


def seed(config: Config, letters: list[str] = LETTERS) -> None:
    """Upload `letters` from the sample letters (every other one in a folder) and one submission with s13 attached."""
    gateway = open_gateway(config)
    for i, name in enumerate(letters):
        gateway.upload_file(config.site.library, name, (SAMPLES / name).read_bytes(), folder="2019/fall" if i % 2 else "")
    item = gateway.create_row(config.site.submissions_list, {s.TITLE: "Form submission", s.SUB_DISTRICT: "Marion Co. Schools",
                                                            s.SUB_EMAIL: "a@b.org"}, key_column=s.TITLE)
    gateway.add_attachment(config.site.submissions_list, item.item_id, "s13.docx",
                           (SAMPLES / "s13-2019-canonical-name.docx").read_bytes())


def writes(emulator: Any, since: int) -> list[str]:
    """The site writes in the request log after `since` (sign-in, digests, change queries, the run row excluded)."""
    from iln_demo.commands.demo import site_writes
    return [f"{r['method']} {r['path']}" for r in site_writes(emulator.requests(since), "ILN Sync Runs")]


def run(config: Config, gateway: Any = None, state: State | None = None) -> Any:
    """One `run_once` on the configured site at 2026-01-15 12:00 UTC with the in-process extractor."""
    with (state or State(config.sync.state_path)) as st:
        return run_once(gateway or open_gateway(config), InProcessExtractor(), st, site_names(config), RunOptions(),
                        now=dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone.utc))


def lists(config: Config) -> dict[str, list[dict[str, Any]]]:
    """ILN Commitments (key, status, district) and ILN Members (district, status, grant) as plain dicts, sorted."""
    gateway = open_gateway(config)
    names = site_names(config)
    return {
        "commitments": sorted((dict(r.values) for r in gateway.read_rows(names.commitments, [s.C_KEY, s.C_STATUS, s.C_DISTRICT])),
                              key=lambda r: r[s.C_KEY]),
        "members": sorted((dict(r.values) for r in gateway.read_rows(names.members, [s.M_DISTRICT, s.M_STATUS, s.M_GRANT])),
                          key=lambda r: r[s.M_DISTRICT]),
    }


def command(*argv: str) -> tuple[int, str]:
    """Run an `iln-sync` subcommand in-process; its exit code and what it printed."""
    args = cli.build_parser().parse_args(list(argv))
    out = io.StringIO()
    return args._module.run(args, out=out), out.getvalue()


def form_letter(district: str, signed: dt.date, kde: dt.date | None, poc: str, **more: Any) -> bytes:
    """A letter on the official form, filled by the project's own form code."""
    from iln_demo.forms.fill import FormValues, fill_form
    from sharepoint_sync.record import Person, Signatory

    email = poc.lower().replace(" ", ".") + "@knox.kyschools.us"
    return fill_form(FormValues(
        district=district, academic_year=signed.year if signed.month >= 6 else signed.year - 1,
        point_of_contact=Person(poc, "Director", email), action_points=("Grow **deeper learning** in every school.",),
        signatory=Signatory("Sam Super", "Superintendent"), district_signed_on=signed,
        kde_name="Marcus Hale" if kde else None, kde_signed_on=kde, **more))


@contextmanager
def faulted(emulator: Any, **rule: Any) -> Iterator[int]:
    """Inject one fault rule for the block; yields the request-log position before it, clears the rules after."""
    since = emulator.last_seq()
    emulator.add_fault(**rule)
    try:
        yield since
    finally:
        emulator.clear_faults()
