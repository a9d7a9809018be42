"""The optional [pages] section: defaults when absent, names configurable, mistakes reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from sharepoint_sync.config import PagesConfig, load_config
from tests.client.certs import NOW, cert_pem, key_pem, make_certificate, rsa_key, write_config, write_private
from tests.client.test_config import problems_of


@pytest.fixture()
def config_path(tmp_path: Path) -> Path:
    key = rsa_key()
    write_private(tmp_path / "app.pem", cert_pem(make_certificate(key)) + key_pem(key))
    return write_config(tmp_path)


def test_without_a_pages_section_pages_are_on_with_the_default_names(config_path: Path) -> None:
    """No [pages]: enabled, ILN Resources and Site Pages."""
    assert load_config(config_path, environ={}, now=NOW).pages == PagesConfig(True, "ILN Resources", "Site Pages")


def test_pages_section_names_the_libraries_and_can_turn_pages_off(config_path: Path) -> None:
    """[pages] enabled = false and other library titles are read."""
    config_path.write_text(config_path.read_text() + '\n[pages]\nenabled = false\nresources_library = "Resources"\n'
                           'site_pages_library = "Pages du site"\n')
    assert load_config(config_path, environ={}, now=NOW).pages == PagesConfig(False, "Resources", "Pages du site")


def test_a_wrong_value_or_a_misspelt_key_in_pages_is_reported(config_path: Path) -> None:
    """enabled must be a boolean; an unknown key names the known ones."""
    config_path.write_text(config_path.read_text() + '\n[pages]\nenabled = "yes"\nresource_library = "X"\n')
    problems = problems_of(config_path)
    assert problems["pages.enabled"] == "must be true or false, not 'yes'"
    assert problems["pages.resource_library"].startswith("unknown setting (known in [pages]: enabled, resources_library")
