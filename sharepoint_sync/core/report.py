"""The run report: a plain value (counts, letters needing review, failures, locked rows) that
`iln-sync run` prints for people or as JSON, the ILN Sync Runs row summarises, and the summary
email will render later."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.plan import Action, LockedChange, Plan

#: how a run ended; "Aborted" is a guard's stop (nothing written), "Failed" a run a failure ended
Outcome = Literal["Succeeded", "Partial", "Failed", "Aborted", "Stopped", "Planned"]
Mode = Literal["full", "changes", "members"]

# C0/C1 controls, bidi overrides/isolates and zero-width characters: text read from documents must
# not be able to rearrange or hide what a terminal shows (file names and districts are hostile input).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def terminal_safe(text: str) -> str:
    """`text` without characters that could hide or reorder what a terminal shows."""
    return _UNSAFE.sub("", text)


@dataclass(frozen=True)
class Counts:
    """How many documents were seen and read, and how many rows were written, by kind."""

    documents_seen: int = 0
    documents_read: int = 0
    processed: int = 0
    needs_review: int = 0
    not_loc: int = 0
    unreadable: int = 0
    ignored: int = 0
    skipped: int = 0
    source_writes: int = 0
    commitments_created: int = 0
    commitments_updated: int = 0
    members_created: int = 0
    members_updated: int = 0
    members_locked: int = 0
    #: resource pages published (not in `writes`: those are list rows)
    pages_published: int = 0

    @property
    def writes(self) -> int:
        """Writes to documents, items, commitments and members (the run's own row not included)."""
        return (self.source_writes + self.commitments_created + self.commitments_updated
                + self.members_created + self.members_updated)


@dataclass(frozen=True)
class ReviewEntry:
    """A document that needs a person's look, with its reasons in plain words."""

    name: str
    link: str
    district: str | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Failure:
    """Something that went wrong with one document or row (the run went on)."""

    name: str
    problem: str
    link: str = ""


@dataclass(frozen=True)
class RunReport:
    """Everything a person (or the summary email) needs to know about one run."""

    run_id: str
    started_at: str
    finished_at: str
    outcome: Outcome
    mode: Mode
    counts: Counts = field(default_factory=Counts)
    needs_review: tuple[ReviewEntry, ...] = ()
    failures: tuple[Failure, ...] = ()
    locked: tuple[LockedChange, ...] = ()
    planned: tuple[Action, ...] = ()
    problems: tuple[str, ...] = ()
    #: the commitment and member writes that succeeded (what the summary email says changed)
    applied: tuple[Action, ...] = ()
    #: a Failed run: the kind of failure that ended it (`failures.classify`: "remote", "auth", "config"...)
    #: and the step it was in ("collecting", "reading", "applying", "publishing pages", "recording")
    ended_by: str | None = None
    failed_step: str | None = None

    def with_(self, **changes: Any) -> "RunReport":
        """A copy with some fields replaced."""
        return replace(self, **changes)

    def to_json(self, *, with_plan: bool = False) -> dict[str, Any]:
        """The report as JSON-ready data (`iln-sync run --json`)."""
        data: dict[str, Any] = {
            "run_id": self.run_id, "started_at": self.started_at, "finished_at": self.finished_at,
            "outcome": self.outcome, "mode": self.mode,
            "counts": {**asdict(self.counts), "writes": self.counts.writes},
            "needs_review": [asdict(e) for e in self.needs_review],
            "failures": [asdict(f) for f in self.failures],
            "locked": [{"district": lc.district, "changes": {k: list(v) for k, v in lc.changes.items()}}
                       for lc in self.locked],
            "problems": list(self.problems),
        }
        if self.ended_by:
            data["ended_by"], data["failed_step"] = self.ended_by, self.failed_step
        if with_plan:
            data["plan"] = [action_json(a) for a in self.planned]
        return data


def action_json(action: Action) -> dict[str, Any]:
    """One planned write as JSON-ready data."""
    return {"target": action.target, "op": action.op, "list": action.list_title, "label": action.label,
            "key": action.key, "values": dict(action.values), "before": dict(action.before)}


# What people call the things a plan writes to: "source" is our word, staff upload documents.
_TARGET_WORDS = {"source": "document", "commitment": "commitment", "member": "member", "page": "page"}


def _display_names() -> dict[str, str]:
    """Column internal name -> the name staff see in SharePoint (plan and report lines use the latter)."""
    specs = s.WRITE_BACK_FIELDS + s.SUBMISSION_OWN_FIELDS + s.COMMITMENT_FIELDS + s.MEMBER_FIELDS + s.RUN_FIELDS
    return {f.internal_name: f.display_name for f in specs}


def describe_action(action: Action) -> str:
    """One line per planned write, in the columns' display names, e.g.
    `update member "Marion County" in ILN Members: Member status: 'Pending KDE signature' -> 'Active'`."""
    target = _TARGET_WORDS.get(action.target, action.target)
    if action.op == "create":
        return f"create {target} \"{action.label}\" in {action.list_title}"
    shown = _display_names()
    changes = ", ".join(f"{shown.get(k, k)}: {_short(action.before.get(k))} -> {_short(v)}"
                        for k, v in action.values.items() if k in action.before)
    return f"update {target} \"{action.label}\" in {action.list_title}: {changes}"


def _short(value: Any) -> str:
    text = "" if value is None else str(value).replace("\n", " / ")
    return repr(text if len(text) <= 60 else text[:57] + "...")


def render_plan(plan: Plan) -> str:
    """`iln-sync plan`: every write the run would make, and what it would change on locked rows."""
    out = [f"{len(plan.actions)} write(s) planned:" if plan.actions else "Nothing to write: the site is up to date."]
    out += ["  " + describe_action(a) for a in plan.actions]
    for lc in plan.locked:
        out.append(f"  locked (Managed by staff) \"{lc.district}\": would change " + ", ".join(lc.changes))
    return terminal_safe("\n".join(out))


#: what an outcome means, for people (the Runs list keeps the bare value: its Outcome column's choices)
_OUTCOME_WORDS = {"Aborted": "Aborted (stopped by a guard, nothing written)",
                  "Failed": "Failed (the run could not finish; it is recorded, the next run starts over)"}


def render_text(report: RunReport) -> str:
    """The report for people (`iln-sync run`)."""
    c = report.counts
    out = [
        f"iln-sync run {report.run_id}: {_OUTCOME_WORDS.get(report.outcome, report.outcome)} ({report.mode} scan)",
        f"  documents: {c.documents_seen} seen, {c.documents_read} read; {c.processed} processed, "
        f"{c.needs_review} need review, {c.not_loc} not an LOC, {c.unreadable} unreadable, {c.ignored} ignored, "
        f"{c.skipped} skipped",
        f"  writes: {c.writes} ({c.source_writes} documents/items, {c.commitments_created} commitments created, "
        f"{c.commitments_updated} updated, {c.members_created} members created, {c.members_updated} updated)",
    ]
    if c.pages_published:
        out.append(f"  pages: {c.pages_published} published")
    out += [f"  problem: {p}" for p in report.problems]
    if report.needs_review:
        # The list holds every document still waiting for staff, not only those read by this run
        # (a run with no change still lists them), so the line says so and what staff can do.
        out.append(f"  needs review: {len(report.needs_review)} document(s) waiting for staff, from this or earlier "
                   "runs (set a Review decision on the document, or upload a corrected letter)")
        for e in report.needs_review:
            out.append(f"    {e.name} ({e.district or 'district unknown'}) {e.link}")
            out += [f"      - {r}" for r in e.reasons]
    if report.failures:
        out.append("  failures:")
        out += [f"    {f.name}: {f.problem}" for f in report.failures]
    for lc in report.locked:
        shown = _display_names()
        out.append(f"  managed by staff, left as is: {lc.district} "
                   f"(would change {', '.join(shown.get(col, col) for col in lc.changes)})")
    return terminal_safe("\n".join(out))


def problems_text(report: RunReport) -> str:
    """The ILN Sync Runs "Problems" column: every problem and failure, one per line."""
    lines = list(report.problems) + [f"{f.name}: {f.problem}" for f in report.failures]
    lines += [f"{e.name} needs review: {' '.join(e.reasons)}" for e in report.needs_review]
    lines += [_locked_line(lc) for lc in report.locked]
    return "\n".join(lines)


def _locked_line(lc: LockedChange) -> str:
    """What the worker would have changed on a row staff manage, in the columns' display names."""
    shown = {f.internal_name: f.display_name for f in s.MEMBER_FIELDS}

    def value(v: Any) -> str:
        return "(empty)" if v in (None, "") else str(v).replace("\n", "; ")[:120]
    changes = "; ".join(f"{shown.get(col, col)}: {value(before)} -> {value(after)}"
                        for col, (before, after) in lc.changes.items())
    return f"{lc.district} is managed by staff and was left as is; the worker would have changed {changes}"
