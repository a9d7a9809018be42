"""Plain values the mail tests build mails from: a site, a run report with every section, hostile text."""
from __future__ import annotations

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.plan import Action, LockedChange
from sharepoint_sync.core.report import Counts, Failure, ReviewEntry, RunReport
from sharepoint_sync.mail import content

SITE = "https://kentuckyde.sharepoint.com/sites/KYILN"
NAMES = s.SiteNames("Letters of Commitment", "LOC Submissions", "ILN Commitments", "ILN Members", "ILN Sync Runs")
LINKS = content.site_links(SITE, NAMES)
#: a district name as a hostile letter could carry it: header injection through every kind of line break
INJECTION = "Knox County\r\nBcc: attacker@evil.example\nX-Evil: 1\x00\u2028\u2029\x85Subject: pwned"
XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>'


def member_create(district: str, status: str = s.MEMBER_ACTIVE, years: str = "2025-2026\n2026-2027") -> Action:
    """A new member row as the plan writes it."""
    return Action("member", "create", NAMES.members, district, district.lower(),
                  {s.M_DISTRICT: district, s.M_STATUS: status, s.SCHOOL_YEARS: years,
                   s.M_LATEST_LINK: f"{SITE}/Letters%20of%20Commitment/{district}.docx"})


def member_update(district: str, values: dict, before: dict) -> Action:
    """A changed member row."""
    return Action("member", "update", NAMES.members, district, district.lower(), values, before, 7, '"3"')


def commitment_create(document: str, district: str, link: str = f"{SITE}/Letters%20of%20Commitment/x.docx") -> Action:
    """A new commitment row."""
    return Action("commitment", "create", NAMES.commitments, document, f"library:{len(document)}:1",
                  {s.C_DISTRICT: district, s.C_STATUS: s.COMMITMENT_ACCEPTED, s.C_LINK: link})


def full_report(outcome: str = "Partial", district: str = "Knox County") -> RunReport:
    """A run report with changes, review entries (one hostile), a failure, a problem and a locked row."""
    applied = (
        member_create(district),
        member_update("Marion County", {s.SCHOOL_YEARS: "2026-2027\n2027-2028", s.EXPIRES_ON: "2028-06-30"},
                      {s.SCHOOL_YEARS: "2024-2025\n2025-2026"}),
        member_update("Shelby County", {s.M_STATUS: s.MEMBER_EXPIRED, s.M_GRANT: False}, {s.M_STATUS: s.MEMBER_ACTIVE}),
        commitment_create(f"{district} LOC.docx", district),
    )
    review = (ReviewEntry(f"Scan {XSS}.docx", "javascript:alert(4)", XSS, (f"The district name {XSS} matches no district.",)),
              ReviewEntry("Hart County LOC.docx", f"{SITE}/Letters%20of%20Commitment/Hart.docx", "Hart County",
                          ("KDE has not countersigned yet.",)))
    return RunReport("2026-01-15T12:00:00Z-abc123", "2026-01-15T12:00:00Z", "2026-01-15T12:01:10Z", outcome, "changes",
                     Counts(documents_seen=5, documents_read=4, processed=2, needs_review=2, commitments_created=1,
                            members_created=1, members_updated=2),
                     review, (Failure("Owsley LOC.docx", "SharePoint did not serve the file: SharePoint answered 500",
                                      f"{SITE}/Letters%20of%20Commitment/Owsley.docx"),),
                     (LockedChange("Fayette County", {s.M_STATUS: ("Active", "Expired")}),),
                     problems=("Stopped early, the rest is left for the next run: retry budget spent",) if outcome == "Partial" else (),
                     applied=applied)


def quiet_report() -> RunReport:
    """A run that found nothing new (its review queue still lists an earlier document)."""
    return RunReport("2026-01-16T12:00:00Z-def456", "2026-01-16T12:00:00Z", "2026-01-16T12:00:05Z", "Succeeded",
                     "changes", Counts(), (ReviewEntry("Hart County LOC.docx", "", "Hart County", ("KDE has not countersigned yet.",)),))
