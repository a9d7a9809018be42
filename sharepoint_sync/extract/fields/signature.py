"""The signature block: who signed for the district, and the district's and KDE's dates.

Captions are recognised by wording ("Superintendent/Designee", "For the District (...)",
"Superintendent Signature", "Signature of Superintendent/Designee", "KDE Designee"). The typed
name/title sits on the lines above or below the district caption, in the caption's cell, or in
the value row of a signature table; a date sits after the caption (on the "Date" line, the line
before or after it, or in the table's Date column). Nothing from the KDE part is ever the
signatory.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...record import Signatory
from .dates import DateReading, find_date
from .lines import Doc, Line, TableView
from .people import value
from .signatory import ON_BEHALF_RE, SIGNATURE_LABEL_RE, signatory_from_lines, unlabelled
from .text import is_blank

_KDE_RE = re.compile(r"\bkde\b|department of education|commissioner")
_DISTRICT_CAPTION_RE = re.compile(
    r"(superintendent|district|designee)\b.*\b(designee|signature|signatory)\b"
    r"|(superintendent|designee)\b.*\bname\b"
    r"|\bsignature of\b|\bfor the district\b|\bparticipating district\b"
)
_KDE_CAPTION_RE = re.compile(r"\b(designee|signature|signatory|for the)\b")
_DATE_LABEL_RE = re.compile(r"^(?:dated|date(?: signed)?|signed(?: on)?|signature date)\b\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
#: the envelope id an e-signature service prints under the signature (DocuSign: "4D3F2A1B0C9E...")
_STAMP_ID_RE = re.compile(r"^[0-9A-F]{8,}[.…]*$")
_INTRODUCING_RE = re.compile(r"^for the\b|\bname\b|:\s*$")
_STOP_RE = re.compile(r"^(return|please return|or via)\b")


@dataclass(frozen=True)
class Signatures:
    """What the signature block says."""

    signatory: Signatory = Signatory()
    district_date: DateReading = DateReading()
    kde_date: DateReading = DateReading()
    found_block: bool = False
    #: lines of KDE's part (a placeholder there is KDE's to fill, not the district's)
    kde_lines: frozenset[int] = frozenset()
    #: where the form ends: the return instructions after the signatures (None: the document's end)
    form_end: int | None = None


def _date_label(text: str) -> re.Match[str] | None:
    """A date label ("Date:", "Dated", "Signed on"). A bare "Signed:" counts only when what follows
    is empty or looks like a date: "Signed: /s/ Jane Roe" is an electronic signature."""
    label = _DATE_LABEL_RE.match(text)
    if label is None or not label.group(0).lower().startswith("signed") or "on" in label.group(0).lower().split():
        return label
    rest = label.group("rest")
    reading = find_date(rest)
    return label if not value(rest) or reading.value or reading.unparseable else None


#: words one of which every alternative of `_DISTRICT_CAPTION_RE` / `_KDE_RE` contains: a line
#: without any cannot match, and most lines stop at these substring tests, before the regexes
#: (tests/extract/test_fast_paths.py checks the shortcut against the patterns)
_DISTRICT_CAPTION_WORDS = ("superintendent", "district", "designee", "signature of")
#: and one of these, which every alternative holds after its first word: letters say "district"
#: on many lines, few of which also say any of these
_DISTRICT_CAPTION_ENDS = ("designee", "signat", "name", "for the district", "participating district")
_KDE_WORDS = ("kde", "department of education", "commissioner")


def _mentions(key: str, words: tuple[str, ...]) -> bool:
    for word in words:  # noqa: SIM110 - a plain loop: any() over a generator costs twice as much on this hot path
        if word in key:
            return True
    return False


def is_district_caption(line: Line) -> bool:
    """The printed caption of the district's signature ("Superintendent/Designee", ...)."""
    memo = line.memo  # asked of most lines by several readers (plan end, signatures, is_loc)
    found = memo.get("district_caption")
    if found is None:
        key = line.key
        found = memo["district_caption"] = (
            _mentions(key, _DISTRICT_CAPTION_WORDS) and _mentions(key, _DISTRICT_CAPTION_ENDS) and 0 < line.word_count <= 14
            and bool(_DISTRICT_CAPTION_RE.search(key)) and not (_mentions(key, _KDE_WORDS) and _KDE_RE.search(key)))
    return found


def is_kde_caption(line: Line) -> bool:
    """The printed caption of KDE's signature ("KDE Designee", "For the Kentucky Department ...")."""
    memo = line.memo
    found = memo.get("kde_caption")
    if found is None:
        key = line.key
        found = memo["kde_caption"] = (
            _mentions(key, _KDE_WORDS) and 0 < line.word_count <= 14 and bool(_KDE_RE.search(key))
            and bool(_KDE_CAPTION_RE.search(key) or key == "kde"))
    return found


