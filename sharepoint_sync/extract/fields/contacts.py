"""The district's contacts and its ILN point of contact.

Read from (1) contact tables (with or without a header row, with or without a role column),
(2) labelled fields ("Name:", "Title:", "Email:") under a contact heading, grouped per person,
(3) inline lines in the contact block ("Name, Title, email"; "Name Title email"; a person over
two or three lines; several people in one sentence, see `contact_prose`). The KDE person in the
return instructions is never a contact (a KDE address, outside the contact block), nor is a
blank table row.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...record import Person
from .contact_rows import is_label_row, normalise, stacked_person
from .contact_prose import POC_MARK_RE, email_count, person_from_text, sentence_people
from .lines import Doc, Line, TableView, split_label
from .people import (find_email, is_kde_email, looks_like_name, looks_like_title, remove_email, split_name_title,
                     value)
from .sections import contact_spans, is_contact_heading

_POC_RE = re.compile(r"\bpoint of contact\b|\bpoc\b|\biln contact\b|\bprimary contact\b")
_FIELD_LABEL_RE = re.compile(
    r"(?:(?:contact|poc|iln poc|point of contact|printed|full|job)\s+)?(?:name|title|position|role|e-?mail(?:\s+address)?)\b",
    re.IGNORECASE,
)
_ROLE_LABEL_RE = re.compile(r"^(?P<label>(?:ils?n )?point of contact|additional (?:district )?contact[^:]*"
                            r"|contact \d+|superintendent)\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
_DISTRICT_WORDS_RE = re.compile(r"\b(county|independent|ind\.|co\.|schools?|district|board of education)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """A contact with where it was found and whether the form labels it the point of contact."""

    at: int
    person: Person
    poc: bool = False


@dataclass(frozen=True)
class Contacts:
    """The contacts in document order and the point of contact."""

    people: tuple[Person, ...] = ()
    point_of_contact: Person | None = None


def read_contacts(doc: Doc, before: int | None = None) -> Contacts:
    """All district contacts (document order) and the labelled point of contact (else the first).

    Contacts belong to the form, before its end (`before`: the return instructions after the
    signatures): tables and contact headings in anything appended after the form (a report, an
    agenda) are not read."""
    limit = len(doc.lines) if before is None else before
    found: list[Found] = []
    spans = [span for span in contact_spans(doc) if span[0] < limit]
    for table in doc.tables:
        inside = _table_in_spans(doc, table, spans)
        if inside or _first_line(table) < limit:
            found.extend(_table_contacts(doc, table, inside))
    for start, end in spans:
        found.extend(_block_contacts(doc.lines[start:end]))
    in_spans = {i for start, end in spans for i in range(start, end)}
    for line in doc.lines[:limit]:  # "ILN Point of Contact: Name, Title, email" wherever it is
        if line.cell is None and line.index not in in_spans and (labelled := _role_labelled(line)):
            found.append(labelled)
    found = _dedupe(sorted(found, key=lambda f: f.at))
    people = tuple(f.person for f in found)
    poc = next((f.person for f in found if f.poc), people[0] if people else None)
    return Contacts(people, poc)


def _first_line(table: TableView) -> int:
    return next((cell[0] for row in table.rows for cell in row if cell), 1 << 30)


def _table_in_spans(doc: Doc, table: TableView, spans: list[tuple[int, int]]) -> bool:
    """True when the table sits inside a contact block (a headerless table there needs no emails)."""
    first = _first_line(table)
    return any(start <= first < end for start, end in spans)


def _dedupe(found: list[Found]) -> list[Found]:
    seen, out = set(), []
    for f in found:
        key = (f.person.name, f.person.email)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# --- tables ---------------------------------------------------------------------------------

def _table_contacts(doc: Doc, table: TableView, in_contact_block: bool) -> list[Found]:
    """People in a contact table; tables without an email column or header are not contact tables."""
    raw = [[doc.cell_text(table, r, c) for c in range(len(row))] for r, row in enumerate(table.rows)]
    if _is_label_column_table(raw):
        return _label_column_contacts(doc, table, raw)
    rows = normalise(raw)
    texts = rows.texts
    header_row, columns = _header_columns(texts)
    if columns is None:
        columns = _columns_by_content(texts, in_contact_block)
    if columns is None:
        return []
    out = []
    for r, row in enumerate(texts):
        if (header_row is not None and r <= header_row) or is_label_row(row):
            continue  # the header and the title rows above it name no one
        person, poc = _row_person(row, columns)
        if person is not None:
            poc = poc or bool(_POC_RE.search(rows.roles[r].casefold()))
            out.append(Found(_row_start(table, rows.origin[r]), person, poc))
    return out


def _row_start(table: TableView, r: int) -> int:
    """The first line of a row (its first cell may be empty: a vertically merged role cell)."""
    return next((cell[0] for cell in table.rows[r] if cell), 0)


_CELL_LABEL_RE = re.compile(r"^\s*(?:" + _FIELD_LABEL_RE.pattern + r")\s*:?\s*$", re.IGNORECASE)


def _is_label_column_table(texts: list[list[str]]) -> bool:
    """A vertical form: the first column labels the fields ("Name:", "Title:", "Email:")."""
    labelled = [row for row in texts if len(row) >= 2 and _CELL_LABEL_RE.match(row[0])]
    return len(labelled) >= 2 and len(labelled) * 2 >= len(texts)


def _label_column_contacts(doc: Doc, table: TableView, texts: list[list[str]]) -> list[Found]:
    """People from a vertical label/value table, one person per Name row (role from the heading above)."""
    first = table.rows[0][0][0] if table.rows and table.rows[0] and table.rows[0][0] else 0
    heading = next((ln for ln in reversed(doc.lines[:first]) if ln.cell is None and ln.text), None)
    poc = bool(heading and _POC_RE.search(heading.key))
    out: list[Found] = []
    group: dict[str, str] = {}
    for r, row in enumerate(texts + [["name:", ""]]):
        if len(row) < 2 or not _CELL_LABEL_RE.match(row[0]):
            continue
        field = _field_of(row[0].strip(" :"))
        if field in group or field == "name":
            person = Person(value(group.get("name")), value(group.get("title")), find_email(group.get("email", "")))
            if person.name or person.title or person.email:
                out.append(Found(first + r, person, poc and not out))
            group = {}
        group[field] = " ".join(row[1:])
    return out


def _header_columns(texts: list[list[str]]) -> tuple[int | None, dict[str, int] | None]:
    """Find a header row naming Name and Email columns; map field -> column."""
    for r, row in enumerate(texts[:2]):
        keys = [t.casefold() for t in row]
        if any("signature" in k or "designee" in k for k in keys):
            return None, None
        cols: dict[str, int] = {}
        for c, k in enumerate(keys):
            if "mail" in k and "email" not in cols:
                cols["email"] = c
            elif ("title" in k or "position" in k) and "title" not in cols and "name" not in k:
                cols["title"] = c
            elif "name" in k and "name" not in cols:
                cols["name"] = c
            elif k.strip(" :") in ("contact", "contact person", "person") and "name" not in cols:
                cols["name"] = c
            elif "role" in k or (not k.strip() and c == 0):
                cols.setdefault("role", c)
        if "name" in cols and "email" in cols:
            return r, cols
    return None, None


_ROLE_CELL_RE = re.compile(r"point of contact|\bpoc\b|additional( district)? contact|^contact\b|^superintendent$|^role$", re.IGNORECASE)


_STRONG_ROLE_RE = re.compile(r"point of contact|\bpoc\b|\bcontact\b", re.IGNORECASE)


def _columns_by_content(texts: list[list[str]], in_contact_block: bool) -> dict[str, int] | None:
    """A headerless table: emails, role labels, names and titles told apart by what they look like."""
    width = max((len(r) for r in texts), default=0)
    column = lambda c: [r[c] for r in texts if c < len(r) and r[c].strip()]  # noqa: E731
    emails = [c for c in range(width) if any(find_email(t) and not is_kde_email(find_email(t)) for t in column(c))]
    if (not emails and not in_contact_block) or any("signature" in t.casefold() for r in texts for t in r):
        return None
    cols = {"email": emails[0]} if emails else {}
    rest = [c for c in range(width) if c not in cols.values()]
    roles = [c for c in rest if column(c) and any(_STRONG_ROLE_RE.search(t) for t in column(c))
             and sum(bool(_ROLE_CELL_RE.search(t)) for t in column(c)) * 2 >= len(column(c))]
    if roles:
        cols["role"] = roles[0]
        rest.remove(roles[0])
    names = sorted(rest, key=lambda c: -sum(looks_like_name(t) for t in column(c)))
    if ((not names or not any(looks_like_name(t) for t in column(names[0]))) and emails
            and any(stacked_person(t) for t in column(emails[0]))):  # name, title and e-mail in one cell
        cols["name"] = emails[0]
        return cols
    if not names or not any(looks_like_name(t) for t in column(names[0])):
        return None
    cols["name"] = names[0]
    titles = [c for c in rest if c != cols["name"] and any(looks_like_title(t) for t in column(c))]
    if titles:
        cols["title"] = titles[0]
    return cols


def _row_person(row: list[str], cols: dict[str, int]) -> tuple[Person | None, bool]:
    cell = lambda key: row[cols[key]] if key in cols and cols[key] < len(row) else ""  # noqa: E731
    email = find_email(cell("email"))
    name, title = value(cell("name")), value(cell("title"))
    if cols.get("name") == cols.get("email") and (stacked := stacked_person(cell("name"))):
        return Person(value(stacked[0]), value(stacked[1]), email), bool(_POC_RE.search(cell("role").casefold()))
    if email is None and name and find_email(name):  # "Jane Roe jane.roe@..." typed in the Name cell
        email, name = find_email(name), value(remove_email(name))
    if "title" not in cols and name:
        name, title = split_name_title(name)
    if not (name or title or email) or is_kde_email(email):
        return None, False
    return Person(name, title, email), bool(_POC_RE.search((cell("role") or " ".join(row)).casefold()))


# --- the contact block ------------------------------------------------------------------------

def _block_contacts(lines: tuple[Line, ...]) -> list[Found]:
    """Contacts written as labelled fields or as inline lines in one contact block."""
    body = [ln for ln in lines if ln.cell is None]
    if any(split_label(ln, _FIELD_LABEL_RE) for ln in body):
        return _labelled_contacts(body)
    return _inline_contacts(body)


def _labelled_contacts(lines: list[Line]) -> list[Found]:
    """Name:/Title:/Email: fields, one person per group; the role comes from the heading above."""
    out: list[Found] = []
    group: dict[str, str] = {}
    at, poc = 0, False
    role_poc = False

    def flush() -> None:
        if group:
            person = Person(value(group.get("name")), value(group.get("title")), find_email(group.get("email", "")))
            if (person.name or person.title or person.email) and not is_kde_email(person.email):
                out.append(Found(at, person, poc))
        group.clear()

    for line, match in _field_matches(lines):
        if match is None:
            if is_contact_heading(line) or line.is_heading:
                flush()
                role_poc = bool(_POC_RE.search(line.key))
            inline = _role_labelled(line)
            if inline is not None:
                flush()
                out.append(inline)
            continue
        field = _field_of(match[0])
        if field in group or (field == "name" and group):
            flush()
        if not group:
            at, poc = line.index, role_poc or bool(_POC_RE.search(match[0].casefold()))
        group[field] = match[1]
    flush()
    return out


_INLINE_FIELD_RE = re.compile(r"\b(?P<label>" + _FIELD_LABEL_RE.pattern + r")\s*[:：]\s*", re.IGNORECASE)


def _field_matches(lines: list[Line]) -> Iterator[tuple[Line, tuple[str, str] | None]]:
    """(line, (label, value) or None) per field: a line holding several labelled fields
    ("Name: Jane Roe   Title: Director   Email: jane@x") gives one pair per field."""
    for line in lines:
        labels = list(_INLINE_FIELD_RE.finditer(line.text))[:6]
        if len(labels) >= 2 and labels[0].start() == 0:
            for n, label in enumerate(labels):
                end = labels[n + 1].start() if n + 1 < len(labels) else len(line.text)
                yield line, (label.group("label"), line.text[label.end():end].strip())
        else:
            yield line, split_label(line, _FIELD_LABEL_RE)


def _field_of(label: str) -> str:
    label = label.casefold()
    if "mail" in label:
        return "email"
    if "title" in label or "position" in label or "role" in label:
        return "title"
    return "name"


def _role_labelled(line: Line) -> Found | None:
    """ "ILN Point of Contact: Name, Title, email" on one line."""
    match = _ROLE_LABEL_RE.match(line.text) if ":" in line.text else None  # the pattern needs a colon
    if match is None:
        return None
    person = person_from_text(match.group("rest"))
    if person is None:
        return None
    return Found(line.index, person, bool(_POC_RE.search(match.group("label").casefold())))


def _inline_contacts(lines: list[Line]) -> list[Found]:
    """Inline contacts: one person per line, or a person over 2-3 lines closed by an email line."""
    out: list[Found] = []
    pending: list[Line] = []
    for line in lines:
        role = _role_labelled(line)
        if role is not None:
            out.extend(_pending_people(pending))
            out.append(role)
            pending = []
        elif not _could_be_person_text(line):
            out.extend(_pending_people(pending))
            pending = []
        elif not find_email(line.text):
            pending.append(line)
        elif email_count(line.text) > 1:
            out.extend(_pending_people(pending))
            out.extend(Found(line.index, person, poc) for person, poc in sentence_people(line.text))
            pending = []
        else:
            person = person_from_text(line.text)
            poc = bool(POC_MARK_RE.search(line.text))
            if person is not None and not person.name and pending:
                merged = person_from_text(" ".join(ln.text for ln in pending[-2:] + [line]))
                out.extend(_pending_people(pending[:-2]))
                if merged is not None:
                    out.append(Found(pending[-2:][0].index, merged))
            else:
                out.extend(_pending_people(pending))
                if person is not None:
                    out.append(Found(line.index, person, poc))
            pending = []
    out.extend(_pending_people(pending))
    return out


def _pending_people(lines: list[Line]) -> list[Found]:
    """Lines without an email that still read as "Name[, Title]" are contacts without an email."""
    out = []
    for line in lines:
        person = person_from_text(line.text)
        if person is not None and person.name and looks_like_name(person.name):
            out.append(Found(line.index, person))
    return out


def _could_be_person_text(line: Line) -> bool:
    """Lines that may carry a person: short, not a heading, not the district name, not an instruction."""
    text = line.text
    words_allowed = 16 * max(1, email_count(text))  # a sentence naming several people is longer
    if not text or line.is_heading or len(text.split()) > words_allowed or is_contact_heading(line):
        return False
    if not find_email(text) and _DISTRICT_WORDS_RE.search(text) and not looks_like_title(text):
        return False
    return not text.endswith(":")


