"""`iln-sync demo`: the whole job on an embedded fake tenant, the second run writing nothing."""
from __future__ import annotations

import argparse
import io
import re
from pathlib import Path

import pytest

from iln_demo.commands import demo

pytestmark = pytest.mark.integration


def test_demo_runs_twice_and_the_second_run_writes_nothing(tmp_path: Path) -> None:
    """The demo provisions, uploads, syncs, says plainly that the second sync wrote nothing, not even a run row,
    and ends with `iln-sync status` (healthy, lock free)."""
    out = io.StringIO()
    code = demo.run(argparse.Namespace(data=tmp_path / "demo", port=0, keep_running=False), out=out)
    text = out.getvalue()
    assert code == 0
    first, second = re.findall(r"== \d\. (?:First|Second) run [^:]*: (\d+) requests, (\d+) write operations", text)
    assert int(first[1]) > 30 and second[1] == "0"
    assert "needs review:" in text and "Where to look:" in text
    assert re.search(r"ILN Members now: \d+ districts", text)
    assert "the second run wrote nothing" in text and '"ILN Sync Runs" (now 1 row)' in text
    # the first run's summary is the outbox's only message: the second run (no change) sends none
    assert "== 7. Outbox: 1 message(s) ==" in text and "Subject: ILN sync: " in text
    assert len(list((tmp_path / "demo" / "outbox").glob("*.eml"))) == 1
    status = text[text.index("== iln-sync status"):]  # the demo ends with what `iln-sync status` says
    assert "Succeeded" in status and "Run lock: free" in status and "OK: the last successful sync" in status
