"""The sync run itself: collect (changes since the last run, or a full re-scan) -> read (download,
extract) -> plan (pure, `core.plan`) -> guards -> apply (writes, each followed by its state entry) ->
pages -> record the run. `plan_once` stops after the guards and writes nothing. The session
(`run.session`) wires these from a configuration for `iln-sync plan|run|serve|demo`.
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sharepoint_sync import clock
from sharepoint_sync.core import schema as s
from sharepoint_sync.core.duplicates import (known_fingerprints, mark_duplicates, originals_to_rejudge, vanished_sources,
                                             with_fingerprints)
from sharepoint_sync.core.guards import guard_problems
from sharepoint_sync.core.known import letters_by_fingerprint
from sharepoint_sync.core.plan import Plan, PlanInput, build_plan
from sharepoint_sync.core.report import Counts, Failure, Mode, ReviewEntry, RunReport
from sharepoint_sync.core.sources import Commitment, SourceVerdict, commitments_by_source, judge_source
from sharepoint_sync.extract.registry import default_registry
from sharepoint_sync.failures import classify
from sharepoint_sync.log import bound_run, get_logger
from sharepoint_sync.prefetch import Prefetcher
from sharepoint_sync.ports import ChangeSet, ChangesQuery, Extractor, Row, SiteGateway, SourceItem
from sharepoint_sync.state import ItemMemo, State
from sharepoint_sync.stopping import StopRequested
from sharepoint_sync.redaction import redact_all
from sharepoint_sync.run.apply import Applier
from sharepoint_sync.run.collect import SETTLED_ON, Scan, collect_all
from sharepoint_sync.run.copies import copies_to_judge
from sharepoint_sync.run.model import Prepared, ReadSource, RunOptions
from sharepoint_sync.run.read import ReadOutcome, download_files, known_read, read_all, read_source
from sharepoint_sync.run.record import failed_report, record_and_close, record_failure, record_run, stamp as _stamp

if TYPE_CHECKING:  # pragma: no cover
    from sharepoint_sync.pages.step import PageStep

log = get_logger("sharepoint_sync.run")


def prepare(gateway: SiteGateway, extractor: Extractor, state: State, names: s.SiteNames,
            options: RunOptions, today: dt.date, now: str, *, remember: bool = False,
            progress: "Progress | None" = None) -> Prepared:
    """Collect, read and plan. With `remember` (a run, not a plan) each source read is kept in the state
    at once, so a run stopped later by faults never downloads or extracts it again. Downloads run ahead
    of extraction (`prefetch.Prefetcher`: a few in flight while a letter is read). The copies of a letter
    whose original this run lets go are read too (`run.copies`), so one of them takes over at once; so are
    those of an original renamed or moved, so their "Duplicate of" link follows it in the same run."""
    collected = collect_all(gateway, state, names, options.full, today)  # the rows come first, in one batch
    scans = collected.scans
    if collected.quiet:  # nothing changed since a settled run today: its plan, applied, is empty again
        return Prepared(scans, [], [], Plan((), (), 0, 0, 0), 0, kept_tokens=collected.kept_tokens, quiet=True)
    if progress is not None:
        progress.step = "reading"
    commitment_rows = tuple(collected.commitment_rows or ())
    reader = _Reader(gateway, extractor, state, options, remember, commitment_rows)
    outcome = reader.read(scans)
    listed = frozenset((sc.kind, i.item_id) for sc in scans for i in sc.items)
    rescanned = frozenset(sc.kind for sc in scans if sc.full)
    deleted = frozenset((sc.kind, i) for sc in scans for i in sc.gone)
    gone = vanished_sources(commitment_rows, deleted, rescanned, listed)
    judged = reader.judged(outcome.reads)
    # originals let go (their copies take over) or renamed/moved (their copies' "Duplicate of" link moves too)
    released = originals_to_rejudge(judged, commitment_rows, gone)
    copies = copies_to_judge(gateway, scans, released, {(r.list_title, r.item.item_id) for r in outcome.reads})
    if copies:  # read as any source is: from what is known, else downloaded
        more = reader.read(copies)
        outcome, judged = outcome.merged(more), judged + reader.judged(more.reads)
        listed |= {(sc.kind, i.item_id) for sc in copies for i in sc.items}
    if progress is not None:
        progress.step = "planning"
    verdicts = mark_duplicates(judged, commitment_rows, gone=gone)
    plan = build_plan(PlanInput(
        names, tuple(verdicts), collected.commitment_rows or (), collected.member_rows or (), today, now,
        gone=deleted, rescanned=rescanned, listed=listed,
    ))
    left = {title: set(ids) for title, ids in outcome.deferred.items()}
    for title, ids in outcome.retry_next_run.items():
        left.setdefault(title, set()).update(ids)
    return Prepared(scans, outcome.reads, verdicts, plan, outcome.skipped, outcome.unread, left, outcome.stopped,
                     kept_tokens=collected.kept_tokens)


class _Reader:
    """Reads the sources of scans for one run: each source judged once, known unchanged (from its rows or
    write-back, no download) or downloaded and extracted; then judged (not yet marked as duplicates)."""

    def __init__(self, gateway: SiteGateway, extractor: Extractor, state: State, options: RunOptions,
                 remember: bool, rows: tuple[Row, ...]) -> None:
        self.gateway, self.extractor, self.state, self.options, self.remember = gateway, extractor, state, options, remember
        self.by_source = commitments_by_source(rows)
        self.letters = letters_by_fingerprint(c for files in self.by_source.values() for c in files.values())
        self.known = known_fingerprints(rows)
        self.registry = default_registry()  # the one owner of district identity, for the submission form's District

    def read(self, scans: list[Scan]) -> ReadOutcome:
        """Every source of `scans` read (see `run.read.read_all` for what a fault does)."""
        listed = {(sc.list_title, i.item_id): i for sc in scans for i in sc.items}
        ready_reads = {key: known_read(self.state, key[0], i, self._kept(i), self.letters, self.registry)
                       for key, i in listed.items()}
        items = {key: i for key, i in listed.items() if ready_reads[key] is None}
        with Prefetcher(lambda key: download_files(self.gateway, items[key]), list(items)) as ahead:
            def read_one(list_title: str, item: SourceItem) -> ReadSource | None:
                ready = ready_reads.get((list_title, item.item_id))
                if ready is not None:
                    return ready
                read = read_source(self.gateway, self.extractor, self.state, list_title, item,
                                   lambda it: ahead.take((list_title, it.item_id)), self._kept(item))
                if self.remember and read is not None and read.extracted and read.content_hash is not None:
                    self.state.save_memo(list_title, item.item_id, ItemMemo(item.etag, read.content_hash, read.version))
                return read
            return read_all(scans, self.state, read_one, self.options.failed_runs_before_review,
                            record=self.remember, control=self.options.control)

    def judged(self, reads: list[ReadSource]) -> list[SourceVerdict]:
        """The verdict of each source read, its commitments carrying their files' fingerprints."""
        return [with_fingerprints(judge_source(r.item, r.records, r.version, r.content_hash, names=self.registry,
                                               unread=r.unread), r.fingerprints, self.known) for r in reads]

    def _kept(self, item: SourceItem) -> dict[str, Commitment]:
        return self.by_source.get((item.kind, item.item_id), {})


