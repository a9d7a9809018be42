"""`iln-sync forms`: writes the blank form, demo letters and variants with their expected records."""
from __future__ import annotations

import json
from pathlib import Path

from sharepoint_sync.cli import main
from iln_demo.forms.blank import TEMPLATE_FILE_NAME


def test_build_templates_writes_the_blank_form(tmp_path: Path, blank_bytes: bytes) -> None:
    """build-templates --out DIR writes exactly the generated blank form."""
    assert main(["forms", "build-templates", "--out", str(tmp_path)]) == 0
    assert (tmp_path / TEMPLATE_FILE_NAME).read_bytes() == blank_bytes


def test_variants_are_written_with_their_truth(tmp_path: Path) -> None:
    """variants writes each .docx beside its .expected.json record."""
    assert main(["forms", "variants", "--out", str(tmp_path), "--n", "3", "--seed", "4",
                 "--today", "2026-11-28"]) == 0
    letters = sorted(tmp_path.glob("*.docx"))
    assert len(letters) == 3
    for letter in letters:
        record = json.loads(letter.with_name(letter.stem + ".expected.json").read_text())
        assert record["file"] == letter.name


def test_letters_need_an_output_directory(capsys) -> None:
    """demo-letters without --out refuses (exit 2) instead of writing into doc_templates/."""
    assert main(["forms", "demo-letters"]) == 2
    assert "--out" in capsys.readouterr().err
