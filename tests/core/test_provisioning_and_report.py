"""Provisioning plans only additions; the report renders for people and scripts."""
from __future__ import annotations

import json

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.plan import LockedChange
from sharepoint_sync.core.provisioning import plan_provision
from sharepoint_sync.core.report import Counts, Failure, ReviewEntry, RunReport, problems_text, render_text
from sharepoint_sync.ports import FieldInfo, ListInfo

NAMES = s.SiteNames()


def test_empty_site_gets_every_list_column_index_and_view() -> None:
    """On an empty site, provisioning creates five lists, their columns, unique keys and Needs review views;
    every column the worker looks rows up by gets its index (issue 13: lookups past 5,000 rows)."""
    plan = plan_provision(s.site_schema(NAMES), {})
    kinds = [step.kind for step in plan.steps]
    assert kinds.count("create_list") == 5 and kinds.count("create_view") == 4
    unique = {(st.list_title, st.field.internal_name) for st in plan.steps if st.kind == "index_field" and st.field.unique}
    assert unique == {(NAMES.commitments, s.C_KEY), (NAMES.members, s.M_DISTRICT), (NAMES.runs, s.R_RUN_ID)}
    assert set(s.lookup_columns(NAMES)) <= unique
    assert plan.problems == ()


def test_existing_column_of_another_type_is_reported_never_changed() -> None:
    """A column with our name but another type is a problem to report; a missing index is added."""
    members = next(spec for spec in s.site_schema(NAMES) if spec.title == NAMES.members)
    fields = {f.internal_name: FieldInfo(f.internal_name, {"text": "Text", "note": "Note", "choice": "Choice",
                                                           "boolean": "Boolean", "date": "DateTime",
                                                           "datetime": "DateTime", "url": "URL", "number": "Number"}[f.kind],
                                         indexed=f.indexed, unique=f.unique)
              for f in members.fields}
    fields[s.M_GRANT] = FieldInfo(s.M_GRANT, "Text")
    fields[s.M_DISTRICT] = FieldInfo(s.M_DISTRICT, "Text")
    info = ListInfo(NAMES.members, "list", fields, ("Needs review",))
    plan = plan_provision((members,), {NAMES.members: info})
    assert [st.describe() for st in plan.steps] == [f'add unique index on "{s.M_DISTRICT}" in "{NAMES.members}"']
    assert len(plan.problems) == 1 and s.M_GRANT in plan.problems[0]


def test_report_renders_reasons_links_and_locked_rows() -> None:
    """The people's report names each letter needing review with its reasons and link; JSON has the counts."""
    report = RunReport("r1", "2026-01-15T12:00:00Z", "2026-01-15T12:00:05Z", "Partial", "changes",
                       Counts(documents_seen=3, members_updated=1),
                       (ReviewEntry("b.docx", "https://x/b.docx", "Boyd County", ("No contact with an email address is listed.",)),),
                       (Failure("Adair County", "The row kept changing."),),
                       (LockedChange("Clay County", {s.M_STATUS: ("Active", "Expired")}),))
    text = render_text(report)
    assert "https://x/b.docx" in text and "No contact with an email address" in text
    assert "Clay County" in text and "The row kept changing." in text
    data = json.loads(json.dumps(report.to_json()))
    assert data["counts"]["writes"] == 1 and data["outcome"] == "Partial"
    assert data["locked"][0]["changes"][s.M_STATUS] == ["Active", "Expired"]


def test_runs_list_problems_say_what_a_locked_row_would_have_become() -> None:
    """The ILN Sync Runs "Problems" column names each staff-managed row and the change left undone."""
    report = RunReport("r1", "t", "t", "Succeeded", "changes",
                       locked=(LockedChange("Clay County", {s.M_STATUS: ("Active", "Expired"), s.M_GRANT: (True, False)}),))
    assert problems_text(report) == ("Clay County is managed by staff and was left as is; the worker would have changed "
                                     "Member status: Active -> Expired; Grant eligible: True -> False")


def test_report_text_drops_characters_that_could_hide_text() -> None:
    """A file name with a bidi override or a control character cannot rearrange the printed report."""
    report = RunReport("r2", "t", "t", "Succeeded", "full",
                       needs_review=(ReviewEntry("evil\u202ecod.docx\x1b[2J", "https://x", None, ("Problem.",)),))
    text = render_text(report)
    assert "\u202e" not in text and "\x1b" not in text and "evilcod.docx[2J" in text
