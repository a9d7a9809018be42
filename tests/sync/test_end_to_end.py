"""`provision` + `run` against the fake tenant over HTTPS with the real gateway, counted from its request log."""
from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

import pytest

from sharepoint_sync import cli
from sharepoint_sync.config import Config, load_config
from sharepoint_sync.core import schema as s
from sharepoint_sync.engine import RunOptions, provision_site, run_once, site_names
from sharepoint_sync.extract.api import extract_in_process
from sharepoint_sync.gateway import open_gateway
from sharepoint_sync.record import LocRecord
from sharepoint_sync.state import State

pytestmark = pytest.mark.integration

SAMPLES = Path("/work/shared/loc-samples")
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


@pytest.fixture
def config(clean_tenant: Any, tenant_info: dict[str, Any], tmp_path: Path) -> Iterator[Config]:
    """The fake tenant's ready configuration, with a state file of this test's own."""
    loaded = load_config(tenant_info["config_path"])
    yield replace(loaded, sync=replace(loaded.sync, state_path=tmp_path / "state.sqlite"))


def _seed(config: Config, letters: list[str] = LETTERS) -> None:
    gateway = open_gateway(config)
    for i, name in enumerate(letters):
        gateway.upload_file(config.site.library, name, (SAMPLES / name).read_bytes(), folder="2019/fall" if i % 2 else "")
    item = gateway.create_row(config.site.submissions_list, {s.TITLE: "Form submission", s.SUB_DISTRICT: "Marion Co. Schools",
                                                            s.SUB_EMAIL: "a@b.org"}, key_column=s.TITLE)
    gateway.add_attachment(config.site.submissions_list, item.item_id, "s13.docx",
                           (SAMPLES / "s13-2019-canonical-name.docx").read_bytes())


def _writes(emulator: Any, since: int) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests(since)
            if r["method"] in WRITE_METHODS and not any(p in r["path"] for p in NOT_WRITES)
            and "ILN Sync Runs" not in r["path"]]


def _run(config: Config, gateway: Any = None, state: State | None = None) -> Any:
    with (state or State(config.sync.state_path)) as st:
        return run_once(gateway or open_gateway(config), InProcessExtractor(), st, site_names(config), RunOptions(),
                        now=dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone.utc))


def _lists(config: Config) -> dict[str, list[dict[str, Any]]]:
    gateway = open_gateway(config)
    names = site_names(config)
    return {
        "commitments": sorted((dict(r.values) for r in gateway.read_rows(names.commitments, [s.C_KEY, s.C_STATUS, s.C_DISTRICT])),
                              key=lambda r: r[s.C_KEY]),
        "members": sorted((dict(r.values) for r in gateway.read_rows(names.members, [s.M_DISTRICT, s.M_STATUS, s.M_GRANT])),
                          key=lambda r: r[s.M_DISTRICT]),
    }


def _command(*argv: str) -> tuple[int, str]:
    """Run an `iln-sync` subcommand in-process; its exit code and what it printed."""
    args = cli.build_parser().parse_args(list(argv))
    out = io.StringIO()
    return args._module.run(args, out=out), out.getvalue()


def test_provision_run_then_second_run_writes_nothing(config: Config, tenant_info: dict[str, Any], emulator: Any,
                                                      tmp_path: Path) -> None:
    """`iln-sync provision` then `run` fill the site; a second `run` sends no write but its own run row."""
    toml = tmp_path / "iln-sync.toml"
    toml.write_text(Path(tenant_info["config_path"]).read_text().replace(
        'state_path = "state/iln-sync-state.sqlite"', f'state_path = "{tmp_path / "cli-state.sqlite"}"'))
    toml.chmod(0o600)
    assert _command("provision", "--config", str(toml))[0] == 0
    assert _command("provision", "--config", str(toml)) == (0, "Nothing to add: the site has every list, column, "
                                                               "index and view the worker needs.\n")
    _seed(config)
    code, out = _command("plan", "--config", str(toml))
    assert code == 0 and "create commitment \"s01-2018-seed-like.docx\"" in out
    code, out = _command("run", "--config", str(toml), "--json")
    first = json.loads(out)
    assert code == 0
    assert first["counts"]["documents_seen"] == 7 and first["counts"]["unreadable"] == 1
    assert {e["name"] for e in first["needs_review"]} >= {"s15-missing-signature-date.docx", "s26-pdf-renamed.docx"}
    since = emulator.last_seq()
    code, out = _command("run", "--config", str(toml))
    assert code == 0 and "writes: 0" in out
    assert _command("plan", "--config", str(toml)) == (0, "Nothing to write: the site is up to date.\n")
    assert _writes(emulator, since) == []
    members = {m[s.M_DISTRICT]: m for m in _lists(config)["members"]}
    assert "Marion County" in members and members["Leslie County"][s.M_STATUS] == s.MEMBER_NEEDS_REVIEW


