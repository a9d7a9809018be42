"""The mail steps the engine's `Session` calls: after a run, the weekly digest, the renewal reminders.

Each step reads what it needs (the run report; ILN Members, the review queue, the runs), builds the
content (pure, `content`), renders it, and hands it to `delivery` under its exactly-once key. A
failure is logged and returned as a status, never raised: mail never changes a run's outcome.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Protocol

from sharepoint_sync import clock
from sharepoint_sync.core import schema as s
from sharepoint_sync.core.report import RunReport
from sharepoint_sync.clock import stamp
from sharepoint_sync.errors import describe
from sharepoint_sync.log import get_logger
from sharepoint_sync.mail import content
from sharepoint_sync.mail.delivery import Transport, deliver, resend_failed
from sharepoint_sync.mail.ledger import MailLedger
from sharepoint_sync.mail.message import build_message
from sharepoint_sync.mail.render import render_digest, render_reminder, render_summary

if TYPE_CHECKING:  # pragma: no cover
    from sharepoint_sync.config import Config, MailConfig
    from sharepoint_sync.ports import SiteGateway
    from sharepoint_sync.state import State

log = get_logger("sharepoint_sync.mail")


class Session(Protocol):
    """What the digest and the reminders read from the run's session (`run.session.Session`): named here
    as a protocol so the mail edge never imports the run layer above it (pyproject's layers contract)."""

    state: "State"
    gateway: "SiteGateway"
    names: s.SiteNames

_MEMBER_COLUMNS = (s.M_DISTRICT, s.M_STATUS, s.SCHOOL_YEARS, s.EXPIRES_ON, s.POINT_OF_CONTACT, s.M_GRANT,
                   s.M_LATEST_LINK)
_SOURCE_COLUMNS = (s.WB_STATUS, s.WB_REASONS, s.WB_DISTRICT)


@dataclass
class Mailer:
    """Mail settings, the site's links and a transport: what the three mail steps need."""

    mail: "MailConfig"
    links: content.Links
    transport: Transport
    now: Callable[[], dt.datetime] = field(default=clock.now)

    @classmethod
    def from_config(cls, config: "Config", names: s.SiteNames, transport: Transport | None = None) -> "Mailer":
        """A mailer for this configuration (the transport signs in lazily, on the first mail)."""
        from sharepoint_sync.edges import mail_transport  # the edges are wired in one place

        return cls(config.mail, content.site_links(config.site.url, names), transport or mail_transport(config))

    # -- after a run ------------------------------------------------------------------------------

    def after_run(self, state: Any, report: RunReport | None) -> str:
        """Resend refused mails, then the run's summary when the send policy asks for it; never raises."""
        try:
            ledger = MailLedger(state)
            resend_failed(ledger, self.transport, self._stamp())
            if report is None or not content.should_send(self.mail.send, report):
                log.info("mail.summary.skipped", run_id=getattr(report, "run_id", None), policy=self.mail.send)
                return "skipped"
            summary = content.summary_of(report, self.links)
            return self._deliver(ledger, f"summary:{report.run_id}", "summary", render_summary(summary),
                                 self.mail.recipients)
        except Exception as error:  # noqa: BLE001 - mail never changes the run's outcome
            log.error("mail.summary.failed", run_id=getattr(report, "run_id", None), problem=describe(error))
            return "failed"

    def after_failed_run(self, state: Any) -> str:
        """The summary of a run that sign-in or permission stopped: built from its ledger entry (the run
        could not write its row in ILN Sync Runs); never raises."""
        try:
            runs = state.runs()
            last = runs[-1] if runs else None
            if last is None or last.get("outcome") != "Failed":
                return "skipped"
            problems = _problems(last)
            if len(runs) > 1 and _problems(runs[-2]) == problems and runs[-2].get("outcome") == "Failed":
                # the same outage as the run before, already mailed: the weekly digest lists every such run
                log.info("mail.summary.skipped", run_id=last["run_id"], why="same failure as the previous run")
                return "skipped"
            report = RunReport(last["run_id"], last["started_at"], last["finished_at"], "Failed", "changes",
                               problems=problems)
        except Exception as error:  # noqa: BLE001
            log.error("mail.summary.failed", problem=describe(error))
            return "failed"
        return self.after_run(state, report)

    # -- weekly digest ----------------------------------------------------------------------------

    def send_digest(self, session: "Session") -> str:
        """This week's digest, once per ISO week; returns its delivery status; never raises."""
        try:
            today = self.now().date()
            ledger = MailLedger(session.state)
            key = f"digest:{content.iso_week(today)}"
            if (handled := _handled(ledger, key)) is not None:
                return handled
            digest = content.digest_of(today, self._members(session), self._review(session),
                                       self._failed_runs(session, today), self.links)
            return self._deliver(ledger, key, "digest", render_digest(digest), self.mail.recipients)
        except Exception as error:  # noqa: BLE001 - a job that fails is logged; the schedule goes on
            log.error("mail.digest.failed", problem=describe(error))
            return "failed"

    # -- renewal reminders ------------------------------------------------------------------------

    def send_reminders(self, session: "Session") -> list[str]:
        """One reminder per member whose term ends within `mail.reminder_days` (when `mail.reminders` is
        on), once per term; returns each one's delivery status; never raises."""
        if not self.mail.reminders:
            log.info("mail.reminders.off")
            return []
        try:
            ledger = MailLedger(session.state)
            due = content.reminders_due(self.now().date(), self._members(session), self.mail.reminder_days,
                                        self.links, self.mail.remind_districts)
            return [self._remind(ledger, r) for r in due]
        except Exception as error:  # noqa: BLE001
            log.error("mail.reminders.failed", problem=describe(error))
            return ["failed"]

    def _remind(self, ledger: MailLedger, reminder: content.Reminder) -> str:
        if (handled := _handled(ledger, reminder.key)) is not None:
            return handled
        to = (reminder.district_address,) if reminder.district_address else self.mail.recipients
        cc = self.mail.recipients if reminder.district_address else ()
        return self._deliver(ledger, reminder.key, "reminder", render_reminder(reminder), to, cc)

    # -- helpers ----------------------------------------------------------------------------------

    def _deliver(self, ledger: MailLedger, key: str, kind: str, rendered: Any, to: tuple[str, ...],
                 cc: tuple[str, ...] = ()) -> str:
        message = build_message(rendered, self.mail.sender, to, cc=cc, key=key, date=self.now())
        return deliver(ledger, self.transport, key, kind, self.mail.sender, message, self._stamp())

    def _stamp(self) -> str:
        return stamp(self.now())

    @staticmethod
    def _members(session: "Session") -> tuple[content.MemberLine, ...]:
        rows = session.gateway.read_rows(session.names.members, list(_MEMBER_COLUMNS))
        return content.member_lines(r.values for r in rows)

    @staticmethod
    def _review(session: "Session") -> tuple[Any, ...]:
        items = []
        for title, kind in ((session.names.library, "library"), (session.names.submissions, "submission")):
            # kind is one of the two SourceKind literals above; mypy widens a tuple of pairs' items to str
            items += [(i.name, i.link, i.fields) for i in session.gateway.list_sources(title, kind, list(_SOURCE_COLUMNS))]  # type: ignore[arg-type]
        return content.review_queue(items)

    @staticmethod
    def _failed_runs(session: "Session", today: dt.date) -> tuple[content.RunLine, ...]:
        """Runs from ILN Sync Runs and the local ledger (which also holds runs that could not write their row)."""
        rows = session.gateway.read_rows(session.names.runs, [s.TITLE, s.R_OUTCOME, s.R_STARTED, s.R_PROBLEMS])
        runs = [{"run_id": r.values.get(s.TITLE), "outcome": r.values.get(s.R_OUTCOME),
                 "started_at": r.values.get(s.R_STARTED), "problems": r.values.get(s.R_PROBLEMS)} for r in rows]
        runs += [{**run, "problems": (run.get("report") or {}).get("problems") or []} for run in session.state.runs()]
        return content.failed_runs(runs, today)


def _handled(ledger: MailLedger, key: str) -> str | None:
    """How an earlier attempt at `key` ended, when it needs nothing more (a refused one is sent again)."""
    entry = ledger.get(key)
    if entry is None or entry.status == "failed":
        return None
    return "already_sent" if entry.status == "sent" else entry.status


def _problems(run: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(p) for p in (run.get("report") or {}).get("problems") or ())
