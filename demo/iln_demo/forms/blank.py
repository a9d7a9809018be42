"""The official blank Letter of Commitment (kyiln-2023 generation), built by code with python-docx.

Wording follows the 2023 form KDE hands districts (see tests/fixtures/loc-samples/s09..s12); every
fillable field is a content control with a stable tag (`forms.tags`) so the extractor can read a
returned form by tag rather than by guessing at labels. `python -m iln_demo.forms
build-templates` writes it to doc_templates/.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, Pt

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from iln_demo.forms import ooxml, tags

TEMPLATE_FILE_NAME = "kyiln-2023-letter-of-commitment.docx"
#: fixed document dates: the form's publication, so regeneration is byte-stable
FORM_DATE = datetime(2023, 6, 1, 12, 0, tzinfo=timezone.utc)

TITLE = "KY ILN Letter of Commitment"
INTRO = (
    "The KY Innovative Learning Network (KY ILN) is a partnership between local school districts and the "
    "Kentucky Department of Education (KDE), providing a shared professional learning space for education "
    "leaders dedicated to creating vibrant learning experiences, accelerating innovation, and building a "
    "bold new future with communities."
)
BENEFITS = (
    "Ongoing opportunities to network with other Kentucky districts, as well as schools and organizations "
    "outside of the state, to share bold, forward-thinking, innovative strategies and practices",
    "Access to competitive grant funding for travel to model sites and innovative partnerships",
    "Platform to showcase educational innovation happening in Kentucky schools through study tours and "
    "district spotlights",
    "Partnerships with national thought-leaders, vendors, and resources",
    "Ongoing technical assistance support, and continued coordination from KDE and its partners",
    "Opportunities to pilot KDE's newest initiatives to advance education",
)
EXPECTATIONS = (
    "Consistent attendance and active engagement of district representative(s) during virtual and "
    "in-person convenings",
    "Participation in KY ILN initiatives of interest to the district as opportunities arise",
    "Provide ongoing feedback to KDE staff to improve the KY ILN experience",
    "Submit an annual Letter of Commitment (LoC) to maintain membership and eligibility for competitive grants",
    "Willingness to serve as a thought partner and resource to share learning with other district leaders",
)
COMMITMENT = (
    "By submitting this document to KDE, districts commit to participation in the network upon approval. "
    "Membership is renewed each academic year by submitting a new Letter of Commitment."
)
TERM_RULE = (
    "This Letter of Commitment is effective for the current school year if signed between June 1 and "
    "December 31, or the current and the next school year if signed between January 1 and May 31."
)
POC_INTRO = "A district leader will need to serve as an ILN point of contact."
INITIATIVES_INTRO = "Check each initiative in which your district intends to participate this academic year."
ACTIONS_INTRO = (
    "Please identify the points of action for your district's innovation work this academic year. "
    "Your annual report will summarize progress on these points of action. Set the focus of each point "
    "in bold."
)


@dataclass(frozen=True)
class KdeContact:
    """Who at KDE receives the completed form (named in the return instructions)."""

    name: str = "Marcus Hale"
    office: str = "Division of Innovation"
    email: str = "marcus.hale@education.ky.gov"


def build_blank_document(kde: KdeContact = KdeContact()) -> DocxDocument:
    """The blank kyiln-2023 form as a python-docx Document (every field a tagged content control)."""
    document = docx.Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Inches(1)
        section.top_margin = section.bottom_margin = Inches(0.9)
    ooxml.ensure_placeholder_style(document)
    ids = ooxml.ControlIds()
    _title_and_header_fields(document, ids)
    _static_sections(document)
    _contacts_section(document, ids)
    _initiatives_section(document, ids)
    _actions_section(document, ids)
    _commitment_section(document, ids, kde)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = TITLE, "Kentucky Department of Education", "KDE"
    props.subject, props.comments = "KY ILN membership", "Official KY ILN Letter of Commitment form (kyiln-2023)"
    props.keywords, props.category = "KY ILN; Letter of Commitment", "kyiln-2023"
    return document


@lru_cache(maxsize=4)
def blank_form_bytes(kde: KdeContact = KdeContact()) -> bytes:
    """The blank form as .docx bytes, identical on every call (built once per KDE contact)."""
    return ooxml.stable_bytes(build_blank_document(kde), FORM_DATE)


def open_blank_document(kde: KdeContact = KdeContact()) -> DocxDocument:
    """A fresh, editable copy of the blank form (parsed from its bytes: cheaper than rebuilding)."""
    return docx.Document(io.BytesIO(blank_form_bytes(kde)))


def write_template(directory: Path) -> Path:
    """Write the blank form into `directory` (doc_templates/); returns the file written."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / TEMPLATE_FILE_NAME
    target.write_bytes(blank_form_bytes())
    return target


