"""Helpers for the reliability tests (issue 13): many form letters seeded straight into the fake site,
a gateway whose backoff is short (Retry-After is still honoured in full), the site's rows read
without going through the faults under test."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sharepoint_sync.config import Config
from sharepoint_sync.core import schema as s
from sharepoint_sync.run.provision import provision_site
from sharepoint_sync.run.session import site_names
from sharepoint_sync.extract.registry import default_registry
from sharepoint_sync.edges import open_gateway
from sharepoint_sync.gateway import SharePointGateway
from sharepoint_sync.retry import RetryBudget, RetryPolicy
from tests.sync.tenant_helpers import form_letter

#: backoff without Retry-After kept short so a test with hundreds of faults runs in seconds;
#: Retry-After itself is waited out in full (the fake tenant records any premature retry)
FAST = RetryPolicy(base_delay=0.02, max_delay=0.2)


def districts(count: int) -> list[str]:
    """`count` distinct active Kentucky districts from the shipped registry."""
    names = sorted({d.name for d in default_registry().districts if d.active})
    assert len(names) >= count
    return names[:count]


def letter_names(count: int) -> list[str]:
    """The file names `seed_letters` gives its letters."""
    return [f"loc-{i:02d}.docx" for i in range(count)]


def seed_letters(config: Config, tenant: Any, count: int) -> list[str]:
    """Provision the site and put `count` filled form letters (one district each) in the library, as
    staff uploading in the browser would; returns their file names."""
    provision_site(open_gateway(config), site_names(config))
    site = tenant.site
    root = site.list_by_title(config.site.library).url
    names = letter_names(count)
    for name, district in zip(names, districts(count), strict=True):
        site.upload(f"{root}/{name}", form_letter(district, dt.date(2025, 9, 2), dt.date(2025, 9, 20),
                                                   "Pat Lee"))
    return names


def fast_gateway(config: Config, budget: int | None = None) -> SharePointGateway:
    """The real gateway with the configured retry budget and a short backoff (see FAST)."""
    return open_gateway(config, RetryBudget(budget or config.sync.retry_budget), policy=FAST)


def rows(tenant: Any, title: str) -> list[dict[str, Any]]:
    """The values of every item of a list, read from the fake site's store (no HTTP, no faults)."""
    return [dict(item.values) for item in tenant.site.list_by_title(title).items.values()]


def doc_status(tenant: Any, config: Config) -> dict[str, tuple[Any, Any]]:
    """File name -> (Sync status, Review reasons) of every library document, from the store."""
    lst = tenant.site.list_by_title(config.site.library)
    return {item.name: (item.values.get(s.WB_STATUS), item.values.get(s.WB_REASONS))
            for item in lst.items.values() if not item.is_folder}


def fill(tenant: Any, title: str, count: int, values: Any = None, *, folders: bool = False) -> None:
    """Add `count` rows (or, in a library, folders) straight into the fake site's store, fast: the
    unique-value check and the change log are skipped (seeding, not behaviour under test)."""
    from m365_fake.sharepoint.models import Item

    site = tenant.site
    lst = site.list_by_title(title)
    now = site.now()
    for i in range(count):
        name = f"filler-{i:05d}" if folders else ""
        item = Item(lst.next_id, dict(values(i)) if values else {}, now, now, folder=lst.url, name=name,
                    is_folder=folders)
        lst.items[item.id] = item
        lst.next_id += 1
