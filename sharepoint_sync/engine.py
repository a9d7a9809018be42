"""The one place a sync run is wired: gateway + extractor + state + clock around the pure core.

`run_once` = collect (changes since the last run, or a full re-scan) -> read (download, extract) ->
plan (pure, `core.plan`) -> guards -> apply (writes, each followed by its state entry) -> record the
run. `plan_once` stops after the guards and writes nothing. `provision_site` makes the site match
`core.schema`. These three are what `iln-sync provision|plan|run|demo` call.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Iterator

from sharepoint_sync import clock
from sharepoint_sync.core import schema as s
from sharepoint_sync.core.duplicates import known_fingerprints, mark_duplicates, with_fingerprints
from sharepoint_sync.core.guards import check_guards, guard_problems
from sharepoint_sync.core.plan import Plan, PlanInput, build_plan
from sharepoint_sync.core.provisioning import ProvisionPlan, plan_provision
from sharepoint_sync.core.report import Counts, Failure, ReviewEntry, RunReport
from sharepoint_sync.core.sources import SourceVerdict, judge_source
from sharepoint_sync.extract.registry import default_registry
from sharepoint_sync.errors import AuthError, SafetyAbort, SyncError, TransientRemoteError, describe
from sharepoint_sync.log import bound_run, get_logger
from sharepoint_sync.prefetch import Prefetcher
from sharepoint_sync.ports import ChangeSet, ChangesQuery, Extractor, SiteGateway, SourceItem, is_gone
from sharepoint_sync.record import LocRecord
from sharepoint_sync.state import ItemMemo, State
from sharepoint_sync.stopping import RunControl, StopRequested
from sharepoint_sync.engine_apply import BATCH_SIZE, Applier
from sharepoint_sync.engine_read import read_all
from sharepoint_sync.redaction import redact_all
from sharepoint_sync.engine_collect import SETTLED_ON, Scan, collect_all, source_columns  # noqa: F401 (re-exported)
from sharepoint_sync.engine_record import ledger_only, record_and_close, record_run, stamp as _stamp

if TYPE_CHECKING:  # pragma: no cover
    from sharepoint_sync.config import Config
    from sharepoint_sync.pages.schema import PageNames
    from sharepoint_sync.pages.step import PageStep

log = get_logger("sharepoint_sync.engine")

@dataclass(frozen=True)
class RunOptions:
    """How to run: `full` re-scans everything, `force` overrides the guards."""

    full: bool = False
    force: bool = False
    max_member_change_share: float = 0.5
    #: a document not downloadable in this many runs in a row is marked Needs review (sync.failed_runs_before_review)
    failed_runs_before_review: int = 3
    #: stop flag (checked between documents and between write batches) and progress hook; None: never stopped
    control: RunControl | None = field(default=None, compare=False)
    #: writes per `$batch` (sync.write_batch_size): a stop waits for the batch under way
    write_batch_size: int = BATCH_SIZE


@dataclass
class ReadSource:
    """A source with the records of its files, ready to judge."""

    list_title: str
    item: SourceItem
    records: list[tuple[str, LocRecord]]
    #: None when the files could not be read (`unread`)
    content_hash: str | None
    extracted: bool
    #: the item version whose content the records were read from
    version: str
    #: the files could not be read (virus scan, not downloadable): records made by the worker, never remembered
    unread: bool = False
    #: file name -> SHA-256 of its bytes, for the files downloaded this run (core.duplicates)
    fingerprints: dict[str, str] = field(default_factory=dict)


# --- provision ----------------------------------------------------------------------------------

def provision_site(gateway: SiteGateway, names: s.SiteNames, *, apply: bool = True,
                   pages: "PageNames | None" = None) -> ProvisionPlan:
    """Add whatever lists, columns, indexes and views are missing; return what was (or would be) done.
    The resource pages' library and column (`pages.schema`) come with them (default names unless given)."""
    from sharepoint_sync.pages.schema import PageNames, pages_schema, without_missing_site_pages

    schema = s.site_schema(names) + pages_schema(pages or PageNames())
    existing = {spec.title: gateway.get_list(spec.title) for spec in schema}
    schema, missing = without_missing_site_pages(schema, existing, pages or PageNames())
    plan = plan_provision(schema, existing)
    plan = replace(plan, problems=plan.problems + missing)
    for step in plan.steps if apply else ():
        if step.kind == "create_list" and step.list_spec:
            gateway.create_list(step.list_spec)
        elif step.kind == "add_field" and step.field:
            gateway.add_field(step.list_title, step.field)
        elif step.kind == "index_field" and step.field:
            gateway.set_field_indexed(step.list_title, step.field.internal_name, unique=step.field.unique)
        elif step.kind == "create_view" and step.view:
            gateway.create_view(step.list_title, step.view)
        log.info("sync.provision.step", step=step.describe())
    return plan


