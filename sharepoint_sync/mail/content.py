"""What the mails say, as plain values computed from plain values (pure: no network, disk or clock).

`summary_of(report, links)` is the run summary; `digest_of(...)` the weekly digest and
`reminders_due(...)` the renewal reminders reuse its parts (`Links`, `ReviewEntry`, `Trouble`,
`MemberLine`). The renderer (`mail.render`) turns these values into HTML and text.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable, Literal, Mapping
from urllib.parse import quote

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.plan import Action
from sharepoint_sync.core.report import ReviewEntry, RunReport
from sharepoint_sync.mail.headers import header_safe

SendPolicy = Literal["always", "changes", "problems", "never"]
#: the member directory the pages publish (issue 8): its page name is a stable slug
DIRECTORY_PAGE = "SitePages/iln-member-districts.aspx"
#: how far ahead the weekly digest looks for members whose term ends
EXPIRING_WINDOW_DAYS = 60
_PROBLEM_OUTCOMES = ("Partial", "Failed", "Aborted")
# One address, nothing else: a point of contact's address comes from a letter (hostile text).
_ADDRESS = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Links:
    """Where staff go from a mail: the site, the lists and the member directory page."""

    site: str
    runs: str
    members: str
    library: str
    directory: str


def site_links(site_url: str, names: s.SiteNames) -> Links:
    """The links of a site: lists live under `Lists/<title>` (a library directly under the site),
    their default view is AllItems.aspx (as SharePoint creates them, and the fake tenant reproduces)."""
    site = site_url.rstrip("/")

    def list_url(title: str, library: bool = False) -> str:
        return f"{site}/{quote(title)}/Forms/AllItems.aspx" if library else f"{site}/Lists/{quote(title)}/AllItems.aspx"
    return Links(site, list_url(names.runs), list_url(names.members), list_url(names.library, True),
                 f"{site}/{DIRECTORY_PAGE}")


@dataclass(frozen=True)
class Change:
    """One change a run made, in staff's words: a new, renewed or expired member, a new commitment."""

    kind: Literal["new member", "renewed", "expired", "now active", "updated", "new commitment"]
    name: str
    detail: str = ""
    #: the letter behind the change (a commitment's document, a member's latest letter)
    link: str = ""


@dataclass(frozen=True)
class Trouble:
    """Something that went wrong, and what staff can do about it."""

    name: str
    problem: str
    advice: str
    link: str = ""


@dataclass(frozen=True)
class Summary:
    """The run summary email's content."""

    run_id: str
    outcome: str
    finished_at: str
    subject: str
    headline: str
    figures: tuple[tuple[str, str], ...]
    changes: tuple[Change, ...]
    review: tuple[ReviewEntry, ...]
    troubles: tuple[Trouble, ...]
    locked: tuple[str, ...]
    links: Links


# --- when to send -------------------------------------------------------------------------------

def has_changes(report: RunReport) -> bool:
    """The run wrote a commitment or member, or read documents that now need a person's look. The
    status counts cover every source judged, also those judged from what was known without reading
    them (a re-scan after a lost state file): only a run that read documents makes them news."""
    c = report.counts
    looked_at = bool(c.documents_read and (c.needs_review or c.unreadable or c.not_loc))
    return bool(c.commitments_created or c.commitments_updated or c.members_created or c.members_updated
                or looked_at or report.applied)


def has_problems(report: RunReport) -> bool:
    """The run did not end cleanly: failures, run-level problems, or a partial/failed/aborted outcome."""
    return bool(report.failures or report.problems or report.outcome in _PROBLEM_OUTCOMES)


def should_send(policy: str, report: RunReport) -> bool:
    """`always`; `changes` (the default): on changes or problems; `problems`: on problems only; `never`."""
    if policy == "always":
        return True
    if policy == "changes":
        return has_changes(report) or has_problems(report)
    if policy == "problems":
        return has_problems(report)
    return False


# --- the run summary ----------------------------------------------------------------------------

