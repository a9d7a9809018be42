"""Killing the worker between its end-of-run state writes (issue 12): the state file is then wholly as
before the run's end or wholly after it, never half. The kill is a real one (`os._exit` in a child
process, from SQLite's statement trace), at every statement of the run's end in turn."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

#: the child: a first run, then changes (a letter deleted, one added, one write-back meeting a 412, so
#: the run's end saves tokens, forgets an item, keeps one pending, settles the day and keeps its ledger
#: row, the next day), and a second run killed at its end's `kill_at`-th statement (0: not killed; then it copies the
#: file as it was when its end began to `<path>.pre` and prints how many statements the end had)
CHILD = r'''
import datetime, os, shutil, sys, uuid, json
from sharepoint_sync import clock
from sharepoint_sync.state import State
from tests.fakes import letter
from tests.sync.helpers import NAMES, NOW, provisioned

clock.now = lambda: NOW
uuid.uuid4 = lambda: uuid.UUID(int=7)
path, kill_at = sys.argv[1], int(sys.argv[2])
rig = provisioned()
rig.state = State(path)
first = rig.site.upload(NAMES.library, "a.docx", letter("Adair County"))
second = rig.site.upload(NAMES.library, "b.docx", letter("Allen County"))
rig.run()
rig.site.delete(NAMES.library, first.item_id)
rig.site.upload(NAMES.library, "c.docx", letter("Boone County"))
rig.site.staff_edit(NAMES.library, second.item_id, IlnReviewDecision="Ignore")
rig.site.conflicts[(NAMES.library, second.item_id)] = lambda item: item.values.update(Title="edited")
count = []

def trace(sql):
    if sql.startswith("BEGIN IMMEDIATE") and not count:
        count.append(0)
        if kill_at == 0:
            shutil.copy(path, path + ".pre")
    if count:
        count[0] += 1
        if count[0] == kill_at:
            os._exit(3)

rig.state.db.set_trace_callback(trace)
clock.now = lambda: NOW + datetime.timedelta(days=1)  # a new day: the end also settles it (meta)
rig.run()
print(json.dumps({"statements": count[0] if count else 0}))
'''


def _child(path: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD, str(path), str(kill_at)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def _snapshot(path: Path) -> dict[str, Any]:
    """Every table the run's end writes, as rows (opening the file rolls back a half-written transaction,
    as the next run's open would)."""
    with sqlite3.connect(path) as db:
        out = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
               for t in ("tokens", "items", "pending", "meta", "runs", "failures")}
    db.close()
    return out


def test_a_kill_between_the_end_of_run_writes_leaves_the_state_before_or_after(tmp_path: Path) -> None:
    """At every statement of the run's end, a killed worker leaves the state exactly as it was when the
    end began; a worker not killed leaves it as after the run. Nothing in between."""
    reference = tmp_path / "reference.sqlite"
    done = _child(reference, 0)
    assert done.returncode == 0, done.stderr[-2000:]
    statements = json.loads(done.stdout.strip().splitlines()[-1])["statements"]
    before, after = _snapshot(Path(f"{reference}.pre")), _snapshot(reference)
    changed = {t for t in before if before[t] != after[t]}
    assert {"tokens", "items", "pending", "meta", "runs"} <= changed, changed  # the end writes them all
    assert statements >= 8
    for kill_at in range(1, statements + 1):
        path = tmp_path / f"killed-at-{kill_at}.sqlite"
        killed = _child(path, kill_at)
        assert killed.returncode == 3, killed.stderr[-2000:]
        assert _snapshot(path) == before, f"killed at statement {kill_at} of {statements}"
