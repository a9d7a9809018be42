"""Headless Chromium for tests: screenshots of a URL or of an HTML document, and a blank-page check.

`chromium_path()` finds Debian's `chromium` (installing it with apt-get when missing and we are root);
tests skip with the reason only when it cannot be had. The flags keep Chromium off the network
(no component updates, sync or QUIC), in a fresh profile, and accept the fake tenant's certificate.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
_TIMEOUT = 90


class BrowserUnavailable(RuntimeError):
    """No headless Chromium on this machine (the message says why)."""


def chromium_path(install: bool = True) -> str:
    """The Chromium binary; with `install`, `apt-get install -y chromium` first when it is missing and we
    are root. Raises BrowserUnavailable with the reason otherwise."""
    found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if found:
        return found
    if not install:
        raise BrowserUnavailable("chromium is not installed")
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise BrowserUnavailable("chromium is not installed and apt-get cannot run here (not root, or no apt)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise BrowserUnavailable(f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}")
    return chromium_path(install=False)


def screenshot_url(url: str, png_path: Path, width: int = 1200, height: int = 1600) -> Path:
    """A PNG of `url` as headless Chromium renders it at `width`x`height`."""
    png_path = Path(png_path)
    png_path.parent.mkdir(parents=True, exist_ok=True)
    png_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   f"--user-data-dir={profile}", "--ignore-certificate-errors", "--hide-scrollbars",
                   f"--screenshot={png_path}", f"--window-size={width},{height}", url]
        done = subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT)
    if not png_path.exists():
        raise BrowserUnavailable(f"chromium made no screenshot (exit {done.returncode}): {done.stderr.strip()[-300:]}")
    return png_path


def screenshot_html(html: str, png_path: Path, width: int = 1200, height: int = 1600) -> Path:
    """A PNG of an HTML document (written to a temporary file and opened from there)."""
    with tempfile.TemporaryDirectory(prefix="page-") as folder:
        page = Path(folder) / "page.html"
        page.write_text(html, encoding="utf-8")
        return screenshot_url(page.as_uri(), png_path, width, height)


def non_white_share(png_path: Path) -> float:
    """The share of pixels that are not (near) white: 0.0 for a blank page."""
    from PIL import Image

    with Image.open(png_path) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
    total = sum(histogram)
    return sum(histogram[:245]) / total if total else 0.0
