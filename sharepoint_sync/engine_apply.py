"""Applying a plan: one write per action, each followed by the state entry it allows.

Item-level failures are recorded and the run goes on; a 412 re-reads the row and re-plans it
(`core.plan.replan`: a staff edit is never overwritten); a write that still fails transiently after its
retries (or with the retry budget spent, after its one attempt) is left pending for the next run and
the others go on, so a throttled run still writes what it can; `STOP_AFTER_TRANSIENT` such failures in
a row mean the site is not answering, and the run stops as partial (`stopped`), leaving the rest for
the next run. AuthError/PermissionDenied propagate at once.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.plan import Action, LockedChange, Plan, replan, source_action
from sharepoint_sync.core.report import Counts, Failure
from sharepoint_sync.core.sources import judge_source
from sharepoint_sync.extract.registry import default_registry
from sharepoint_sync.engine_read import STOP_AFTER_TRANSIENT
from sharepoint_sync.errors import AuthError, ConflictError, SyncError, TransientRemoteError, describe
from sharepoint_sync.log import get_logger
from sharepoint_sync.ports import SiteGateway, is_gone
from sharepoint_sync.state import ItemMemo, State
from sharepoint_sync.stopping import RunControl

if TYPE_CHECKING:  # pragma: no cover
    from sharepoint_sync.engine import ReadSource

log = get_logger("sharepoint_sync.engine")


class Applier:
    """Applies one plan and keeps what happened: counts, failures, locked rows, items left pending."""

    def __init__(self, gateway: SiteGateway, state: State, names: s.SiteNames,
                 reads: dict[tuple[str, int], "ReadSource"], now: str, control: RunControl | None = None) -> None:
        self.gateway, self.state, self.names, self.reads, self.now = gateway, state, names, reads, now
        self.control = control
        #: the run stopped early because a stop was asked for (SIGTERM/SIGINT), not because of a failure
        self.stop_requested = False
        self.written: Counter[str] = Counter()
        #: our successful writes per source list and item (to recognise them in the change log)
        self.source_writes: dict[str, Counter[int]] = {}
        self.failures: list[Failure] = []
        self.locked: list[LockedChange] = []
        self.pending: dict[str, set[int]] = {}
        #: commitment and member writes that succeeded, in order (the summary email lists them)
        self.applied: list[Action] = []
        #: why the run stopped early (the site kept failing), None when it went to the end
        self.stopped: str | None = None
        #: writes that failed transiently and wait for the next run
        self.deferred = 0

    @property
    def counts(self) -> Counts:
        """The writes that succeeded."""
        w = self.written
        return Counts(source_writes=w["source"], commitments_created=w["commitment.create"],
                      commitments_updated=w["commitment.update"], members_created=w["member.create"],
                      members_updated=w["member.update"])

    def apply(self, plan: Plan) -> None:
        """Every action in order; one failing transiently waits for the next run, the others go on."""
        acted = {(a.list_title, a.item_id) for a in plan.of("source")}
        for key, read in self.reads.items():
            if key not in acted:  # SharePoint already shows this verdict: remember the source as it is
                self._remember(read, read.item.etag)
        in_a_row = 0
        for action in plan.actions:
            if self.control is not None and self.control.stop_requested and not self.stopped:
                # between writes: the last one is saved; the rest stays pending for the next run
                self.stopped, self.stop_requested = f"a stop was asked for ({self.control.reason})", True
                log.info("sync.apply.stopped", reason=self.stopped)
            if self.stopped:
                self._leave_pending(action)
                continue
            try:
                self._apply_one(action)
                in_a_row = 0
            except AuthError:
                raise
            except TransientRemoteError as error:
                in_a_row += 1
                self._defer(action, describe(error), in_a_row)
            except SyncError as error:
                in_a_row = 0
                self._fail(action, describe(error))

    def _defer(self, action: Action, problem: str, in_a_row: int) -> None:
        """A write that failed transiently: left for the next run; too many in a row stop the run."""
        self.deferred += 1
        self._leave_pending(action)
        log.warning("sync.apply.deferred", target=action.target, row=action.label, problem=problem, in_a_row=in_a_row)
        if in_a_row >= STOP_AFTER_TRANSIENT:
            self.stopped = problem
            log.warning("sync.apply.stopped", reason=problem)

    def _leave_pending(self, action: Action) -> None:
        """Look at the action's source again next run (members are recomputed every run anyway)."""
        if action.target in ("source", "commitment"):
            kind, item_id = action.key.split(":")[:2]
            list_title = self.names.library if kind == "library" else self.names.submissions
            self.pending.setdefault(list_title, set()).add(int(item_id))

    def _apply_one(self, action: Action) -> None:
        if action.target == "source":
            self._apply_source(action)
        elif action.op == "create":
            self.gateway.create_row(action.list_title, action.values, key_column=action.key_column or s.TITLE)
            self.written[f"{action.target}.create"] += 1
            self.applied.append(action)
        else:
            self._apply_update(action)

    def _apply_update(self, action: Action) -> None:
        assert action.item_id is not None and action.etag is not None
        try:
            self.gateway.update_row(action.list_title, action.item_id, action.values, etag=action.etag)
        except ConflictError:
            log.info("sync.apply.conflict", list=action.list_title, row=action.label)
            fresh = self.gateway.read_row(action.list_title, action.item_id, list(action.values) + [s.M_LOCKED])
            if fresh is None:
                return self._fail(action, "The row was deleted while the run was writing it.")
            again = replan(action, fresh, self.now)
            if isinstance(again, LockedChange):
                self.locked.append(again)
                return None
            if again is None:
                return None
            try:
                self.gateway.update_row(again.list_title, fresh.item_id, again.values, etag=fresh.etag)
            except ConflictError:
                return self._fail(action, "The row kept changing while the run was writing it; it is left as is.")
            action = again
        self.written[f"{action.target}.update"] += 1
        self.applied.append(action)
        return None

    def _apply_source(self, action: Action) -> None:
        assert action.item_id is not None and action.etag is not None
        read = self.reads[(action.list_title, action.item_id)]
        try:
            row = self.gateway.update_row(action.list_title, action.item_id, action.values, etag=action.etag)
        except ConflictError:
            return self._replan_source(read)
        except SyncError as error:
            if is_gone(error):
                log.info("sync.source.vanished", list=action.list_title, item=action.item_id)
                return None
            raise
        self._count_source_write(read)
        self._remember(read, row.etag)
        return None

    def _replan_source(self, read: "ReadSource") -> None:
        """A 412 on a write-back: judge the source again with its columns as they are now (a decision
        staff just set is honoured, never overwritten), and look at it again next run: the 412 may
        also mean new content, which the next run downloads (no ETag is remembered for it)."""
        item = read.item
        log.info("sync.source.changed_meanwhile", list=read.list_title, item=item.item_id, name=item.name)
        self.pending.setdefault(read.list_title, set()).add(item.item_id)
        self._remember(read, "")  # keep hash and records, but no ETag: the next run downloads and compares
        fresh = self.gateway.list_sources(read.list_title, item.kind, list(item.fields), [item.item_id])
        if not fresh:
            return
        verdict = judge_source(fresh[0], read.records, read.version, read.content_hash, names=default_registry(),
                               unread=read.unread)
        action = source_action(read.list_title, verdict, self.now)
        if action is None:
            return
        try:
            self.gateway.update_row(read.list_title, item.item_id, action.values, etag=fresh[0].etag)
        except ConflictError:
            return
        self._count_source_write(read)

    def _count_source_write(self, read: "ReadSource") -> None:
        self.written["source"] += 1
        self.source_writes.setdefault(read.list_title, Counter())[read.item.item_id] += 1

    def _remember(self, read: "ReadSource", etag: str) -> None:
        if read.unread or read.content_hash is None:  # nothing was read: download it again next time
            return
        self.state.save_memo(read.list_title, read.item.item_id,
                             ItemMemo(etag, read.content_hash, tuple(read.records), read.version))

    def _fail(self, action: Action, problem: str) -> None:
        log.warning("sync.apply.failed", target=action.target, row=action.label, problem=problem)
        self.failures.append(Failure(action.label, problem))
        self._leave_pending(action)

