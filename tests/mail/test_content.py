"""What the mails say, computed from plain values (the pure part of mail)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, strategies as st

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.report import Counts
from sharepoint_sync.mail import content
from sharepoint_sync.mail.headers import header_safe
from tests.mail.samples import INJECTION, LINKS, full_report, quiet_report

LINE_BREAKS = "\r\n\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@given(st.text())
def test_header_safe_leaves_one_line_without_control_characters(text: str) -> None:
    """Whatever the input, the header value has no CR, LF, NUL, NEL, U+2028/9 or other control/format character."""
    value = header_safe(text)
    assert not any(ch in value for ch in LINE_BREAKS)
    assert all(ord(ch) >= 0x20 and not 0x7f <= ord(ch) <= 0x9f for ch in value)
    assert value == value.strip() and len(value) <= 200


def test_header_safe_keeps_ordinary_text() -> None:
    """Accents, apostrophes and dashes survive; a line break becomes a space."""
    assert header_safe("Pikeville Independent – Montgomery's\nLOC") == "Pikeville Independent – Montgomery's LOC"


@pytest.mark.parametrize("policy, report, expected", [
    ("always", quiet_report(), True), ("never", full_report(), False),
    ("changes", full_report("Succeeded"), True), ("changes", quiet_report(), False),
    ("changes", full_report("Partial"), True),
    ("problems", full_report("Succeeded"), True), ("problems", quiet_report(), False),
], ids=["always", "never", "changes-with-changes", "changes-quiet", "changes-partial", "problems-failure", "problems-quiet"])
def test_send_policy_decides_from_the_report(policy: str, report, expected: bool) -> None:
    """always/changes/problems/never: `changes` also mails problems; a quiet run under `changes` sends nothing."""
    assert content.should_send(policy, report) is expected


def test_a_rescan_that_read_nothing_new_mails_nothing_for_documents_already_waiting() -> None:
    """A re-scan after a lost state judges old duplicates and non-letters again (counted) without reading or
    writing anything: under `changes` no mail; the same counts with a document read do mail."""
    rescan = replace(quiet_report(), counts=Counts(documents_seen=100, needs_review=70, not_loc=3))
    assert content.should_send("changes", rescan) is False
    assert content.should_send("changes", replace(rescan, counts=replace(rescan.counts, documents_read=1))) is True


def test_summary_lists_new_renewed_expired_members_and_new_commitments() -> None:
    """Applied writes become changes in staff's words, new members first."""
    summary = content.summary_of(full_report(), LINKS)
    assert [(c.kind, c.name) for c in summary.changes] == [
        ("new member", "Knox County"), ("renewed", "Marion County"), ("expired", "Shelby County"),
        ("new commitment", "Knox County")]
    assert summary.changes[0].detail == "Active · 2025-2026, 2026-2027"


def test_summary_gives_each_failure_advice_staff_can_act_on() -> None:
    """A document SharePoint did not serve says what to check; a stopped run says nothing is lost."""
    troubles = {t.name: t.advice for t in content.summary_of(full_report(), LINKS).troubles}
    assert "check that it is there and opens" in troubles["Owsley LOC.docx"]
    assert "Nothing is lost" in troubles["This run"]


def test_summary_subject_names_a_single_change_and_counts_the_review_queue() -> None:
    """The subject says what changed and how many documents wait, on one line."""
    subject = content.summary_of(full_report("Succeeded"), LINKS).subject
    assert subject.startswith("ILN sync: new member: Knox County; renewal: Marion County; membership expired: Shelby")
    assert "2 documents to review" in subject and "problems" in subject


def test_subject_from_a_header_injection_district_stays_one_line() -> None:
    """A district named with CR/LF/NUL/NEL/U+2028 and a fake Bcc gives one line with no line break."""
    subject = content.summary_of(full_report(district=INJECTION), LINKS).subject
    assert not any(ch in subject for ch in LINE_BREAKS)
    assert "Knox County Bcc: attacker@evil.example X-Evil: 1 Subject: pwned" in subject


