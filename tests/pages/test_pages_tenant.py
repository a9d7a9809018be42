"""The resource pages against the fake tenant: content after a run, publish only on change (also with a
fresh state file), hostile text stays text, a failed publish completes next run, one member's change
republishes only its pages."""
from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import requests

from sharepoint_sync.config import Config
from sharepoint_sync.run.session import open_session
from tests.pages.helpers import NETWORK, XSS, letter, page_requests, published_names, run_with_pages, seed_network
from tests.sync.tenant_helpers import InProcessExtractor

pytestmark = pytest.mark.integration

DIRECTORY = "iln-member-districts.aspx"
BOONE = "iln-district-boone-county.aspx"


def _pages(emulator: Any) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in emulator.state()["pages"]}


def _html(page: dict[str, Any]) -> str:
    return "".join(part["innerHTML"] for part in json.loads(page["canvas_content"]))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(markup)
    return parser.tags


def test_a_run_publishes_the_directory_initiatives_and_spotlights_of_ever_members(config: Config, emulator: Any) -> None:
    """After a run: the directory lists current members and a pending section, former members keep a page."""
    seed_network(config)
    report = run_with_pages(config)
    pages = _pages(emulator)
    assert report.outcome == "Succeeded" and report.counts.pages_published == len(pages) == 1 + 6 + 4
    assert all(p["published"] for p in pages.values())
    directory = _html(pages[DIRECTORY])
    members, pending = directory.split("Pending KDE signature")
    assert "Boone County" in members and "Fayette County" in members and "Knox County" in pending
    assert "Hardin County" not in directory  # its letter ended: a former member leaves the directory
    assert f'{config.site.url}/SitePages/{BOONE}' in members
    assert "Former member" in _html(pages["iln-district-hardin-county.aspx"])
    pbl = _html(pages["iln-initiative-project-based-learning.aspx"])
    assert "<strong>project-based learning</strong>" in pbl and "PBL unit planning template.docx" in pbl
    assert "Fayette County" not in pbl
    spotlight = _html(pages[BOONE])
    assert "dana@boone.kyschools.us" in spotlight and "Grant eligible" in spotlight and "2025-2026" in spotlight


def test_a_second_run_sends_no_page_request(config: Config, emulator: Any) -> None:
    """Unchanged content: the next run publishes nothing and does not even look at the pages."""
    seed_network(config)
    run_with_pages(config)
    since = emulator.last_seq()
    report = run_with_pages(config)
    assert report.counts.pages_published == 0 and page_requests(emulator, since) == []


def test_a_fresh_state_file_publishes_nothing(config: Config, emulator: Any, tmp_path: Path) -> None:
    """Lost local state: the run compares with the hashes kept on the Site Pages items and publishes nothing."""
    seed_network(config)
    run_with_pages(config)
    versions = {n: p["version"] for n, p in _pages(emulator).items()}
    since = emulator.last_seq()
    report = run_with_pages(replace(config, sync=replace(config.sync, state_path=tmp_path / "new.sqlite")))
    assert report.counts.pages_published == 0
    assert page_requests(emulator, since) == ["GET /sites/KYILN/_api/web/lists/GetByTitle('Site Pages')/items"]
    assert {n: p["version"] for n, p in _pages(emulator).items()} == versions


def test_hostile_text_from_letters_and_resources_stays_text(config: Config, emulator: Any) -> None:
    """<script>, onerror=, svg onload and javascript:/data: links stay escaped text in the stored canvas."""
    hostile = letter("Boone County", poc="Eve " + XSS, email="javascript:alert(1)",
                     initiatives=("Project-Based Learning",),
                     points=(f"We plan **project-based learning** {XSS}", "See <a href=\"javascript:alert(5)\">x</a>"))
    seed_network(config, {"Boone County LOC.docx": hostile},
                  # SharePoint refuses < > : " in file names; what it allows must still stay text
                  {"Guide & 'friends' onerror=alert(2) #x.docx": ("Project-Based Learning",)})
    run_with_pages(config)
    pages = _pages(emulator)
    for name in (DIRECTORY, BOONE, "iln-initiative-project-based-learning.aspx"):
        stored = _html(pages[name])
        assert "Eve" in stored or "Guide" in stored
        assert "&lt;script&gt;" in stored
        for tag, attrs in _tags(stored):
            assert tag not in ("script", "img", "svg"), name
            assert not any(a.lower().startswith("on") for a in attrs), (name, tag, attrs)
            href = attrs.get("href")
            assert href is None or href.startswith(("https://", "mailto:")), (name, href)


def test_a_publish_that_fails_after_the_draft_save_is_completed_next_run_on_the_same_page(
        config: Config, emulator: Any) -> None:
    """Publish refused (500) after the save: the run is Partial; the next run publishes that page, still one page."""
    seed_network(config)
    emulator.add_fault(method="POST", path=r".*/sitepages/pages\(\d+\)/Publish", status=500, count=100,
                       body={"error": {"code": "-1, System.Exception", "message": {"value": "Publish failed"}}})
    first = run_with_pages(config)
    assert first.outcome == "Partial" and first.counts.pages_published == 0
    assert not any(p["published"] for p in _pages(emulator).values())
    emulator.clear_faults()
    second = run_with_pages(config)
    pages = emulator.state()["pages"]
    assert second.outcome == "Succeeded" and second.counts.pages_published == 11
    assert len(pages) == len({p["name"] for p in pages}) == 11 and all(p["published"] for p in pages)


