"""A published page, as served by the fake tenant, rendered in headless Chromium is not blank."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sharepoint_sync.config import Config
from tests.browser import non_white_share, screenshot_html, screenshot_url
from tests.pages.helpers import run_with_pages, seed_network

pytestmark = pytest.mark.integration


def test_a_published_spotlight_renders_as_a_non_blank_page(chromium: str, config: Config, emulator: Any,
                                                           tmp_path: Path) -> None:
    """Chromium shows the spotlight page with content (a real share of non-white pixels)."""
    seed_network(config)
    run_with_pages(config)
    png = screenshot_url(f"{config.site.url}/SitePages/iln-district-boone-county.aspx", tmp_path / "spotlight.png",
                         width=1000, height=900)
    assert non_white_share(png) > 0.03


def test_a_blank_document_measures_blank(chromium: str, tmp_path: Path) -> None:
    """The measure itself: an empty page has (almost) no non-white pixels."""
    png = screenshot_html("<!doctype html><title>x</title>", tmp_path / "blank.png", width=400, height=300)
    assert non_white_share(png) < 0.001
