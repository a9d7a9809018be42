"""Commitments -> members: status precedence, supersession, grant eligibility, and their invariants."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.reconcile import desired_members, district_key, supersession_order
from sharepoint_sync.core.sources import Commitment
from sharepoint_sync.record import LocRecord

TODAY = dt.date(2026, 1, 15)


def commitment(district: str | None, signed: str | None, *, kde: str | None = "2025-10-01",
               status: str = s.COMMITMENT_ACCEPTED, item_id: int = 1, years: tuple[str, ...] | None = None) -> Commitment:
    if years is None and signed:
        y = int(signed[:4])
        years = (f"{y}-{y + 1}",) if int(signed[5:7]) >= 6 else (f"{y - 1}-{y}", f"{y}-{y + 1}")
    years = years or ()
    record = LocRecord(file=f"{item_id}.docx", is_loc=True, district=district, district_signed_on=signed,
                       kde_signed_on=kde, school_years=years, expires_on=f"{years[-1][5:]}-06-30" if years else None,
                       status="ok" if status == s.COMMITMENT_ACCEPTED else "needs_review")
    return Commitment(f"library:{item_id}", "library", item_id, f"{item_id}.docx", f"https://x/{item_id}",
                      "1.0", status, record)


def test_precedence_active_pending_expired() -> None:
    """Signed by both and in term: Active; KDE missing: Pending KDE signature; term over: Expired."""
    views = desired_members([commitment("A County", "2025-09-01", item_id=1),
                             commitment("B County", "2025-09-01", kde=None, item_id=2),
                             commitment("C County", "2024-09-01", item_id=3)], TODAY)
    assert [views[k].status for k in ("a county", "b county", "c county")] == [
        s.MEMBER_ACTIVE, s.MEMBER_PENDING_KDE, s.MEMBER_EXPIRED]
    assert [views[k].grant_eligible for k in ("a county", "b county", "c county")] == [True, False, False]


def test_newer_letter_needing_review_keeps_older_active_letter_eligible() -> None:
    """A newer letter awaiting review makes the row Needs review but the older active term still counts."""
    view = desired_members([commitment("A County", "2025-09-01", item_id=1),
                            commitment("A County", "2025-12-01", status=s.COMMITMENT_NEEDS_REVIEW, item_id=2)],
                           TODAY)["a county"]
    assert view.status == s.MEMBER_NEEDS_REVIEW and view.grant_eligible
    assert view.latest_link == "https://x/2" and view.shown and view.shown.file == "1.docx"


def test_spring_letter_covers_two_school_years() -> None:
    """A letter signed in spring covers the current and the next school year (grant eligible in the next)."""
    view = desired_members([commitment("A County", "2025-03-01")], dt.date(2026, 5, 1))["a county"]
    assert view.status == s.MEMBER_ACTIVE and view.grant_eligible


def test_ignored_and_withdrawn_letters_do_not_count() -> None:
    """Ignored and withdrawn commitments make no member row."""
    assert desired_members([commitment("A County", "2025-09-01", status=s.COMMITMENT_IGNORED),
                            commitment("B County", "2025-09-01", status=s.COMMITMENT_WITHDRAWN, item_id=2)],
                           TODAY) == {}


DISTRICTS = ("Adair County", "Boyd County", "Clay County")
dates = st.dates(dt.date(2016, 1, 1), dt.date(2026, 12, 31)).map(dt.date.isoformat)
commitments_strategy = st.lists(
    st.builds(lambda d, signed, kde, status, i: commitment(d, signed, kde=kde, status=status, item_id=i),
              st.sampled_from(DISTRICTS + (None,)), dates, st.none() | dates,
              st.sampled_from(s.COMMITMENT_STATUSES), st.integers(1, 10_000)),
    max_size=25, unique_by=lambda c: c.key)


@settings(max_examples=150, deadline=None)
@given(commitments_strategy, st.dates(dt.date(2016, 1, 1), dt.date(2028, 1, 1)))
def test_one_row_per_district_and_latest_letter_wins(commitments: list[Commitment], today: dt.date) -> None:
    """Any letters give exactly one view per counted district; its link is the latest letter's."""
    views = desired_members(commitments, today)
    counted = [c for c in commitments if c.record.district and c.status in (s.COMMITMENT_ACCEPTED, s.COMMITMENT_NEEDS_REVIEW)]
    assert set(views) == {district_key(c.record.district) for c in counted}  # type: ignore[arg-type]
    for key, view in views.items():
        mine = [c for c in counted if district_key(c.record.district) == key]  # type: ignore[arg-type]
        latest = max(mine, key=supersession_order)
        assert view.latest_link == latest.link
        assert view.status in s.MEMBER_STATUSES
        if view.status == s.MEMBER_ACTIVE:
            assert latest.status == s.COMMITMENT_ACCEPTED and latest.record.kde_signed_on


@settings(max_examples=60, deadline=None)
@given(commitments_strategy)
def test_order_of_letters_does_not_matter(commitments: list[Commitment]) -> None:
    """Members depend on the set of letters, not the order they are listed in."""
    assert desired_members(commitments, TODAY) == desired_members(list(reversed(commitments)), TODAY)