def test_one_member_changing_republishes_its_spotlight_the_directory_and_its_initiatives(
        config: Config, emulator: Any) -> None:
    """A corrected letter for Boone County: only its spotlight, the directory and its two initiatives republish."""
    gateway = seed_network(config)
    run_with_pages(config, gateway)
    corrected = letter("Boone County", poc="Riley Shaw", initiatives=("Project-Based Learning", "Portrait of a Learner"),
                       points=("We scale **project-based learning** to all high schools.",
                               "Our **Portrait of a Learner** is now in every classroom."))
    gateway.upload_file(config.site.library, "Boone County LOC.docx", corrected)
    since = emulator.last_seq()
    report = run_with_pages(config, gateway)
    assert published_names(emulator, since) == {
        DIRECTORY, BOONE, "iln-initiative-project-based-learning.aspx", "iln-initiative-portrait-of-a-learner.aspx"}
    assert report.counts.pages_published == 4
    assert "Riley Shaw" in _html(_pages(emulator)[DIRECTORY])


def test_plan_lists_page_publishes_and_writes_nothing(config: Config, emulator: Any) -> None:
    """`plan` shows each page it would create, like any other write, and sends no write."""
    from sharepoint_sync.core.report import render_plan

    seed_network(config)
    since = emulator.last_seq()
    with open_session(config, extractor=InProcessExtractor()) as session:
        plan, _ = session.plan()
    text = render_plan(plan)
    assert 'create page "ILN Member Districts" in Site Pages' in text
    assert 'create page "Boone County: ILN district spotlight" in Site Pages' in text
    assert not [r for r in emulator.requests(since) if "sitepages/pages" in r["path"].lower() and r["method"] == "POST"]


def test_the_fake_tenant_serves_each_published_page_at_its_own_address(config: Config, emulator: Any,
                                                                       https_session: requests.Session) -> None:
    """`…/SitePages/<slug>.aspx` shows the published canvas, sanitised; the people page links there."""
    seed_network(config, {"Boone County LOC.docx": NETWORK["Boone County LOC.docx"]})
    run_with_pages(config)
    page = https_session.get(f"{config.site.url}/SitePages/{BOONE}")
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert "Boone County" in page.text and "Points of action" in page.text
    assert https_session.get(f"{config.site.url}/SitePages/no-such-page.aspx").status_code == 404
    people = https_session.get(config.site.url.rsplit("/sites/", 1)[0] + "/").text
    assert f"href='/sites/KYILN/SitePages/{BOONE}'" in people


def test_the_page_address_shows_the_published_version_not_a_later_draft(config: Config, clean_tenant: Any,
                                                                        https_session: requests.Session) -> None:
    """A draft saved after the publish stays with its editor; a never-published page is a 404."""
    from sharepoint_sync.edges import open_gateway
    from sharepoint_sync.gateway.pages import publish_saved, save_canvas
    from sharepoint_sync.pages.canvas import canvas_content

    client = open_gateway(config).client
    page_id = save_canvas(client, "news.aspx", "News", canvas_content("news", ["<p>Published words</p>"]))
    publish_saved(client, page_id)
    save_canvas(client, "news.aspx", "News", canvas_content("news", ["<p>Draft words</p>"]))
    save_canvas(client, "draft-only.aspx", "Draft", canvas_content("draft-only", ["<p>Never published</p>"]))
    shown = https_session.get(f"{config.site.url}/SitePages/news.aspx").text
    assert "Published words" in shown and "Draft words" not in shown
    assert https_session.get(f"{config.site.url}/SitePages/draft-only.aspx").status_code == 404


def test_a_site_without_the_resources_library_gets_no_page_and_a_plain_failure(config: Config, emulator: Any) -> None:
    """Not provisioned for pages: the lists are kept, no page is published, the failure says to provision."""
    from sharepoint_sync.run.model import RunOptions
    from sharepoint_sync.run.session import site_names
    from sharepoint_sync.run.sync import run_once
    from sharepoint_sync.edges import open_gateway
    from sharepoint_sync.pages.schema import PageNames
    from sharepoint_sync.pages.step import PageStep
    from sharepoint_sync.state import State
    from tests.pages.helpers import NOW

    gateway = seed_network(config, {"Boone County LOC.docx": NETWORK["Boone County LOC.docx"]})
    with State(config.sync.state_path) as state:
        step = PageStep(gateway, state, config.site.url, PageNames(resources="No Such Library"))
        report = run_once(open_gateway(config), InProcessExtractor(), state, site_names(config), RunOptions(),
                          now=NOW, pages=step)
    assert report.outcome == "Partial" and report.counts.commitments_created == 1 and emulator.state()["pages"] == []
    assert [f.name for f in report.failures] == ["Resource pages"]
    assert "run `iln-sync provision`" in report.failures[0].problem