def plan_once(gateway: SiteGateway, extractor: Extractor, state: State, names: s.SiteNames,
              options: RunOptions = RunOptions(), *, now: dt.datetime | None = None,
              pages: "PageStep | None" = None) -> tuple[Plan, RunReport]:
    """Everything a run would write, computed and returned; nothing is written (SharePoint or state).
    With `pages`, the page publishes the run would make are planned too (after the list writes)."""
    moment = now or clock.now()
    prepared = prepare(gateway, extractor, state, names, options, moment.date(), _stamp(moment))
    if pages is not None and not prepared.quiet:  # as a quiet run: no rows read, nothing to render pages from
        page_actions = pages.planned(prepared.plan, moment.date())
        prepared.plan = replace(prepared.plan, actions=prepared.plan.actions + page_actions)
    report = _report(prepared, _stamp(moment), _stamp(moment), "Planned", Counts(), prepared.read_failures, ())
    problems = () if options.force else tuple(guard_problems(prepared.plan, options.max_member_change_share))
    return prepared.plan, redact_all(report.with_(planned=prepared.plan.actions, problems=problems))


def run_once(gateway: SiteGateway, extractor: Extractor, state: State, names: s.SiteNames,
             options: RunOptions = RunOptions(), *, now: dt.datetime | None = None,
             pages: "PageStep | None" = None) -> RunReport:
    """One complete sync run; returns its report, kept in the local ledger and (best effort) in ILN Sync
    Runs whatever ends the run. With `pages`, the resource pages are published after the list writes.

    A guard's stop is a normal result (outcome Aborted, nothing written); a failure that ends the run
    (sign-in refused, a remote error it cannot get past, a bug) makes it Failed, with `ended_by` the kind
    `failures.classify` gives it and `failed_step` where it happened: `failures.exit_code_of(report)` is
    the exit code. Only the process dying (BaseException: a crash, KeyboardInterrupt) leaves no record.
    """
    moment = now or clock.now()
    started, run_id = _stamp(moment), f"{_stamp(moment)}-{uuid.uuid4().hex[:6]}"
    mode: Mode = "full" if options.full else "changes"
    with bound_run(run_id):
        log.info("sync.run.started", run_id=run_id, full=options.full)
        progress = Progress()
        try:
            return _run(gateway, extractor, state, names, options, moment, started, run_id, pages, progress)
        except Exception as error:  # noqa: BLE001 - whatever ends a started run, the run is recorded
            state.set_value(SETTLED_ON, None)
            return record_failure(gateway, state, names, failed_report(
                run_id, started, mode, progress.step, classify(error), progress.counts), error)