def test_crash_mid_run_then_rerun_converges_without_duplicates(config: Config, emulator: Any) -> None:
    """A run killed after N writes, then run again, leaves the same lists as an uninterrupted run."""
    provision_site(open_gateway(config), site_names(config))
    _seed(config, LETTERS[:3])
    with pytest.raises(Crash):
        _run(config, CrashingGateway(open_gateway(config), 5))
    _run(config)
    after = _lists(config)
    keys = [r[s.C_KEY] for r in after["commitments"]]
    assert len(keys) == len(set(keys)) == 4
    assert len({m[s.M_DISTRICT] for m in after["members"]}) == len(after["members"]) == 4
    since = emulator.last_seq()
    assert _run(config).counts.writes == 0 and _writes(emulator, since) == []


def test_dropped_create_is_not_duplicated(config: Config, emulator: Any) -> None:
    """A connection dropped on a row creation is retried after a lookup: one row, not two."""
    provision_site(open_gateway(config), site_names(config))
    _seed(config, LETTERS[:2])
    emulator.add_fault(method="POST", path=r"ILN Commitments'\)/items$", drop=True, count=1)
    since = emulator.last_seq()
    try:
        report = _run(config)
    finally:
        emulator.clear_faults()
    assert [r["method"] for r in emulator.requests(since) if r["dropped"]] == ["POST"]
    assert report.outcome == "Succeeded"
    keys = [r[s.C_KEY] for r in _lists(config)["commitments"]]
    assert len(keys) == len(set(keys)) == 3


def test_staff_decision_is_honoured_on_the_next_run(config: Config) -> None:
    """Setting 'Accept as read' on a letter needing review makes its district count on the next run."""
    provision_site(open_gateway(config), site_names(config))
    _seed(config, ["s15-missing-signature-date.docx"])
    _run(config)
    gateway = open_gateway(config)
    doc = next(d for d in gateway.list_sources(config.site.library, "library", [s.WB_STATUS]))
    assert doc.fields[s.WB_STATUS] == s.SOURCE_NEEDS_REVIEW
    gateway.update_row(config.site.library, doc.item_id, {s.WB_DECISION: s.DECISION_ACCEPT}, etag=doc.etag)
    _run(config)
    members = {m[s.M_DISTRICT]: m for m in _lists(config)["members"]}
    assert members["Leslie County"][s.M_STATUS] != s.MEMBER_NEEDS_REVIEW


def test_missing_site_grant_stops_at_once_and_marks_nothing(config: Config, emulator: Any) -> None:
    """A 403 (no site grant) stops the run with PermissionDenied; no document is marked processed."""
    from sharepoint_sync.errors import PermissionDenied

    provision_site(open_gateway(config), site_names(config))
    _seed(config, LETTERS[:1])
    emulator.session.post(f"{emulator.url}/site-grant", json={"granted": False}).raise_for_status()
    try:
        since = emulator.last_seq()
        with pytest.raises(PermissionDenied):
            _run(config)
        assert _writes(emulator, since) == []
    finally:
        emulator.session.post(f"{emulator.url}/site-grant", json={"granted": True}).raise_for_status()
    docs = open_gateway(config).list_sources(config.site.library, "library", [s.WB_STATUS])
    assert [d.fields.get(s.WB_STATUS) for d in docs] == [None]


