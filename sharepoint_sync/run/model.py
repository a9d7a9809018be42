"""The run's values: how a run is asked for (`RunOptions`), a source read (`ReadSource`), everything the
reading and planning produced (`Prepared`). Plain data, shared by the run's steps so that no step imports
another only for a type (the cycle `engine` <-> `engine_apply` came from that)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sharepoint_sync.core.plan import Plan
from sharepoint_sync.core.report import Failure
from sharepoint_sync.core.sources import SourceVerdict
from sharepoint_sync.ports import SourceItem
from sharepoint_sync.record import LocRecord
from sharepoint_sync.run.collect import Scan
from sharepoint_sync.stopping import RunControl

#: writes per `run_batch` call (SharePoint's `$batch` takes up to 100 operations; gateway/batch.py)
BATCH_SIZE = 100


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


@dataclass
class Prepared:
    """What collecting, reading and planning gave: the input of the apply step."""

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
    #: nothing was read or planned (see run/collect.py)
    quiet: bool = False

    @property
    def read_failures(self) -> tuple[Failure, ...]:
        """The unread sources as failures of this run."""
        return tuple(Failure(item.name, problem, item.link) for _, item, problem in self.unread)
