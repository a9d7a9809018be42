"""Where the form's parts are: the district plan (points of action), the contact block and the
signature block, found by headings and the form's own instruction wording, not by position."""
from __future__ import annotations

import re

from .lines import Doc, Line
from .signature import is_district_caption, is_kde_caption

#: "District Plan" as the forms print it, and the headings districts retitle it with ("Innovation
#: Priorities", "Our Commitments", "Action Steps"); only ever matched against headings
_PLAN_HEADING_RE = re.compile(
    r"\b(district plan|points? of action|action plan|district'?s? plan|action steps|"
    r"(?:innovation|district|our) (?:priorities|goals)|our commitments)\b"
)
_PLAN_INSTRUCTION_RE = re.compile(r"\b(identify|list|describe|please|provide|enter)\b.*\bpoints? of action\b")
_CONTACT_RE = re.compile(r"\bcontacts?\b|\bpoint of contact\b")
_SIGNATURE_HEADING_RE = re.compile(r"^(?:[ivx]+\.\s*|\d+\.\s*)?(agreement|commitment|signatures?|required signatories|signatories)\b")
#: a line that ends the plan: the agreement, signatures, the return instructions
_PLAN_STOP_RE = re.compile(
    r"^(?:[ivx]+\.\s*|\d+\.\s*)?(agreement|commitment|signatures?|required signatories|signatories|"
    r"return (this|the)|kde and)\b"
)


def is_plan_heading(line: Line) -> bool:
    """A heading naming the district plan or its points of action."""
    return line.is_heading and bool(_PLAN_HEADING_RE.search(line.key))


def is_plan_instruction(line: Line) -> bool:
    """The form's request to list points of action (not itself a point; the form's is one sentence)."""
    # "of action" must occur for the pattern to match: checked first, the regex backtracks on long lines
    return len(line.key) <= 600 and "of action" in line.key and bool(_PLAN_INSTRUCTION_RE.search(line.key))


def is_contact_heading(line: Line) -> bool:
    """A heading or label opening the contact block ("District Contacts", "Contact information:")."""
    # "contact" occurs in every match of the pattern: checked first, most lines have none
    if "contact" not in line.key or not _CONTACT_RE.search(line.key) or line.word_count > 8:
        return False
    return line.is_heading or line.text.rstrip().endswith(":") or line.all_bold


def is_section_end(line: Line) -> bool:
    """A line that closes the plan: a non-plan heading, the agreement or the signatures."""
    if _PLAN_STOP_RE.match(line.key) and len(line.text.split()) <= 12:
        return True
    if is_district_caption(line) or is_kde_caption(line):
        return True
    if not line.is_heading or is_plan_heading(line) or line.cell is not None:
        return False
    # a styled heading always ends the plan; a short bold line only when it names a form section
    # (a district may set each point's title in bold on its own line)
    styled = line.heading_level is not None or bool(line.style and line.style.lower().startswith(("heading", "title")))
    return styled or bool(_SECTION_WORDS_RE.search(line.key))


_SECTION_WORDS_RE = re.compile(
    r"^(?:[ivx]+\.|\d+\.)\s|\b(agreement|commitment|signature|signatories|contacts?|initiatives?|benefits?|expectations?|"
    r"return|background|purpose|participation|report|appendix|attachment|membership)\b"
)


def plan_span(doc: Doc) -> tuple[int, int] | None:
    """Line range [start, end) holding the points of action, or None when the form has no plan part."""
    if "plan_span" not in doc.memo:  # asked for four times per letter (is_loc, plan, signatures, reasons)
        doc.memo["plan_span"] = _plan_span(doc)
    return doc.memo["plan_span"]


def _plan_span(doc: Doc) -> tuple[int, int] | None:
    lines = doc.lines
    heading = next((ln.index for ln in lines if is_plan_heading(ln) and ln.cell is None), None)
    instructions = [ln.index for ln in lines if is_plan_instruction(ln) and ln.cell is None]
    if heading is None and not instructions:
        return _plan_cell_span(doc)
    anchor = heading if heading is not None else instructions[0]
    after = [i for i in instructions if i >= anchor]
    start = (after[0] if after else anchor) + 1
    end = start
    while end < len(lines) and not is_section_end(lines[end]):
        end += 1
    return start, end


def _plan_cell_span(doc: Doc) -> tuple[int, int] | None:
    """A form laid out as label | value rows: the lines of the value cell beside a short
    "District Plan" label in the first column."""
    for line in doc.lines:
        if line.cell is None or line.cell[2] != 0 or len(line.text.split()) > 6 or not _PLAN_HEADING_RE.search(line.key):
            continue
        _, row, _ = line.cell
        table = doc.table_of(line)
        assert table is not None   # a line with a cell is in a table
        cells = table.rows[row]
        if len(cells) > 1 and cells[1]:
            return cells[1][0], cells[1][-1] + 1
    return None


def contact_spans(doc: Doc) -> list[tuple[int, int]]:
    """Line ranges of contact blocks: from a contact heading/label to the next other heading."""
    if "contact_spans" not in doc.memo:  # asked by the contacts and the district readers
        doc.memo["contact_spans"] = tuple(_contact_spans(doc))
    return list(doc.memo["contact_spans"])


def _contact_spans(doc: Doc) -> list[tuple[int, int]]:
    spans = []
    lines = doc.lines
    for line in lines:
        if line.cell is not None or not is_contact_heading(line):
            continue
        end = line.index + 1
        while end < len(lines) and not _ends_contacts(lines[end]):
            end += 1
        spans.append((line.index, end))
    return _merge(spans)


def _ends_contacts(line: Line) -> bool:
    if line.cell is not None:
        return False
    if is_plan_instruction(line) or is_plan_heading(line) or _PLAN_STOP_RE.match(line.key):
        return True
    return line.is_heading and not _CONTACT_RE.search(line.key)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def is_signature_heading(line: Line) -> bool:
    """A heading opening the agreement/signature part."""
    return line.is_heading and bool(_SIGNATURE_HEADING_RE.match(line.key))
