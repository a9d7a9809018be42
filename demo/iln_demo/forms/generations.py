"""The three LOC generations, composed from forms.layouts blocks: `render(spec) -> .docx bytes`.

kyiln-2018 "Kentucky Innovation Lab Network" (sections I-V, contact lines, caption signatures),
kyiln-2019 "KY ILN" (District line, contacts table with roles, Signatures),
kyiln-2023 (Academic Year, ILN Point of Contact, initiative checkboxes, signature table),
each as the sample letters in tests/fixtures/loc-samples/ show them, with the layout knobs of LetterSpec.
"""
from __future__ import annotations

import io
from datetime import datetime, timezone

from iln_demo.forms import blank, ooxml, tags, traces, wording
from iln_demo.forms.layouts import LABEL_SETS, LetterSpec, Writer, phone_of
from sharepoint_sync.record import Person

SAVED_AT = datetime(2024, 2, 1, 8, 0, tzinfo=timezone.utc)


def render(spec: LetterSpec) -> bytes:
    """The letter `spec` describes, as .docx bytes (deterministic)."""
    writer = Writer(spec)
    if spec.letterhead and spec.district_written and spec.district_placement not in ("header", "first_header"):
        _letterhead(writer)
    {"kyiln-2018": _k2018, "kyiln-2019": _k2019, "kyiln-2023": _k2023}[spec.generation](writer)
    return ooxml.stable_bytes(writer.doc, SAVED_AT)


def _letterhead(writer: Writer) -> None:
    """The district's letterhead in the page header: its name and a mailing address."""
    header = writer.doc.sections[0].header
    header.paragraphs[0].add_run(writer.spec.district_written).bold = True
    header.add_paragraph("1 Education Way \u00b7 Kentucky \u00b7 (606) 555-0100")


def _signature_line(writer: Writer, district: bool) -> None:
    """The line signed on: underscores, or (spec.signature_image) the scanned signature."""
    if district and writer.spec.signature_image:
        writer.doc.add_paragraph().add_run().add_picture(io.BytesIO(traces.signature_png()))
    else:
        writer.para("_______________________________________")


def _table(writer: Writer, rows: list[list[list]], *, nested: bool = False):
    """A grid table whose cells hold prepared run lists (one list per paragraph); `nested` puts it
    inside the single cell of an outer layout table, as forms built from tables do."""
    cols = max(len(r) for r in rows)
    if nested:
        outer = writer.doc.add_table(rows=1, cols=1)
        outer_cell = outer.cell(0, 0)
        table = outer_cell.add_table(rows=len(rows), cols=cols)
        outer_cell.add_paragraph()  # Word requires a paragraph after a nested table in a cell
    else:
        table = writer.doc.add_table(rows=len(rows), cols=cols)
    table._tbl.tblPr.style = "TableGrid"  # by id: python-docx name lookup is slow
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, lines in zip(row.cells, cells, strict=False):   # a short row leaves its last cells empty
            writer.cell_lines(cell, lines)
    return table


def _text(value: str | None) -> list[list]:
    return [[ooxml.make_run(value)]] if value else [[]]


def _bold(value: str) -> list[list]:
    return [[ooxml.make_run(value, bold=True)]]


# --- contacts -------------------------------------------------------------------------------------
def _contact_row(writer: Writer, person, index: int) -> list[list[list]]:
    title = writer.placeholder_runs("Title") if writer.spec.placeholder_title_of == index else (
        writer.runs(person.title))
    row = [[writer.runs(person.name)], [title], [writer.email_runs(person.email)]]
    return row + ([[writer.runs(phone_of(person))]] if writer.spec.phone_numbers else [])


def _contacts_2018(writer: Writer) -> None:
    spec = writer.spec
    writer.para("Contact information:")
    writer.para(spec.district_written or "")
    if spec.contacts_layout.startswith("table3"):
        rows = [[_bold("Name"), _bold("Title"), _bold("Email")] + _phone_header(spec)] \
            if spec.contacts_layout == "table3" else []
        rows += [_contact_row(writer, p, i) for i, p in enumerate(spec.contacts)]
        _table(writer, rows, nested=spec.contacts_nested)
        return
    separator = ", " if spec.contacts_layout == "inline_comma" else " "
    for person in spec.contacts:
        if spec.contacts_layout == "inline_angle":  # 'Name, Title <address>' as mail programs write it
            named = writer.person_runs(Person(person.name, person.title, None), ", ")
            writer.line(named + [ooxml.make_run(" <")] + writer.email_runs(person.email) + [ooxml.make_run(">")])
        else:
            writer.line(writer.person_runs(person, separator))


def _phone_header(spec: LetterSpec) -> list:
    return [_bold("Phone")] if spec.phone_numbers else []


def _roles(spec: LetterSpec) -> list[str]:
    roles = ["Additional Contact"] * len(spec.contacts)
    if spec.poc_index is not None:
        roles[spec.poc_index] = "ILN Point of Contact"
        if spec.poc_index == 1:
            roles[0] = "Superintendent"
    return roles


