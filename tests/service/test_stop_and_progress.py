"""The engine's cooperative stop (between documents, between write batches) and the progress hook, over the in-memory site."""
from __future__ import annotations

import io

from sharepoint_sync.core import schema as s
from sharepoint_sync.progress import terminal_progress
from sharepoint_sync.stopping import RunControl
from tests.fakes import letter
from tests.sync.helpers import NAMES, Rig, provisioned

DISTRICTS = ["Adair County", "Boyd County", "Clark County", "Daviess County"]


def _rig() -> Rig:
    rig = provisioned()
    for district in DISTRICTS:
        rig.site.upload(NAMES.library, f"{district}.docx", letter(district))
    return rig


class StopAfterWrites(RunControl):
    """Asks for a stop once the site has taken `n` writes (a SIGTERM arriving mid-apply)."""

    def __init__(self, rig: Rig, n: int) -> None:
        super().__init__()
        self.rig, self.n = rig, n

    @property
    def stop_requested(self) -> bool:  # type: ignore[override]
        if self.rig.site.writes >= self.n:
            self.request_stop("SIGTERM")
        return super().stop_requested


def _snapshot_after_clean_run() -> dict:
    rig = _rig()
    rig.run()
    return rig.snapshot()


def test_a_stop_while_reading_records_the_run_stopped_and_writes_nothing() -> None:
    """Stop asked after two documents: the run ends Stopped, no list is written, and the next run does it all."""
    rig = _rig()
    control = RunControl(progress=lambda done, total: control.request_stop("SIGTERM") if done == 2 else None)
    report = rig.run(control=control)
    assert report.outcome == "Stopped" and report.counts.writes == 0
    assert rig.site.rows(NAMES.commitments) == [] and rig.site.rows(NAMES.runs)[-1][s.R_OUTCOME] == "Stopped"
    assert rig.extractor.calls == 2  # the document under way was finished, no other was started
    assert rig.run().outcome == "Succeeded"
    assert rig.snapshot() == _snapshot_after_clean_run()


def test_a_stop_while_writing_finishes_the_batch_under_way_and_the_rerun_converges() -> None:
    """Writes in batches of 3, stop asked once 3 writes landed: the batch under way is finished, no later batch is
    sent (exactly 3 writes), the run is Stopped, and a re-run converges without duplicates."""
    rig = _rig()
    report = rig.run(control=StopAfterWrites(rig, 3), write_batch_size=3)
    assert report.outcome == "Stopped" and rig.site.writes == 3 + 1  # + the run's own row
    assert "a stop was asked for (SIGTERM)" in report.problems[0]
    assert rig.run().outcome == "Succeeded"
    keys = [c[s.C_KEY] for c in rig.commitments()]
    assert len(keys) == len(set(keys)) == len(DISTRICTS)
    assert rig.snapshot() == _snapshot_after_clean_run()
    assert rig.run().counts.writes == 0


def test_progress_is_reported_between_documents() -> None:
    """The progress hook hears 0..n-1 of n before each document."""
    rig = _rig()
    heard: list[tuple[int, int]] = []
    rig.run(control=RunControl(progress=lambda done, total: heard.append((done, total))))
    assert heard == [(i, len(DISTRICTS)) for i in range(len(DISTRICTS))]


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_on_a_terminal_only_and_never_with_json_logs() -> None:
    """A terminal gets a tqdm bar for a long read; JSON logs or a pipe get none."""
    assert terminal_progress(io.StringIO(), json_logs=False) is None
    assert terminal_progress(Tty(), json_logs=True) is None
    screen = Tty()
    bar = terminal_progress(screen, json_logs=False)
    assert bar is not None
    for done in range(40):
        bar(done, 40)
    assert "reading letters" in screen.getvalue()
    quiet = Tty()
    small = terminal_progress(quiet, json_logs=False)
    small(0, 3)  # type: ignore[misc]
    assert quiet.getvalue() == ""  # a handful of documents: no bar
