"""Commitments -> members: the one rule that says what each district's ILN Members row should show.

Rules (documented for staff in the README):

* Only commitments with a district count: "Accepted" (read ok, or staff chose "Accept as read") and
  "Needs review". "Ignored" and "Withdrawn" commitments are as if they did not exist.
* Supersession: a district's *latest* letter is the one signed last (district signature date, then
  its first school year, then the item id (upload order), then its key, so the order is total).
  A correction uploaded as a new version of the same document replaces its earlier record
  (same key), so it never competes with itself.
* Status precedence, first match wins:
  1. **Needs review**: the latest letter needs review (staff must look before anything is inferred
     from it), or the district has no counted letter left.
  2. **Expired**: the latest accepted letter's term ended before today (`expires_on < today`).
  3. **Pending KDE signature**: the district signed the latest accepted letter but KDE has not
     countersigned it (`kde_signed_on` is empty).
  4. **Active**: signed by both, term not over.
* Grant eligible: some accepted letter signed by both covers today (July 1 of its first school year
  through `expires_on`). An older active letter keeps a district eligible while a newer one waits
  for review.
* The row's details (school years, contacts, plan...) come from the latest accepted letter, or the
  latest letter when none is accepted yet; "Latest LOC" links to the latest letter.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.sources import Commitment
from sharepoint_sync.record import LocRecord

_COUNTED = (s.COMMITMENT_ACCEPTED, s.COMMITMENT_NEEDS_REVIEW)


@dataclass(frozen=True)
class MemberView:
    """What a district's member row should show (before formatting into columns)."""

    district: str
    status: str
    grant_eligible: bool
    shown: LocRecord | None
    latest_link: str | None
    notes: tuple[str, ...]


def district_key(district: str) -> str:
    """Members are keyed by canonical district name, compared without case or spacing differences."""
    return " ".join(district.split()).casefold()


def supersession_order(c: Commitment) -> tuple[str, str, int, str]:
    """Sort key: later letters sort later (the item id, in upload order, breaks ties of equal dates)."""
    r = c.record
    return (r.district_signed_on or "", r.school_years[0] if r.school_years else "", c.item_id, c.key)


def covers(record: LocRecord, today: dt.date) -> bool:
    """True when the letter's term includes `today`."""
    if not record.school_years or not record.expires_on:
        return False
    start = dt.date(int(record.school_years[0][:4]), 7, 1)
    return start <= today <= dt.date.fromisoformat(record.expires_on)


def _expired(record: LocRecord, today: dt.date) -> bool:
    return record.expires_on is not None and dt.date.fromisoformat(record.expires_on) < today


def member_view(district: str, commitments: list[Commitment], today: dt.date) -> MemberView:
    """The member row of one district from its counted commitments (non-empty list)."""
    ordered = sorted(commitments, key=supersession_order)
    latest = ordered[-1]
    accepted = [c for c in ordered if c.status == s.COMMITMENT_ACCEPTED]
    shown = accepted[-1] if accepted else latest
    eligible = any(c.record.kde_signed_on and covers(c.record, today) for c in accepted)
    if latest.status != s.COMMITMENT_ACCEPTED:
        status = s.MEMBER_NEEDS_REVIEW
        notes = (f"The latest letter ({latest.name}) needs review.",) + latest.reasons
    elif _expired(shown.record, today):
        status, notes = s.MEMBER_EXPIRED, (f"The latest letter's term ended on {shown.record.expires_on}.",)
    elif not shown.record.kde_signed_on:
        status, notes = s.MEMBER_PENDING_KDE, ("The district has signed; KDE has not countersigned yet.",)
    else:
        status, notes = s.MEMBER_ACTIVE, ()
    if not eligible and status == s.MEMBER_ACTIVE and not covers(shown.record, today):
        notes = notes + ("The letter's term does not cover today.",)
    return MemberView(district, status, bool(eligible), shown.record, latest.link or None, notes)


def desired_members(commitments: Iterable[Commitment], today: dt.date) -> dict[str, MemberView]:
    """Every district's member view, keyed by `district_key`; one entry per district."""
    by_district: dict[str, list[Commitment]] = {}
    names: dict[str, str] = {}
    for c in commitments:
        if c.status in _COUNTED and c.record.district:
            key = district_key(c.record.district)
            by_district.setdefault(key, []).append(c)
            names.setdefault(key, c.record.district)
    return {key: member_view(names[key], cs, today) for key, cs in sorted(by_district.items())}


def orphan_view(district: str) -> MemberView:
    """A member row whose district has no counted letter left: it needs a person's look."""
    return MemberView(district, s.MEMBER_NEEDS_REVIEW, False, None, None,
                      ("No current Letter of Commitment for this district is on the site.",))
