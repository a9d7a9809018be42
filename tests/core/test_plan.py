"""The plan: unchanged content gives no action, applying a plan then re-planning gives none, re-plans keep staff edits."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from hypothesis import given, settings, strategies as st

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.guards import guard_problems
from sharepoint_sync.core.plan import Action, LockedChange, Plan, PlanInput, build_plan, replan
from sharepoint_sync.core.sources import judge_source, same_district
from sharepoint_sync.extract.registry import default_registry
from sharepoint_sync.core.values import changed_columns, normalize
from sharepoint_sync.ports import ContentRef, Row, SourceItem
from sharepoint_sync.record import LocRecord, Person

NAMES = s.SiteNames()
TODAY = dt.date(2026, 1, 15)
REGISTRY = default_registry()


def record(district: str, signed: str, status: str = "ok") -> LocRecord:
    y = int(signed[:4])
    years = (f"{y}-{y + 1}",) if int(signed[5:7]) >= 6 else (f"{y - 1}-{y}", f"{y}-{y + 1}")
    return LocRecord(file="f.docx", is_loc=True, district=district, district_signed_on=signed,
                     kde_signed_on=signed, school_years=years, expires_on=f"{years[-1][5:]}-06-30",
                     contacts=(Person("Pat", None, "pat@x.org"),), action_points=("Do & \"grow\" #1",),
                     status=status, review_reasons=() if status == "ok" else ("missing_contact",))  # type: ignore[arg-type]


def source(item_id: int, fields: dict[str, Any] | None = None) -> SourceItem:
    return SourceItem("library", item_id, f"guid-{item_id}", f"{item_id}.docx", f"https://x/{item_id}", '"1"', "1.0",
                      "2026-01-01T00:00:00Z", fields or {}, (ContentRef(f"{item_id}.docx", f"/l/{item_id}.docx"),))


class Rows:
    """A list applied from actions (what SharePoint would hold after the plan)."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[str, Any]] = {}

    def apply(self, actions: tuple[Action, ...]) -> None:
        for a in actions:
            if a.op == "create":
                self.rows[len(self.rows) + 1] = dict(a.values)
            else:
                self.rows[a.item_id].update(a.values)  # type: ignore[index]

    def as_rows(self) -> tuple[Row, ...]:
        return tuple(Row(i, '"1"', dict(v)) for i, v in self.rows.items())


def _plan(letters: list[tuple[int, LocRecord]], commitments: Rows, members: Rows) -> Plan:
    verdicts = tuple(judge_source(source(i), [(f"{i}.docx", r)], names=REGISTRY) for i, r in letters)
    return build_plan(PlanInput(NAMES, verdicts, commitments.as_rows(), members.as_rows(), TODAY, "2026-01-15T00:00:00Z"))


letters_strategy = st.lists(
    st.tuples(st.integers(1, 50), st.builds(record, st.sampled_from(["Adair County", "Boyd County", "Clay County"]),
                                            st.dates(dt.date(2018, 1, 1), dt.date(2026, 1, 1)).map(dt.date.isoformat),
                                            st.sampled_from(["ok", "needs_review"]))),
    max_size=12, unique_by=lambda t: t[0])


@settings(max_examples=100, deadline=None)
@given(letters_strategy)
def test_applying_a_plan_then_planning_again_gives_no_action(letters: list[tuple[int, LocRecord]]) -> None:
    """Idempotence: after the plan's writes, the same input plans no commitment or member write."""
    commitments, members = Rows(), Rows()
    first = _plan(letters, commitments, members)
    commitments.apply(first.of("commitment"))
    members.apply(first.of("member"))
    again = _plan(letters, commitments, members)
    assert again.of("commitment") == () and again.of("member") == ()
    assert len({r[s.M_DISTRICT] for r in members.rows.values()}) == len(members.rows)


