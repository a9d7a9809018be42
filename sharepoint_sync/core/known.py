"""What a run already knows of a one-file source that has no Commitments row of its own (issue 14). Pure.

A file that is not a letter, or a byte-identical copy of another letter (a duplicate: Needs review, no
commitment), has no row to be judged from. Its write-back is the record instead: *Content tag read*
(`IlnContentTag`: SharePoint's content tag of the file version we judged, and the reading of letters
that judged it) and *Content fingerprint* (`IlnContentHash`: the SHA-256 of the bytes we read, with the
file's name). When the file's current content tag is the one the write-back shows, the bytes are the
ones we judged, and the judgement is rebuilt without a download. The file is a library document, or
the one attachment of a submission: the submission's content tag is then its attachment's SP.File tag
(`run.collect.with_attachment_tag`; *inferred*, see gateway/attachments.py), and its write-back on the
submissions list carries both columns as a document's does. A submission with several attachments
and no row for one of them is downloaded (its records are not rebuilt file by file).

* **a duplicate**: its fingerprint is found among the Commitments rows' per-file fingerprints (the row
  whose `content_hash_of((name, fingerprint))` is the shown `IlnContentHash`); that row's record, made
  by this reading from the same bytes, is the file's record (only `file`, the name, differs: extraction
  reads the name for nothing else, `extract/api.py`). The verdict is then judged and marked a duplicate
  exactly as after a download (the original may have gone meanwhile: the copy then becomes the letter).
* **not a letter**: the extractor's record for such a file is a refusal with one reason
  (`record.refused`: `not_a_loc`, or an `unreadable:*` kind read from the bytes); the refusal whose
  write-back is the one shown (status, district, dates, reasons; the review decision as it is now) is
  the file's record. None matching (staff changed the decision or the columns, an older worker wrote
  them): the file is downloaded, as are files judged without their bytes (virus scan, not served), whose
  write-back carries no content tag.

Relied on: a column write (ours included) leaves the content tag as `gateway/site.py` `content_tag`
keeps it (GUID and content counter, not the ETag counter). *Inferred*, not recorded: Graph documents a
driveItem's cTag as "not changed if only the metadata is changed" (learn.microsoft.com, driveItem
resource), and SP.File.ContentTag's middle part is seen following the item's ETag
(tests/fixtures/sharepoint-responses/folder-files-filter.verbose.json). Were it wrong, the tag would
differ and the file be downloaded: a wasted request, never a wrong verdict.
"""
from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.sources import Commitment, DistrictNames, judge_source, judged_tag
from sharepoint_sync.core.values import changed_columns
from sharepoint_sync.core.words import REASON_WORDS
from sharepoint_sync.ports import SourceItem
from sharepoint_sync.record import READING, LocRecord, refused

#: reasons the worker gives a file it did not read (core/words.py): not the bytes' verdict, never rebuilt
_NOT_FROM_BYTES = frozenset({"unreadable:virus_blocked", "unreadable:not_downloaded"})
#: every refusal the extractor gives a file from its bytes (`record.refused`)
REFUSALS: tuple[LocRecord, ...] = (refused("", "not_a_loc", "not_a_loc"),) + tuple(
    refused("", "unreadable", code) for code in REASON_WORDS if code.startswith("unreadable:") and code not in _NOT_FROM_BYTES)
#: the write-back columns a verdict's reading decides (the version, hash and tag are compared before)
_JUDGED = (s.WB_STATUS, s.WB_DISTRICT, s.WB_SIGNED_ON, s.WB_SCHOOL_YEARS, s.WB_REASONS)
_KINDS = s.field_kinds(s.WRITE_BACK_FIELDS)


@dataclass(frozen=True)
class KnownFile:
    """A file's content as the run already knows it: what a download and extraction would give."""

    records: tuple[tuple[str, LocRecord], ...]
    content_hash: str
    #: the item version whose content was judged (the write-back's *Processed version*)
    version: str
    #: file name -> SHA-256 of its bytes, for a duplicate (its commitment is matched to the original's)
    fingerprints: Mapping[str, str] = field(default_factory=dict)


def content_hash_of(files: Iterable[tuple[str, str]]) -> str:
    """The fingerprint of a source's files, from (name, SHA-256 of its bytes) in their order."""
    digest = hashlib.sha256()
    for name, fingerprint in files:
        digest.update(name.encode() + b"\0" + bytes.fromhex(fingerprint))
    return digest.hexdigest()


