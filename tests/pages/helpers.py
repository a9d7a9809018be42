"""Letters, resources and runs for the page tests: a small network made with the official form."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sharepoint_sync.config import Config
from sharepoint_sync.run.model import RunOptions
from sharepoint_sync.run.provision import provision_site
from sharepoint_sync.run.session import site_names
from sharepoint_sync.run.sync import run_once
from iln_demo.forms.fill import FormValues, fill_form
from sharepoint_sync.edges import open_gateway
from sharepoint_sync.pages.schema import RESOURCE_INITIATIVE, PageNames
from sharepoint_sync.pages.step import PageStep
from sharepoint_sync.record import Person, Signatory
from sharepoint_sync.state import State
from tests.sync.tenant_helpers import InProcessExtractor

NOW = dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone.utc)
XSS = ('<script>alert(1)</script> <img src=x onerror=alert(2)> "><svg onload=alert(3)> '
       '[x](javascript:alert(4)) data:text/html,<b>5</b>')


def letter(district: str, *, year: int = 2025, kde: bool = True, poc: str = "Dana Reed",
           points: tuple[str, ...] = (), initiatives: tuple[str, ...] = (), email: str | None = None) -> bytes:
    """An official-form letter signed by the district on Aug 1 of `year` (and by KDE on Aug 15 when `kde`)."""
    slug = district.split()[0].lower()
    return fill_form(FormValues(
        district=district, academic_year=year,
        point_of_contact=Person(poc, "Chief Academic Officer", email or f"{poc.split()[0].lower()}@{slug}.kyschools.us"),
        contacts=(Person("Lee Park", "Principal", f"lee.park@{slug}.kyschools.us"),),
        initiatives=initiatives,
        action_points=points or ("We plan to scale **project-based learning** to every middle school.",),
        signatory=Signatory("Pat Morgan", "Superintendent"), district_signed_on=dt.date(year, 8, 1),
        kde_name="KDE Designee" if kde else None, kde_signed_on=dt.date(year, 8, 15) if kde else None))


#: file name -> letter: two members, one waiting for KDE, one former member
NETWORK: dict[str, bytes] = {
    "Boone County LOC.docx": letter("Boone County", initiatives=("Project-Based Learning", "Portrait of a Learner"),
                                    points=("We plan to scale **project-based learning** to every middle school.",
                                            "We are adopting a **Portrait of a Learner** with our community.")),
    "Fayette County LOC.docx": letter("Fayette County", initiatives=("Deeper Learning",),
                                      points=("The district is part of the **Deeper Learning** work.",)),
    "Knox County LOC.docx": letter("Knox County", kde=False, initiatives=("Student Microcredentials",),
                                   points=("We would like to take part in the **student microcredentials** pilot.",)),
    "Hardin County LOC.docx": letter("Hardin County", year=2023, initiatives=("Deeper Learning",),
                                     points=("We grow **Deeper Learning** in grades 6-8.",)),
}


def seed_network(config: Config, letters: dict[str, bytes] | None = None,
                 resources: dict[str, tuple[str, ...]] | None = None) -> Any:
    """Provision the site, upload the letters and the tagged resources; returns the gateway."""
    gateway = open_gateway(config)
    provision_site(gateway, site_names(config))
    for name, data in (letters or NETWORK).items():
        gateway.upload_file(config.site.library, name, data)
    tag_resources(gateway, resources or {"PBL unit planning template.docx": ("Project-Based Learning",)})
    return gateway


def tag_resources(gateway: Any, resources: dict[str, tuple[str, ...]]) -> None:
    """Upload each resource to ILN Resources and tag it with its initiatives."""
    library = PageNames().resources
    for name in resources:
        gateway.upload_file(library, name, b"resource")
    for item in gateway.list_sources(library, "library", []):
        if item.name in resources:
            gateway.update_row(library, item.item_id, {RESOURCE_INITIATIVE: list(resources[item.name])}, etag=item.etag)


def run_with_pages(config: Config, gateway: Any = None, now: dt.datetime = NOW) -> Any:
    """One run (in-process extraction) with the page step, on a fresh gateway unless one is given."""
    gateway = gateway or open_gateway(config)
    with State(config.sync.state_path) as state:
        return run_once(gateway, InProcessExtractor(), state, site_names(config), RunOptions(), now=now,
                        pages=PageStep(gateway, state, config.site.url))


def page_requests(emulator: Any, since: int) -> list[str]:
    """Requests after `since` that touch pages: the page API or the Site Pages library."""
    return [f"{r['method']} {r['path']}" for r in emulator.requests(since)
            if "/sitepages/" in r["path"].lower() or "site pages" in r["path"].lower()]


def published_names(emulator: Any, since: int) -> set[str]:
    """The pages published after `since` (by their Publish calls, mapped to file names)."""
    ids = {int(p) for r in emulator.requests(since) if r["method"] == "POST" and r["path"].lower().endswith("/publish")
           for p in [r["path"].split("pages(")[-1].split(")")[0]]}
    return {p["name"] for p in emulator.state()["pages"] if p["id"] in ids}
