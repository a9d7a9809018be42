"""A lost state file on the in-memory site (issue 14): what the write-back's *Content tag read* vouches
for is always what was read, so a file changed around a run is downloaded after a lost state."""
from __future__ import annotations

from sharepoint_sync.core import schema as s
from sharepoint_sync.state import State
from tests.fakes import FakeItem, letter, not_a_letter
from tests.sync.helpers import NAMES, provisioned


def test_a_file_replaced_while_its_write_back_was_written_is_read_again_after_a_lost_state() -> None:
    """A document that is not a letter is replaced by a letter just before its write-back lands (a 412):
    the write-back keeps the tag of the bytes read, so after a lost state the new bytes are downloaded."""
    rig = provisioned()
    item = rig.site.upload(NAMES.library, "agenda.docx", not_a_letter())

    def replaced(staff_item: FakeItem) -> None:
        staff_item.contents = {"agenda.docx": letter("Ohio County")}
        staff_item.content_n += 1
    rig.site.conflicts[(NAMES.library, item.item_id)] = replaced
    rig.run()
    rig.state = State(":memory:")
    downloads = rig.site.calls.count("download")
    report = rig.run()
    assert rig.site.calls.count("download") - downloads == 1 and report.counts.documents_read == 1
    assert [c[s.C_DISTRICT] for c in rig.commitments()] == ["Ohio County"]


def test_a_duplicate_and_a_non_letter_cost_no_download_after_a_lost_state() -> None:
    """A letter, a copy of its bytes and a document that is not a letter: after a lost state none is
    downloaded and nothing is written."""
    rig = provisioned()
    rig.site.upload(NAMES.library, "a.docx", letter("Ohio County"))
    rig.site.upload(NAMES.library, "copy of a.docx", letter("Ohio County"))
    rig.site.upload(NAMES.library, "agenda.docx", not_a_letter())
    rig.run()
    before = rig.snapshot()
    rig.state = State(":memory:")
    downloads = rig.site.calls.count("download")
    report = rig.run()
    assert rig.site.calls.count("download") - downloads == 0 and report.counts.writes == 0
    assert rig.snapshot() == before
