"""The fake tenant tests' fixtures: `ctx`, an unmodified office365 ClientContext signed in to the fake tenant."""
from __future__ import annotations

from tests.m365_fake.user_code import ctx  # noqa: F401 - a fixture: imported here, pytest offers it to this directory