def _contacts_table_with_roles(writer: Writer, header: bool, first_header_cell: str) -> None:
    spec = writer.spec
    rows = [[_bold(first_header_cell), _bold("Name"), _bold("Title"), _bold("Email")] + _phone_header(spec)] \
        if header else []
    if spec.blank_first_row:
        rows.append([_text("Superintendent"), [[]], [[]], [[]]] + ([[[]]] if spec.phone_numbers else []))
    for index, (role, person) in enumerate(zip(_roles(spec), spec.contacts, strict=True)):
        rows.append([_text(role)] + _contact_row(writer, person, index))
    _table(writer, rows, nested=spec.contacts_nested)


def _inline_poc(writer: Writer) -> None:
    writer.line(writer.person_runs(writer.spec.contacts[0], ", "), bold_prefix="ILN Point of Contact: ")


def _contact_fields(writer: Writer) -> None:
    name_label, title_label, email_label = LABEL_SETS[writer.spec.label_set]
    sep = "\t" if writer.spec.label_set == "no_colon" else " "
    for index, person in enumerate(writer.spec.contacts):
        if index == 1:
            writer.para(bold_prefix="Additional District Contact (optional)")
        title = writer.placeholder_runs("Title") if writer.spec.placeholder_title_of == index else (
            writer.runs(person.title))
        fields = [(name_label, writer.runs(person.name)), (title_label, title),
                  (email_label, writer.email_runs(person.email))]
        if writer.spec.phone_numbers:
            fields.append(("Phone" + (":" if name_label.endswith(":") else ""), writer.runs(phone_of(person))))
        for label, runs in fields:
            writer.line(runs, bold_prefix=f"{label}{sep}")


# --- signatures -----------------------------------------------------------------------------------
def _signature_paragraphs(writer: Writer, district_caption: str, kde_caption: str) -> None:
    spec = writer.spec
    signer = writer.signer_lines()
    kde = [[ooxml.make_run(spec.kde_name)]] if spec.kde_name else [[]]
    for caption, lines, date_text, district in ((district_caption, signer, spec.date_text, True),
                                                (kde_caption, kde, spec.kde_date_text, False)):
        if spec.signatory_position == "below":
            writer.para(bold_prefix=caption)
            _signature_line(writer, district)
            for runs in lines:
                writer.line(runs)
        else:
            _signature_line(writer, district)
            for runs in lines:
                writer.line(runs)
            writer.para(caption)
        writer.date_paragraphs(date_text, district=district)


def _signature_table_2018(writer: Writer) -> None:
    spec = writer.spec
    kde = [[ooxml.make_run(spec.kde_name)]] if spec.kde_name else _text("________________________________________")
    _table(writer, [
        [writer.signer_lines(), [writer.date_runs(spec.date_text)]],
        [_text(wording.K18_DISTRICT_CAPTION), _text("Date")],
        [kde, _text(spec.kde_date_text)],
        [_text(wording.K18_KDE_CAPTION), _text("Date")],
    ])


def _signature_table_2019(writer: Writer) -> None:
    spec = writer.spec
    line = [ooxml.make_run("_______________________________________")]
    district = [[ooxml.make_run(wording.K19_DISTRICT_CAPTION, bold=True)], line] + writer.signer_lines()
    kde = [[ooxml.make_run(wording.K19_KDE_CAPTION, bold=True)], line] + (
        [[ooxml.make_run(spec.kde_name)]] if spec.kde_name else [])
    _table(writer, [
        [district, [[ooxml.make_run("Date")], writer.date_runs(spec.date_text)]],
        [kde, [[ooxml.make_run("Date")]] + _text(spec.kde_date_text)],
    ])


def _signature_table_2023(writer: Writer) -> None:
    spec = writer.spec
    header = [_bold("Superintendent or Designee Name"), _bold("Signature"), _bold("Date")]
    kde_header = [_bold("KDE Designee"), _bold("Signature"), _bold("Date")]
    table = _table(writer, [
        header, [writer.signer_lines(), [[]], [writer.date_runs(spec.date_text)]],
        kde_header, [_text(spec.kde_name), [[]], _text(spec.kde_date_text)],
    ])
    if spec.signature_image:
        table.rows[1].cells[1].paragraphs[0].add_run().add_picture(io.BytesIO(traces.signature_png()))


# --- initiatives (kyiln-2023) --------------------------------------------------------------------
def _box(writer: Writer, name: str, label: str) -> list:
    """The tick box of one initiative in the spec's kind."""
    ticked = name in writer.spec.initiatives
    kind = writer.spec.checkbox_kind
    if kind == "control":
        return [ooxml.checkbox_control(f"Check{tags.initiative_slug(name)}", label, writer.ids.take(), ticked)]
    if kind == "legacy":
        return traces.legacy_checkbox(ticked)
    checked = "\u2611" if kind == "ballot" else ooxml.CHECKED_GLYPH  # ☑ as some fonts' checked box
    return [ooxml.make_run(checked if ticked else ooxml.UNCHECKED_GLYPH, font=ooxml.CHECKBOX_FONT)]