def summary_of(report: RunReport, links: Links) -> Summary:
    """The summary of one run: changes, the review queue, failures with advice, links."""
    changes = changes_of(report.applied)
    troubles = troubles_of(report)
    c = report.counts
    figures = (("Outcome", report.outcome), ("Documents looked at", str(c.documents_seen)),
               ("Documents read", str(c.documents_read)), ("Waiting for review", str(len(report.needs_review))),
               ("Changes written", str(c.writes)))
    shown = {f.internal_name: f.display_name for f in s.MEMBER_FIELDS}
    locked = tuple(f"{lc.district}: managed by staff, left as is (the letters would change "
                   f"{', '.join(sorted(shown.get(k, k) for k in lc.changes))})" for lc in report.locked)
    return Summary(report.run_id, report.outcome, report.finished_at, summary_subject(report, changes),
                   _headline(report, changes), figures, changes, report.needs_review, troubles, locked, links)


def changes_of(applied: Iterable[Action]) -> tuple[Change, ...]:
    """The applied member and commitment writes as changes staff care about (bookkeeping left out)."""
    out: list[Change] = []
    for action in applied:
        change = _member_change(action) if action.target == "member" else _commitment_change(action)
        if change is not None:
            out.append(change)
    order = ("new member", "now active", "renewed", "expired", "updated", "new commitment")
    return tuple(sorted(out, key=lambda ch: (order.index(ch.kind), ch.name.lower())))


def _member_change(action: Action) -> Change | None:
    values, before = action.values, action.before
    years = str(values.get(s.SCHOOL_YEARS) or before.get(s.SCHOOL_YEARS) or "").replace("\n", ", ")
    if action.op == "create":
        return Change("new member", action.label, _joined(values.get(s.M_STATUS), years),
                      str(values.get(s.M_LATEST_LINK) or ""))
    status = values.get(s.M_STATUS)
    if status == s.MEMBER_EXPIRED:
        return Change("expired", action.label, "term ended; no longer grant eligible")
    if status == s.MEMBER_ACTIVE and s.SCHOOL_YEARS not in values:
        return Change("now active", action.label, f"was {before.get(s.M_STATUS) or 'not active'}")
    if s.SCHOOL_YEARS in values or s.EXPIRES_ON in values:
        return Change("renewed", action.label, years, str(values.get(s.M_LATEST_LINK) or ""))
    shown = {f.internal_name: f.display_name for f in s.MEMBER_FIELDS}
    columns = [shown.get(k, k) for k in values if k not in (s.M_LAST_SYNCED,)]
    return Change("updated", action.label, ", ".join(columns)) if columns else None


def _commitment_change(action: Action) -> Change | None:
    if action.op != "create":
        return None
    district = action.values.get(s.C_DISTRICT) or action.values.get(s.C_AS_WRITTEN) or "district not read"
    return Change("new commitment", str(district), _joined(action.label, action.values.get(s.C_STATUS)),
                  str(action.values.get(s.C_LINK) or ""))


def _joined(*parts: Any) -> str:
    return " · ".join(str(p) for p in parts if p)


def troubles_of(report: RunReport) -> tuple[Trouble, ...]:
    """Run-level problems and per-document failures, each with what staff can do."""
    out = [Trouble("This run", problem, _advice(problem, report.outcome)) for problem in report.problems]
    out += [Trouble(f.name, f.problem, _advice(f.problem, report.outcome), f.link) for f in report.failures]
    return tuple(out)


_SIGN_IN_ADVICE = ("The worker could not sign in: KDE IT checks the app's certificate (expiry) and registration. "
                   "Nothing was changed; the next run after that catches up.")
# (pattern in the problem sentence, what staff can do): the sentences come from the engine's taxonomy
_ADVICE = (
    ("access denied (403)", "The app lost its permission on the ILN site: KDE IT grants it again (Sites.Selected, "
                            "write; docs/deploy.md). Nothing was changed; the next run after that catches up."),
    ("sign-in", _SIGN_IN_ADVICE),
    ("token", _SIGN_IN_ADVICE),
    ("did not serve the file", "Open the document in SharePoint to check that it is there and opens; the next run "
                               "reads it again."),
    ("could not be recorded", "Only the run's row in ILN Sync Runs is missing; nothing else is affected."),
    ("Stopped", "Nothing is lost: the next run carries on where this one stopped."),
    ("deleted while the run", "Nothing to do unless the row should exist: the next run writes what is missing."),
    ("kept changing", "Someone was editing the row; the next run tries again."),
)


