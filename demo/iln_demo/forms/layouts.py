"""Building blocks for LOC variants: the ways people lay out the same content in Word.

`LetterSpec` says what a letter holds and how it is laid out; `Writer` turns pieces of it into
python-docx paragraphs and tables (headings as styles or bold text, Word/style/typed lists, bold
phrases split across runs, tracked changes, content controls, text boxes, page headers).
forms.generations composes the three LOC generations from these blocks.
"""
from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from iln_demo.forms import ooxml, tags, traces
from iln_demo.forms.truth import segments
from sharepoint_sync.record import Person, Signatory

REVISION_TIME = datetime(2024, 1, 15, 9, 30, tzinfo=timezone.utc)
#: tracked-change markup inside action points: {+inserted+} and {-deleted-}
_TRACKED = re.compile(r"(\{\+.+?\+\}|\{-.+?-\})")
ACTION_LAYOUTS = ("numpr_bullet", "numpr_decimal", "style_bullet", "style_number", "typed_bullet",
                  "typed_dash", "typed_number", "typed_paren", "plain")
LABEL_SETS = {
    "colon": ("Name:", "Title:", "Email:"),
    "no_colon": ("Name", "Title", "Email"),
    "wordy": ("Full Name:", "Position:", "E-mail Address:"),
}


@dataclass(frozen=True)
class LetterSpec:
    """Everything a variant letter says and how it is laid out (see forms.variants for the choices)."""

    generation: str
    district_written: str | None
    district_placement: str = "body"       # body | textbox | header | first_header | control
    district_label: str = "District:"
    headings: str = "heading"              # heading | bold
    contacts: tuple[Person, ...] = ()
    contacts_layout: str = "table_roles"
    poc_index: int | None = None
    blank_first_row: bool = False          # 2019 table: the Superintendent row left empty
    label_set: str = "colon"
    placeholder_title_of: int | None = None  # contact whose title still shows the placeholder
    placeholder_as_control: bool = False
    signatory: Signatory = Signatory()
    signatory_lines: str = "one_line"      # one_line ("Name, Title") | two_lines
    signatory_position: str = "above"      # above | below the printed caption
    date_text: str | None = None
    date_placement: str = "date_line"      # date_line | line_before | line_after | table_cell
    deleted_date_text: str | None = None   # an older date struck through as a tracked deletion
    fields_in_controls: bool = False       # filled fields wrapped in (non-placeholder) content controls
    kde_name: str | None = None
    kde_date_text: str | None = None
    academic_year_text: str | None = None
    action_points: tuple[str, ...] = ()    # markup: **bold**, {+ins+}, {-del-}
    action_layout: str = "numpr_decimal"
    initiatives: tuple[str, ...] = ()
    checkbox_kind: str = "glyph"           # glyph (☒/☐) | control (w14) | ballot (☑/☐) | legacy (FORMCHECKBOX)
    initiative_descriptions: bool = True
    seed: int = 0                          # drives where split_runs cuts text
    split_runs: bool = False               # labels, names and values cut over several runs (Word's rsids)
    email_links: str = "none"              # none | hyperlink (w:hyperlink) | field (HYPERLINK field)
    district_wrapper: str = "none"         # none | smart_tag | custom_xml around the district name
    point_revision: str = "none"           # none | moved (last point moved up) | deleted_point
    comment_on_points: bool = False        # a reviewer's comment anchored in the first point
    academic_year_label: str = "Academic Year:"
    letterhead: bool = False               # the district's letterhead (name, address) in the page header
    phone_numbers: bool = False            # contacts carry a phone number too
    date_label: str = "Date:"
    signature_image: bool = False          # a scanned signature picture on the district's signature line
    points_in_block_control: bool = False  # the points sit inside one block-level content control
    initiatives_table: bool = False        # kyiln-2023: checkbox | initiative | description rows
    contacts_nested: bool = False          # the contacts table sits inside an outer layout table
    blank_lines_between_points: bool = False  # empty paragraphs between the points
    header_fields_table: bool = False      # kyiln-2023: Academic Year and District in a 2-column table
    bold_via: str = "direct"               # direct (w:b) | strong (the Strong character style)
    explicit_not_bold: bool = False        # plain text in points carries <w:b w:val="0"/>


