"""What each page says, as plain view values (pure): the directory, the initiatives, the spotlights.

Who is where (from the member rules of `core.reconcile`, computed for the same `today`):

* **current member**: member status Active, or grant eligible (an older accepted, countersigned
  letter still covers today while a newer one waits for review);
* **pending**: the district signed its latest accepted letter, KDE has not countersigned yet;
* **former member**: the latest accepted letter's term ended (status Expired);
* a district with no accepted letter at all has no page yet (it was never a member).

An action point *concerns* an initiative when it names it (or a usual short form, see
`INITIATIVE_TERMS`); a district takes part in an initiative when it ticked it on its letter or an
action point concerns it. Nothing here depends on the day except through the member statuses, so
the same data renders the same bytes (the content hash compares them).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.reconcile import MemberView, desired_members, district_key, supersession_order
from sharepoint_sync.core.sources import Commitment
from sharepoint_sync.pages.links import https_href, mailto_href
from sharepoint_sync.pages.model import DIRECTORY_SLUG, PageInputs, Resource, initiative_slug, spotlight_slug
from sharepoint_sync.record import INITIATIVES, LocRecord, Person

#: words that name an initiative inside an action point (matched whole-word, any case)
INITIATIVE_TERMS: dict[str, tuple[str, ...]] = {
    "Local Laboratories of Learning": ("local laboratories of learning", "local laboratory of learning", "L3"),
    "Portrait of a Learner": ("portrait of a learner", "portrait of a graduate"),
    "Project-Based Learning": ("project-based learning", "project based learning", "PBL"),
    "Student Microcredentials": ("microcredential", "microcredentials", "micro-credential", "micro-credentials"),
    "Deeper Learning": ("deeper learning",),
    "Innovative Teacher Fellowship": ("teacher fellowship", "teacher fellows", "innovative teacher fellow"),
}
_TERM_PATTERNS = {name: re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![\w-])",
                                   re.IGNORECASE) for name, terms in INITIATIVE_TERMS.items()}


@dataclass(frozen=True)
class Link:
    """A text with an address; `href` None renders plain text (the address was not https/mailto)."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class Segment:
    """A run of an action point's text; `focus` runs are the district's bold focus phrases."""

    text: str
    focus: bool = False


@dataclass(frozen=True)
class ContactView:
    name: str
    title: str
    email: Link | None
    role: str


@dataclass(frozen=True)
class DistrictRow:
    """One district in a table: link to its spotlight and what the table shows of it."""

    district: Link
    contact: ContactView | None
    school_years: str
    initiatives: tuple[Link, ...]
    points: tuple[tuple[Segment, ...], ...] = ()


@dataclass(frozen=True)
class HistoryRow:
    school_years: str
    signed_on: str
    kde_signed_on: str
    status: str
    letter: Link


@dataclass(frozen=True)
class ResourceRow:
    name: Link
    date: str


@dataclass(frozen=True)
class Directory:
    title: str
    current: tuple[DistrictRow, ...]
    pending: tuple[DistrictRow, ...]
    initiatives: tuple[Link, ...]


@dataclass(frozen=True)
class InitiativePage:
    title: str
    districts: tuple[DistrictRow, ...]
    resources: tuple[ResourceRow, ...]
    directory: Link


@dataclass(frozen=True)
class Spotlight:
    title: str
    district: str
    standing: str
    former: bool
    school_years: str
    expires_on: str
    grant_eligible: bool
    points: tuple[tuple[Segment, ...], ...]
    focus_areas: tuple[str, ...]
    contacts: tuple[ContactView, ...]
    initiatives: tuple[Link, ...]
    history: tuple[HistoryRow, ...]
    directory: Link


def long_date(iso: str | None) -> str:
    """`2027-06-30` -> `June 30, 2027`; empty for None."""
    if not iso:
        return ""
    day = dt.date.fromisoformat(iso[:10])
    return f"{day:%B} {day.day}, {day.year}"


def years_label(years: Iterable[str]) -> str:
    """`2025-2026, 2026-2027`."""
    return ", ".join(years)


def page_url(site_url: str, slug: str) -> str:
    """The absolute address of a page of ours."""
    return f"{site_url.rstrip('/')}/SitePages/{slug}.aspx"


def concerns(point: str, initiative: str) -> bool:
    """True when the action point names the initiative."""
    return bool(_TERM_PATTERNS[initiative].search(point))


def segments(point: str, focus_areas: Iterable[str]) -> tuple[Segment, ...]:
    """The action point split into plain and focus runs (each focus phrase marked where it occurs)."""
    phrases = sorted({f for f in focus_areas if f and f in point}, key=len, reverse=True)
    if not phrases:
        return (Segment(point),)
    pattern = re.compile("|".join(re.escape(p) for p in phrases))
    out: list[Segment] = []
    last = 0
    for match in pattern.finditer(point):
        if match.start() > last:
            out.append(Segment(point[last:match.start()]))
        out.append(Segment(match.group(0), True))
        last = match.end()
    if last < len(point):
        out.append(Segment(point[last:]))
    return tuple(out)


def _contact(person: Person | None, role: str) -> ContactView | None:
    if person is None or not (person.name or person.email):
        return None
    email = Link(person.email, mailto_href(person.email)) if person.email else None
    return ContactView(person.name or "", person.title or "", email, role)