def _advice(problem: str, outcome: str) -> str:
    if outcome == "Aborted":
        return ("A safety guard stopped the run before it wrote anything. Check the recent changes to the letters "
                "library (many letters removed or replaced?). If they are intended, an administrator runs "
                "`iln-sync run --force` once.")
    for pattern, advice in _ADVICE:
        if pattern in problem:
            return advice
    return "The next run tries again. If this keeps happening, forward this email to the iln-sync administrator."


def summary_subject(report: RunReport, changes: tuple[Change, ...]) -> str:
    """One line: what changed, how many documents wait for review, whether something went wrong."""
    parts = [_counted(changes, kind, word) for kind, word in (
        ("new member", "new member"), ("now active", "member now active"), ("renewed", "renewal"),
        ("expired", "membership expired"), ("new commitment", "new commitment"))]
    if report.needs_review:
        parts.append(f"{len(report.needs_review)} document{'s' if len(report.needs_review) != 1 else ''} to review")
    if has_problems(report):
        parts.append(f"run {report.outcome.lower()}" if report.outcome != "Succeeded" else "problems")
    text = "; ".join(p for p in parts if p) or "nothing changed"
    return header_safe(f"ILN sync: {text}")


def _counted(changes: tuple[Change, ...], kind: str, word: str) -> str:
    names = [c.name for c in changes if c.kind == kind]
    if not names:
        return ""
    if len(names) == 1:
        return f"{word}: {names[0]}"
    plural = word.replace("member", "members").replace("renewal", "renewals").replace("commitment", "commitments")
    return f"{len(names)} {plural.replace('membership expired', 'memberships expired')}"


def _headline(report: RunReport, changes: tuple[Change, ...]) -> str:
    if report.outcome == "Aborted":
        return "A safety guard stopped this run before it wrote anything."
    done = f"{len(changes)} change{'s' if len(changes) != 1 else ''}" if changes else "No membership changes"
    waiting = f", {len(report.needs_review)} document(s) waiting for review" if report.needs_review else ""
    trouble = f", {len(report.failures) + len(report.problems)} problem(s)" if has_problems(report) else ""
    return f"{done}{waiting}{trouble}."


# --- the weekly digest and renewal reminders ----------------------------------------------------

@dataclass(frozen=True)
class MemberLine:
    """A member district as ILN Members shows it."""

    district: str
    status: str
    school_years: str
    expires_on: dt.date | None
    point_of_contact: str
    grant_eligible: bool
    link: str = ""


@dataclass(frozen=True)
class RunLine:
    """A run that did not succeed."""

    run_id: str
    started_at: str
    outcome: str
    problem: str


@dataclass(frozen=True)
class Digest:
    """The weekly digest: totals, terms ending soon, the review queue, runs that went wrong."""

    week: str
    subject: str
    total: int
    totals: tuple[tuple[str, int], ...]
    expiring: tuple[tuple[MemberLine, int], ...]
    review: tuple[ReviewEntry, ...]
    failed_runs: tuple[RunLine, ...]
    links: Links
    window_days: int = EXPIRING_WINDOW_DAYS


def as_date(value: Any) -> dt.date | None:
    """A SharePoint date value (`2026-06-30`, `2026-06-30T04:00:00Z`, a date) as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def member_lines(rows: Iterable[Mapping[str, Any]]) -> tuple[MemberLine, ...]:
    """ILN Members rows as member lines, by district."""
    lines = [MemberLine(str(v.get(s.M_DISTRICT) or v.get(s.TITLE) or ""), str(v.get(s.M_STATUS) or ""),
                        str(v.get(s.SCHOOL_YEARS) or "").replace("\n", ", "), as_date(v.get(s.EXPIRES_ON)),
                        str(v.get(s.POINT_OF_CONTACT) or "").replace("\n", " "), bool(v.get(s.M_GRANT)),
                        str(v.get(s.M_LATEST_LINK) or "")) for v in rows]
    return tuple(sorted(lines, key=lambda m: m.district.lower()))


def review_queue(items: Iterable[tuple[str, str, Mapping[str, Any]]]) -> tuple[ReviewEntry, ...]:
    """Documents (name, link, write-back columns) whose status asks for a person's look."""
    waiting = (s.SOURCE_NEEDS_REVIEW, s.SOURCE_UNREADABLE)
    return tuple(ReviewEntry(name, link, fields.get(s.WB_DISTRICT) or None,
                             tuple(str(fields.get(s.WB_REASONS) or "").splitlines()) or (str(fields.get(s.WB_STATUS)),))
                 for name, link, fields in items if fields.get(s.WB_STATUS) in waiting)


