"""What people read: command messages say what happened and what to do next, in staff's words."""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from sharepoint_sync import log
from iln_demo.commands import demo
from sharepoint_sync.commands import check, provision, serve
from sharepoint_sync.core import schema as s
from sharepoint_sync.core.plan import Action, LockedChange
from sharepoint_sync.core.report import Counts, ReviewEntry, RunReport, describe_action, render_text
from sharepoint_sync.errors import ConfigError, RemoteError, describe


def test_planned_update_names_columns_as_staff_see_them() -> None:
    """`iln-sync plan` shows "Sync status", not the internal IlnStatus, and calls a source a document."""
    action = Action("source", "update", "Letters of Commitment", "Knox County LOC.docx", "library:1",
                    {s.WB_STATUS: "Processed"}, before={s.WB_STATUS: ""})
    line = describe_action(action)
    assert line.startswith('update document "Knox County LOC.docx" in Letters of Commitment: ')
    assert "Sync status: '' -> 'Processed'" in line and s.WB_STATUS not in line


def test_locked_row_line_names_columns_as_staff_see_them() -> None:
    """A staff-managed row is reported with the column's display name, not its internal name."""
    report = RunReport("r1", "t", "t", "Succeeded", "changes",
                       locked=(LockedChange("Clay County", {s.M_STATUS: ("Active", "Expired")}),))
    text = render_text(report)
    assert "left as is: Clay County (would change Member status)" in text


def test_review_list_of_a_quiet_run_says_the_documents_are_still_waiting() -> None:
    """A run that read nothing still lists what waits for staff, saying so rather than contradicting '0 need review'."""
    report = RunReport("r1", "t", "t", "Succeeded", "changes", Counts(),
                       (ReviewEntry("b.docx", "https://x/b.docx", "Boyd County", ("No date.",)),))
    text = render_text(report)
    assert "0 need review" in text
    assert "needs review: 1 document(s) waiting for staff, from this or earlier runs" in text
    assert "Review decision" in text


def test_provision_closing_line_says_what_was_done_and_what_next(tmp_path: Path) -> None:
    """After provisioning, one line counts the additions and names the next command; a dry run says none were made."""
    config = tmp_path / "iln-sync.toml"
    assert provision.provision_summary(3, dry_run=False, config_path=config) == (
        f"3 addition(s) made. Next: `iln-sync plan --config {config}` shows what a run would write.")
    assert "none made (--dry-run)" in provision.provision_summary(3, dry_run=True, config_path=config)
    assert provision.provision_summary(0, dry_run=False, config_path=config).startswith("Nothing to add")


def test_unprovisioned_site_hint_names_the_config_and_no_status_code() -> None:
    """A missing column tells the user to run provision with their config, without HTTP jargon."""
    with pytest.raises(RemoteError) as caught, provision.missing_list_hint("var/dry/iln-sync.toml"):
        raise RemoteError("Column 'IlnSchoolYears' does not exist.", status=400, code="System.ArgumentException")
    sentence = describe(caught.value)
    assert "run `iln-sync provision` (with --config var/dry/iln-sync.toml) first" in sentence
    assert "status=400" not in sentence and "code=" not in sentence and "IlnSchoolYears" in sentence


class _NoSuchSite:
    """A gateway whose site answers 404, as SharePoint does for a site path that does not exist."""

    def web(self) -> dict[str, Any]:
        raise RemoteError("File Not Found.", status=404, code="-2147024894, System.IO.FileNotFoundException")


def test_check_calls_a_missing_site_a_configuration_problem() -> None:
    """A site.url where no site answers is a configuration problem on site.url (exit 2), not a 404 dump."""
    config = SimpleNamespace(site=SimpleNamespace(url="https://127.0.0.1:8443/sites/KYILNX"))
    with pytest.raises(ConfigError) as caught:
        check.read_site(_NoSuchSite(), config)  # type: ignore[arg-type]
    assert caught.value.exit_code == 2
    sentence = describe(caught.value)
    assert "site.url: no SharePoint site at https://127.0.0.1:8443/sites/KYILNX" in sentence
    assert "FileNotFoundException" not in sentence


def test_serve_says_how_each_run_ended_and_when_the_next_is_due() -> None:
    """`iln-sync serve` prints one line after each sync: outcome, writes, documents waiting, next run time."""
    report = RunReport("r9", "t", "t", "Succeeded", "changes", Counts(source_writes=2),
                       (ReviewEntry("b.docx", "https://x/b.docx", None, ("No date.",)),))
    due = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.timezone.utc)
    assert serve.after_run_line(report, due) == ("run r9: Succeeded, 2 write(s), 1 document(s) need review; "
                                                 "next run 2026-12-01 06:00 UTC")


def test_demo_outbox_line_says_when_it_is_empty(tmp_path: Path) -> None:
    """The demo's outbox line says it is empty rather than pointing at a folder that does not exist."""
    assert demo.outbox_summary(tmp_path / "outbox") == "empty: no mail was sent in this demo"
    (tmp_path / "outbox").mkdir()
    (tmp_path / "outbox" / "1.eml").write_text("Subject: x\n\n")
    assert demo.outbox_summary(tmp_path / "outbox") == "1 message(s), one .eml file each"


def test_library_listener_tracebacks_are_not_printed() -> None:
    """After log.configure(), office365's listener traceback log (an error we describe ourselves) is silenced."""
    log.configure()
    assert not logging.getLogger("office365.runtime.types.event_handler").isEnabledFor(logging.ERROR)


def test_emulator_banner_gives_the_order_of_the_next_commands() -> None:
    """The emulator's start banner says to check and provision before run (its site starts without the lists)."""
    from iln_demo.commands import emulator

    info = {"base_url": "https://127.0.0.1:8443", "site_url": "https://127.0.0.1:8443/sites/KYILN",
            "ca_path": "d/keys/ca.pem", "config_path": "d/iln-sync.toml", "outbox_dir": "d/outbox"}
    lines = emulator.banner(info)
    assert lines[0] == "Fake tenant running at https://127.0.0.1:8443/"
    assert "Next, in another shell: iln-sync check, provision, plan, run, each with --config d/iln-sync.toml" in lines


def test_extract_words_a_reason_as_the_run_writes_it_in_sharepoint() -> None:
    """`iln-sync extract` and the run's write-back use one sentence per reason (no two wordings of one problem)."""
    from sharepoint_sync.commands import extract
    from sharepoint_sync.core.words import reason_words
    from sharepoint_sync.record import LocRecord

    record = LocRecord(file="letter.pdf", status="unreadable", review_reasons=("unreadable:not_docx",))
    assert extract.summary(record) == f"letter.pdf: unreadable\n  Why: {reason_words('unreadable:not_docx')}"
