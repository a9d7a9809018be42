"""Reading every collected source so that a fault stays with the document it happened to.

- A file SharePoint's virus scan blocks (VirusBlocked) is one document that needs review, never a
  missing permission: the run goes on.
- A file that cannot be fetched after its retries (a hang, a 5xx, a refusal) is a failure of this run,
  with its name and the reason; the others are read, it is tried again next run, and after
  `failed_runs_before_review` runs in a row it is marked Needs review so staff see it.
- With the run's retry budget spent, each source still gets its one attempt; one that fails then is
  left pending (not a failure: the run's budget, not the file, is the cause). `STOP_AFTER_TRANSIENT`
  such failures in a row mean the site is not answering: reading stops, the rest is left pending.
  What was read is planned and written either way; the next run starts where this one stopped.
- Sign-in and permission failures still stop the run at once.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable, Mapping

from sharepoint_sync.core import schema as s
from sharepoint_sync.errors import AuthError, RetryBudgetExhausted, SyncError, VirusBlocked, describe
from sharepoint_sync.log import get_logger
from sharepoint_sync.core.known import content_hash_of, known_without_row, renamed_from_row
from sharepoint_sync.core.sources import Commitment, DistrictNames
from sharepoint_sync.ports import Extractor, SiteGateway, SourceItem, is_gone
from sharepoint_sync.record import READING, LocRecord, refused
from sharepoint_sync.run.collect import Scan
from sharepoint_sync.run.model import ReadSource
from sharepoint_sync.state import State
from sharepoint_sync.stopping import RunControl, StopRequested

log = get_logger("sharepoint_sync.run")

#: reason codes of records the worker makes itself for a file it could not read (core/words.py words them)
VIRUS_REASON = "unreadable:virus_blocked"
NOT_DOWNLOADED_REASON = "unreadable:not_downloaded"
#: this many calls in a row failing with the retry budget spent stop the reading (and, in run/apply.py,
#: the writing): the site is down rather than faulty now and then. Under 30 % random faults a write of
#: two calls fails half the time once the budget is spent, and 8 in a row happen about once in 440 writes.
STOP_AFTER_TRANSIENT = 8


@dataclass
class ReadOutcome:
    """What reading gave: the sources read, those SharePoint would not serve, those not reached."""

    reads: list[ReadSource] = field(default_factory=list)
    skipped: int = 0
    #: (list title, item, problem): failures of this run, read again next run
    unread: list[tuple[str, SourceItem, str]] = field(default_factory=list)
    #: list title -> item ids not reached because the retry budget was spent (left pending, no failure)
    deferred: dict[str, set[int]] = field(default_factory=dict)
    #: list title -> item ids to look at again next run although they got a verdict (not downloaded)
    retry_next_run: dict[str, set[int]] = field(default_factory=dict)
    #: why reading stopped early, None when every source was tried
    stopped: str | None = None

    def merged(self, more: "ReadOutcome") -> "ReadOutcome":
        """This outcome and `more` (a later reading in the same run) as one."""
        out = ReadOutcome(self.reads + more.reads, self.skipped + more.skipped, self.unread + more.unread,
                          {k: set(v) for k, v in self.deferred.items()}, {k: set(v) for k, v in self.retry_next_run.items()},
                          self.stopped or more.stopped)
        for mine, theirs in ((out.deferred, more.deferred), (out.retry_next_run, more.retry_next_run)):
            for title, ids in theirs.items():
                mine.setdefault(title, set()).update(ids)
        return out


def read_all(scans: list[Scan], state: State, read_one: Callable[[str, SourceItem], ReadSource | None],
             failed_runs_before_review: int, *, record: bool = True,
             control: RunControl | None = None) -> ReadOutcome:
    """Every collected source read with `read_one`; one source's fault never stops the others.

    `record=False` (`iln-sync plan`) keeps the state untouched: failures are not counted. A stop asked
    for through `control` (SIGTERM) is honoured between documents: StopRequested, with every letter read
    so far already kept in the state by `read_one`, so the next run does not read it again."""
    out = ReadOutcome()
    patience = failed_runs_before_review if record else 0
    in_a_row = 0
    total, done = sum(len(scan.items) for scan in scans), 0
    for scan in scans:
        for item in scan.items:
            if control is not None:  # between documents: the one before has been read completely
                control.report(done, total)
                if control.stop_requested:
                    raise StopRequested(control.reason)
            done += 1
            if out.stopped:
                out.deferred.setdefault(scan.list_title, set()).add(item.item_id)
                continue
            spent = _read_into(out, scan.list_title, item, state, read_one, patience)
            in_a_row = in_a_row + 1 if spent else 0
            if spent and in_a_row >= STOP_AFTER_TRANSIENT:
                out.stopped = spent
                log.warning("sync.read.stopped", reason=spent, list=scan.list_title)
    return out


def _read_into(out: ReadOutcome, list_title: str, item: SourceItem, state: State,
               read_one: Callable[[str, SourceItem], ReadSource | None], failed_runs_before_review: int) -> str | None:
    """Read one source into `out`; returns why when it failed with the retry budget spent (else None)."""
    try:
        read = read_one(list_title, item)
    except AuthError:
        raise
    except RetryBudgetExhausted as error:
        out.deferred.setdefault(list_title, set()).add(item.item_id)
        log.warning("sync.source.deferred", list=list_title, item=item.item_id, problem=describe(error))
        return describe(error)
    except VirusBlocked as error:
        log.warning("sync.source.virus_blocked", list=list_title, item=item.item_id, problem=describe(error))
        out.reads.append(unread_source(list_title, item, VIRUS_REASON))
        return None
    except SyncError as error:
        _not_served(out, list_title, item, state, describe(error), failed_runs_before_review)
        return None
    if failed_runs_before_review:
        state.clear_failure(list_title, item.item_id)
    if read is None:
        out.skipped += 1
    else:
        out.reads.append(read)
    return None


def _not_served(out: ReadOutcome, list_title: str, item: SourceItem, state: State, problem: str,
                failed_runs_before_review: int) -> None:
    """A source that could not be fetched: a failure now; after N runs in a row, also Needs review
    (N = 0: a plan, which counts nothing)."""
    runs = state.note_failure(list_title, item.item_id, problem) if failed_runs_before_review else 0
    log.warning("sync.source.unread", list=list_title, item=item.item_id, problem=problem, runs_in_a_row=runs)
    out.unread.append((list_title, item, f"SharePoint did not serve the file: {problem}"))
    if failed_runs_before_review and runs >= failed_runs_before_review:
        out.reads.append(unread_source(list_title, item, NOT_DOWNLOADED_REASON))
        out.retry_next_run.setdefault(list_title, set()).add(item.item_id)


def unread_source(list_title: str, item: SourceItem, reason: str) -> ReadSource:
    """A source whose files could not be read, as a verdict-ready read: one record per file with `reason`.

    It carries no content fingerprint and is never remembered in the state (`unread=True`), so the files
    are downloaded again when the source is next collected; its existing commitments stay as they are.
    """
    names = [ref.name for ref in item.contents] or [item.name]
    records: list[tuple[str, LocRecord]] = [(name, refused(name, "unreadable", reason)) for name in names]
    return ReadSource(list_title, item, records, None, False, item.version, unread=True)


# --- one source ---------------------------------------------------------------------------------

def read_source(gateway: SiteGateway, extractor: Extractor, state: State, list_title: str,
                item: SourceItem, fetch: Callable[[SourceItem], list[tuple[str, bytes]]] | None = None,
                kept: Mapping[str, Commitment] | None = None) -> ReadSource | None:
    """The records of a source that must be downloaded (`known_read` found it not known unchanged):
    its files downloaded (by `fetch`, which may have started already: see `run.sync.prepare`) and
    extracted, unless the bytes prove unchanged and its Commitments rows (`kept`) hold their records.

    None when a file vanished between listing and download (it is seen again next run, if it exists).
    """
    kept = kept or {}
    try:
        files = fetch(item) if fetch else download_files(gateway, item)
    except SyncError as error:
        if not is_gone(error):
            raise
        log.info("sync.source.vanished", list=list_title, item=item.item_id, name=item.name)
        return None
    fingerprints = {name: hashlib.sha256(data).hexdigest() for name, data in files}
    content_hash = content_hash_of([(name, fingerprints[name]) for name, _ in files])
    memo = state.memo(list_title, item.item_id)
    rows = _records_from_rows(item, kept, content_hash)
    if rows is not None:  # the same bytes the rows were read from (only columns changed): judged again, not read
        version = memo.version if memo is not None and memo.content_hash == content_hash else rows[1]
        return ReadSource(list_title, item, rows[0], content_hash, False, version, fingerprints=fingerprints)
    records = [(name, extractor.extract(data, name)) for name, data in files]
    return ReadSource(list_title, item, records, content_hash, True, _content_version(item, content_hash),
                      fingerprints=fingerprints)


def known_read(state: State, list_title: str, item: SourceItem, kept: Mapping[str, Commitment],
               letters: Mapping[str, Commitment] | None = None, names: DistrictNames | None = None
               ) -> ReadSource | None:
    """A source whose content is known unchanged, read from its Commitments rows without a download:
    its ETag is the one we left (local state), or, without local state, every file's row was read
    from the content SharePoint still fingerprints the same (`SourceTag`, a library document). A
    library file or a one-attachment submission with no row of its own (a duplicate, not a letter) is
    known from its write-back when its content tag is the one we judged (`core.known.known_without_row`;
    `letters` from `core.known.letters_by_fingerprint`, `names` the district registry; both None: not tried).
    A letter renamed or moved with its bytes unchanged is known from its row (`core.known.renamed_from_row`).
    None when the source must be downloaded."""
    read = _known_from_rows(state, list_title, item, kept)
    if read is not None:
        return read
    known = renamed_from_row(item, kept)  # a letter renamed or moved: its row's bytes, under the new name
    if known is None and letters is not None and names is not None:
        known = known_without_row(item, kept, letters, names)
    return None if known is None else ReadSource(list_title, item, list(known.records), known.content_hash, False,
                                                 known.version, fingerprints=dict(known.fingerprints))


def _known_from_rows(state: State, list_title: str, item: SourceItem, kept: Mapping[str, Commitment]
                     ) -> ReadSource | None:
    memo = state.memo(list_title, item.item_id)
    if memo is not None:
        rows = _records_from_rows(item, kept, memo.content_hash) if same_etag(memo.etag, item.etag) else None
        return None if rows is None else ReadSource(list_title, item, rows[0], memo.content_hash, False, memo.version,
                                                    fingerprints=_fingerprints(kept))
    names = [ref.name for ref in item.contents]
    if not item.content_tag or not names or any(n not in kept or kept[n].source_tag != item.content_tag for n in names):
        return None
    content_hash = content_hash_of([(n, kept[n].fingerprint) for n in names])
    rows = _records_from_rows(item, kept, content_hash)
    return None if rows is None else ReadSource(list_title, item, rows[0], content_hash, False, rows[1],
                                                fingerprints=_fingerprints(kept))


def _records_from_rows(item: SourceItem, kept: Mapping[str, Commitment], content_hash: str
                       ) -> tuple[list[tuple[str, LocRecord]], str] | None:
    """(records, version read) from the rows of every file of `item`, when the rows were read from the
    content `content_hash` names (their fingerprints give the same hash) by this reading of letters;
    None otherwise (a file that is not a letter has no row; a row of an earlier reading is read again)."""
    names = [ref.name for ref in item.contents]
    if not names or any(n not in kept or not kept[n].fingerprint or kept[n].reading != READING for n in names):
        return None
    if content_hash_of([(n, kept[n].fingerprint) for n in names]) != content_hash:
        return None
    return [(n, kept[n].record) for n in names], kept[names[0]].version


def _fingerprints(kept: Mapping[str, Commitment]) -> dict[str, str]:
    return {name: c.fingerprint for name, c in kept.items() if c.fingerprint}


def download_files(gateway: SiteGateway, item: SourceItem) -> list[tuple[str, bytes]]:
    """A source's files, downloaded one after the other."""
    return [(ref.name, gateway.download(ref)) for ref in item.contents]


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
