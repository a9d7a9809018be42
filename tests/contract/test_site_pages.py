"""Contract of the page step's port (`pages.step.PagesGateway`): pages published by name with their
content hash, and the resources library read with its initiative tags."""
from __future__ import annotations

from typing import Any

from sharepoint_sync.pages.schema import PAGE_HASH, RESOURCE_INITIATIVE, PageNames, pages_schema
from sharepoint_sync.record import INITIATIVES
from tests.contract.sites import SiteUnderTest

NAMES = PageNames()


def _pages_ready(site: SiteUnderTest) -> None:
    """The resources library and our hash column on Site Pages, created through the port (the Site Pages
    library exists on every SharePoint site; creating it again is a no-op)."""
    for spec in pages_schema(NAMES):
        site.gateway.create_list(spec)
        for field in spec.fields:
            site.gateway.add_field(spec.title, field)


def test_a_published_page_is_listed_by_name_with_its_hash(bare_site: SiteUnderTest) -> None:
    """publish_site_page creates the page; site_pages lists it by lower-case file name with the hash."""
    _pages_ready(bare_site)
    gateway: Any = bare_site.gateway
    item_id = gateway.publish_site_page(NAMES.site_pages, PAGE_HASH, "ILN-Members.aspx", "Members", "[]", "h1")
    page = gateway.site_pages(NAMES.site_pages, PAGE_HASH)["iln-members.aspx"]
    assert (page.file_name, page.item_id, page.content_hash) == ("ILN-Members.aspx", item_id, "h1")


def test_publishing_again_keeps_the_page_and_replaces_its_hash(bare_site: SiteUnderTest) -> None:
    """A second publish of the same name (any case) updates that page: same item, the new hash, no twin."""
    _pages_ready(bare_site)
    gateway: Any = bare_site.gateway
    first = gateway.publish_site_page(NAMES.site_pages, PAGE_HASH, "spot.aspx", "Spot", "[]", "h1")
    again = gateway.publish_site_page(NAMES.site_pages, PAGE_HASH, "Spot.aspx", "Spot", "[]", "h2")
    pages = gateway.site_pages(NAMES.site_pages, PAGE_HASH)
    assert again == first and pages["spot.aspx"].content_hash == "h2"
    assert [name for name in pages if name.startswith("spot")] == ["spot.aspx"]


def test_resources_are_read_with_their_initiative_tags(bare_site: SiteUnderTest) -> None:
    """resources lists each document of the resources library with its initiatives (none: an empty tuple)."""
    _pages_ready(bare_site)
    tagged = bare_site.upload(NAMES.resources, "guide.pdf", b"pdf")
    bare_site.upload(NAMES.resources, "untagged.pdf", b"pdf", folder="Old")
    bare_site.staff_edit(NAMES.resources, tagged, **{RESOURCE_INITIATIVE: list(INITIATIVES[:2])})
    gateway: Any = bare_site.gateway
    found = {r.name: r for r in gateway.resources(NAMES.resources, RESOURCE_INITIATIVE)}
    assert set(found) == {"guide.pdf", "untagged.pdf"}
    assert found["guide.pdf"].initiatives == INITIATIVES[:2] and found["untagged.pdf"].initiatives == ()
    assert all(r.link.startswith("https://") and r.modified and len(r.modified) == 10 for r in found.values())
