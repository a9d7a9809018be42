"""Applying a plan: the writes go in `$batch` requests of up to 100 (`SiteGateway.run_batch`), each
result followed by the state entry it allows; a failed part is handled exactly as a failed single write.

Item-level failures are recorded and the run goes on; a 412 re-reads the row and re-plans it
(`core.plan.replan`: a staff edit is never overwritten); a write that still fails transiently after its
retries (or with the retry budget spent, after its one attempt) is left pending for the next run and
the others go on, so a throttled run still writes what it can; `STOP_AFTER_TRANSIENT` such failures in
a row mean the site is not answering, and the run stops as partial (`stopped`), leaving the rest for
the next run. AuthError/PermissionDenied propagate at once.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.plan import Action, LockedChange, Plan, replan, source_action
from sharepoint_sync.core.report import Counts, Failure
from sharepoint_sync.core.sources import judge_source
from sharepoint_sync.extract.registry import default_registry
from sharepoint_sync.run.model import BATCH_SIZE, ReadSource
from sharepoint_sync.run.read import STOP_AFTER_TRANSIENT
from sharepoint_sync.errors import AuthError, ConflictError, SyncError, TransientRemoteError, describe
from sharepoint_sync.log import get_logger
from sharepoint_sync.ports import CreateRow, Row, SiteGateway, UpdateRow, is_gone
from sharepoint_sync.state import ItemMemo, State
from sharepoint_sync.stopping import RunControl

log = get_logger("sharepoint_sync.run")

__all__ = ["Applier", "BATCH_SIZE"]  # BATCH_SIZE lives in run.model (RunOptions defaults to it)


class Applier:
    """Applies one plan and keeps what happened: counts, failures, locked rows, items left pending."""

    def __init__(self, gateway: SiteGateway, state: State, names: s.SiteNames,
                 reads: dict[tuple[str, int], ReadSource], now: str, control: RunControl | None = None,
                 batch_size: int = BATCH_SIZE) -> None:
        self.gateway, self.state, self.names, self.reads, self.now = gateway, state, names, reads, now
        self.control, self.batch_size = control, max(1, min(batch_size, BATCH_SIZE))
        #: the run stopped early because a stop was asked for (SIGTERM/SIGINT), not because of a failure
        self.stop_requested = False
        self.written: Counter[str] = Counter()
        #: our successful writes per list and item (to recognise them in the change log)
        self.list_writes: dict[str, Counter[int]] = {}
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
        """Every action in order, in batches; a write failing transiently waits for the next run and the
        others go on; a stop asked for (SIGTERM) is honoured between batches."""
        acted = {(a.list_title, a.item_id) for a in plan.of("source")}
        for key, read in self.reads.items():
            if key not in acted:  # SharePoint already shows this verdict: remember the source as it is
                self._remember(read, read.item.etag)
        actions, in_a_row = list(plan.actions), 0
        for start in range(0, len(actions), self.batch_size):
            chunk = actions[start:start + self.batch_size]
            self._check_stop()
            if self.stopped:
                for action in chunk:
                    self._leave_pending(action)
                continue
            try:
                results = self.gateway.run_batch([_operation(a) for a in chunk])
            except AuthError:
                raise
            except TransientRemoteError as error:  # the whole batch failed (one request): each of its writes waits
                in_a_row += 1
                for action in chunk:
                    self._defer(action, describe(error), in_a_row)
                continue
            for action, result in zip(chunk, results, strict=True):
                in_a_row = self._settle_counted(action, result, in_a_row)

    def _check_stop(self) -> None:
        if self.control is not None and self.control.stop_requested and not self.stopped:
            # between batches: every write before is saved; the rest stays pending for the next run
            self.stopped, self.stop_requested = f"a stop was asked for ({self.control.reason})", True
            log.info("sync.apply.stopped", reason=self.stopped)

    def _settle_counted(self, action: Action, result: object, in_a_row: int) -> int:
        """Settle one part; returns the count of transient failures in a row after it."""
        try:
            self._settle_one(action, result)
        except TransientRemoteError as error:
            self._defer(action, describe(error), in_a_row + 1)
            return in_a_row + 1
        return 0

    def _defer(self, action: Action, problem: str, in_a_row: int) -> None:
        """A write that failed transiently: left for the next run; too many in a row stop the run."""
        self.deferred += 1
        self._leave_pending(action)
        log.warning("sync.apply.deferred", target=action.target, row=action.label, problem=problem, in_a_row=in_a_row)
        if in_a_row >= STOP_AFTER_TRANSIENT and not self.stopped:
            self.stopped = problem
            log.warning("sync.apply.stopped", reason=problem)

    def _leave_pending(self, action: Action) -> None:
        """Look at the action's source again next run (members are recomputed every run anyway)."""
        if action.target in ("source", "commitment"):
            kind, item_id = action.key.split(":")[:2]
            list_title = self.names.library if kind == "library" else self.names.submissions
            self.pending.setdefault(list_title, set()).add(int(item_id))

    def _settle_one(self, action: Action, result: object) -> None:
        """What one write's result means (its value, or the error its part met), as for a single write."""
        try:
            if action.target == "source":
                self._settle_source(action, result)
            elif action.op == "create":
                row = _value(result)
                self._count(action.list_title, row.item_id, f"{action.target}.create")
                self.applied.append(action)
            else:
                self._settle_update(action, result)
        except (AuthError, TransientRemoteError):
            raise
        except SyncError as error:
            self._fail(action, describe(error))

    def _count(self, list_title: str, item_id: int, what: str) -> None:
        self.written[what] += 1
        self.list_writes.setdefault(list_title, Counter())[item_id] += 1

    def _settle_update(self, action: Action, result: object) -> None:
        assert action.item_id is not None and action.etag is not None
        item_id = action.item_id   # the row written, whether or not a 412 re-planned the action
        if isinstance(result, ConflictError):
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
        else:
            _value(result)
        self._count(action.list_title, item_id, f"{action.target}.update")
        self.applied.append(action)
        return None

    def _settle_source(self, action: Action, result: object) -> None:
        assert action.item_id is not None and action.etag is not None
        read = self.reads[(action.list_title, action.item_id)]
        if isinstance(result, ConflictError):
            return self._replan_source(read)
        if isinstance(result, SyncError) and is_gone(result):
            log.info("sync.source.vanished", list=action.list_title, item=action.item_id)
            return None
        row = _value(result)
        self._count_source_write(read)
        self._remember(read, row.etag)
        return None

    def _replan_source(self, read: ReadSource) -> None:
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
        # its columns as they are now, but the content tag of what was read: a 412 for new bytes must not
        # stamp the new file's tag on the old bytes' verdict (*Content tag read*, core/known.py); a single
        # listing gives a submission no attachment tags at all (run/collect.py `with_attachment_tag`)
        current = replace(fresh[0], content_tag=item.content_tag)
        verdict = judge_source(current, read.records, read.version, read.content_hash, names=default_registry(),
                               unread=read.unread)
        action = source_action(read.list_title, verdict, self.now)
        if action is None:
            return
        try:
            self.gateway.update_row(read.list_title, item.item_id, action.values, etag=fresh[0].etag)
        except ConflictError:
            return
        self._count_source_write(read)

    def _count_source_write(self, read: ReadSource) -> None:
        self._count(read.list_title, read.item.item_id, "source")

    def _remember(self, read: ReadSource, etag: str) -> None:
        if read.unread or read.content_hash is None:  # nothing was read: download it again next time
            return
        self.state.save_memo(read.list_title, read.item.item_id,
                             ItemMemo(etag, read.content_hash, read.version))

    def _fail(self, action: Action, problem: str) -> None:
        log.warning("sync.apply.failed", target=action.target, row=action.label, problem=problem)
        self.failures.append(Failure(action.label, problem))
        self._leave_pending(action)



def _operation(action: Action) -> CreateRow | UpdateRow:
    """The batched write of one action."""
    if action.op == "create":
        return CreateRow(action.list_title, action.values, action.key_column or s.TITLE)
    assert action.item_id is not None and action.etag is not None
    return UpdateRow(action.list_title, action.item_id, action.values, action.etag)


def _value(result: object) -> Row:
    """A write's row, or the error its part met raised as the single write would have raised it."""
    if isinstance(result, SyncError):
        raise result
    assert isinstance(result, Row)
    return result