def read_signatures(doc: Doc, after: int = 0) -> Signatures:
    """Read the signature block found at or after line `after`."""
    lines = doc.lines
    district = next((ln for ln in lines[after:] if is_district_caption(ln)), None)
    if district is None:
        return Signatures()
    kde = next((ln for ln in lines[district.index + 1:] if is_kde_caption(ln)), None)
    end = next((ln.index for ln in lines[district.index:] if _STOP_RE.match(ln.key)), len(lines))
    kde_end = end
    if kde is not None and kde.index < end:
        end = kde.index
    signatory, d_date = _party(doc, district, end)
    form_end = kde_end if kde_end < len(lines) else None
    if kde is None:
        return _kde_first(doc, district, after, signatory, d_date, form_end)
    k_date = _party(doc, kde, kde_end)[1]
    return Signatures(signatory, d_date, k_date, True, _kde_part(doc, district, kde, kde_end), form_end)


def _kde_first(doc: Doc, district: Line, after: int, signatory: Signatory, d_date: DateReading,
               form_end: int | None, reach: int = 12) -> Signatures:
    """Some districts move KDE's signature part above their own: KDE's caption then sits within
    `reach` lines before the district caption, and KDE's part runs up to the district caption."""
    start = max(after, district.index - reach)
    kde = next((ln for ln in reversed(doc.lines[start:district.index]) if is_kde_caption(ln)), None)
    table = doc.table_of(kde) if kde is not None else None
    same_place = kde is not None and (table is doc.table_of(district) if table else kde.cell == district.cell)
    if not same_place or kde is None:
        return Signatures(signatory, d_date, DateReading(), True, frozenset(), form_end)
    k_date = _party(doc, kde, district.index)[1]
    part = _kde_part(doc, kde, kde, district.index) if table else frozenset(range(kde.index, district.index))
    return Signatures(signatory, d_date, k_date, True, part, form_end)


def _kde_part(doc: Doc, district: Line, kde: Line | None, end: int) -> frozenset[int]:
    """KDE's lines: its table rows, or the paragraphs after the district's Date line up to the end."""
    if kde is None:
        return frozenset()
    table = doc.table_of(kde)
    if table is not None:
        assert kde.cell is not None   # a line in a table knows its cell
        row = kde.cell[1]
        rows = [r for r in (row, row + 1) if r < len(table.rows)]
        return frozenset(i for r in rows for cell in table.rows[r] for i in cell)
    start = next((ln.index for ln in doc.lines[district.index:kde.index] if _date_label(ln.text)), district.index)
    return frozenset(range(start + 1, end))


def _party(doc: Doc, caption: Line, end: int) -> tuple[Signatory, DateReading]:
    """Signatory and date for one caption, from its table cell/row or from the lines around it."""
    table = doc.table_of(caption)
    if table is not None:
        return _table_party(doc, table, caption)
    names = _same_line_names(caption)
    if not names:
        names = _names_around(doc, caption, end)
    date = _date_after(doc, caption, end)
    if not names and date.value is None and not date.unparseable:
        labelled = _label_table_after(doc, caption, end)
        if labelled is not None:
            return labelled
    return signatory_from_lines(names), date


_ROW_LABEL_RE = re.compile(r"^\s*(printed name|name|title|position|date(?: signed)?|dated|signed(?: on)?)\s*:?\s*$", re.IGNORECASE)


def _label_table_after(doc: Doc, caption: Line, end: int) -> tuple[Signatory, DateReading] | None:
    """A label/value table right under a paragraph caption: "Name: | Jane Doe", "Date: | 11/15/2019"."""
    nxt = next((ln for ln in doc.lines[caption.index + 1:end] if ln.text or ln.cell is not None), None)
    table = doc.table_of(nxt) if nxt is not None else None
    if table is None:
        return None
    fields: dict[str, str] = {}
    for r, row in enumerate(table.rows):
        label = _ROW_LABEL_RE.match(doc.cell_text(table, r, 0)) if row else None
        if label and len(row) > 1:
            key = "date" if label.group(1).lower().startswith(("date", "dated", "signed")) else label.group(1).lower()
            fields.setdefault("title" if key == "position" else "name" if key == "printed name" else key,
                              " ".join(doc.cell_text(table, r, c) for c in range(1, len(row))))
    if not fields:
        return None
    date = find_date(fields.get("date", ""))
    if date.value is None and value(fields.get("date")):
        date = DateReading(None, unparseable=True)
    return Signatory(value(fields.get("name")), value(fields.get("title"))), date


# --- paragraphs -----------------------------------------------------------------------------