class Progress:
    """Where a run is (its step, for a failure's sentence) and what it has written so far."""

    def __init__(self) -> None:
        self.step = "collecting"
        self.applier: Applier | None = None

    @property
    def counts(self) -> Counts:
        """The writes that succeeded before a failure ended the run."""
        return self.applier.counts if self.applier is not None else Counts()


def _run(gateway: SiteGateway, extractor: Extractor, state: State, names: s.SiteNames, options: RunOptions,
         moment: dt.datetime, started: str, run_id: str, pages: "PageStep | None", progress: Progress) -> RunReport:
    gateway.begin_run()
    try:
        prepared = prepare(gateway, extractor, state, names, options, moment.date(), started, remember=True,
                           progress=progress)
    except StopRequested as stop:
        report = RunReport(run_id, started, _stamp(clock.now()), "Stopped", "changes",
                           problems=(f"Stopped while reading ({stop}); the letters read so far are kept, "
                                     "the next run reads the rest.",))
        return record_run(gateway, state, names, report)
    stopped_by = () if options.force else tuple(guard_problems(prepared.plan, options.max_member_change_share))
    if stopped_by:  # a guard's stop is a result of the run, not an exception: recorded, exit code from it
        state.set_value(SETTLED_ON, None)
        report = _report(prepared, run_id, started, "Aborted", Counts(), prepared.read_failures, stopped_by)
        return record_run(gateway, state, names, report)
    return _apply_and_record(gateway, state, names, prepared, run_id, started, pages, moment.date(), options,
                             progress)


def _apply_and_record(gateway: SiteGateway, state: State, names: s.SiteNames, prepared: Prepared,
                      run_id: str, started: str, pages: "PageStep | None", today: dt.date, options: RunOptions,
                      progress: Progress) -> RunReport:
    reads = {(r.list_title, r.item.item_id): r for r in prepared.reads}
    applier = Applier(gateway, state, names, reads, started, options.control, options.write_batch_size)
    progress.step, progress.applier = "applying", applier
    applier.apply(prepared.plan)
    # the page step: after the list writes, from the commitments as they now are (none when stopped early)
    progress.step = "publishing pages"
    published = (pages.publish(prepared.plan, today) if pages and not applier.stopped and not prepared.quiet
                 else None)  # a quiet run read no rows: nothing to render pages from
    progress.step = "recording"
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


def _record_and_save(gateway: SiteGateway, state: State, names: s.SiteNames, prepared: Prepared,
                     applier: Applier, report: RunReport, today: dt.date, *, early: bool) -> RunReport:
    """Record the run (its Runs row and closing change queries in one batch), then save each list's
    change token and the items left pending. A run that stopped early or left writes for later still
    saves its tokens: everything unfinished is pending, so the next run does only what is left."""
    tokens = {sc.list_title: sc.next_token for sc in prepared.scans} | prepared.kept_tokens
    ours = {title: written for title, written in applier.list_writes.items() if written and title in tokens}
    closing = [] if early else [ChangesQuery(title, tokens[title]) for title in ours]

    def save(report: RunReport, answers: list[Any]) -> None:  # in the ledger's transaction (run.record)
        past = {q.list_title: _past_own_writes(q.token or "", a, ours[q.list_title]) for q, a in zip(closing, answers, strict=True)}
        for title, token in tokens.items():
            state.save_token(title, past.get(title, token))
        for scan in prepared.scans:
            state.set_pending(scan.list_title, applier.pending.get(scan.list_title, set()))
            for item_id in scan.gone:
                state.forget(scan.list_title, item_id)
        state.set_value(SETTLED_ON, today.isoformat() if report.outcome == "Succeeded" else None)

    return record_and_close(gateway, state, names, report, closing, save=save)[0]


def _past_own_writes(run_token: str, since: ChangeSet | None, ours: Counter[int]) -> str:
    """The token to save: past this run's own writes when they are the only changes since the run's
    token (one add or update per row we wrote, nothing else), so the next run does not list them
    again. Any other change (a staff edit meanwhile, say) keeps the run's token: the next run looks
    at all. The change queries ride in the batch that records the run (run/record.py)."""
    if since is None:
        return run_token
    theirs = Counter(c.item_id for c in since.changes)
    only_ours = all(c.kind in ("add", "update") for c in since.changes) and theirs == ours
    return since.next_token if only_ours else run_token


def _report(prepared: Prepared, run_id: str, started: str, outcome: str, written: Counts,
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
    return RunReport(run_id, started, _stamp(clock.now()), outcome, mode, counts, tuple(review), failures,  # type: ignore[arg-type]
                     tuple(locked or prepared.plan.locked), (), problems)


