"""A provisioned in-memory site plus a runner, shared by the engine tests."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sharepoint_sync.core import schema as s
from sharepoint_sync.core.report import RunReport
from sharepoint_sync.run.model import RunOptions
from sharepoint_sync.run.provision import provision_site
from sharepoint_sync.run.sync import plan_once, run_once
from sharepoint_sync.state import State
from tests.fakes import FakeExtractor, FakeSite

NAMES = s.SiteNames()
NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.timezone.utc)


@dataclass
class Rig:
    """Site + extractor + state, and how to run the worker on them."""

    site: FakeSite = field(default_factory=FakeSite)
    extractor: FakeExtractor = field(default_factory=FakeExtractor)
    state: State = field(default_factory=lambda: State(":memory:"))

    def run(self, now: dt.datetime = NOW, **options: Any) -> RunReport:
        return run_once(self.site, self.extractor, self.state, NAMES, RunOptions(**options), now=now)

    def plan(self, now: dt.datetime = NOW, **options: Any):
        return plan_once(self.site, self.extractor, self.state, NAMES, RunOptions(**options), now=now)

    def members(self) -> dict[str, dict[str, Any]]:
        return {r[s.M_DISTRICT]: r for r in self.site.rows(NAMES.members)}

    def commitments(self) -> list[dict[str, Any]]:
        return self.site.rows(NAMES.commitments)

    def library(self) -> dict[str, dict[str, Any]]:
        return {r["FileLeafRef"]: r for r in self.site.rows(NAMES.library)}

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every list without the worker's timestamps (to compare two sites)."""
        stamps = {s.WB_PROCESSED_AT, s.M_LAST_SYNCED, s.C_RECORD}
        out = {}
        for title in (NAMES.library, NAMES.submissions, NAMES.commitments, NAMES.members):
            rows = [{k: v for k, v in r.items() if k not in stamps} for r in self.site.rows(title)]
            out[title] = sorted(rows, key=repr)
        return out


def provisioned() -> Rig:
    """A rig whose site has every list, column and view."""
    rig = Rig()
    provision_site(rig.site, NAMES)
    rig.site.writes = 0
    return rig