class Writer:
    """Appends the pieces of a letter to one python-docx Document."""

    def __init__(self, spec: LetterSpec) -> None:
        self.spec = spec
        self.doc: DocxDocument = docx.Document()
        self.ids = ooxml.ControlIds()
        self._revision = 1
        self._shape = 1
        self._checkbox = 0
        self.rng = random.Random(spec.seed)

    # -- text as people's editing leaves it ----------------------------------------------------
    def runs(self, text: str | None, *, bold: bool = False) -> list:
        """Runs showing `text`: one, or (spec.split_runs) two or three with the same formatting."""
        if not text:
            return []
        if not self.spec.split_runs or len(text) < 4:
            return [ooxml.make_run(text, bold=bold)]
        cuts = sorted(self.rng.sample(range(1, len(text)), min(2, len(text) - 1)))
        pieces = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)], strict=True)]
        return [ooxml.make_run(piece, bold=bold) for piece in pieces]

    def email_runs(self, email: str | None) -> list:
        """An e-mail address: plain runs, or a mailto: hyperlink (spec.email_links)."""
        if email and self.spec.email_links == "hyperlink":
            return [ooxml.hyperlink(self.doc, f"mailto:{email}", email)]
        if email and self.spec.email_links == "field":
            return traces.hyperlink_field(f"mailto:{email}", email)
        return self.runs(email)

    def district_runs(self, name: str) -> list:
        """The district's name, maybe inside a smart tag or custom XML element."""
        runs = self.runs(name)
        if runs and self.spec.district_wrapper != "none":
            return [traces.wrapped(self.spec.district_wrapper, runs)]
        return runs

    def person_runs(self, person: Person, separator: str) -> list:
        """'Name<sep>Title<sep>email' as runs (absent parts left out)."""
        parts = [self.runs(p) for p in (person.name, person.title) if p]
        if person.email:
            parts.append(self.email_runs(person.email))
        if self.spec.phone_numbers:
            parts.append(self.runs(phone_of(person)))
        out: list = []
        for index, part in enumerate(parts):
            if index:
                out.append(ooxml.make_run(separator))
            out.extend(part)
        return out

    # -- plain pieces ---------------------------------------------------------------------------
    def title(self, *lines: str) -> None:
        """Bold title lines."""
        for line in lines:
            self.doc.add_paragraph().add_run(line).bold = True

    def heading(self, text: str) -> None:
        """A section heading: a Heading 1 paragraph or a bold Normal paragraph, per the spec."""
        if self.spec.headings == "heading":
            ooxml.paragraph(self.doc, text, "Heading1")
        else:
            self.doc.add_paragraph().add_run(text).bold = True

    def para(self, text: str = "", *, bold_prefix: str | None = None):
        """A paragraph, optionally opening with a bold label."""
        paragraph = self.doc.add_paragraph()
        for run in self.runs(bold_prefix, bold=True) + self.runs(text):
            paragraph._p.append(run)
        return paragraph

    def bullets(self, items: tuple[str, ...]) -> None:
        """Printed (form) bullets as a Word list."""
        num_id = ooxml.new_list(self.doc, "bullet")
        for item in items:
            ooxml.set_numbering(ooxml.paragraph(self.doc, item, "ListParagraph"), num_id)

    # -- runs -----------------------------------------------------------------------------------
    def revision(self, kind: str, runs: list):
        self._revision += 1
        return ooxml.tracked(kind, runs, self._revision, REVISION_TIME)

    def markup_runs(self, markup: str) -> list:
        """Runs for action-point markup: bold segments, tracked insertions and deletions."""
        out = []
        for chunk in _TRACKED.split(markup):
            if chunk.startswith("{+") and chunk.endswith("+}"):
                out.append(self.revision("ins", [ooxml.make_run(chunk[2:-2])]))
            elif chunk.startswith("{-") and chunk.endswith("-}"):
                out.append(self.revision("del", [ooxml.make_run(chunk[2:-2])]))
            elif chunk:
                out.extend(self._point_run(text, bold) for text, bold in segments(chunk))
        return out

    def _point_run(self, text: str, bold: bool):
        if bold and self.spec.bold_via == "strong":
            return ooxml.make_run(text, style="Strong")
        return ooxml.make_run(text, bold=bold, not_bold=not bold and self.spec.explicit_not_bold)

    def field_runs(self, text: str, alias: str) -> list:
        """A filled value: plain runs, or one content control holding them (spec.fields_in_controls)."""
        runs = self.runs(text)
        if self.spec.fields_in_controls:
            tag = alias.replace(" ", "")  # a form author's own tag, not the official iln.* ones
            return [ooxml.wrap_in_control(runs, tag, alias, self.ids.take())]
        return runs

    def placeholder_runs(self, alias: str) -> list:
        """Word's placeholder prompt, typed over never: plain text or a control showing it."""
        if self.spec.placeholder_as_control:
            return [ooxml.text_control(alias.replace(" ", ""), alias, self.ids.take(), tags.TEXT_PLACEHOLDER)]
        return [ooxml.make_run(tags.TEXT_PLACEHOLDER)]

    def date_runs(self, text: str | None, alias: str = "Date") -> list:
        """The district's date: maybe after a struck-out older date (tracked), maybe in a control."""
        if not text:
            return []
        if self.spec.deleted_date_text:
            return [self.revision("del", [ooxml.make_run(self.spec.deleted_date_text)]),
                    self.revision("ins", [ooxml.make_run(text)])]
        return self.field_runs(text, alias)

    def line(self, runs: list, *, bold_prefix: str | None = None):
        """A paragraph made of prepared run-level elements."""
        paragraph = self.para(bold_prefix=bold_prefix)
        for run in runs:
            paragraph._p.append(run)
        return paragraph

    def cell_lines(self, cell, lines: list[list]) -> None:
        """Fill a table cell with paragraphs made of prepared runs (first paragraph reused)."""
        for index, runs in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            for run in runs:
                paragraph._p.append(run)

    # -- district -------------------------------------------------------------------------------
    def district_line(self) -> None:
        """'District: X' in the body, a text box, the page header or a content control."""
        spec, label = self.spec, self.spec.district_label
        name = spec.district_written or ""
        if spec.district_placement in ("header", "first_header"):
            section = self.doc.sections[0]
            if spec.district_placement == "first_header":  # a different first-page header only
                section.different_first_page_header_footer = True
            header = (section.first_page_header if spec.district_placement == "first_header"
                      else section.header).paragraphs[0]
            for run in self.runs(f"{label} ", bold=True) + self.runs(name):
                header._p.append(run)
        elif spec.district_placement == "textbox":
            self._shape += 1
            box = ooxml.TextBoxText((((f"{label} ", True), (name, False)),))
            self.line([ooxml.text_box_run(box, self._shape)])
        elif spec.district_placement == "control" and name:
            self.line([ooxml.wrap_in_control([ooxml.make_run(name)], "DistrictName", "District Name",
                                             self.ids.take())], bold_prefix=f"{label} ")
        else:
            self.line(self.district_runs(name), bold_prefix=f"{label} ")

    # -- action points --------------------------------------------------------------------------
    def action_points(self) -> None:
        """The district's points of action in the spec's list layout."""
        layout = self.spec.action_layout
        num_id = None
        if layout.startswith("numpr_"):
            num_id = ooxml.new_list(self.doc, "bullet" if layout == "numpr_bullet" else "decimal")
        points = list(self.spec.action_points)
        revision = self.spec.point_revision if points else "none"
        if revision == "moved":  # the last point was moved here from the top, under Track Changes
            traces.moved_paragraph(self._point_paragraph(num_id), self._point_runs(points[-1], 1), "moveFrom",
                                   self._next_revision(3), REVISION_TIME, "move1")
        made = []
        for index, markup in enumerate(points, start=1):
            paragraph = self._point_paragraph(num_id)
            made.append(paragraph)
            runs = self._point_runs(markup, index)
            if revision == "moved" and index == len(points):
                traces.moved_paragraph(paragraph, runs, "moveTo", self._next_revision(3), REVISION_TIME, "move1")
                continue
            for run in runs:
                paragraph._p.append(run)
            if self.spec.blank_lines_between_points and index < len(points):
                made.append(self.doc.add_paragraph())
            if index == 1 and self.spec.comment_on_points:
                self._comment(paragraph)
        if revision == "deleted_point":
            deleted = self._point_runs("We will pilot a four-day school week.", len(points) + 1)
            traces.deleted_paragraph(self._point_paragraph(num_id), deleted, self._next_revision(2), REVISION_TIME)
        if made and self.spec.points_in_block_control:
            traces.block_control(made, "ActionPlan", "District Points of Action", self.ids.take())

    def _point_paragraph(self, num_id: int | None):
        style = {"style_bullet": "ListBullet", "style_number": "ListNumber"}.get(
            self.spec.action_layout, "ListParagraph" if num_id else None)
        paragraph = ooxml.paragraph(self.doc, "", style)
        if num_id:
            ooxml.set_numbering(paragraph, num_id)
        return paragraph

    def _point_runs(self, markup: str, index: int) -> list:
        marker = {"typed_bullet": "\u2022\t", "typed_dash": "- ", "typed_number": f"{index}.\t",
                  "typed_paren": f"{index}) "}.get(self.spec.action_layout)
        return ([ooxml.make_run(marker)] if marker else []) + self.markup_runs(markup)

    def _next_revision(self, count: int) -> int:
        first = self._revision + 1
        self._revision += count
        return first

    def _comment(self, paragraph) -> None:
        """A reviewer's comment on the point (comments.xml; not part of the letter's text)."""
        from docx.text.run import Run

        first_run = paragraph._p.find(qn("w:r"))
        if first_run is not None:
            comment = self.doc.add_comment(Run(first_run, paragraph), text="Could this point name a measurable goal?",
                                           author="KDE Reviewer", initials="KR")
            # python-docx stamps the wall-clock time; a fixed date keeps variants byte-stable
            comment._comment_elm.set(qn("w:date"), REVISION_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"))

    # -- signatory ------------------------------------------------------------------------------
    def signer_lines(self) -> list[list]:
        """The typed signatory as run lists: 'Name, Title', or name and title on two lines."""
        sig = self.spec.signatory
        parts = [p for p in (sig.name, sig.title) if p]
        if not parts:
            return [[]]
        if self.spec.signatory_lines == "two_lines":
            return [self.field_runs(p, "Signer") for p in parts]
        if self.spec.signatory_lines == "line_break":  # Shift+Enter between name and title
            return [[ooxml.make_run("\n".join(parts))]]
        return [self.field_runs(", ".join(parts), "Signer")]

    def date_paragraphs(self, text: str | None, *, district: bool) -> None:
        """A date written next to its 'Date:' label, on the line before it, or on the line after."""
        runs = self.date_runs(text) if district else ([ooxml.make_run(text)] if text else [])
        placement = self.spec.date_placement
        label = self.spec.date_label
        if placement == "line_before":
            self.line(runs)
            self.para(label)
        elif placement == "line_after":
            self.para(label)
            self.line(runs)
        else:
            self.line([ooxml.make_run(f"{label} ")] + runs)


def phone_of(person: Person) -> str:
    """A made-up office number for a contact (stable per name), as people add under their e-mail."""
    digits = zlib.crc32((person.name or "").encode()) % 10000
    return f"(606) 555-{digits:04d}"
