"""Headless Chromium screenshots for tests: `screenshot_html` and `screenshot_url`.

Debian's `chromium` is installed by `ensure_chromium()` when `/usr/bin/chromium` is missing and we are
root (CI runs on a fresh machine); elsewhere the calling test is skipped with the reason.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
#: Chromium flags for a quiet, offline, one-shot screenshot (no sandbox: containers run us as root)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")
INSTALL_TIMEOUT = 900


def ensure_chromium() -> Path:
    """The Chromium binary, installed with apt-get when missing and we are root; else the test is skipped."""
    found = CHROMIUM if CHROMIUM.exists() else (Path(p) if (p := shutil.which("chromium")) else None)
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("headless Chromium is not installed and cannot be: not root, or no apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
        if result.returncode != 0:
            pytest.skip(f"could not install chromium with apt-get: {result.stderr.strip()[-300:]}")
    if not CHROMIUM.exists():
        pytest.skip("apt-get installed chromium but /usr/bin/chromium is missing")
    return CHROMIUM


def screenshot_url(url: str, png_path: Path, width: int = 1000, height: int = 1400) -> Path:
    """A PNG of `url` as headless Chromium draws it at `width`x`height`; returns `png_path`."""
    binary = ensure_chromium()
    png_path = Path(png_path)
    png_path.parent.mkdir(parents=True, exist_ok=True)
    png_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [str(binary), *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png_path}",
                   f"--window-size={width},{height}", url]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if not png_path.exists():
        raise AssertionError(f"chromium wrote no screenshot (exit {result.returncode}): {result.stderr[-500:]}")
    return png_path


def screenshot_html(html: str, png_path: Path, width: int = 1000, height: int = 1400) -> Path:
    """A PNG of an HTML document (written to a temporary file next to nothing else; no network needed)."""
    with tempfile.TemporaryDirectory(prefix="html-shot-") as directory:
        page = Path(directory) / "page.html"
        page.write_text(html, encoding="utf-8")
        return screenshot_url(page.as_uri(), png_path, width, height)


def distinct_colours(png_path: Path) -> int:
    """How many distinct colours the PNG holds (a blank page has one)."""
    from PIL import Image

    with Image.open(png_path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    return len(colours) if colours is not None else 1 << 20