def _initiatives(writer: Writer) -> None:
    """The six initiatives: lines with a box before each, or a table of box | initiative | description."""
    spec = writer.spec
    if spec.initiatives_table:
        _table(writer, [[[_box(writer, name, label)], _bold(label), _text(description)]
                        for name, label, description in tags.INITIATIVE_LINES])
        return
    for name, label, description in tags.INITIATIVE_LINES:
        runs = _box(writer, name, label)
        if spec.initiative_descriptions:
            runs += [ooxml.make_run(" "), ooxml.make_run(label, bold=True), ooxml.make_run(f": {description}")]
        else:
            runs.append(ooxml.make_run(f" {label}"))
        writer.line(runs)


# --- the generations ------------------------------------------------------------------------------
def _k2018(writer: Writer) -> None:
    spec = writer.spec
    writer.title(wording.K18_TITLE, wording.K18_SUBTITLE)
    writer.heading("I. Statement of Purpose")
    writer.para(wording.K18_PURPOSE)
    writer.para(wording.K18_ESTABLISHES.format(district=spec.district_written or ""))
    writer.heading("II. Background and Beliefs")
    writer.para(wording.K18_ATTRIBUTES_INTRO)
    writer.bullets(wording.K18_ATTRIBUTES)
    writer.para(wording.K18_PRIORITIES_INTRO)
    writer.bullets(wording.K18_PRIORITIES)
    writer.heading("III. Mutual Commitments")
    writer.para(bold_prefix="Benefits of joining the KYILN")
    writer.para(wording.K18_BENEFITS_INTRO)
    writer.bullets(wording.K18_BENEFITS)
    writer.para(bold_prefix="Participation criteria")
    writer.para(wording.K18_CRITERIA_INTRO)
    writer.bullets(wording.K18_CRITERIA)
    writer.heading("IV. District Plan")
    _contacts_2018(writer)
    writer.para(wording.K18_PLAN_INTRO)
    writer.action_points()
    writer.heading("V. Agreement")
    writer.para(wording.K18_AGREEMENT)
    writer.para(bold_prefix="Required Signatories")
    if spec.date_placement == "table_cell":
        _signature_table_2018(writer)
    else:
        _signature_paragraphs(writer, wording.K18_DISTRICT_CAPTION, wording.K18_KDE_CAPTION)
    for line in wording.K18_RETURN:
        writer.para(line)


def _k2019(writer: Writer) -> None:
    spec = writer.spec
    writer.title(wording.K19_TITLE, wording.K19_SUBTITLE)
    writer.para(wording.K19_INTRO)
    writer.district_line()
    writer.heading("Benefits of Membership")
    writer.bullets(wording.K19_BENEFITS)
    writer.heading("Expectations of Member Districts")
    writer.bullets(wording.K19_EXPECTATIONS)
    writer.heading("District Contacts")
    writer.para(wording.K19_CONTACTS_INTRO)
    if spec.contacts_layout == "inline_poc":
        _inline_poc(writer)
    else:
        _contacts_table_with_roles(writer, spec.contacts_layout == "table_roles", "Role")
    writer.heading("District Plan")
    writer.para(wording.K19_PLAN_INTRO)
    writer.action_points()
    writer.heading("Agreement")
    writer.para(wording.K19_AGREEMENT)
    writer.heading("Signatures")
    if spec.date_placement == "table_cell":
        _signature_table_2019(writer)
    else:
        _signature_paragraphs(writer, wording.K19_DISTRICT_CAPTION, wording.K19_KDE_CAPTION)
    writer.para(wording.K19_RETURN)


def _k2023(writer: Writer) -> None:
    spec = writer.spec
    writer.title(blank.TITLE)
    year = writer.field_runs(spec.academic_year_text, "Academic Year") if spec.academic_year_text else []
    if spec.header_fields_table:
        label = spec.academic_year_label.rstrip(":")
        _table(writer, [[_bold(label), [year]],
                        [_bold(spec.district_label.rstrip(":")), [writer.district_runs(spec.district_written or "")]]])
    else:
        writer.line(year, bold_prefix=f"{spec.academic_year_label} ")
        writer.district_line()
    writer.para(blank.INTRO)
    writer.heading("What are the benefits of joining the KY ILN?")
    writer.bullets(blank.BENEFITS)
    writer.heading("What are the expectations for members?")
    writer.bullets(blank.EXPECTATIONS)
    writer.heading("ILN Point of Contact")
    writer.para(blank.POC_INTRO)
    if spec.contacts_layout == "inline_poc":
        _inline_poc(writer)
    elif spec.contacts_layout == "fields_table":
        _contacts_table_with_roles(writer, True, "")
    else:
        _contact_fields(writer)
    writer.heading("KY ILN Initiatives")
    writer.para(blank.INITIATIVES_INTRO)
    _initiatives(writer)
    writer.heading("District Points of Action")
    writer.para("Please identify the points of action for your district's innovation work this academic year. "
                "Your annual report will summarize progress on these points of action.")
    writer.action_points()
    writer.heading("Commitment")
    writer.para(blank.COMMITMENT)
    _signature_table_2023(writer)
    writer.para("Return the completed Letter of Commitment to Marcus Hale, Division of Innovation, at "
                "marcus.hale@education.ky.gov.")
