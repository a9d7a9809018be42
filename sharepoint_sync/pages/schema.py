"""What the page step needs on the site, declared for `iln-sync provision` (adding only):

* the **ILN Resources** library, with a multi-choice *Initiative* column (the six initiatives) that
  staff tag each document with;
* on the existing **Site Pages** library, the *iln-sync content hash* column: the hash of the content
  we published on each page (so a run with a lost state file compares with the site, not with itself).
"""
from __future__ import annotations

from dataclasses import dataclass

from typing import Any, Mapping

from sharepoint_sync.ports import FieldSpec, ListSpec
from sharepoint_sync.record import INITIATIVES

PAGE_HASH = "IlnPageHash"
RESOURCE_INITIATIVE = "IlnInitiative"


@dataclass(frozen=True)
class PageNames:
    """The two libraries' titles ([pages] in the config file)."""

    resources: str = "ILN Resources"
    site_pages: str = "Site Pages"


def pages_schema(names: PageNames) -> tuple[ListSpec, ...]:
    """The resources library (created when missing) and our column on Site Pages (never created: every
    modern site has that library)."""
    return (
        ListSpec(names.resources, "library",
                 (FieldSpec(RESOURCE_INITIATIVE, "Initiative", "multichoice", INITIATIVES,
                            description="The ILN initiatives this resource belongs to; its pages list it."),),
                 description="ILN resources; each document tagged with its initiatives appears on their pages."),
        ListSpec(names.site_pages, "library",
                 (FieldSpec(PAGE_HASH, "iln-sync content hash", "text",
                            description="iln-sync's fingerprint of the content it published on this page."),)),
    )


def without_missing_site_pages(schema: tuple[ListSpec, ...], existing: Mapping[str, Any], names: PageNames
                               ) -> tuple[tuple[ListSpec, ...], tuple[str, ...]]:
    """The schema without the Site Pages entry when the site has no such library (it is SharePoint's
    own, never ours to create), and the problem to report then."""
    if existing.get(names.site_pages) is not None:
        return schema, ()
    return (tuple(spec for spec in schema if spec.title != names.site_pages),
            (f"The site has no \"{names.site_pages}\" library, so no page can be published; every modern "
             "SharePoint site has one: check [pages] site_pages_library.",))