def _standing(view: MemberView) -> str:
    if view.status == s.MEMBER_ACTIVE or view.grant_eligible:
        return "current"
    return {s.MEMBER_PENDING_KDE: "pending", s.MEMBER_EXPIRED: "former"}.get(view.status, "review")


def _takes_part(record: LocRecord, initiative: str) -> bool:
    return initiative in record.initiatives or any(concerns(p, initiative) for p in record.action_points)


def _initiatives_of(record: LocRecord, site_url: str) -> tuple[Link, ...]:
    return tuple(Link(i, page_url(site_url, initiative_slug(i))) for i in INITIATIVES if _takes_part(record, i))


class _Site:
    """The members of the network on one day, grouped as the pages need them."""

    def __init__(self, inputs: PageInputs) -> None:
        self.inputs = inputs
        self.views = desired_members(inputs.commitments, inputs.today)
        self.by_district: dict[str, list[Commitment]] = {}
        for c in inputs.commitments:
            if c.record.district and c.status in (s.COMMITMENT_ACCEPTED, s.COMMITMENT_NEEDS_REVIEW):
                self.by_district.setdefault(district_key(c.record.district), []).append(c)
        #: districts that were ever a member: at least one accepted letter
        self.members = {k: v for k, v in self.views.items() if v.shown is not None
                        and any(c.status == s.COMMITMENT_ACCEPTED for c in self.by_district.get(k, []))}

    def link(self, view: MemberView) -> Link:
        return Link(view.district, page_url(self.inputs.site_url, spotlight_slug(view.district)))

    def row(self, view: MemberView, initiative: str | None = None) -> DistrictRow:
        r = view.shown
        assert r is not None
        points = tuple(segments(p, r.focus_areas) for p in r.action_points
                       if initiative is None or concerns(p, initiative))
        return DistrictRow(self.link(view), _contact(r.point_of_contact, "ILN point of contact"),
                           years_label(r.school_years), _initiatives_of(r, self.inputs.site_url), points)

    def in_standing(self, *standings: str) -> list[MemberView]:
        return [v for _, v in sorted(self.members.items()) if _standing(v) in standings]


def directory(inputs: PageInputs) -> Directory:
    """The member directory: current members, then those waiting for KDE's signature."""
    site = _Site(inputs)
    return Directory("ILN Member Districts", tuple(site.row(v) for v in site.in_standing("current")),
                     tuple(site.row(v) for v in site.in_standing("pending")),
                     tuple(Link(i, page_url(inputs.site_url, initiative_slug(i))) for i in INITIATIVES))


def initiative_pages(inputs: PageInputs) -> list[tuple[str, InitiativePage]]:
    """(initiative, page) for the six initiatives: the districts taking part and the tagged resources."""
    site = _Site(inputs)
    home = Link("ILN Member Districts", page_url(inputs.site_url, DIRECTORY_SLUG))
    out = []
    for name in INITIATIVES:
        rows = tuple(site.row(v, name) for v in site.in_standing("current", "pending")
                     if v.shown is not None and _takes_part(v.shown, name))
        out.append((name, InitiativePage(name, rows, _resources(inputs.resources, name), home)))
    return out


def _resources(resources: Iterable[Resource], initiative: str) -> tuple[ResourceRow, ...]:
    tagged = sorted((r for r in resources if initiative in r.initiatives), key=lambda r: (r.name.casefold(), r.link))
    return tuple(ResourceRow(Link(r.name, https_href(r.link)), long_date(r.modified)) for r in tagged)


def spotlights(inputs: PageInputs) -> list[tuple[str, Spotlight]]:
    """(district, page) for every district that was ever a member."""
    site = _Site(inputs)
    home = Link("ILN Member Districts", page_url(inputs.site_url, DIRECTORY_SLUG))
    out = []
    for key, view in sorted(site.members.items()):
        r = view.shown
        assert r is not None
        standing = _standing(view)
        contacts = tuple(c for c in (_contact(r.point_of_contact, "ILN point of contact"),
                                     *(_contact(p, "Contact") for p in r.contacts)) if c is not None)
        out.append((view.district, Spotlight(
            f"{view.district}: ILN district spotlight", view.district, _STANDING_WORDS[standing],
            standing == "former", years_label(r.school_years), long_date(r.expires_on), view.grant_eligible,
            tuple(segments(p, r.focus_areas) for p in r.action_points), r.focus_areas, _unique(contacts),
            _initiatives_of(r, inputs.site_url), _history(site.by_district.get(key, [])), home)))
    return out


_STANDING_WORDS = {"current": "Member district", "pending": "Member district, waiting for KDE's signature",
                   "former": "Former member", "review": "Membership under review"}


def _unique(contacts: tuple[ContactView, ...]) -> tuple[ContactView, ...]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in contacts:
        key = (c.name.casefold(), (c.email.text if c.email else "").casefold())
        if key not in seen:
            seen.add(key)
            out.append(c)
    return tuple(out)


def _history(commitments: list[Commitment]) -> tuple[HistoryRow, ...]:
    """Every counted letter, latest school year first."""
    rows = []
    for c in sorted(commitments, key=supersession_order, reverse=True):
        r = c.record
        status = "Accepted" if c.status == s.COMMITMENT_ACCEPTED else "Under review"
        rows.append(HistoryRow(years_label(r.school_years) or "(not stated)", long_date(r.district_signed_on),
                               long_date(r.kde_signed_on) or "not yet", status, Link("Letter", https_href(c.link))))
    return tuple(rows)
