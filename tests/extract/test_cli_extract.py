"""`iln-sync extract FILE... [--json]` through `cli.main`."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sharepoint_sync import cli
from tests.fixture_files import CONTRACT_SCHEMA, LOC_SAMPLES, require

FIXTURES = LOC_SAMPLES
LETTER = "s10-2023-contact-table.docx"
AGENDA = "s25-not-loc-meeting-agenda.docx"
PDF = "s26-pdf-renamed.docx"
UNDATED = "s15-missing-signature-date.docx"


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    """Copies of a few sample files in a directory of their own."""
    copies = {}
    for name in (LETTER, AGENDA, PDF, UNDATED):
        copies[name] = tmp_path / "uploads" / name
        copies[name].parent.mkdir(exist_ok=True)
        shutil.copyfile(FIXTURES / name, copies[name])
    return copies


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["extract", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def validate(record: dict) -> None:
    import jsonschema

    jsonschema.validate(record, json.loads(require(CONTRACT_SCHEMA).read_text()))


def test_one_file_with_json_prints_one_contract_object(files, capsys) -> None:
    """--json with one file prints a JSON object valid against the contract schema, file without directories."""
    code, out, _ = run(capsys, "--json", str(files[LETTER]))
    record = json.loads(out)
    assert code == 0 and isinstance(record, dict) and record["file"] == LETTER
    validate(record)
    assert record["district"] == "Southgate Independent" and record["status"] == "ok"


def test_several_files_with_json_print_an_array_in_order(files, capsys) -> None:
    """--json with several files prints an array of records in the order given, exit 0 whatever the status."""
    code, out, _ = run(capsys, "--json", str(files[PDF]), str(files[LETTER]), str(files[AGENDA]), str(files[UNDATED]))
    records = json.loads(out)
    assert code == 0 and [r["file"] for r in records] == [PDF, LETTER, AGENDA, UNDATED]
    assert [r["status"] for r in records] == ["unreadable", "ok", "not_a_loc", "needs_review"]
    for record in records:
        validate(record)


def test_summary_without_json_says_it_in_plain_words(files, capsys) -> None:
    """Without --json each file gets a readable summary: status, district, contacts, reasons in words."""
    code, out, _ = run(capsys, str(files[LETTER]), str(files[PDF]))
    assert code == 0
    assert f"{LETTER}: read, ok (form kyiln-2023)" in out
    assert "District: Southgate Independent" in out and "misty.slone@southgateind.kyschools.us" in out
    assert f"{PDF}: unreadable" in out and "not a Word document" in out


def test_a_missing_file_is_a_usage_error(files, capsys) -> None:
    """A path that does not exist: exit 2, a message naming it, nothing extracted."""
    code, out, err = run(capsys, str(files[LETTER]), "no-such-letter.docx")
    assert code == 2 and "no-such-letter.docx" in err and out == ""


def test_summary_strips_characters_that_could_spoof_a_terminal(tmp_path, capsys) -> None:
    """Bidi overrides, zero-width and control characters in document text never reach the terminal."""
    from sharepoint_sync.commands.extract import summary
    from sharepoint_sync.record import LocRecord

    text = summary(LocRecord(file="a\u202eb\u200bc\x1b[31m.docx", status="not_a_loc", review_reasons=("not_a_loc",)))
    assert text.startswith("abc[31m.docx: not a Letter of Commitment")


def test_one_refused_file_is_still_one_object_and_exit_0(tmp_path, capsys) -> None:
    """A single zero-byte file: a JSON object (not an array) saying unreadable:not_docx, exit 0."""
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    code, out, _ = run(capsys, "--json", str(empty))
    record = json.loads(out)
    assert code == 0 and isinstance(record, dict)
    assert (record["file"], record["status"], record["review_reasons"]) == ("empty.docx", "unreadable", ["unreadable:not_docx"])
    validate(record)


def test_explain_lists_the_text_every_field_was_read_from(files, capsys) -> None:
    """--explain adds an Evidence list: the row or paragraph of each field, quoted."""
    code, out, _ = run(capsys, "--explain", str(files[LETTER]))
    assert code == 0 and "  Evidence:" in out
    assert "    District as written: 'District: Southgate Independent'" in out
    assert "    Academic year: 'Academic Year: 2025-2026'" in out
    assert ("    Point of contact: 'ILN Point of Contact | Misty Slone | Deputy Superintendent | "
            "misty.slone@southgateind.kyschools.us'") in out


def test_explain_with_json_adds_the_evidence_object_and_still_validates(files, capsys) -> None:
    """--json --explain: each record carries `evidence` and stays valid; plain --json has none."""
    code, out, _ = run(capsys, "--json", "--explain", str(files[LETTER]), str(files[AGENDA]))
    letter, agenda = json.loads(out)
    assert code == 0 and letter["evidence"]["district_as_written"] == "District: Southgate Independent"
    assert "evidence" not in agenda
    for record in (letter, agenda):
        validate(record)
    _, plain, _ = run(capsys, "--json", str(files[LETTER]))
    assert "evidence" not in json.loads(plain)


def test_explained_reasons_quote_the_evidence(tmp_path, capsys) -> None:
    """A District field holding only a date: the reason quotes it and says why it is no name."""
    from tests.extract.mistakes.letters import LETTERS

    letter = next(item for item in LETTERS if item.file.startswith("m03-"))
    path = tmp_path / letter.file
    path.write_bytes(letter.data)
    _, out, _ = run(capsys, "--explain", str(path))
    assert "district as written '10/1/2024' is a date, not a name; no other district name was found." in out