def test_source_already_showing_its_verdict_gets_no_write() -> None:
    """A document whose columns already show the verdict (as SharePoint spells values) is not written."""
    verdict = judge_source(source(1), [("1.docx", record("Adair County", "2025-09-01"))], names=REGISTRY)
    shown = {**verdict.write_back, s.WB_SIGNED_ON: "2025-09-01T04:00:00Z", s.WB_REASONS: None}
    again = judge_source(source(1, shown), [("1.docx", record("Adair County", "2025-09-01"))], names=REGISTRY)
    plan = build_plan(PlanInput(NAMES, (again,), (), (), TODAY, "now"))
    assert plan.of("source") == ()


def test_values_are_compared_normalized() -> None:
    """Dates as UTC datetimes, CRLF notes, empty vs null and booleans compare equal to what we wrote."""
    assert normalize("date", "2019-06-30T04:00:00Z") == normalize("date", "2019-06-30")
    assert normalize("note", "a\r\nb ") == normalize("note", "a\nb")
    assert normalize("text", None) == normalize("text", "")
    assert normalize("boolean", None) == normalize("boolean", False)
    assert changed_columns({"N": 3}, {"N": 3.0}, {"N": "number"}) == {}


def test_replan_after_conflict_keeps_staff_edit_and_honours_lock() -> None:
    """After a 412, columns staff changed keep their value, and a newly locked row is only reported."""
    action = Action("member", "update", NAMES.members, "Adair County", "adair county",
                    {s.M_STATUS: s.MEMBER_ACTIVE, s.POINT_OF_CONTACT: "New", s.M_LAST_SYNCED: "t"},
                    {s.M_STATUS: s.MEMBER_PENDING_KDE, s.POINT_OF_CONTACT: "Old"}, 1, '"1"')
    fresh = Row(1, '"2"', {s.M_STATUS: s.MEMBER_PENDING_KDE, s.POINT_OF_CONTACT: "Staff"})
    again = replan(action, fresh, "t2")
    assert isinstance(again, Action) and again.values == {s.M_STATUS: s.MEMBER_ACTIVE, s.M_LAST_SYNCED: "t2"}
    assert again.etag == '"2"'
    locked = replan(action, Row(1, '"3"', {**fresh.values, s.M_LOCKED: True}), "t2")
    assert isinstance(locked, LockedChange)


def test_member_share_guard_has_a_floor() -> None:
    """A few member changes never trip the share guard; many do."""
    def plan_with(updates: int, rows: int) -> Plan:
        actions = tuple(Action("member", "update", NAMES.members, f"D{i}", f"d{i}", {s.M_STATUS: "x"}, {}, i, '"1"')
                        for i in range(updates))
        return Plan(actions, (), rows, 0, 0)
    assert guard_problems(plan_with(2, 2), 0.5) == []
    assert guard_problems(plan_with(6, 10), 0.5)
    assert guard_problems(plan_with(5, 10), 0.5) == []


def test_same_district_is_the_registrys_decision() -> None:
    """Spellings and the registry's variants name one district; Fulton County is not Fulton Independent."""
    assert same_district(REGISTRY, "Adair Co. Schools", "Adair County")
    assert same_district(REGISTRY, "Marion County Public Schools", "Marion County")
    assert same_district(REGISTRY, "Ft. Thomas Independent", "Fort Thomas Independent")
    assert same_district(REGISTRY, "Berea Community Schools", "Berea Independent")
    assert not same_district(REGISTRY, "Fulton County", "Fulton Independent")


def test_a_submission_naming_a_variant_of_the_letters_district_is_not_sent_to_review() -> None:
    """The form's 'Ft. Thomas Independent' for a letter from Fort Thomas Independent adds no review note;
    a form naming another district does."""
    def judged(said: str) -> tuple[str, ...]:
        item = replace(source(3), kind="submission", fields={**source(3).fields, s.SUB_DISTRICT: said})
        verdict = judge_source(item, [("3.docx", record("Fort Thomas Independent", "2025-09-01"))], names=REGISTRY)
        return verdict.commitments[0].notes

    assert judged("Ft. Thomas Independent") == () and judged("Fort Thomas Ind.") == ()
    assert judged("Boyd County") == ('The submission form says "Boyd County" but the letter is from '
                                     'Fort Thomas Independent.',)
