"""The official blank LOC form: every field a tagged content control, stable, readable by python-docx."""
from __future__ import annotations

import io
from pathlib import Path

import docx

from iln_demo.forms import tags
from iln_demo.forms.blank import TEMPLATE_FILE_NAME, TERM_RULE, blank_form_bytes
from sharepoint_sync.record import INITIATIVES
from tests.forms.conftest import W, W14, control_text, controls, document_xml, showing_placeholder

REPO = Path(__file__).resolve().parents[2]


def test_every_field_is_one_tagged_control(blank_bytes: bytes) -> None:
    """Each tag of forms.tags appears exactly once, and no control is untagged."""
    found = controls(blank_bytes)
    assert sorted(found) == sorted(tags.all_tags())
    assert all(len(found[tag]) == 1 for tag in tags.all_tags())


def test_controls_appear_in_form_order(blank_bytes: bytes) -> None:
    """Document order of the controls is the order all_tags() promises."""
    order = [sdt.find(f"{W}sdtPr/{W}tag").get(f"{W}val") for sdt in document_xml(blank_bytes).iter(f"{W}sdt")]
    assert order == list(tags.all_tags())


def test_text_fields_show_word_placeholders(blank_bytes: bytes) -> None:
    """Text and date fields start out showing Word's placeholder, flagged w:showingPlcHdr."""
    found = controls(blank_bytes)
    dates = {tags.DISTRICT_SIGNED_ON, tags.KDE_SIGNED_ON}
    for tag in tags.all_tags():
        if tag.startswith("iln.initiative."):
            continue
        sdt = found[tag][0]
        assert showing_placeholder(sdt), tag
        expected = tags.DATE_PLACEHOLDER if tag in dates else tags.TEXT_PLACEHOLDER
        assert control_text(sdt) == expected, tag


def test_dates_are_date_pickers_in_us_format(blank_bytes: bytes) -> None:
    """Both signature dates are w:date controls with the M/d/yyyy display format."""
    found = controls(blank_bytes)
    for tag in (tags.DISTRICT_SIGNED_ON, tags.KDE_SIGNED_ON):
        fmt = found[tag][0].find(f"{W}sdtPr/{W}date/{W}dateFormat")
        assert fmt is not None and fmt.get(f"{W}val") == "M/d/yyyy"


def test_initiatives_are_unticked_checkbox_controls(blank_bytes: bytes) -> None:
    """Six w14:checkbox controls, one per canonical initiative, unticked and showing ☐."""
    found = controls(blank_bytes)
    for name in INITIATIVES:
        sdt = found[tags.initiative_tag(name)][0]
        checked = sdt.find(f"{W}sdtPr/{W14}checkbox/{W14}checked")
        assert checked is not None and checked.get(f"{W14}val") == "0"
        assert control_text(sdt) == "\u2610"


def test_form_carries_the_2023_wording(blank_bytes: bytes) -> None:
    """The title, the term rule, the initiatives and the return instructions are printed."""
    document = docx.Document(io.BytesIO(blank_bytes))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith("KY ILN Letter of Commitment")
    assert TERM_RULE in text
    assert "Deeper Learning Grant" in text and "Local Laboratories of Learning (L3s)" in text
    assert "Return the completed Letter of Commitment to" in text and "@education.ky.gov" in text


def test_regeneration_is_byte_stable() -> None:
    """Building the form twice gives the same bytes."""
    assert blank_form_bytes() == blank_form_bytes()


def test_committed_template_is_what_the_code_builds(blank_bytes: bytes) -> None:
    """doc_templates/ holds exactly the generated form (rebuild: python -m iln_demo.forms build-templates)."""
    assert (REPO / "doc_templates" / TEMPLATE_FILE_NAME).read_bytes() == blank_bytes