def failed_runs(runs: Iterable[Mapping[str, Any]], today: dt.date, days: int = 7) -> tuple[RunLine, ...]:
    """Runs of the last `days` days (run_id, started_at, outcome, problems) that did not succeed, newest first."""
    since = today - dt.timedelta(days=days)
    seen: dict[str, RunLine] = {}
    for run in runs:
        started = as_date(run.get("started_at"))
        if run.get("outcome") in _PROBLEM_OUTCOMES and started is not None and started > since:
            problems = run.get("problems") or ""
            first = (problems if isinstance(problems, str) else "\n".join(map(str, problems))).split("\n")[0]
            seen.setdefault(str(run["run_id"]), RunLine(str(run["run_id"]), str(run["started_at"]), str(run["outcome"]), first))
    return tuple(sorted(seen.values(), key=lambda r: r.started_at, reverse=True))


def iso_week(today: dt.date) -> str:
    """`2026-W02`: the digest's exactly-once key."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def digest_of(today: dt.date, members: tuple[MemberLine, ...], review: tuple[ReviewEntry, ...],
              runs: tuple[RunLine, ...], links: Links, window_days: int = EXPIRING_WINDOW_DAYS) -> Digest:
    """The weekly digest for the week of `today`."""
    counts: dict[str, int] = {}
    for m in members:
        counts[m.status] = counts.get(m.status, 0) + 1
    totals = tuple((status, counts[status]) for status in s.MEMBER_STATUSES if status in counts)
    totals += tuple((status, n) for status, n in sorted(counts.items()) if status not in s.MEMBER_STATUSES)
    expiring = tuple((m, days) for m in members if m.status == s.MEMBER_ACTIVE and m.expires_on
                     and 0 <= (days := (m.expires_on - today).days) <= window_days)
    week = iso_week(today)
    active = counts.get(s.MEMBER_ACTIVE, 0)
    subject = header_safe(f"ILN weekly digest {week}: {active} active members, {len(expiring)} ending within "
                          f"{window_days} days, {len(review)} to review")
    return Digest(week, subject, len(members), totals, tuple(sorted(expiring, key=lambda e: e[1])), review, runs,
                  links, window_days)


@dataclass(frozen=True)
class Reminder:
    """A renewal reminder for one member's term."""

    key: str
    member: MemberLine
    days_left: int
    subject: str
    links: Links
    #: the district's point of contact, when reminders go to districts and the address is a plain address
    district_address: str | None = None


def contact_address(point_of_contact: str) -> str | None:
    """The address in a `Name, Title <address>` point of contact, when it is one plain address."""
    found = re.findall(r"<([^<>]*)>", point_of_contact)
    return found[0] if len(found) == 1 and _ADDRESS.match(found[0]) else None


def reminders_due(today: dt.date, members: tuple[MemberLine, ...], days_before: int, links: Links,
                  to_districts: bool = False) -> tuple[Reminder, ...]:
    """Active members whose term ends within `days_before` days (not yet ended), one reminder each.

    The key names the district and the term's end, so each term is reminded of once, however many
    days the job runs inside the window (or catches up after downtime)."""
    out = []
    for m in members:
        if m.status != s.MEMBER_ACTIVE or m.expires_on is None:
            continue
        days = (m.expires_on - today).days
        if 0 <= days <= days_before:
            subject = header_safe(f"ILN membership renewal: {m.district}'s term ends {m.expires_on:%B} "
                                  f"{m.expires_on.day}, {m.expires_on.year}")
            out.append(Reminder(f"reminder:{m.district.lower()}:{m.expires_on.isoformat()}", m, days, subject, links,
                                contact_address(m.point_of_contact) if to_districts else None))
    return tuple(out)