# --- collect and read ---------------------------------------------------------------------------

def read_source(gateway: SiteGateway, extractor: Extractor, state: State, list_title: str,
                item: SourceItem, fetch: Callable[[SourceItem], list[tuple[str, bytes]]] | None = None
                ) -> ReadSource | None:
    """The records of a source's files: from state when nothing changed, else downloaded (by `fetch`,
    which may have started already: see `_prepare`) and extracted.

    None when a file vanished between listing and download (it is seen again next run, if it exists).
    """
    memo = state.memo(list_title, item.item_id)
    if memo is not None and same_etag(memo.etag, item.etag):
        return ReadSource(list_title, item, list(memo.records), memo.content_hash, False, memo.version)
    try:
        files = fetch(item) if fetch else download_files(gateway, item)
    except SyncError as error:
        if not is_gone(error):
            raise
        log.info("sync.source.vanished", list=list_title, item=item.item_id, name=item.name)
        return None
    digest = hashlib.sha256()
    fingerprints = {name: hashlib.sha256(data).hexdigest() for name, data in files}
    for name, _ in files:
        digest.update(name.encode() + b"\0" + bytes.fromhex(fingerprints[name]))
    content_hash = digest.hexdigest()
    if memo is not None and memo.content_hash == content_hash:
        return ReadSource(list_title, item, list(memo.records), content_hash, False, memo.version,
                          fingerprints=fingerprints)
    records = [(name, extractor.extract(data, name)) for name, data in files]
    return ReadSource(list_title, item, records, content_hash, True, _content_version(item, content_hash),
                      fingerprints=fingerprints)


def download_files(gateway: SiteGateway, item: SourceItem) -> list[tuple[str, bytes]]:
    """A source's files, downloaded one after the other."""
    return [(ref.name, gateway.download(ref)) for ref in item.contents]


def _needs_download(state: State, list_title: str, item: SourceItem) -> bool:
    memo = state.memo(list_title, item.item_id)
    return memo is None or not same_etag(memo.etag, item.etag)


def _content_version(item: SourceItem, content_hash: str) -> str:
    """The version whose content we read: the one the document already shows as processed when its
    fingerprint matches (only columns changed since, e.g. our own write-back), else the current one."""
    shown = item.fields.get(s.WB_VERSION)
    return str(shown) if shown and item.fields.get(s.WB_HASH) == content_hash else item.version


def same_etag(a: str, b: str) -> bool:
    """Two ETags of one item name the same state. SharePoint spells a list item's ETag `"3"` in
    `__metadata` but `"{guid},3"` in the ETag header of a write to a library item (as the fake tenant
    reproduces), so only the trailing counter is compared."""
    def counter(etag: str) -> str:
        return etag.strip().removeprefix("W/").strip('"').rsplit(",", 1)[-1]
    return bool(a) and bool(b) and counter(a) == counter(b)


# --- the run ------------------------------------------------------------------------------------

@dataclass
class _Prepared:
    scans: list[Scan]
    reads: list[ReadSource]
    verdicts: list[SourceVerdict]
    plan: Plan
    skipped: int
    #: sources SharePoint would not serve this run (list title, item, why): failures, read next run
    unread: list[tuple[str, SourceItem, str]] = field(default_factory=list)
    #: list title -> item ids left for the next run by the reading (not reached, or not downloaded)
    left: dict[str, set[int]] = field(default_factory=dict)
    #: why reading stopped early (a spent retry budget), None when every source was tried
    read_stopped: str | None = None
    #: the run's change tokens of ILN Commitments and ILN Members
    kept_tokens: dict[str, str] = field(default_factory=dict)
    #: nothing was read or planned (see engine_collect)
    quiet: bool = False

    @property
    def read_failures(self) -> tuple[Failure, ...]:
        """The unread sources as failures of this run."""
        return tuple(Failure(item.name, problem, item.link) for _, item, problem in self.unread)


