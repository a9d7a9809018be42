"""Plan, then apply: the whole list of writes a run will make, computed before the first write.

`build_plan` is pure: given what was read (source verdicts, the Commitments and Members rows) and
`today`, it returns the actions. Unchanged content yields no action: values are compared after
normalization (`core.values`), never by ETag. Applying a plan and planning again gives no action.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.reconcile import MemberView, desired_members, district_key, orphan_view
from sharepoint_sync.core.sources import Commitment, SourceVerdict, commitment_from_row, commitment_values
from sharepoint_sync.core.values import changed_columns, lines, normalize, person_text, signatory_text, years_text
from sharepoint_sync.ports import Row, SourceKind

Target = Literal["source", "commitment", "member", "page"]
SOURCE_KINDS = s.field_kinds(s.WRITE_BACK_FIELDS)
COMMITMENT_KINDS = s.field_kinds(s.COMMITMENT_FIELDS)
MEMBER_KINDS = s.field_kinds(s.MEMBER_FIELDS)
WITHDRAWN_REASON = "The source document was removed, or is no longer a Letter of Commitment."


@dataclass(frozen=True)
class Action:
    """One write: create a row, or update the changed columns of one (guarded by its ETag)."""

    target: Target
    op: Literal["create", "update"]
    list_title: str
    label: str
    key: str
    values: Mapping[str, Any]
    before: Mapping[str, Any] = field(default_factory=dict)
    item_id: int | None = None
    etag: str | None = None
    key_column: str | None = None


@dataclass(frozen=True)
class LockedChange:
    """A change the worker would make to a member row that staff manage ("Managed by staff" = Yes)."""

    district: str
    changes: Mapping[str, tuple[Any, Any]]


@dataclass(frozen=True)
class PlanInput:
    """Everything a plan is computed from (all read before planning)."""

    names: s.SiteNames
    verdicts: tuple[SourceVerdict, ...]
    commitment_rows: tuple[Row, ...]
    member_rows: tuple[Row, ...]
    today: dt.date
    now: str
    #: sources deleted since the last run (kind, item id)
    gone: frozenset[tuple[SourceKind, int]] = frozenset()
    #: kinds listed in full this run, and every item listed: commitments of unlisted items are withdrawn
    rescanned: frozenset[SourceKind] = frozenset()
    listed: frozenset[tuple[SourceKind, int]] = frozenset()


@dataclass(frozen=True)
class Plan:
    """The writes of a run, in the order they are applied, and what it would change on locked rows."""

    actions: tuple[Action, ...]
    locked: tuple[LockedChange, ...]
    member_rows_before: int
    library_letters_before: int
    library_letters_after: int
    #: every commitment as it will be after the plan is applied (for the report)
    commitments: tuple[Commitment, ...] = ()

    def of(self, target: Target) -> tuple[Action, ...]:
        """The actions on one kind of target."""
        return tuple(a for a in self.actions if a.target == target)


def build_plan(inp: PlanInput) -> Plan:
    """The complete, ordered list of writes: write-backs, then commitments, then members."""
    sources = tuple(a for v in inp.verdicts if (a := source_action(inp.names.library if v.item.kind == "library"
                                                                  else inp.names.submissions, v, inp.now)))
    existing = _existing_commitments(inp.commitment_rows)
    commitment_actions, merged = _plan_commitments(inp, existing)
    member_actions, locked = plan_members(inp.names.members, merged.values(), inp.member_rows, inp.today, inp.now)
    before = _library_letters(c for c, _ in existing.values())
    return Plan(sources + commitment_actions + member_actions, locked, len(inp.member_rows),
                before, _library_letters(merged.values()), tuple(merged[k] for k in sorted(merged)))


def source_action(list_title: str, verdict: SourceVerdict, now: str) -> Action | None:
    """The write-back update of one source, or None when it already shows the verdict."""
    item = verdict.item
    changed = changed_columns(item.fields, verdict.write_back, SOURCE_KINDS)
    if not changed:
        return None
    before = {k: item.fields.get(k) for k in changed}
    return Action("source", "update", list_title, item.name, f"{item.kind}:{item.item_id}",
                  {**changed, s.WB_PROCESSED_AT: now}, before, item.item_id, item.etag)


def _existing_commitments(rows: tuple[Row, ...]) -> dict[str, tuple[Commitment | None, Row]]:
    out: dict[str, tuple[Commitment | None, Row]] = {}
    for row in rows:
        key = row.values.get(s.C_KEY)
        if key and key not in out:  # the unique index makes a second row impossible; be safe anyway
            out[key] = (commitment_from_row(dict(row.values)), row)
    return out


def _plan_commitments(inp: PlanInput, existing: dict[str, tuple[Commitment | None, Row]]
                      ) -> tuple[tuple[Action, ...], dict[str, Commitment]]:
    desired = {c.key: c for v in inp.verdicts for c in v.commitments}
    processed = {(v.item.kind, v.item.item_id) for v in inp.verdicts if not v.unread}
    merged = {k: c for k, (c, _) in existing.items() if c is not None}
    actions: list[Action] = []
    for key, (current, row) in sorted(existing.items()):
        if key not in desired and current and _withdrawn(current, processed, inp):
            merged[key] = _withdraw(current)
            actions += _commitment_update(inp.names.commitments, merged[key], row)
    for key, wanted in sorted(desired.items()):
        merged[key] = wanted
        if key in existing:
            actions += _commitment_update(inp.names.commitments, wanted, existing[key][1])
        else:
            actions.append(Action("commitment", "create", inp.names.commitments, wanted.name, key,
                                  commitment_values(wanted), key_column=s.C_KEY))
    return tuple(actions), merged


def _withdrawn(c: Commitment, processed: set[tuple[SourceKind, int]], inp: PlanInput) -> bool:
    source = (c.kind, c.item_id)
    unlisted = c.kind in inp.rescanned and source not in inp.listed
    return source in processed or source in inp.gone or unlisted


def _withdraw(c: Commitment) -> Commitment:
    return Commitment(c.key, c.kind, c.item_id, c.name, c.link, c.version,
                      s.COMMITMENT_WITHDRAWN, c.record, (WITHDRAWN_REASON,))


def _commitment_update(list_title: str, wanted: Commitment, row: Row) -> list[Action]:
    changed = changed_columns(row.values, commitment_values(wanted), COMMITMENT_KINDS)
    if not changed:
        return []
    before = {k: row.values.get(k) for k in changed}
    return [Action("commitment", "update", list_title, wanted.name, wanted.key, changed, before,
                   row.item_id, row.etag)]


def _library_letters(commitments: Any) -> int:
    return sum(1 for c in commitments if c is not None and c.kind == "library" and c.status != s.COMMITMENT_WITHDRAWN)


# --- members ------------------------------------------------------------------------------------

def member_values(view: MemberView) -> dict[str, Any]:
    """The ILN Members columns the worker keeps for one district."""
    values: dict[str, Any] = {
        s.TITLE: view.district, s.M_DISTRICT: view.district, s.M_STATUS: view.status,
        s.M_GRANT: view.grant_eligible, s.M_NOTES: lines(list(view.notes)),
    }
    r = view.shown
    if r is not None:
        values.update({
            s.SCHOOL_YEARS: years_text(r.school_years), s.EXPIRES_ON: r.expires_on,
            s.POINT_OF_CONTACT: person_text(r.point_of_contact), s.SIGNATORY: signatory_text(r.signatory),
            s.CONTACTS: lines([t for t in (person_text(p) for p in r.contacts) if t]),
            s.ACTION_POINTS: lines(r.action_points), s.FOCUS_AREAS: lines(r.focus_areas),
            s.INITIATIVES: lines(r.initiatives), s.M_LATEST_LINK: view.latest_link,
        })
    return values


def plan_members(list_title: str, commitments: Any, rows: tuple[Row, ...], today: dt.date, now: str
                 ) -> tuple[tuple[Action, ...], tuple[LockedChange, ...]]:
    """Member creates/updates from all commitments; locked rows only report what would change."""
    views = desired_members(commitments, today)
    by_key = _member_rows(rows)
    actions: list[Action] = []
    locked: list[LockedChange] = []
    for key in sorted(set(views) | set(by_key)):
        row = by_key.get(key)
        # a key missing from views came from by_key, so row is set whenever orphan_view is reached
        view = views.get(key) or orphan_view(_row_district(row))  # type: ignore[arg-type]
        wanted = member_values(view)
        if row is None:
            actions.append(Action("member", "create", list_title, view.district, key,
                                  {**wanted, s.M_LAST_SYNCED: now}, key_column=s.M_DISTRICT))
            continue
        changed = changed_columns(row.values, wanted, MEMBER_KINDS)
        if not changed:
            continue
        if row.values.get(s.M_LOCKED):
            locked.append(LockedChange(view.district, {k: (row.values.get(k), v) for k, v in changed.items()}))
            continue
        actions.append(Action("member", "update", list_title, view.district, key,
                              {**changed, s.M_LAST_SYNCED: now}, {k: row.values.get(k) for k in changed},
                              row.item_id, row.etag))
    return tuple(actions), tuple(locked)


def _row_district(row: Row) -> str:
    return str(row.values.get(s.M_DISTRICT) or row.values.get(s.TITLE) or "")


def _member_rows(rows: tuple[Row, ...]) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for row in rows:
        name = _row_district(row)
        if name:
            out.setdefault(district_key(name), row)
    return out


def replan(action: Action, fresh: Row, now: str) -> Action | LockedChange | None:
    """After a 412, the same intent against the row as it is now.

    A column someone changed between our read and our write (its fresh value differs from the one
    we read) is left as they set it: a staff edit is never overwritten. A row that became
    "Managed by staff" only reports what would change.
    """
    kinds = {"source": SOURCE_KINDS, "commitment": COMMITMENT_KINDS, "member": MEMBER_KINDS}[action.target]
    stamps = (s.WB_PROCESSED_AT, s.M_LAST_SYNCED)
    untouched = {
        k: v for k, v in action.values.items()
        if k not in stamps and k in action.before
        and normalize(kinds.get(k, "text"), fresh.values.get(k)) == normalize(kinds.get(k, "text"), action.before[k])
    }
    changed = changed_columns(fresh.values, untouched, kinds)
    if not changed:
        return None
    if action.target == "member" and fresh.values.get(s.M_LOCKED):
        return LockedChange(action.label, {k: (fresh.values.get(k), v) for k, v in changed.items()})
    stamp = {k: now for k in stamps if k in action.values}
    return Action(action.target, "update", action.list_title, action.label, action.key,
                  {**changed, **stamp}, {k: fresh.values.get(k) for k in changed}, fresh.item_id, fresh.etag)
