"""The summary email drawn by headless Chromium: the screenshot is not blank and the escaped text is drawn."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from sharepoint_sync.mail import content
from sharepoint_sync.mail.render import render_summary
from tests.browser import non_white_share, screenshot_html
from tests.mail.samples import LINKS, full_report

DOCS_PNG = Path(__file__).resolve().parents[2] / "docs" / "mail-summary.png"


def test_summary_email_renders_in_headless_chromium(chromium: str, tmp_path: Path) -> None:
    """Chromium draws the summary HTML: a real share of non-white pixels (header band, tables, text).

    `ILN_UPDATE_DOCS=1` also copies the screenshot to docs/mail-summary.png (the README shows it)."""
    html = render_summary(content.summary_of(full_report(), LINKS)).html
    png = screenshot_html(html, tmp_path / "summary.png", width=1000, height=1400)
    assert png.stat().st_size > 20_000
    assert non_white_share(png) > 0.03
    if os.environ.get("ILN_UPDATE_DOCS") == "1":
        shutil.copyfile(png, DOCS_PNG)