def _prepare(gateway: SiteGateway, extractor: Extractor, state: State, names: s.SiteNames,
             options: RunOptions, today: dt.date, now: str, *, remember: bool = False) -> _Prepared:
    """Collect, read and plan. With `remember` (a run, not a plan) each source read is kept in the state
    at once, so a run stopped later by faults never downloads or extracts it again. Downloads run ahead
    of extraction (`prefetch.Prefetcher`: a few in flight while a letter is read)."""
    collected = collect_all(gateway, state, names, options.full, today)  # the rows come first, in one batch
    scans = collected.scans
    if collected.quiet:  # nothing changed since a settled run today: its plan, applied, is empty again
        return _Prepared(scans, [], [], Plan((), (), 0, 0, 0), 0, kept_tokens=collected.kept_tokens, quiet=True)
    items = {(sc.list_title, i.item_id): i for sc in scans for i in sc.items if _needs_download(state, sc.list_title, i)}
    with Prefetcher(lambda key: download_files(gateway, items[key]), list(items)) as ahead:
        def read_one(list_title: str, item: SourceItem) -> ReadSource | None:
            read = read_source(gateway, extractor, state, list_title, item,
                               lambda it: ahead.take((list_title, it.item_id)))
            if remember and read is not None and read.extracted and read.content_hash is not None:
                state.save_memo(list_title, item.item_id, ItemMemo(item.etag, read.content_hash, tuple(read.records),
                                                                  read.version))
            return read
        outcome = read_all(scans, state, read_one, options.failed_runs_before_review, record=remember,
                           control=options.control)
    commitment_rows = tuple(collected.commitment_rows or ())
    reads = outcome.reads
    known = known_fingerprints(commitment_rows)
    registry = default_registry()  # the one owner of district identity, for the submission form's District
    verdicts = mark_duplicates([with_fingerprints(judge_source(r.item, r.records, r.version, r.content_hash,
                                                               names=registry, unread=r.unread),
                                                  r.fingerprints, known)
                                for r in reads], commitment_rows,
                               gone=frozenset((sc.kind, i) for sc in scans for i in sc.gone))
    plan = build_plan(PlanInput(
        names, tuple(verdicts), collected.commitment_rows or (), collected.member_rows or (), today, now,
        gone=frozenset((sc.kind, i) for sc in scans for i in sc.gone),
        rescanned=frozenset(sc.kind for sc in scans if sc.full),
        listed=frozenset((sc.kind, i.item_id) for sc in scans for i in sc.items),
    ))
    left = {title: set(ids) for title, ids in outcome.deferred.items()}
    for title, ids in outcome.retry_next_run.items():
        left.setdefault(title, set()).update(ids)
    return _Prepared(scans, reads, verdicts, plan, outcome.skipped, outcome.unread, left, outcome.stopped,
                     kept_tokens=collected.kept_tokens)


def plan_once(gateway: SiteGateway, extractor: Extractor, state: State, names: s.SiteNames,
              options: RunOptions = RunOptions(), *, now: dt.datetime | None = None,
              pages: "PageStep | None" = None) -> tuple[Plan, RunReport]:
    """Everything a run would write, computed and returned; nothing is written (SharePoint or state).
    With `pages`, the page publishes the run would make are planned too (after the list writes)."""
    moment = now or clock.now()
    prepared = _prepare(gateway, extractor, state, names, options, moment.date(), _stamp(moment))
    if pages is not None and not prepared.quiet:  # as a quiet run: no rows read, nothing to render pages from
        page_actions = pages.planned(prepared.plan, moment.date())
        prepared.plan = replace(prepared.plan, actions=prepared.plan.actions + page_actions)
    report = _report(prepared, _stamp(moment), _stamp(moment), "Planned", Counts(), prepared.read_failures, ())
    problems = () if options.force else tuple(guard_problems(prepared.plan, options.max_member_change_share))
    return prepared.plan, redact_all(report.with_(planned=prepared.plan.actions, problems=problems))


def run_once(gateway: SiteGateway, extractor: Extractor, state: State, names: s.SiteNames,
             options: RunOptions = RunOptions(), *, now: dt.datetime | None = None,
             pages: "PageStep | None" = None) -> RunReport:
    """One complete sync run; returns its report (also kept in state and in ILN Sync Runs).
    With `pages`, the resource pages are published after the list writes (only those that changed).

    Raises SafetyAbort (with `.report`) when a guard stops the run, AuthError/PermissionDenied at once.
    """
    moment = now or clock.now()
    started, run_id = _stamp(moment), f"{_stamp(moment)}-{uuid.uuid4().hex[:6]}"
    with bound_run(run_id):
        return _run(gateway, extractor, state, names, options, moment, started, run_id, pages)