def _same_line_names(caption: Line) -> list[str]:
    """ "Superintendent Signature: Jane Doe, Superintendent  Date: ..." on the caption line itself."""
    if ":" not in caption.text:
        return []
    rest = caption.text.split(":", 1)[1]
    rest = re.split(r"\bdate\b", rest, flags=re.IGNORECASE)[0]
    return [rest] if value(rest) else []


def _is_name_line(line: Line) -> bool:
    text = line.text
    if not text or is_blank(line.raw) or is_district_caption(line) or is_kde_caption(line):
        return False
    signed = bool(SIGNATURE_LABEL_RE.match(text))
    body = unlabelled(text) if signed else ON_BEHALF_RE.sub("", text)
    if (not signed and _date_label(text)) or find_date(body).value or len(body.split()) > 10:
        return False
    if (line.is_heading and line.cell is None) or not body.strip() or _STAMP_ID_RE.match(body):
        return False
    return "signat" not in line.key or signed


def _is_stamp_furniture(line: Line) -> bool:
    """A signature label alone ("DocuSigned by:") or an envelope id: skipped, not a stop."""
    text = line.text
    return bool(_STAMP_ID_RE.match(text) or (SIGNATURE_LABEL_RE.match(text) and not unlabelled(text)))


def _names_around(doc: Doc, caption: Line, end: int) -> list[str]:
    """Typed name/title lines: below an introducing caption, else above the caption (then below)."""
    below = _collect(doc, range(caption.index + 1, end), caption)
    above = list(reversed(_collect(doc, range(caption.index - 1, max(caption.index - 5, -1), -1), caption)))
    if _INTRODUCING_RE.search(caption.key):  # "For the District ...", "Date: ...", then the name
        return below or above or _collect(doc, range(caption.index + 1, end), caption, over_date=True)
    return above or below


def _collect(doc: Doc, indices: range, caption: Line, over_date: bool = False) -> list[str]:
    """Up to two name/title lines next to the caption, stopping at a date, label or heading.
    `over_date`: the name may follow a date line typed straight under the caption, with nothing
    (no blank line, no signature rule) between the date and the name."""
    found: list[str] = []
    stepped = False
    for i in indices:
        line = doc.lines[i]
        if line.cell != caption.cell:
            break
        if not line.text or is_blank(line.raw):
            if found or stepped:
                break
            continue
        if _is_stamp_furniture(line):
            continue
        if over_date and not found and not stepped and _date_label(line.text):
            stepped = True
            continue
        if not _is_name_line(line):
            break
        found.append(line.text)
        if len(found) == 2:
            break
    return found


def _date_after(doc: Doc, caption: Line, end: int) -> DateReading:
    """The first date after the caption (same line, the Date line, or the line before/after it)."""
    seen_label = False
    for line in doc.lines[caption.index:end]:
        if line.cell != caption.cell and line.index != caption.index:
            if seen_label:
                break
            continue
        label = _date_label(line.text)
        text = label.group("rest") if label else line.text
        if line.index == caption.index:
            text = re.split(r"\bdate\b", line.text, maxsplit=1, flags=re.IGNORECASE)[-1] if "date" in line.key else ""
        reading = find_date(text)
        if reading.value or reading.unparseable:
            return reading
        if label and value(text):
            return DateReading(None, unparseable=True)
        seen_label = seen_label or bool(label)
    return DateReading()


# --- tables ---------------------------------------------------------------------------------

def _table_party(doc: Doc, table: TableView, caption: Line) -> tuple[Signatory, DateReading]:
    """A caption in a table: values in its own cell, else in the value row above or below."""
    assert caption.cell is not None   # a line in a table knows its cell
    _, row, col = caption.cell
    if _captions_side_by_side(doc, table, row, col):
        return _column_party(doc, table, row, col)
    own = [doc.lines[i] for i in table.rows[row][col] if i > caption.index]
    names = [ln.text for ln in own if _is_name_line(ln)][:2] or _next_cell_names(doc, table, row, col)
    date = _row_date(doc, table, row, exclude_col=col)
    if names or date.value or date.unparseable or own:
        return signatory_from_lines(names), date
    value_row = _value_row(doc, table, row)
    if value_row is None:
        return Signatory(), DateReading()
    cell = [doc.lines[i] for i in table.rows[value_row][col]] if col < len(table.rows[value_row]) else []
    names = [ln.text for ln in cell if _is_name_line(ln)][:2] or _electronic_signature(doc, table, value_row)
    title_col = _title_column(doc, table, row)
    if title_col is not None and title_col < len(table.rows[value_row]):
        title = value(doc.cell_text(table, value_row, title_col))
        signatory = signatory_from_lines(names[:1])
        return Signatory(signatory.name, title or signatory.title), _row_date(doc, table, value_row, exclude_col=col)
    return signatory_from_lines(names), _row_date(doc, table, value_row, exclude_col=col)


