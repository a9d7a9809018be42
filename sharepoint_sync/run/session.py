"""The one place a session is wired from a configuration: the gateway, the isolated extractor, the state,
the page step and the mailer (`open_session`), and what the commands do with it (`Session`)."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.plan import Plan
from sharepoint_sync.core.provisioning import ProvisionPlan
from sharepoint_sync.core.report import RunReport
from sharepoint_sync.log import bound_run
from sharepoint_sync.ports import Extractor, SiteGateway
from sharepoint_sync.run.model import BATCH_SIZE, RunOptions
from sharepoint_sync.run.provision import provision_site
from sharepoint_sync.run.sync import plan_once, run_once
from sharepoint_sync.state import State
from sharepoint_sync.stopping import RunControl

if TYPE_CHECKING:  # pragma: no cover
    from sharepoint_sync.config import Config
    from sharepoint_sync.pages.step import PageStep


@dataclass
class Session:
    """A gateway, an extractor and the state, opened from one configuration (what commands use)."""

    gateway: SiteGateway
    extractor: Extractor
    state: State
    names: s.SiteNames
    max_member_change_share: float = 0.5
    #: the resource pages ([pages] enabled), published by each run after its list writes
    pages: "PageStep | None" = None
    #: sends the run summary, the digest and reminders (sharepoint_sync.mail.jobs.Mailer); None: no mail
    mailer: Any = None
    failed_runs_before_review: int = 3
    #: set by `serve`/`run` so a SIGTERM stops the run at its next checkpoint (and shows progress)
    control: RunControl | None = None
    write_batch_size: int = BATCH_SIZE

    def options(self, *, full: bool = False, force: bool = False) -> RunOptions:
        """Run options with the configured guard share, failure patience and stop control."""
        return RunOptions(full=full, force=force, max_member_change_share=self.max_member_change_share,
                          failed_runs_before_review=self.failed_runs_before_review, control=self.control,
                          write_batch_size=self.write_batch_size)

    def provision(self, *, apply: bool = True) -> ProvisionPlan:
        """`provision_site` on this session's site."""
        return provision_site(self.gateway, self.names, apply=apply,
                              pages=self.pages.names if self.pages is not None else None)

    def plan(self, *, full: bool = False, force: bool = False) -> tuple[Plan, RunReport]:
        """`plan_once` on this session's site."""
        return plan_once(self.gateway, self.extractor, self.state, self.names, self.options(full=full, force=force),
                         pages=self.pages)

    def run(self, *, full: bool = False, force: bool = False) -> RunReport:
        """`run_once` on this session's site, then its summary mail (which never changes the outcome).
        Every run that started returns its report, a guard's stop (Aborted) and a failure (Failed) too;
        a Failed run's summary is built from its ledger entry (its Runs row may be missing), once per outage."""
        report = run_once(self.gateway, self.extractor, self.state, self.names, self.options(full=full, force=force),
                          pages=self.pages)
        if self.mailer is not None:
            with bound_run(report.run_id):  # the mail's log lines belong to the run they report
                if report.outcome == "Failed":
                    self.mailer.after_failed_run(self.state)
                else:
                    self.mailer.after_run(self.state, report)
        return report

    def send_digest(self) -> str:
        """The weekly digest mail, once per ISO week (mail/jobs.py); its delivery status."""
        return self.mailer.send_digest(self) if self.mailer is not None else "no mailer"

    def send_reminders(self) -> list[str]:
        """Renewal reminders due now, once per term and district (mail/jobs.py); their delivery statuses."""
        return self.mailer.send_reminders(self) if self.mailer is not None else []

    def membership_pass(self, *, now: dt.datetime | None = None, today: dt.date | None = None) -> RunReport:
        """Members recomputed from the Commitments in SharePoint with today's date (no letter read)."""
        from sharepoint_sync.run.members import membership_pass

        report = membership_pass(self.gateway, self.state, self.names, now=now, today=today, control=self.control,
                                 max_member_change_share=self.max_member_change_share, pages=self.pages)
        if self.mailer is not None:  # the summary says who expired, like a run's
            with bound_run(report.run_id):
                self.mailer.after_run(self.state, report)
        return report


def site_names(config: "Config") -> s.SiteNames:
    """The list titles from the [site] table."""
    site = config.site
    return s.SiteNames(site.library, site.submissions_list, site.commitments_list, site.members_list, site.runs_list)


@contextmanager
def open_session(config: "Config", *, extractor: Extractor | None = None) -> Iterator[Session]:
    """Open the gateway (signs in on first use), the isolated extractor and the state file."""
    from sharepoint_sync.extract.isolation import Extractor as IsolatedExtractor
    from sharepoint_sync.edges import open_gateway
    from sharepoint_sync.pages.step import page_step_for

    from sharepoint_sync.mail.jobs import Mailer

    with State(config.sync.state_path) as state:
        gateway = open_gateway(config)
        gateway.use_cache(state)  # list metadata and the site's time zone outlive the process (issue 14)
        pages = page_step_for(config, gateway, state)
        mailer = Mailer.from_config(config, site_names(config))
        names, share = site_names(config), config.sync.max_member_change_share
        def session(chosen: Extractor) -> Session:
            return Session(gateway, chosen, state, names, share, pages=pages, mailer=mailer,
                           failed_runs_before_review=config.sync.failed_runs_before_review,
                           write_batch_size=config.sync.write_batch_size)

        if extractor is not None:
            yield session(extractor)
            return
        with IsolatedExtractor(config.extract) as isolated:
            yield session(isolated)