def _run(gateway: SiteGateway, extractor: Extractor, state: State, names: s.SiteNames, options: RunOptions,
         moment: dt.datetime, started: str, run_id: str, pages: "PageStep | None" = None) -> RunReport:
    log.info("sync.run.started", run_id=run_id, full=options.full)
    gateway.begin_run()
    try:
        prepared = _prepare(gateway, extractor, state, names, options, moment.date(), started, remember=True)
        if not options.force:
            check_guards(prepared.plan, options.max_member_change_share)
    except SafetyAbort as error:
        state.set_value(SETTLED_ON, None)
        report = RunReport(run_id, started, _stamp(clock.now()), "Aborted", "changes", problems=(describe(error),))
        record_run(gateway, state, names, report)
        error.report = report  # type: ignore[attr-defined]  # the guard's report rides on the SafetyAbort (commands.run)
        raise
    except AuthError as error:
        ledger_only(state, run_id, started, "Failed", describe(error))
        raise
    except TransientRemoteError as error:
        report = RunReport(run_id, started, _stamp(clock.now()), "Partial", "changes",
                           problems=(f"Stopped while reading, left for the next run: {describe(error)}",))
        return record_run(gateway, state, names, report)
    except StopRequested as stop:
        report = RunReport(run_id, started, _stamp(clock.now()), "Stopped", "changes",
                           problems=(f"Stopped while reading ({stop}); the letters read so far are kept, "
                                     "the next run reads the rest.",))
        return record_run(gateway, state, names, report)
    return _apply_and_record(gateway, state, names, prepared, run_id, started, pages, moment.date(), options)


def _apply_and_record(gateway: SiteGateway, state: State, names: s.SiteNames, prepared: _Prepared,
                      run_id: str, started: str, pages: "PageStep | None" = None,
                      today: dt.date | None = None, options: RunOptions = RunOptions()) -> RunReport:
    today = today or clock.now().date()
    reads = {(r.list_title, r.item.item_id): r for r in prepared.reads}
    applier = Applier(gateway, state, names, reads, started, options.control, options.write_batch_size)
    try:
        applier.apply(prepared.plan)
        # the page step: after the list writes, from the commitments as they now are (none when stopped early)
        published = (pages.publish(prepared.plan, today) if pages and not applier.stopped and not prepared.quiet
                     else None)  # a quiet run read no rows: nothing to render pages from
    except AuthError as error:
        ledger_only(state, run_id, started, "Failed", describe(error))
        raise
    for list_title, item, _ in prepared.unread:
        applier.pending.setdefault(list_title, set()).add(item.item_id)
    for list_title, ids in prepared.left.items():
        applier.pending.setdefault(list_title, set()).update(ids)
    failures = prepared.read_failures + tuple(applier.failures) + tuple(published.failures if published else ())
    stopped = prepared.read_stopped or applier.stopped
    left = sum(len(ids) for ids in prepared.left.values())  # documents deferred while reading
    outcome = ("Stopped" if applier.stop_requested else
               "Partial" if stopped or failures or applier.deferred or left else "Succeeded")
    problems: tuple[str, ...] = (f"Stopped early, the rest is left for the next run: {stopped}",) if stopped else ()
    if applier.deferred and not stopped:
        problems = (f"{applier.deferred} write(s) failed after their retries and are left for the next run.",)
    if left and not stopped:  # a run that could not read some letters never reports success
        problems += (f"{left} document(s) could not be downloaded in this run and are left for the next run.",)
    written = replace(applier.counts, pages_published=len(published.published)) if published else applier.counts
    report = _report(prepared, run_id, started, outcome, written, failures, problems,
                     locked=prepared.plan.locked + tuple(applier.locked)).with_(applied=tuple(applier.applied))
    return _record_and_save(gateway, state, names, prepared, applier, report, today,
                            early=bool(stopped or applier.deferred))