def test_links_point_at_the_lists_and_the_member_directory() -> None:
    """Runs and Members list views, the library, and the directory page the pages publish."""
    assert LINKS.runs == "https://kentuckyde.sharepoint.com/sites/KYILN/Lists/ILN%20Sync%20Runs/AllItems.aspx"
    assert LINKS.directory == "https://kentuckyde.sharepoint.com/sites/KYILN/SitePages/iln-member-districts.aspx"
    assert LINKS.library.endswith("/Letters%20of%20Commitment/Forms/AllItems.aspx")


def _members() -> tuple[content.MemberLine, ...]:
    rows = [{s.M_DISTRICT: "Knox County", s.M_STATUS: "Active", s.EXPIRES_ON: "2026-06-30T04:00:00Z",
             s.POINT_OF_CONTACT: "Ann Lee, Director <ann.lee@knox.kyschools.us>", s.SCHOOL_YEARS: "2025-2026"},
            {s.M_DISTRICT: "Bath County", s.M_STATUS: "Active", s.EXPIRES_ON: "2027-06-30"},
            {s.M_DISTRICT: "Clark County", s.M_STATUS: "Expired", s.EXPIRES_ON: "2025-06-30"},
            {s.M_DISTRICT: "Perry County", s.M_STATUS: "Pending KDE signature", s.EXPIRES_ON: "2026-06-30"}]
    return content.member_lines(rows)


def test_digest_counts_members_and_lists_terms_ending_within_60_days() -> None:
    """Totals by status; only Active members whose term ends in the next 60 days are 'expiring'."""
    digest = content.digest_of(dt.date(2026, 5, 4), _members(), (), (), LINKS)
    assert digest.week == "2026-W19" and digest.total == 4
    assert dict(digest.totals) == {"Active": 2, "Pending KDE signature": 1, "Expired": 1}
    assert [(m.district, days) for m, days in digest.expiring] == [("Knox County", 57)]
    assert digest.subject == "ILN weekly digest 2026-W19: 2 active members, 1 ending within 60 days, 0 to review"


def test_digest_lists_only_this_weeks_runs_that_did_not_succeed() -> None:
    """Partial/Failed/Aborted runs of the last 7 days, newest first, each once."""
    runs = [{"run_id": "a", "started_at": "2026-05-03T06:00:00Z", "outcome": "Failed", "problems": ["sign-in refused"]},
            {"run_id": "a", "started_at": "2026-05-03T06:00:00Z", "outcome": "Failed", "problems": "sign-in refused"},
            {"run_id": "b", "started_at": "2026-05-04T06:00:00Z", "outcome": "Succeeded"},
            {"run_id": "c", "started_at": "2026-04-20T06:00:00Z", "outcome": "Partial"}]
    assert [(r.run_id, r.problem) for r in content.failed_runs(runs, dt.date(2026, 5, 4))] == [("a", "sign-in refused")]


def test_review_queue_takes_documents_waiting_for_a_person() -> None:
    """Needs review and Unreadable documents, with their reasons one per line; processed ones are left out."""
    items = [("a.docx", "https://x/a", {s.WB_STATUS: "Needs review", s.WB_REASONS: "one\ntwo"}),
             ("b.docx", "https://x/b", {s.WB_STATUS: "Processed"}),
             ("c.pdf", "https://x/c", {s.WB_STATUS: "Unreadable"})]
    assert [(e.name, e.reasons) for e in content.review_queue(items)] == [("a.docx", ("one", "two")), ("c.pdf", ("Unreadable",))]


def test_reminders_fall_due_inside_the_window_once_per_term() -> None:
    """A reminder per Active member whose term ends within N days; the key names district and term end."""
    due = content.reminders_due(dt.date(2026, 6, 1), _members(), 30, LINKS, to_districts=True)
    assert [(r.member.district, r.days_left, r.key) for r in due] == [("Knox County", 29, "reminder:knox county:2026-06-30")]
    assert due[0].district_address == "ann.lee@knox.kyschools.us"
    assert content.reminders_due(dt.date(2026, 5, 1), _members(), 30, LINKS) == ()


@pytest.mark.parametrize("contact", ["Ann <a@b.org>, Bob <c@d.org>", "Ann <a@b.org\r\nBcc: e@evil.example>",
                                     "Ann <not an address>", "Ann a@b.org"])
def test_a_point_of_contact_gives_an_address_only_when_it_is_one_plain_address(contact: str) -> None:
    """Two addresses, an injected header or no <address> give no district recipient."""
    assert content.contact_address(contact) is None
