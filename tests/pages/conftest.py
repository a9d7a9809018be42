"""Fixtures for the page tests that use the fake tenant (the sync tests' `config`, reused)."""
from tests.sync.conftest import config  # noqa: F401
