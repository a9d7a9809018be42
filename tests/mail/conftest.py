"""Fixtures for the mail tests that use the fake tenant."""
from __future__ import annotations

from tests.sync.conftest import config  # noqa: F401 - the fake tenant's configuration with a state file of the test's own
