"""Issue 13 item 8: a Word template and a letter made of embedded content need a person, with a reason."""
from __future__ import annotations

import datetime as dt

from sharepoint_sync.core.sources import REVIEW_UNREADABLE
from sharepoint_sync.core.words import reason_words
from sharepoint_sync.extract.api import extract_in_process
from tests.extract.docx_factory import TEMPLATE_TYPE, make_docx

TODAY = dt.date(2026, 1, 15)
ALT_CHUNK = '<w:altChunk r:id="rIdChunk"/>'


def test_a_word_template_is_refused_as_a_template_whatever_it_holds() -> None:
    """A .dotx main part gives `unreadable:template` (worded "a Word template, not a filled letter")."""
    record = extract_in_process(make_docx(content_type=TEMPLATE_TYPE), "form.dotx", TODAY)
    assert (record.status, record.review_reasons) == ("unreadable", ("unreadable:template",))
    assert "Word template" in reason_words("unreadable:template") and "unreadable:template" in REVIEW_UNREADABLE


def test_a_letter_made_of_an_alt_chunk_is_embedded_content_not_silently_not_an_loc() -> None:
    """A body that only imports another document (w:altChunk) gives `unreadable:embedded_content`."""
    data = make_docx(ALT_CHUNK, extra={"word/chunk.html": b"<html><body>Letter of Commitment</body></html>"})
    record = extract_in_process(data, "chunked.docx", TODAY)
    assert (record.status, record.review_reasons) == ("unreadable", ("unreadable:embedded_content",))
    assert "embedded content" in reason_words("unreadable:embedded_content")


def test_a_plain_document_that_is_not_a_letter_stays_not_an_loc() -> None:
    """Without a template type or altChunk, a document that is no letter is still just `not_a_loc`."""
    record = extract_in_process(make_docx(), "memo.docx", TODAY)
    assert (record.status, record.review_reasons) == ("not_a_loc", ("not_a_loc",))