def _labelled_field(document: DocxDocument, ids: ooxml.ControlIds, label: str, tag: str, alias: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph._p.append(ooxml.text_control(tag, alias, ids.take(), tags.TEXT_PLACEHOLDER))


def _title_and_header_fields(document: DocxDocument, ids: ooxml.ControlIds) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.bold, run.font.size = True, Pt(16)
    _labelled_field(document, ids, "Academic Year", tags.ACADEMIC_YEAR, "Academic Year")
    _labelled_field(document, ids, "District", tags.DISTRICT, "District")
    document.add_paragraph(INTRO)


def _bullets(document: DocxDocument, items: tuple[str, ...]) -> None:
    num_id = ooxml.new_list(document, "bullet")
    for item in items:
        paragraph = ooxml.paragraph(document, item, "ListParagraph")
        ooxml.set_numbering(paragraph, num_id)


def _static_sections(document: DocxDocument) -> None:
    ooxml.paragraph(document, "What are the benefits of joining the KY ILN?", "Heading1")
    _bullets(document, BENEFITS)
    ooxml.paragraph(document, "What are the expectations for members?", "Heading1")
    _bullets(document, EXPECTATIONS)


def _cell_control(cell, ids: ooxml.ControlIds, tag: str, alias: str, placeholder: str = tags.TEXT_PLACEHOLDER,
                  **kind) -> None:
    cell.paragraphs[0]._p.append(ooxml.text_control(tag, alias, ids.take(), placeholder, **kind))


def _bold_cell(cell, text: str) -> None:
    cell.paragraphs[0].add_run(text).bold = True


def _shape_table(table, widths: tuple[float, ...], tall_rows: tuple[int, ...] = ()) -> None:
    """Column widths in inches; rows never split across pages; signature rows get writing room."""
    table.autofit = False
    for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(int(width * 1440)))  # twips; LibreOffice lays out by the grid
    for row_index, row in enumerate(table.rows):
        row_pr = row._tr.get_or_add_trPr()
        row_pr.append(OxmlElement("w:cantSplit"))
        if row_index in tall_rows:
            row.height = Inches(0.5)
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Inches(width)


def _contacts_section(document: DocxDocument, ids: ooxml.ControlIds) -> None:
    ooxml.paragraph(document, "ILN Point of Contact", "Heading1")
    document.add_paragraph(POC_INTRO)
    rows: list[tuple[str, tuple[str, ...]]] = [("ILN Point of Contact", (tags.POC_NAME, tags.POC_TITLE, tags.POC_EMAIL))]
    rows += [("Additional Contact (optional)", tuple(tags.contact_tag(i, p) for p in ("name", "title", "email")))
             for i in range(1, tags.ADDITIONAL_CONTACT_ROWS + 1)]
    table = document.add_table(rows=1 + len(rows), cols=4)
    table._tbl.tblPr.style = "TableGrid"  # by id: python-docx name lookup is slow
    for cell, text in zip(table.rows[0].cells, ("", "Name", "Title", "Email"), strict=True):
        _bold_cell(cell, text)
    for row, (role, field_tags) in zip(table.rows[1:], rows, strict=True):
        _bold_cell(row.cells[0], role)
        for cell, tag, part in zip(row.cells[1:], field_tags, ("Name", "Title", "Email"), strict=True):
            _cell_control(cell, ids, tag, f"{role.replace(' (optional)', '')} {part}")
    _shape_table(table, (1.4, 1.6, 1.6, 1.9))


def _initiatives_section(document: DocxDocument, ids: ooxml.ControlIds) -> None:
    ooxml.paragraph(document, "KY ILN Initiatives", "Heading1")
    document.add_paragraph(INITIATIVES_INTRO)
    for name, label, description in tags.INITIATIVE_LINES:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph._p.append(ooxml.checkbox_control(tags.initiative_tag(name), name, ids.take()))
        paragraph.add_run(" ")
        paragraph.add_run(label).bold = True
        paragraph.add_run(f": {description}")


def _actions_section(document: DocxDocument, ids: ooxml.ControlIds) -> None:
    ooxml.paragraph(document, "District Points of Action", "Heading1")
    document.add_paragraph(ACTIONS_INTRO)
    num_id = ooxml.new_list(document, "decimal")
    for index in range(1, tags.ACTION_POINT_SLOTS + 1):
        paragraph = ooxml.paragraph(document, "", "ListParagraph")
        ooxml.set_numbering(paragraph, num_id)
        paragraph._p.append(ooxml.text_control(tags.action_tag(index), f"Point of Action {index}", ids.take(),
                                               tags.TEXT_PLACEHOLDER, rich=True))


def _commitment_section(document: DocxDocument, ids: ooxml.ControlIds, kde: KdeContact) -> None:
    ooxml.paragraph(document, "Commitment", "Heading1")
    for text in (COMMITMENT, TERM_RULE):  # keep the commitment on the page of the signatures
        document.add_paragraph(text).paragraph_format.keep_with_next = True
    table = document.add_table(rows=4, cols=4)
    table._tbl.tblPr.style = "TableGrid"  # by id: python-docx name lookup is slow
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ("Superintendent or Designee Name", "Title", "Signature", "Date"), strict=True):
        _bold_cell(cell, text)
    district = table.rows[1].cells
    _cell_control(district[0], ids, tags.SIGNATORY_NAME, "Superintendent or Designee Name")
    _cell_control(district[1], ids, tags.SIGNATORY_TITLE, "Superintendent or Designee Title")
    _cell_control(district[3], ids, tags.DISTRICT_SIGNED_ON, "District Signature Date", tags.DATE_PLACEHOLDER,
                  date_format=tags.DATE_FORMAT)
    kde_header = table.rows[2].cells
    kde_header[0].merge(kde_header[1])
    for cell, text in zip((kde_header[0], kde_header[2], kde_header[3]), ("KDE Designee", "Signature", "Date"), strict=True):
        _bold_cell(cell, text)
    kde_row = table.rows[3].cells
    kde_row[0].merge(kde_row[1])
    _cell_control(kde_row[0], ids, tags.KDE_NAME, "KDE Designee Name")
    _cell_control(kde_row[3], ids, tags.KDE_SIGNED_ON, "KDE Signature Date", tags.DATE_PLACEHOLDER,
                  date_format=tags.DATE_FORMAT)
    _shape_table(table, (1.9, 1.6, 1.5, 1.5), tall_rows=(1, 3))
    closing = document.add_paragraph(
        f"Return the completed Letter of Commitment to {kde.name}, {kde.office}, at {kde.email}.")
    closing.paragraph_format.space_before = Pt(12)
