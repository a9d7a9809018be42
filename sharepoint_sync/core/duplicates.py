"""The same letter in two places is one letter (pure).

A file's fingerprint is the SHA-256 of its bytes, whatever it is called; it is kept in the commitment's
RecordJson, so the rule holds without local state. Among the sources that share a fingerprint, the one
whose commitment already exists (and is not withdrawn) keeps it, else the first by (kind, item id); each
other one is marked Needs review, "Duplicate of <link>", and yields no commitment (an own commitment it
had is withdrawn by the plan, since its source was read and gave none).

When the commitment that held a fingerprint lets it go in a run (its source deleted, no longer listed in
a full re-scan, or read again with other bytes), its copies must be judged again in that same run, or the
district is left without the letter until a copy next changes: `released_originals` names those
commitments, and `names_an_original` finds the copies by the "Duplicate of" reason we wrote on them.
Likewise when the original is renamed or moved (same item id, another address: `moved_originals`), or
its copies' reasons would keep linking where the file no longer is. `originals_to_rejudge` gives both,
from one comparison of the holders before and after the run.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.sources import Commitment, SourceVerdict, commitment_from_row
from sharepoint_sync.core.values import lines
from sharepoint_sync.ports import Row, SourceItem, SourceKind


def with_fingerprints(verdict: SourceVerdict, fingerprints: Mapping[str, str],
                      known: Mapping[str, str]) -> SourceVerdict:
    """The verdict's commitments carrying their file's fingerprint: from this run's download, else the
    one their row already holds (`known`: commitment key -> fingerprint), so no row loses it."""
    commitments = tuple(replace(c, fingerprint=fingerprints.get(c.name) or known.get(c.key, ""))
                        for c in verdict.commitments)
    return replace(verdict, commitments=commitments)


def known_fingerprints(rows: tuple[Row, ...]) -> dict[str, str]:
    """Commitment key -> fingerprint of every commitment row that holds one."""
    out: dict[str, str] = {}
    for row in rows:
        c = commitment_from_row(dict(row.values))
        if c is not None and c.fingerprint:
            out[c.key] = c.fingerprint
    return out


def mark_duplicates(verdicts: list[SourceVerdict], rows: tuple[Row, ...],
                    gone: frozenset[tuple[str, int]] = frozenset()) -> list[SourceVerdict]:
    """`verdicts` with every second copy of a file marked as a duplicate of the first (see module doc).
    A row whose source is `gone` ((kind, item id) deleted since the last run) holds nothing: its
    commitment is withdrawn by this very plan, so a copy read now is the original."""
    holders = _holders(verdicts, rows, gone)
    return [_as_duplicate(v, holders) for v in verdicts]


def _holders(verdicts: list[SourceVerdict], rows: tuple[Row, ...],
             gone: frozenset[tuple[str, int]]) -> dict[str, Commitment]:
    # a row whose source was read this run with other content no longer holds its old fingerprint: a new
    # copy of that old content is then the original, as a run without the row would find (convergence)
    read_now = {(v.item.kind, v.item.item_id): {c.fingerprint for c in v.commitments}
                for v in verdicts if not v.unread}
    holders: dict[str, Commitment] = {}
    for row in rows:
        c = commitment_from_row(dict(row.values))
        stale = (c.kind, c.item_id) in read_now and c.fingerprint not in read_now[(c.kind, c.item_id)] if c else False
        if (c is not None and c.fingerprint and c.status != s.COMMITMENT_WITHDRAWN and not stale
                and (c.kind, c.item_id) not in gone):
            best = holders.get(c.fingerprint)
            if best is None or _order(c) < _order(best):
                holders[c.fingerprint] = c
    for v in sorted(verdicts, key=lambda v: (v.item.kind, v.item.item_id)):
        for c in v.commitments:
            if c.fingerprint and (c.fingerprint not in holders or holders[c.fingerprint].key == c.key):
                # the same commitment read now: its name and link as listed now (a renamed or moved original),
                # not as its row last recorded them, so a copy's "Duplicate of" names where the original is
                holders[c.fingerprint] = c
    return holders


def originals_to_rejudge(verdicts: list[SourceVerdict], rows: tuple[Row, ...],
                         gone: frozenset[tuple[str, int]] = frozenset()) -> tuple[Commitment, ...]:
    """The originals whose copies must be judged again in this run: those let go, then those moved
    (`released_originals`, `moved_originals`), from one ranking of the holders before and after."""
    released, moved = _let_go_and_moved(verdicts, rows, gone)
    return released + moved


def released_originals(verdicts: list[SourceVerdict], rows: tuple[Row, ...],
                       gone: frozenset[tuple[str, int]] = frozenset()) -> tuple[Commitment, ...]:
    """The commitments that held a file's fingerprint before this run (the rows, as `mark_duplicates`
    ranks them) and no longer do once `verdicts` and `gone` are taken into account: each copy marked
    "Duplicate of" one of them must be judged again in this run (module doc)."""
    return _let_go_and_moved(verdicts, rows, gone)[0]


def moved_originals(verdicts: list[SourceVerdict], rows: tuple[Row, ...],
                    gone: frozenset[tuple[str, int]] = frozenset()) -> tuple[Commitment, ...]:
    """The commitments (as their rows recorded them) that still hold their file's fingerprint after this
    run but are now at another address: the original was renamed or moved (same item id, so the same
    key, another name or link). Each copy marked "Duplicate of" the old address must be judged again in
    this run, or its reason keeps a dead link (module doc)."""
    return _let_go_and_moved(verdicts, rows, gone)[1]


def _let_go_and_moved(verdicts: list[SourceVerdict], rows: tuple[Row, ...], gone: frozenset[tuple[str, int]]
                      ) -> tuple[tuple[Commitment, ...], tuple[Commitment, ...]]:
    """(released, moved): the holders before this run compared with the holders after it."""
    before = _holders([], rows, frozenset())
    after = _holders(verdicts, rows, gone)
    released: list[Commitment] = []
    moved: list[Commitment] = []
    for fingerprint, was in sorted(before.items(), key=lambda pair: pair[0]):
        now = after.get(fingerprint)
        if now is None or now.key != was.key:
            released.append(was)
        elif _duplicate_prefix(now) != _duplicate_prefix(was):
            moved.append(was)
    return tuple(released), tuple(moved)


def names_an_original(item: SourceItem, originals: Iterable[Commitment]) -> bool:
    """Whether `item`'s write-back says it is a duplicate of one of `originals` (its *Review reasons*
    carry `_duplicate_reason` of it, as our last judgement of it wrote)."""
    reasons = str(item.fields.get(s.WB_REASONS) or "")
    return any(_duplicate_prefix(o) in reasons for o in originals)


def vanished_sources(rows: tuple[Row, ...], gone: Iterable[tuple[SourceKind, int]],
                     rescanned: frozenset[SourceKind], listed: frozenset[tuple[SourceKind, int]]
                     ) -> frozenset[tuple[SourceKind, int]]:
    """The sources whose rows this run withdraws because the source is no more: deleted since the last
    run (`gone`), or not listed by a full re-scan of its list (the deletion seen without change token)."""
    out = set(gone)
    for row in rows:
        c = commitment_from_row(dict(row.values))
        if c is not None and c.kind in rescanned and (c.kind, c.item_id) not in listed:
            out.add((c.kind, c.item_id))
    return frozenset(out)


def _duplicate_prefix(original: Commitment) -> str:
    return f"Duplicate of {original.link or original.name}:"


def _duplicate_reason(original: Commitment) -> str:
    return f'{_duplicate_prefix(original)} the same file as "{original.name}", counted once.'


def _order(c: Commitment) -> tuple[str, int, str]:
    return (c.kind, c.item_id, c.key)


def _as_duplicate(verdict: SourceVerdict, holders: dict[str, Commitment]) -> SourceVerdict:
    originals = [holders[c.fingerprint] for c in verdict.commitments
                 if c.fingerprint in holders and holders[c.fingerprint].key != c.key]
    if not originals:
        return verdict
    kept = tuple(c for c in verdict.commitments if c.fingerprint not in holders or holders[c.fingerprint].key == c.key)
    reasons = tuple(_duplicate_reason(o) for o in originals)
    write_back = dict(verdict.write_back)
    if write_back[s.WB_STATUS] != s.SOURCE_IGNORED:
        write_back[s.WB_STATUS] = s.SOURCE_NEEDS_REVIEW
    all_reasons = verdict.reasons + reasons
    write_back[s.WB_REASONS] = lines(list(all_reasons))
    return replace(verdict, write_back=write_back, commitments=kept, reasons=all_reasons)
