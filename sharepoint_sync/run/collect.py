"""Collecting a run's inputs in as few requests as possible (issue 14).

1. **One `$batch` of change queries** for the four lists the run depends on: the library and the
   submissions (what to read) and ILN Commitments and ILN Members (whether staff or anyone else changed
   the rows the plan is computed from). A list without a saved token, or whose token SharePoint no
   longer knows, gets its current token instead (taken *before* listing, so changes meanwhile are
   seen next run) and is read in full.
2. **Nothing else on a quiet run**: no source changed, nothing pending or deleted, neither kept list
   changed, and the last run settled the lists today. The plan would then be the previous run's plan
   again, which was applied: empty. So a quiet run costs that one request. The lists are still read
   and planned once a day (members expire with the calendar, not with a change).
3. Otherwise **one `$batch` of reads**: the changed (or all) sources and both kept lists.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from sharepoint_sync.core import schema as s
from sharepoint_sync.errors import SyncError
from sharepoint_sync.log import get_logger
from sharepoint_sync.ports import (AttachmentsQuery, ChangeSet, ChangesQuery, ChangeTokenExpired, Row, RowsQuery, SiteGateway,
                                   SourceItem, SourceKind, SourcesQuery)
from sharepoint_sync.state import State

log = get_logger("sharepoint_sync.run")

#: state value: the day (ISO date) a run last applied its whole plan without a failure
SETTLED_ON = "settled_on"


@dataclass
class Scan:
    """What one source list contributes to a run."""

    kind: SourceKind
    list_title: str
    next_token: str
    full: bool
    items: list[SourceItem] = field(default_factory=list)
    gone: set[int] = field(default_factory=set)
    #: the items to list (changed or pending), when not `full`
    wanted: set[int] = field(default_factory=set)


@dataclass
class Collected:
    """The sources to read and the rows to plan from; rows None on a quiet run (nothing to plan)."""

    scans: list[Scan]
    commitment_rows: tuple[Row, ...] | None
    member_rows: tuple[Row, ...] | None
    #: the run's change tokens of ILN Commitments and ILN Members (taken before reading them)
    kept_tokens: dict[str, str]

    @property
    def quiet(self) -> bool:
        """Nothing to read and nothing to plan."""
        return self.commitment_rows is None


def source_columns(kind: SourceKind) -> tuple[str, ...]:
    """The columns read from a library document or a submission item."""
    own = tuple(f.internal_name for f in s.SUBMISSION_OWN_FIELDS) if kind == "submission" else ()
    return tuple(f.internal_name for f in s.WRITE_BACK_FIELDS) + own


def commitment_columns() -> tuple[str, ...]:
    """The ILN Commitments columns the plan reads."""
    return (s.TITLE,) + tuple(f.internal_name for f in s.COMMITMENT_FIELDS)


def member_columns() -> tuple[str, ...]:
    """The ILN Members columns the plan reads."""
    return (s.TITLE,) + tuple(f.internal_name for f in s.MEMBER_FIELDS)


def collect_all(gateway: SiteGateway, state: State, names: s.SiteNames, full: bool, today: dt.date) -> Collected:
    """Change queries (one batch), then, unless the run is quiet, the reads (one batch)."""
    sources: list[tuple[str, SourceKind]] = [(names.library, "library"), (names.submissions, "submission")]
    kept = [names.commitments, names.members]
    queries = [ChangesQuery(t, None if full else state.token(t)) for t, _ in sources]
    queries += [ChangesQuery(t, state.token(t)) for t in kept]
    answers = _changes(gateway, queries)
    scans = [_scan(kind, title, query, answers[title], state) for (title, kind), query in zip(sources, queries[:2], strict=True)]
    kept_changed = [t for t, q in zip(kept, queries[2:], strict=True) if q.token is None or answers[t][1] or answers[t][0].changes]
    kept_tokens = {t: answers[t][0].next_token for t in kept}
    settled = state.value(SETTLED_ON) == today.isoformat()
    if settled and not kept_changed and not any(sc.full or sc.wanted or sc.gone for sc in scans):
        log.info("sync.collect.quiet", lists=len(queries))
        return Collected(scans, None, None, kept_tokens)
    listing = [sc for sc in scans if sc.full or sc.wanted]
    sources, tag_queries = _source_queries(listing)
    rows = [RowsQuery(names.commitments, commitment_columns()), RowsQuery(names.members, member_columns())]
    read = gateway.run_batch(sources + rows + tag_queries)
    results = _raise_errors(read[:len(listing) + 2])
    _fill(listing, results[:len(listing)], read[len(listing) + 2:])
    for sc in scans:
        if not sc.full:
            sc.gone |= sc.wanted - {i.item_id for i in sc.items}
    return Collected(scans, tuple(results[-2]), tuple(results[-1]), kept_tokens)


def list_in_full(gateway: SiteGateway, lists: Sequence[tuple[str, SourceKind]]) -> dict[str, list[SourceItem]]:
    """Every item of each source list (title, kind), listed as a full re-scan lists it (the submissions
    with their attachment tags), in one `$batch`."""
    listing = [Scan(kind, title, "", True) for title, kind in lists]
    sources, tag_queries = _source_queries(listing)
    read = gateway.run_batch(sources + tag_queries)
    _fill(listing, _raise_errors(read[:len(listing)]), read[len(listing):])
    return {sc.list_title: sc.items for sc in listing}


def _source_queries(listing: Sequence[Scan]) -> tuple[list[Any], list[Any]]:
    """The listing of each scan (all its items when full, else the wanted ones), and the attachment
    listing of the submissions among them (their content tags: `with_attachment_tag`)."""
    sources: list[Any] = [SourcesQuery(sc.list_title, sc.kind, source_columns(sc.kind),
                                       None if sc.full else tuple(sorted(sc.wanted))) for sc in listing]
    return sources, [AttachmentsQuery(sc.list_title) for sc in listing if sc.kind == "submission"]


def _fill(listing: Sequence[Scan], results: Sequence[Any], tag_answers: list[Any]) -> None:
    tags = _attachment_tags(tag_answers)
    for sc, items in zip(listing, results, strict=False):
        sc.items = [with_attachment_tag(i, tags.get(i.item_id, {})) for i in items] if sc.kind == "submission" else list(items)


def _attachment_tags(answers: list[Any]) -> dict[int, dict[str, str]]:
    """The submissions' attachment tags; none when SharePoint would not list them (the letters are then
    downloaded, as without tags: safe), so a failure here never fails the run."""
    if not answers:
        return {}
    if isinstance(answers[0], SyncError):
        log.warning("sync.collect.attachment_tags_unread", problem=str(answers[0]))
        return {}
    return dict(answers[0])


def with_attachment_tag(item: SourceItem, tags: dict[str, str]) -> SourceItem:
    """A submission item carrying the content fingerprint of all its attachments (`content_tag`, compared as
    a library file's): the SHA-256 of each attachment's name and tag, in name order. "" when it has no
    attachment or one has no tag; any attachment added, removed, renamed or replaced changes it."""
    names = sorted(ref.name for ref in item.contents)
    if not names or any(not tags.get(n) for n in names):
        return item
    digest = hashlib.sha256("\0".join(f"{n}\0{tags[n]}" for n in names).encode())
    return replace(item, content_tag=f"attachments:{digest.hexdigest()}")


def _changes(gateway: SiteGateway, queries: Sequence[ChangesQuery]) -> dict[str, tuple[ChangeSet, bool]]:
    """(changes, token refused) per list; a refused token is replaced by the list's current one."""
    results = _raise_errors(gateway.run_batch(queries), skip=ChangeTokenExpired)
    refused = [q.list_title for q, r in zip(queries, results, strict=True) if isinstance(r, ChangeTokenExpired)]
    for title in refused:
        log.info("sync.changes.token_expired", list=title)
    again: dict[str, ChangeSet] = {}
    if refused:
        again = dict(zip(refused, _raise_errors(gateway.run_batch([ChangesQuery(t, None) for t in refused])), strict=True))
    return {q.list_title: (again[q.list_title], True) if q.list_title in again else (r, False)
            for q, r in zip(queries, results, strict=True)}


def _scan(kind: SourceKind, title: str, query: ChangesQuery, answer: tuple[ChangeSet, bool], state: State) -> Scan:
    changes, refused = answer
    if query.token is None or refused:
        return Scan(kind, title, changes.next_token, True)
    deleted = {c.item_id for c in changes.changes if c.kind == "delete"}
    wanted = ({c.item_id for c in changes.changes} | state.pending(title)) - deleted
    return Scan(kind, title, changes.next_token, False, gone=set(deleted), wanted=wanted)


def _raise_errors(results: list[Any], skip: type | None = None) -> list[Any]:
    """The results, raising the first error among them (a read that failed fails the collection, as the
    single call would have), except errors of type `skip`."""
    for result in results:
        if isinstance(result, SyncError) and not (skip and isinstance(result, skip)):
            raise result
    return results