def _record_and_save(gateway: SiteGateway, state: State, names: s.SiteNames, prepared: _Prepared,
                     applier: Applier, report: RunReport, today: dt.date, *, early: bool) -> RunReport:
    """Record the run (its Runs row and closing change queries in one batch), then save each list's
    change token and the items left pending. A run that stopped early or left writes for later still
    saves its tokens: everything unfinished is pending, so the next run does only what is left."""
    tokens = {sc.list_title: sc.next_token for sc in prepared.scans} | prepared.kept_tokens
    ours = {title: written for title, written in applier.list_writes.items() if written and title in tokens}
    closing = [] if early else [ChangesQuery(title, tokens[title]) for title in ours]
    report, answers = record_and_close(gateway, state, names, report, closing)
    past = {q.list_title: _past_own_writes(q.token or "", answer, ours[q.list_title]) for q, answer in zip(closing, answers, strict=True)}
    for title, token in tokens.items():
        state.save_token(title, past.get(title, token))
    for scan in prepared.scans:
        state.set_pending(scan.list_title, applier.pending.get(scan.list_title, set()))
        for item_id in scan.gone:
            state.forget(scan.list_title, item_id)
    state.set_value(SETTLED_ON, today.isoformat() if report.outcome == "Succeeded" else None)
    return report


def _past_own_writes(run_token: str, since: ChangeSet | None, ours: Counter[int]) -> str:
    """The token to save: past this run's own writes when they are the only changes since the run's
    token (one add or update per row we wrote, nothing else), so the next run does not list them
    again. Any other change (a staff edit meanwhile, say) keeps the run's token: the next run looks
    at all. The change queries ride in the batch that records the run (engine_record)."""
    if since is None:
        return run_token
    theirs = Counter(c.item_id for c in since.changes)
    only_ours = all(c.kind in ("add", "update") for c in since.changes) and theirs == ours
    return since.next_token if only_ours else run_token


def _report(prepared: _Prepared, run_id: str, started: str, outcome: str, written: Counts,
            failures: tuple[Failure, ...], problems: tuple[str, ...], locked: tuple = ()) -> RunReport:
    statuses = [v.write_back[s.WB_STATUS] for v in prepared.verdicts]
    counts = Counts(
        documents_seen=sum(len(sc.items) for sc in prepared.scans), documents_read=sum(r.extracted for r in prepared.reads),
        processed=statuses.count(s.SOURCE_PROCESSED), needs_review=statuses.count(s.SOURCE_NEEDS_REVIEW),
        not_loc=statuses.count(s.SOURCE_NOT_LOC), unreadable=statuses.count(s.SOURCE_UNREADABLE),
        ignored=statuses.count(s.SOURCE_IGNORED), skipped=prepared.skipped,
        source_writes=written.source_writes, commitments_created=written.commitments_created,
        commitments_updated=written.commitments_updated, members_created=written.members_created,
        members_updated=written.members_updated, members_locked=len(locked or prepared.plan.locked),
        pages_published=written.pages_published,
    )
    review = [ReviewEntry(c.name, c.link, c.record.district or c.record.district_as_written, c.reasons)
              for c in prepared.plan.commitments if c.status == s.COMMITMENT_NEEDS_REVIEW]
    review += [ReviewEntry(v.item.name, v.item.link, None, v.reasons) for v in prepared.verdicts
               if v.write_back[s.WB_STATUS] in (s.SOURCE_UNREADABLE, s.SOURCE_NOT_LOC)
               or (v.write_back[s.WB_STATUS] == s.SOURCE_NEEDS_REVIEW and not v.commitments)]  # blocked, duplicate
    mode = "full" if any(sc.full for sc in prepared.scans) else "changes"
    # outcome and mode are the Outcome/RunMode literals, built from literal choices above (mypy widens them to str)
    return RunReport(run_id, started, _stamp(clock.now()), outcome, mode, counts, tuple(review), failures,  # type: ignore[arg-type]
                     tuple(locked or prepared.plan.locked), (), problems)


# --- wiring for the commands --------------------------------------------------------------------

