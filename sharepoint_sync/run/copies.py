"""The copies of a letter whose original this run lets go, found so they are judged in the same run.

A byte-identical copy of a letter is a duplicate: Needs review, "Duplicate of <original>", no commitment
(`core.duplicates`). When the original's commitment lets the fingerprint go (its source deleted, or read
again with other bytes: `core.duplicates.released_originals`), a run that judged only the changed
sources would leave the district without the letter until a copy next changed, while an identical one
sits in the library. So the source lists not listed in full this run are listed in full (one `$batch`,
only in such a run), and the items whose write-back names a released original as theirs are read
(known from their write-back, `core.known`, or downloaded) and judged with the rest: the lowest of them
takes the commitment, the others point to it.

An original renamed or moved (the same item id listed under another name or path:
`core.duplicates.moved_originals`) keeps its commitment, but its copies' reasons still link to the old
address: they are found and judged the same way, so their "Duplicate of" names the new one in that run.
"""
from __future__ import annotations

from typing import Sequence

from sharepoint_sync.core.duplicates import names_an_original
from sharepoint_sync.core.sources import Commitment
from sharepoint_sync.log import get_logger
from sharepoint_sync.ports import SiteGateway, SourceKind
from sharepoint_sync.run.collect import Scan, list_in_full

log = get_logger("sharepoint_sync.run")


def copies_to_judge(gateway: SiteGateway, scans: Sequence[Scan], released: Sequence[Commitment],
                    read: set[tuple[str, int]]) -> list[Scan]:
    """Scans of the items (not `read` already: (list title, item id)) marked as a duplicate of one of
    `released` (originals let go, or renamed/moved, as their rows recorded them), from a full listing of
    each source list this run did not list in full; none without a released original, or when every list
    was listed in full (its copies were read already)."""
    lists: list[tuple[str, SourceKind]] = [(sc.list_title, sc.kind) for sc in scans if not sc.full]
    if not released or not lists:
        return []
    listed = list_in_full(gateway, lists)
    out = []
    for title, kind in lists:
        items = [i for i in listed[title] if (title, i.item_id) not in read and names_an_original(i, released)]
        if items:
            out.append(Scan(kind, title, "", False, items=items))
    log.info("sync.duplicates.copies_found", originals=len(released), copies=sum(len(sc.items) for sc in out))
    return out
