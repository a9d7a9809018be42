"""Plain values of the page step: resources, rendered pages, what the site holds, planned publishes."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from sharepoint_sync.core.sources import Commitment

PageKind = Literal["directory", "initiative", "spotlight"]

#: the page names (slugs) are part of the site's identity: never change them once published
DIRECTORY_SLUG = "iln-member-districts"
INITIATIVE_PREFIX = "iln-initiative-"
SPOTLIGHT_PREFIX = "iln-district-"


def slugify(text: str) -> str:
    """A stable ASCII page name part: lower case, letters and digits, single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "page"


def initiative_slug(initiative: str) -> str:
    """`iln-initiative-portrait-of-a-learner`."""
    return INITIATIVE_PREFIX + slugify(initiative)


def spotlight_slug(district: str) -> str:
    """`iln-district-adair-county`."""
    return SPOTLIGHT_PREFIX + slugify(district)


@dataclass(frozen=True)
class Resource:
    """A document of the ILN Resources library: its name, address, last change and initiatives."""

    name: str
    link: str
    modified: str | None  # YYYY-MM-DD
    initiatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageInputs:
    """Everything the pages are rendered from (all read before rendering)."""

    site_url: str
    commitments: tuple[Commitment, ...]
    resources: tuple[Resource, ...]
    today: dt.date


@dataclass(frozen=True)
class RenderedPage:
    """One page as it should be on the site: name, title, CanvasContent1 and its content hash."""

    slug: str
    title: str
    kind: PageKind
    canvas: str
    content_hash: str

    @property
    def file_name(self) -> str:
        """The page's file in Site Pages."""
        return f"{self.slug}.aspx"


@dataclass(frozen=True)
class RemotePage:
    """A page as the site holds it: its Site Pages item and the content hash we stored on it."""

    file_name: str
    item_id: int
    content_hash: str | None


@dataclass(frozen=True)
class PagePublish:
    """A planned publish: a new page (no item yet) or new content for an existing one."""

    page: RenderedPage
    item_id: int | None
    published_hash: str | None

    @property
    def op(self) -> Literal["create", "update"]:
        """create when the site has no such page yet."""
        return "create" if self.item_id is None else "update"