@dataclass
class Session:
    """A gateway, an extractor and the state, opened from one configuration (what commands use)."""

    gateway: SiteGateway
    extractor: Extractor
    state: State
    names: s.SiteNames
    max_member_change_share: float = 0.5
    #: the resource pages ([pages] enabled), published by each run after its list writes
    pages: "PageStep | None" = None
    #: sends the run summary, the digest and reminders (sharepoint_sync.mail.jobs.Mailer); None: no mail
    mailer: Any = None
    failed_runs_before_review: int = 3
    #: set by `serve`/`run` so a SIGTERM stops the run at its next checkpoint (and shows progress)
    control: RunControl | None = None
    write_batch_size: int = BATCH_SIZE

    def options(self, *, full: bool = False, force: bool = False) -> RunOptions:
        """Run options with the configured guard share, failure patience and stop control."""
        return RunOptions(full=full, force=force, max_member_change_share=self.max_member_change_share,
                          failed_runs_before_review=self.failed_runs_before_review, control=self.control,
                          write_batch_size=self.write_batch_size)

    def provision(self, *, apply: bool = True) -> ProvisionPlan:
        """`provision_site` on this session's site."""
        return provision_site(self.gateway, self.names, apply=apply,
                              pages=self.pages.names if self.pages is not None else None)

    def plan(self, *, full: bool = False, force: bool = False) -> tuple[Plan, RunReport]:
        """`plan_once` on this session's site."""
        return plan_once(self.gateway, self.extractor, self.state, self.names, self.options(full=full, force=force),
                         pages=self.pages)

    def run(self, *, full: bool = False, force: bool = False) -> RunReport:
        """`run_once` on this session's site, then its summary mail (which never changes the outcome)."""
        try:
            report = run_once(self.gateway, self.extractor, self.state, self.names, self.options(full=full, force=force),
                              pages=self.pages)
        except SafetyAbort as error:
            if self.mailer is not None:
                self.mailer.after_run(self.state, getattr(error, "report", None))
            raise
        except AuthError:
            if self.mailer is not None:
                self.mailer.after_failed_run(self.state)
            raise
        if self.mailer is not None:
            with bound_run(report.run_id):  # the mail's log lines belong to the run they report
                self.mailer.after_run(self.state, report)
        return report

    def send_digest(self) -> str:
        """The weekly digest mail, once per ISO week (mail/jobs.py); its delivery status."""
        return self.mailer.send_digest(self) if self.mailer is not None else "no mailer"

    def send_reminders(self) -> list[str]:
        """Renewal reminders due now, once per term and district (mail/jobs.py); their delivery statuses."""
        return self.mailer.send_reminders(self) if self.mailer is not None else []

    def membership_pass(self, *, now: dt.datetime | None = None, today: dt.date | None = None) -> RunReport:
        """Members recomputed from the Commitments in SharePoint with today's date (no letter read)."""
        from sharepoint_sync.engine_members import membership_pass

        report = membership_pass(self.gateway, self.state, self.names, now=now, today=today, control=self.control,
                                 max_member_change_share=self.max_member_change_share, pages=self.pages)
        if self.mailer is not None:  # the summary says who expired, like a run's
            with bound_run(report.run_id):
                self.mailer.after_run(self.state, report)
        return report


def site_names(config: "Config") -> s.SiteNames:
    """The list titles from the [site] table."""
    site = config.site
    return s.SiteNames(site.library, site.submissions_list, site.commitments_list, site.members_list, site.runs_list)


@contextmanager
def open_session(config: "Config", *, extractor: Extractor | None = None) -> Iterator[Session]:
    """Open the gateway (signs in on first use), the isolated extractor and the state file."""
    from sharepoint_sync.extract.isolation import Extractor as IsolatedExtractor
    from sharepoint_sync.extract.limits import Limits
    from sharepoint_sync.gateway import open_gateway
    from sharepoint_sync.pages.step import page_step_for

    from sharepoint_sync.mail.jobs import Mailer

    with State(config.sync.state_path) as state:
        gateway = open_gateway(config)
        gateway.use_cache(state)  # list metadata and the site's time zone outlive the process (issue 14)
        pages = page_step_for(config, gateway, state)
        mailer = Mailer.from_config(config, site_names(config))
        names, share = site_names(config), config.sync.max_member_change_share
        knobs: dict[str, Any] = {"failed_runs_before_review": config.sync.failed_runs_before_review,
                 "write_batch_size": config.sync.write_batch_size}
        if extractor is not None:
            yield Session(gateway, extractor, state, names, share, pages=pages, mailer=mailer, **knobs)
            return
        with IsolatedExtractor(Limits.from_mapping(asdict(config.extract))) as isolated:
            yield Session(gateway, isolated, state, names, share, pages=pages, mailer=mailer, **knobs)

