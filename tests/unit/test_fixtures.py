"""The repository is self-contained: the contract, the recordings, the samples and the corpus ship in it,
and the README's links point inside it (issue 11)."""
from __future__ import annotations

import json
import re

from tests.fixture_files import (CONTRACT, CONTRACT_SCHEMA, LOC_SAMPLES, REALWORLD_CORPUS, REPO,
                                 SHAREPOINT_RESPONSES, require)


def test_the_contract_and_its_schema_are_in_docs() -> None:
    """docs/contract/ holds the record contract and a JSON Schema that parses."""
    assert "## Fields" in require(CONTRACT).read_text()
    assert json.loads(require(CONTRACT_SCHEMA).read_text())["type"] == "object"


def test_every_relative_link_in_the_readme_resolves_inside_the_repository() -> None:
    """Each relative Markdown link of README.md names a file of the repository (no ../shared)."""
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", (REPO / "README.md").read_text())
    relative = [link for link in links if "://" not in link]
    assert relative, "README.md links nothing"
    for link in relative:
        target = (REPO / link).resolve()
        assert target.is_relative_to(REPO), f"README links outside the repository: {link}"
        require(target)


def test_the_recorded_sharepoint_responses_ship_with_their_readme() -> None:
    """tests/fixtures/sharepoint-responses holds the 45 recordings and the README naming their sources."""
    assert "Sources and licences" in require(SHAREPOINT_RESPONSES / "README.md").read_text()
    assert len(list(SHAREPOINT_RESPONSES.glob("*.json"))) >= 45


def test_the_sample_letters_and_the_corpus_notice_ship() -> None:
    """The 30 sample letters with expected records, and the corpus NOTICE naming every source of its manifest."""
    assert len(list(require(LOC_SAMPLES).glob("*.expected.json"))) == 30
    notice = require(REALWORLD_CORPUS / "NOTICE.md").read_text()
    sources = {entry["source"].split("@")[0] for entry in json.loads(require(REALWORLD_CORPUS / "manifest.json").read_text())}
    for source in sources - {s for s in sources if s.startswith("synthetic")}:
        assert source in notice, f"NOTICE.md does not name {source}"