def _captions_side_by_side(doc: Doc, table: TableView, row: int, col: int) -> bool:
    """District and KDE captions in one row, each heading its own column of typed values."""
    others = [doc.lines[i] for c, cell in enumerate(table.rows[row]) if c != col for i in cell]
    own = [doc.lines[i] for i in table.rows[row][col]]
    return any(is_district_caption(ln) or is_kde_caption(ln) for ln in others) and not any(
        ln.text and not (is_district_caption(ln) or is_kde_caption(ln)) for ln in own)


def _column_party(doc: Doc, table: TableView, row: int, col: int) -> tuple[Signatory, DateReading]:
    """Name, title and date typed in the caption's column: below it, else above it."""
    for rows in (range(row + 1, len(table.rows)), range(row - 1, -1, -1)):
        lines: list[Line] = []
        for r in rows:
            if _row_has_caption(doc, table, r):
                break
            if col < len(table.rows[r]):
                lines.extend(doc.lines[i] for i in table.rows[r][col])
        if rows.step < 0:
            lines.reverse()
        names = [ln.text for ln in lines if _is_name_line(ln)][:2]
        date = next((d for d in (_line_date(ln) for ln in lines) if d.value or d.unparseable), DateReading())
        if names or date.value or date.unparseable:
            return signatory_from_lines(names), date
    return Signatory(), DateReading()


def _line_date(line: Line) -> DateReading:
    """The date on one line, after its "Date:" label if it has one."""
    label = _date_label(line.text)
    reading = find_date(label.group("rest") if label else line.text)
    if reading.value is None and not reading.unparseable and label and value(label.group("rest")):
        return DateReading(None, unparseable=True)
    return reading


def _electronic_signature(doc: Doc, table: TableView, row: int) -> list[str]:
    """ "/s/ Jane Roe" typed in the row's Signature column when the name column was left empty."""
    lines = [doc.lines[i] for cell in table.rows[row] for i in cell]
    return [ln.text for ln in lines if ln.text.startswith("/s/") and _is_name_line(ln)][:1]


def _title_column(doc: Doc, table: TableView, row: int) -> int | None:
    """A "Title"/"Position" column named in the caption row."""
    for c, cell in enumerate(table.rows[row]):
        key = " ".join(doc.lines[i].key for i in cell).strip(" :")
        if key in ("title", "position", "job title", "printed title"):
            return c
    return None


def _next_cell_names(doc: Doc, table: TableView, row: int, col: int) -> list[str]:
    """A one-row signature table: "Superintendent Signature: | Jane Doe | Date: | 11/15/2019"."""
    if col + 1 >= len(table.rows[row]) or not doc.lines[table.rows[row][col][0]].text.endswith(":"):
        return []
    return [doc.lines[i].text for i in table.rows[row][col + 1] if _is_name_line(doc.lines[i])][:2]


def _value_row(doc: Doc, table: TableView, row: int) -> int | None:
    """The row holding the typed values for a caption row: below a header-style table (skipping
    empty spacer rows), else above."""
    caption_rows = {r for r in range(len(table.rows)) if _row_has_caption(doc, table, r)}
    below = [r for r in range(row + 1, len(table.rows)) if r not in caption_rows]
    below = below[: next((i for i, r in enumerate(below) if r - 1 in caption_rows and r - 1 > row), len(below))]
    filled = [r for r in below if _row_text(doc, table, r)]
    if 0 in caption_rows and below:
        return (filled or below)[0]
    if row - 1 >= 0 and row - 1 not in caption_rows:
        return row - 1
    nearest = filled or below
    return nearest[0] if nearest else None


def _row_text(doc: Doc, table: TableView, row: int) -> str:
    return "".join(doc.lines[i].text for cell in table.rows[row] for i in cell).strip(" _")


def _row_has_caption(doc: Doc, table: TableView, row: int) -> bool:
    return any(is_district_caption(doc.lines[i]) or is_kde_caption(doc.lines[i]) for cell in table.rows[row] for i in cell)


def _row_date(doc: Doc, table: TableView, row: int, exclude_col: int) -> DateReading:
    """The date written in a row's other cells (after a "Date" label or alone)."""
    for c, cell in enumerate(table.rows[row]):
        if c == exclude_col:
            continue
        for i in cell:
            line = doc.lines[i]
            label = _date_label(line.text)
            text = label.group("rest") if label else line.text
            reading = find_date(text)
            if reading.value or reading.unparseable:
                return reading
    return DateReading()
