"""From what was read to what SharePoint should show: a source's write-back and its commitments.

A *source* is a library document or a submissions-list item; each file it holds (the document, or
each attachment) gives one LOC record. Staff's "Review decision" on the source is honoured here:
"Accept as read" counts a letter that needs review; "Ignore" makes the source count for nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.values import lines, person_text, signatory_text, years_text
from sharepoint_sync.core.evidence_words import evidence_text, quoted_reasons
from sharepoint_sync.ports import SourceItem, SourceKind
from sharepoint_sync.record import READING, LocRecord

_KIND_CHOICE: dict[SourceKind, str] = {"library": "Library", "submission": "Submission"}
#: files the worker could not read for a reason a person can act on: the document needs review
#: (a Word template, embedded content, blocked by the virus scan, not downloadable run after run)
REVIEW_UNREADABLE = frozenset({"unreadable:template", "unreadable:embedded_content",
                               "unreadable:virus_blocked", "unreadable:not_downloaded"})
_CHOICE_KIND: dict[str, SourceKind] = {v: k for k, v in _KIND_CHOICE.items()}


@dataclass(frozen=True)
class Commitment:
    """One LOC record as a commitment: where it came from, whether it counts, and the record."""

    key: str
    kind: SourceKind
    item_id: int
    name: str
    link: str
    version: str
    status: str  # one of schema.COMMITMENT_STATUSES
    record: LocRecord
    #: plain-word review notes beyond the record's own reasons (e.g. the submission names another district)
    notes: tuple[str, ...] = ()
    #: SHA-256 of the file's bytes (name-independent), "" when not known this run: one file, one commitment
    fingerprint: str = ""
    #: the source file's SharePoint-side content fingerprint when read (`SourceItem.content_tag`), "" if none
    source_tag: str = ""
    #: the reading of letters the record was made by (`record.READING`; 0 for a row written before it was kept)
    reading: int = READING

    @property
    def reasons(self) -> tuple[str, ...]:
        """Every review reason in plain words."""
        return quoted_reasons(self.record) + self.notes


@dataclass(frozen=True)
class SourceVerdict:
    """What one source should look like: its write-back columns and the commitments it yields."""

    item: SourceItem
    write_back: dict[str, Any]
    commitments: tuple[Commitment, ...]
    #: plain-word reasons shown to people (for the report's "needs review" list)
    reasons: tuple[str, ...]
    #: the files could not be read this run: the source's existing commitments stay as they are
    unread: bool = False


def judged_tag(content_tag: str, reading: int = READING) -> str | None:
    """The write-back's *Content tag read*: the file's content tag (`SourceItem.content_tag`) and the
    reading of letters that judged it, so a new extractor's run never takes an older judgement for its
    own; None without a tag (a submission whose attachments' tags were not listed, or none attached)."""
    return f"{content_tag};reading={reading}" if content_tag else None


def commitment_key(kind: SourceKind, item_id: int, file_name: str) -> str:
    """The stable identity of a commitment: the document, or the item plus the attachment's name.

    SharePoint never reuses a list item id, and a new version or a rename keeps it, so a correction
    uploaded over a letter keeps its key and replaces its own record.
    """
    if kind == "library":
        return f"library:{item_id}"
    return f"submission:{item_id}:{file_name}"


class DistrictNames(Protocol):
    """Who decides what a written district name means: the district registry (`extract.fields.district
    .Registry`), the one owner of district identity, so that its variants ("Ft. Thomas Independent",
    "Berea Community Schools") count here exactly as they do when a letter is read."""

    def match(self, written: str | None) -> str | None:
        """The canonical name of the one active district `written` names, else None."""


def same_district(names: DistrictNames, written: str, canonical: str) -> bool:
    """Whether `written` (a form's District column, say) names the district whose canonical name is
    `canonical`, as the registry reads it."""
    return names.match(written) == canonical


def _submission_notes(item: SourceItem, record: LocRecord, names: DistrictNames) -> tuple[str, ...]:
    said = (item.fields.get(s.SUB_DISTRICT) or "").strip()
    if item.kind != "submission" or not said:
        return ()
    if record.district is None:
        return (f'The letter names no known district; the submission form says "{said}".',)
    if names.match(said) is None:
        return (f'The submission form says "{said}", which names no Kentucky district we know; '
                f'the letter is from {record.district}.',)
    if not same_district(names, said, record.district):
        return (f'The submission form says "{said}" but the letter is from {record.district}.',)
    return ()


def _commitment_status(record: LocRecord, notes: tuple[str, ...], decision: str | None) -> str:
    if decision == s.DECISION_IGNORE:
        return s.COMMITMENT_IGNORED
    if decision == s.DECISION_ACCEPT or (record.status == "ok" and not notes):
        return s.COMMITMENT_ACCEPTED
    return s.COMMITMENT_NEEDS_REVIEW


def _source_status(records: list[LocRecord], commitments: tuple[Commitment, ...], decision: str | None) -> str:
    if decision == s.DECISION_IGNORE:
        return s.SOURCE_IGNORED
    if commitments:
        needs = any(c.status == s.COMMITMENT_NEEDS_REVIEW for c in commitments)
        return s.SOURCE_NEEDS_REVIEW if needs else s.SOURCE_PROCESSED
    if any(reason in REVIEW_UNREADABLE for r in records for reason in r.review_reasons):
        return s.SOURCE_NEEDS_REVIEW
    if any(r.status == "unreadable" for r in records):
        return s.SOURCE_UNREADABLE
    return s.SOURCE_NOT_LOC


def judge_source(item: SourceItem, records: list[tuple[str, LocRecord]], version: str | None = None,
                 content_hash: str | None = None, *, names: DistrictNames, unread: bool = False) -> SourceVerdict:
    """The write-back and commitments of a source, given the record of each file it holds (name, record).

    `version` is the item version whose content was read (default: the current one). It differs when
    only columns changed since: SharePoint makes a new version for a column edit too, ours included.
    """
    decision = item.fields.get(s.WB_DECISION) or None
    version = version or item.version
    commitments = tuple(
        _commitment(item, name, record, decision, version, names) for name, record in records if record.is_loc
    )
    plain = [r for _, r in records]
    status = _source_status(plain, commitments, decision)
    reasons = _reasons(item, records, commitments)
    primary = commitments[0].record if commitments else (plain[0] if plain else None)
    write_back = {
        s.WB_STATUS: status,
        s.WB_DISTRICT: (primary.district or primary.district_as_written) if primary else None,
        s.WB_SIGNED_ON: primary.district_signed_on if primary else None,
        s.WB_SCHOOL_YEARS: years_text(primary.school_years) if primary else None,
        s.WB_REASONS: lines(list(reasons)),
        s.WB_VERSION: version,
    }
    if content_hash is not None:
        write_back[s.WB_HASH] = content_hash
    # no tag for files not read (virus scan, not served): their write-back must never pass for a judgement
    write_back[s.WB_CONTENT_TAG] = judged_tag(item.content_tag) if content_hash is not None and not unread else None
    return SourceVerdict(item, write_back, commitments, reasons, unread)


def _commitment(item: SourceItem, name: str, record: LocRecord, decision: str | None, version: str,
                names: DistrictNames) -> Commitment:
    notes = _submission_notes(item, record, names)
    return Commitment(
        key=commitment_key(item.kind, item.item_id, name), kind=item.kind, item_id=item.item_id,
        name=name, link=_link_of(item, name), version=version,
        status=_commitment_status(record, notes, decision), record=record, notes=notes,
        source_tag=item.content_tag,
    )


def _link_of(item: SourceItem, name: str) -> str:
    for ref in item.contents:
        if ref.name == name and ref.link:
            return ref.link
    return item.link


def _reasons(item: SourceItem, records: list[tuple[str, LocRecord]],
             commitments: tuple[Commitment, ...]) -> tuple[str, ...]:
    if item.kind == "submission" and not records:
        return ("The submission has no attachment.",)
    notes = {c.name: c.notes for c in commitments}
    out: list[str] = []
    for name, record in records:
        words = quoted_reasons(record) + notes.get(name, ())
        prefix = f"{name}: " if len(records) > 1 else ""
        out.extend(prefix + w for w in words)
    return tuple(out)


# --- commitment rows ----------------------------------------------------------------------------

def commitment_values(c: Commitment) -> dict[str, Any]:
    """The ILN Commitments row for a commitment (every column the worker owns)."""
    r = c.record
    return {
        s.TITLE: c.name, s.C_KEY: c.key, s.C_KIND: _KIND_CHOICE[c.kind], s.C_ITEM_ID: c.item_id,
        s.C_VERSION: c.version, s.C_SOURCE_TAG: c.source_tag or None, s.C_STATUS: c.status, s.C_DISTRICT: r.district,
        s.C_AS_WRITTEN: r.district_as_written, s.C_TEMPLATE: r.template,
        s.C_SIGNED_ON: r.district_signed_on, s.C_KDE_SIGNED_ON: r.kde_signed_on,
        s.C_ACADEMIC_YEAR: r.academic_year_stated, s.SCHOOL_YEARS: years_text(r.school_years),
        s.EXPIRES_ON: r.expires_on, s.POINT_OF_CONTACT: person_text(r.point_of_contact),
        s.SIGNATORY: signatory_text(r.signatory),
        s.CONTACTS: lines([t for t in (person_text(p) for p in r.contacts) if t]),
        s.ACTION_POINTS: lines(r.action_points), s.FOCUS_AREAS: lines(r.focus_areas),
        s.INITIATIVES: lines(r.initiatives), s.C_REASONS: lines(list(c.reasons)), s.C_LINK: c.link or None,
        s.C_EVIDENCE: evidence_text(r),
        s.C_RECORD: json.dumps({"record": r.to_json(evidence=True), "notes": list(c.notes), "reading": c.reading,
                                **({"fingerprint": c.fingerprint} if c.fingerprint else {})},
                               sort_keys=True, ensure_ascii=False),
    }


def commitment_from_row(values: dict[str, Any]) -> Commitment | None:
    """The commitment a row holds (None when the row's record is missing or unreadable)."""
    try:
        stored = json.loads(values.get(s.C_RECORD) or "")
        record = LocRecord.from_json(stored["record"])
        kind = _CHOICE_KIND[values[s.C_KIND]]
        return Commitment(
            key=values[s.C_KEY], kind=kind, item_id=int(values.get(s.C_ITEM_ID) or 0),
            name=values.get(s.TITLE) or record.file, link=values.get(s.C_LINK) or "",
            version=values.get(s.C_VERSION) or "",
            status=values.get(s.C_STATUS) or s.COMMITMENT_NEEDS_REVIEW, record=record,
            notes=tuple(stored.get("notes") or ()), fingerprint=str(stored.get("fingerprint") or ""),
            source_tag=str(values.get(s.C_SOURCE_TAG) or ""), reading=int(stored.get("reading") or 0),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def commitments_by_source(rows: tuple[Any, ...]) -> dict[tuple[SourceKind, int], dict[str, Commitment]]:
    """(kind, item id) -> file name -> the commitment its row holds: what the run knows of a source's
    files without reading them (the Commitments list is the record; local state keeps no copy)."""
    out: dict[tuple[SourceKind, int], dict[str, Commitment]] = {}
    for row in rows:
        c = commitment_from_row(dict(row.values))
        if c is not None:
            out.setdefault((c.kind, c.item_id), {}).setdefault(c.name, c)
    return out


COMMITMENT_COLUMNS: tuple[str, ...] = tuple(f.internal_name for f in s.COMMITMENT_FIELDS) + (s.TITLE,)
