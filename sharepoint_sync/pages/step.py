"""The page step of a run (the edge around the pure rendering): render, compare, publish what changed.

Compare, cheapest first:
1. with the local state (content hash last published per page): equal for every page means no
   page request at all, which is what a run without changes costs;
2. otherwise with the site: the *iln-sync content hash* column of each Site Pages item (one listing).
   A page whose stored hash equals its rendered content is left alone (and remembered locally), so
   a run with a fresh state file publishes nothing.
Publish = create (looked up by name first) -> check out -> save -> publish -> stamp the hash. The
hash is stamped last, so a publish that failed after the draft save is redone by the next run on
the same page. Pages are never deleted. The local entry is written only after the stamp succeeded.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from sharepoint_sync.core.plan import Action, Plan
from sharepoint_sync.core.report import Failure
from sharepoint_sync.errors import AuthError, RetryBudgetExhausted, SyncError, describe
from sharepoint_sync.log import get_logger
from sharepoint_sync.pages.model import PageInputs, PagePublish, RemotePage, RenderedPage, Resource
from sharepoint_sync.pages.render import render_pages
from sharepoint_sync.pages.schema import PAGE_HASH, RESOURCE_INITIATIVE, PageNames
from sharepoint_sync.ports import is_gone
from sharepoint_sync.state import State

if TYPE_CHECKING:  # pragma: no cover
    from sharepoint_sync.config import Config

log = get_logger("sharepoint_sync.pages")


class PagesGateway(Protocol):
    """What the page step needs from the site (implemented by `gateway.pages.PagesMixin`)."""

    def site_pages(self, library: str, hash_column: str) -> dict[str, RemotePage]:
        """Pages by lower-case file name, with our stored content hash."""

    def publish_site_page(self, library: str, hash_column: str, file_name: str, title: str, canvas: str,
                          content_hash: str) -> int:
        """Create if absent, save, publish, stamp the hash; the page's item id."""

    def resources(self, library: str, initiative_column: str) -> list[Resource]:
        """The resources library's documents with their initiatives."""


@dataclass
class PageOutcome:
    """What the step did: pages published (file names) and failures (the run goes on)."""

    published: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


@dataclass
class PageStep:
    """Renders the pages from a run's plan and keeps the site's pages equal to them."""

    gateway: PagesGateway
    state: State
    site_url: str
    names: PageNames = PageNames()

    def render(self, plan: Plan, today: dt.date) -> tuple[RenderedPage, ...]:
        """The pages as the site should show them after `plan` is applied."""
        resources = tuple(self.gateway.resources(self.names.resources, RESOURCE_INITIATIVE))
        return render_pages(PageInputs(self.site_url, plan.commitments, resources, today))

    def compare(self, pages: tuple[RenderedPage, ...]) -> tuple[list[PagePublish], dict[str, str]]:
        """The publishes needed, and the pages found already equal on the site (name -> hash)."""
        local = self.state.page_hashes()
        if all(local.get(p.file_name.lower()) == p.content_hash for p in pages):
            return [], {}
        remote = self.gateway.site_pages(self.names.site_pages, PAGE_HASH)
        needed: list[PagePublish] = []
        in_sync: dict[str, str] = {}
        for page in pages:
            there = remote.get(page.file_name.lower())
            if there is not None and there.content_hash == page.content_hash:
                in_sync[page.file_name.lower()] = page.content_hash
            else:
                needed.append(PagePublish(page, there.item_id if there else None,
                                          there.content_hash if there else None))
        return needed, in_sync

    def planned(self, plan: Plan, today: dt.date) -> tuple[Action, ...]:
        """The page writes a run would make, as plan actions (reads only)."""
        needed, _ = self.compare(self.render(plan, today))
        return tuple(page_action(self.names.site_pages, p) for p in needed)

    def publish(self, plan: Plan, today: dt.date) -> PageOutcome:
        """Publish every page whose content changed; failures are recorded and the rest go on."""
        outcome = PageOutcome()
        try:
            needed, in_sync = self.compare(self.render(plan, today))
        except AuthError:
            raise
        except SyncError as error:
            outcome.failures.append(Failure("Resource pages", _unprepared(error, self.names)))
            log.warning("sync.pages.not_compared", problem=describe(error))
            return outcome
        for name, content_hash in in_sync.items():
            self.state.save_page_hash(name, content_hash)
        for item in needed:
            if not self._publish_one(item, outcome):
                break
        return outcome

    def _publish_one(self, item: PagePublish, outcome: PageOutcome) -> bool:
        """Publish one page; False when the step must stop (the retry budget is spent)."""
        page = item.page
        try:
            self.gateway.publish_site_page(self.names.site_pages, PAGE_HASH, page.file_name, page.title,
                                           page.canvas, page.content_hash)
        except AuthError:
            raise
        except RetryBudgetExhausted as error:
            outcome.failures.append(Failure(page.title, f"Not published, left for the next run: {describe(error)}"))
            return False
        except SyncError as error:
            log.warning("sync.page.failed", page=page.file_name, problem=describe(error))
            outcome.failures.append(Failure(page.title, f"The page was not published: {describe(error)}"))
            return True
        self.state.save_page_hash(page.file_name, page.content_hash)
        outcome.published.append(page.file_name)
        log.info("sync.page.published", page=page.file_name, op=item.op)
        return True


def _unprepared(error: SyncError, names: PageNames) -> str:
    """A site not provisioned for pages answers 404 (no library) or 400 "does not exist" (no column)."""
    missing = is_gone(error) or (getattr(error, "status", None) == 400 and "does not exist" in str(error))
    if missing:
        return (f"The pages were not published: the site has no \"{names.resources}\" library or no "
                f"\"{names.site_pages}\" column of ours yet; run `iln-sync provision`.")
    return f"The pages were not published: {describe(error)}"


def page_action(site_pages: str, item: PagePublish) -> Action:
    """A planned publish as a plan action (`iln-sync plan` lists it with the other writes)."""
    before = {"Page content": (item.published_hash or "(none)")[:12]} if item.item_id is not None else {}
    return Action("page", item.op, site_pages, item.page.title, item.page.slug,
                  {"Page content": item.page.content_hash[:12]}, before, item.item_id)


def page_step_for(config: "Config", gateway: Any, state: State) -> PageStep | None:
    """The page step of a session opened from `config`, or None when [pages] enabled = false."""
    if not config.pages.enabled:
        return None
    return PageStep(gateway, state, config.site.url,
                    PageNames(config.pages.resources_library, config.pages.site_pages_library))