def letters_by_fingerprint(commitments: Iterable[Commitment]) -> dict[str, Commitment]:
    """SHA-256 of a file's bytes -> a commitment read from those bytes by this reading of letters
    (withdrawn ones too: the record is what the bytes say, whoever holds it now)."""
    out: dict[str, Commitment] = {}
    for c in sorted(commitments, key=lambda c: c.key):
        if c.fingerprint and c.reading == READING:
            out.setdefault(c.fingerprint, c)
    return out


def known_without_row(item: SourceItem, own: Mapping[str, Commitment], letters: Mapping[str, Commitment],
                      names: DistrictNames) -> KnownFile | None:
    """The content of a one-file source (a library file, a one-attachment submission) with no live
    Commitments row of its own (`own`: its rows), rebuilt from its write-back and the rows (`letters`, from
    `letters_by_fingerprint`) when its content tag shows the bytes are those we judged; None when it must
    be downloaded (see the module doc)."""
    if not _shows_our_judgement(item, own):
        return None
    name, shown_hash, version = item.contents[0].name, str(item.fields[s.WB_HASH]), str(item.fields[s.WB_VERSION])
    letter = same_bytes_letter(name, shown_hash, letters)
    if letter is not None:
        record = replace(letter.record, file=_base_name(name))
        return KnownFile(((name, record),), shown_hash, version, {name: letter.fingerprint})
    for refusal in REFUSALS:
        record = replace(refusal, file=_base_name(name))
        verdict = judge_source(item, [(name, record)], version, shown_hash, names=names)
        if not changed_columns(item.fields, {k: verdict.write_back[k] for k in _JUDGED}, _KINDS):
            return KnownFile(((name, record),), shown_hash, version)
    return None


def renamed_from_row(item: SourceItem, own: Mapping[str, Commitment]) -> KnownFile | None:
    """The content of a library letter renamed or moved since its row was read: one file, now under
    another name, whose content tag is still the one its one live row was read from (`SourceTag`: the
    same bytes). Its record is the row's under the new name (extraction reads the name for nothing else,
    `extract/api.py`), its hash the new name's, its version the current one (as after a download: the
    write-back's hash names the old file). None otherwise (it is downloaded)."""
    live = [c for c in own.values() if c.status != s.COMMITMENT_WITHDRAWN]
    if item.kind != "library" or len(item.contents) != 1 or not item.content_tag or len(live) != 1:
        return None
    name, row = item.contents[0].name, live[0]
    if row.name == name or row.source_tag != item.content_tag or not row.fingerprint or row.reading != READING:
        return None
    record = replace(row.record, file=_base_name(name))
    return KnownFile(((name, record),), content_hash_of([(name, row.fingerprint)]), item.version,
                     {name: row.fingerprint})


def same_bytes_letter(name: str, shown_hash: str, letters: Mapping[str, Commitment]) -> Commitment | None:
    """The letter whose bytes a one-file source named `name` had when its hash was `shown_hash`."""
    for fingerprint, letter in letters.items():
        if content_hash_of([(name, fingerprint)]) == shown_hash:
            return letter
    return None


def _shows_our_judgement(item: SourceItem, own: Mapping[str, Commitment]) -> bool:
    """A one-file source (a library document, or a submission with one attachment) without a live row of
    its own, whose write-back shows our judgement of the bytes it holds now: its content tag, read by this
    reading of letters, a hash, a version, a status."""
    fields = item.fields
    if len(item.contents) != 1 or not item.content_tag:
        return False  # a submission's tag is its attachments' (run.collect.with_attachment_tag): one, as a file's
    if any(c.status != s.COMMITMENT_WITHDRAWN for c in own.values()):
        return False  # a letter of its own: judged from its row (`run.read.known_read`) or read again
    return (fields.get(s.WB_CONTENT_TAG) == judged_tag(item.content_tag) and bool(fields.get(s.WB_HASH))
            and bool(fields.get(s.WB_VERSION)) and fields.get(s.WB_STATUS) in s.SOURCE_STATUSES)


def _base_name(name: str) -> str:
    """The record's `file`: the name without folders, as the extractor gives it (`extract.api.base_name`)."""
    return posixpath.basename(name.replace("\\", "/"))