def test_dropped_update_replayed_into_a_412_converges(config: Config, emulator: Any) -> None:
    """A MERGE applied but whose answer was lost is replayed into a 412; the re-plan finds nothing left to do."""
    provision_site(open_gateway(config), site_names(config))
    _seed(config, LETTERS[:1])
    _run(config)
    gateway = open_gateway(config)
    doc = gateway.list_sources(config.site.library, "library", [s.WB_STATUS])[0]
    gateway.update_row(config.site.library, doc.item_id, {s.WB_DECISION: s.DECISION_IGNORE}, etag=doc.etag)
    emulator.add_fault(method="POST", path=r"ILN Members'\)/items\(\d+\)$", drop=True, count=1)
    since = emulator.last_seq()
    try:
        report = _run(config)
    finally:
        emulator.clear_faults()
    assert [r["method"] for r in emulator.requests(since) if r["dropped"]] == ["POST"]
    assert report.outcome == "Succeeded"
    members = {m[s.M_DISTRICT]: m for m in _lists(config)["members"]}
    assert members["Marion County"][s.M_STATUS] == s.MEMBER_NEEDS_REVIEW
    since = emulator.last_seq()
    assert _run(config).counts.writes == 0 and _writes(emulator, since) == []


def test_spent_retry_budget_ends_partial_then_next_run_finishes(config: Config, emulator: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """503s on every member write spend the retry budget: the run is partial, the next one completes."""
    from sharepoint_sync import clock

    monkeypatch.setattr(clock, "sleep", lambda seconds: None)  # the backoff waits are not what is tested
    provision_site(open_gateway(config), site_names(config))
    _seed(config, LETTERS[:2])
    emulator.add_fault(method="POST", path=r"ILN Members'\)/items$", status=503, count=1000)
    try:
        report = _run(config)
    finally:
        emulator.clear_faults()
    assert report.outcome == "Partial" and report.problems
    assert _run(config).outcome == "Succeeded"
    after = _lists(config)
    assert len(after["members"]) == 3 and len(after["commitments"]) == 3
    assert _run(config).counts.writes == 0


def test_attachment_name_with_odata_specials_keeps_one_commitment(config: Config, emulator: Any) -> None:
    """Keys holding quotes, &, # and + reach SharePoint intact: the lookup finds the row, never a second."""
    provision_site(open_gateway(config), site_names(config))
    gateway = open_gateway(config)
    item = gateway.create_row(config.site.submissions_list, {s.TITLE: "O'Brien & Co #1"}, key_column=s.TITLE)
    name = "Rock's LOC & plan + more.docx"  # '#' and '%' are refused in attachment names
    gateway.add_attachment(config.site.submissions_list, item.item_id, name, (SAMPLES / LETTERS[0]).read_bytes())
    emulator.add_fault(method="POST", path=r"ILN Commitments'\)/items$", drop=True, count=1)
    since = emulator.last_seq()
    try:
        _run(config)
    finally:
        emulator.clear_faults()
    assert [r["method"] for r in emulator.requests(since) if r["dropped"]] == ["POST"]
    keys = [r[s.C_KEY] for r in _lists(config)["commitments"]]
    assert keys == [f"submission:{item.item_id}:{name}"]
    assert _run(config).counts.writes == 0


def _form(district: str, signed: dt.date, kde: dt.date | None, poc: str) -> bytes:
    """A letter on the official form, filled by the project's own form code."""
    from sharepoint_sync.forms.fill import FormValues, fill_form
    from sharepoint_sync.record import Person, Signatory

    email = poc.lower().replace(" ", ".") + "@knox.kyschools.us"
    return fill_form(FormValues(
        district=district, academic_year=signed.year if signed.month >= 6 else signed.year - 1,
        point_of_contact=Person(poc, "Director", email), action_points=("Grow **deeper learning** in every school.",),
        signatory=Signatory("Sam Super", "Superintendent"), district_signed_on=signed,
        kde_name="Marcus Hale" if kde else None, kde_signed_on=kde))


def test_supersession_correction_staff_lock_and_expiry_on_the_fake_tenant(config: Config) -> None:
    """Real letters: a later letter supersedes, a new version replaces its record, a locked row stays, terms expire."""
    names = site_names(config)
    provision_site(open_gateway(config), names)
    gateway = open_gateway(config)
    library = config.site.library
    gateway.upload_file(library, "knox-2024.docx", _form("Knox County Schools", dt.date(2024, 9, 3), dt.date(2024, 9, 20), "Ann Old"))
    gateway.upload_file(library, "knox-2025.docx", _form("Knox County Schools", dt.date(2025, 9, 2), None, "Bea New"))
    gateway.upload_file(library, "boyd.docx", _form("Boyd County Schools", dt.date(2025, 9, 8), dt.date(2025, 9, 30), "Cy Boyd"))
    _run(config)

    def members() -> dict[str, dict[str, Any]]:
        rows = gateway.read_rows(names.members, [s.M_DISTRICT, s.M_STATUS, s.M_GRANT, s.POINT_OF_CONTACT, s.M_LOCKED])
        return {r.values[s.M_DISTRICT]: {**r.values, "id": r.item_id, "etag": r.etag} for r in rows}
    knox = members()["Knox County"]
    assert knox[s.M_STATUS] == s.MEMBER_PENDING_KDE and "Bea New" in knox[s.POINT_OF_CONTACT]
    assert knox[s.M_GRANT] is False  # the older letter's term (2024-2025) is over
    assert members()["Boyd County"][s.M_STATUS] == s.MEMBER_ACTIVE
    # a correction: KDE countersigned, uploaded over the same file
    gateway.upload_file(library, "knox-2025.docx", _form("Knox County Schools", dt.date(2025, 9, 2), dt.date(2025, 10, 1), "Bea New"))
    boyd = members()["Boyd County"]
    gateway.update_row(names.members, boyd["id"], {s.M_LOCKED: True}, etag=boyd["etag"])
    report = _run(config)
    assert members()["Knox County"][s.M_STATUS] == s.MEMBER_ACTIVE and members()["Knox County"][s.M_GRANT] is True
    assert len(_lists(config)["commitments"]) == 3 and report.locked == ()
    # a year later both terms are over; Boyd's row is managed by staff and only reported
    later = dt.datetime(2026, 7, 2, 12, tzinfo=dt.timezone.utc)
    with State(config.sync.state_path) as state:
        report = run_once(gateway, InProcessExtractor(), state, names, RunOptions(), now=later)
    assert members()["Knox County"][s.M_STATUS] == s.MEMBER_EXPIRED
    assert members()["Boyd County"][s.M_STATUS] == s.MEMBER_ACTIVE
    assert [lc.district for lc in report.locked] == ["Boyd County"]


def test_expired_token_rescans_and_emptied_library_is_guarded(config: Config, clean_tenant: Any, emulator: Any) -> None:
    """A refused change token means a full re-scan with no write; a library emptied behind our back stops the run."""
    from sharepoint_sync.errors import SafetyAbort

    names = site_names(config)
    provision_site(open_gateway(config), names)
    _seed(config, LETTERS[:2])
    _run(config)
    clean_tenant.site.expire_changes()
    since = emulator.last_seq()
    report = _run(config)
    assert report.mode == "full" and report.counts.writes == 0 and _writes(emulator, since) == []
    site = clean_tenant.site
    with site.lock:
        library = site.list_by_title(names.library)
        for item in [i for i in library.items.values() if not i.is_folder]:
            site.delete_item(library, item)
    with pytest.raises(SafetyAbort, match="looks empty"):
        _run(config)
    statuses = {r[s.C_KEY]: r[s.C_STATUS] for r in _lists(config)["commitments"]}
    assert [v for k, v in statuses.items() if k.startswith("library:")] == [s.COMMITMENT_ACCEPTED] * 2
