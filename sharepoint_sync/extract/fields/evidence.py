"""Evidence for every field (issue 11): the text each value was read from, as a careful reader would
point at it: the paragraph, or the table row, short. Pure: the flattened document and the values
read from it in, an `Evidence` value out.

Most values are located after reading, by looking for the line that holds them (a contact's e-mail,
the signer's name after the plan, a date that parses to the value). The district and the academic
year come with the line they were read from, because the same name may also stand elsewhere.
"""
from __future__ import annotations

import datetime as dt

from ...record import Evidence, LocRecord, Person
from .dates import find_date
from .district_name import WrittenDistrict
from .initiatives import ticked_initiative
from .lines import Doc, Line
from .name_candidates import WHY_SENTENCE

#: a quote is a short pointer, not a copy of the letter
MAX_QUOTE = 200


def quote_line(doc: Doc, line: Line, around: str | None = None) -> str:
    """The text a line stands for: its paragraph, or its whole table row ("Role | Name | ..."); a long
    one is cut to the stretch around `around` (the value it holds) when given, else to its start."""
    table = doc.table_of(line)
    if table is None:
        text = line.text
    else:
        assert line.cell is not None   # a line in a table knows its cell
        _, r, _ = line.cell
        cells = (doc.cell_text(table, r, c).replace("\n", " / ") for c in range(len(table.rows[r])))
        text = " | ".join(c for c in cells if c.strip())
    return _cut(text, around)


def _cut(text: str, around: str | None) -> str:
    if len(text) <= MAX_QUOTE:
        return text
    at = text.casefold().find(around.casefold()) if around else -1
    if around is None or at < 0 or at + len(around) <= MAX_QUOTE - 1:
        return text[: MAX_QUOTE - 1].rstrip() + "…"
    start = max(0, min(at - (MAX_QUOTE - len(around)) // 2, len(text) - (MAX_QUOTE - 2)))
    return "…" + text[start: start + MAX_QUOTE - 2].strip() + ("…" if start + MAX_QUOTE - 2 < len(text) else "")


def gather(doc: Doc, record: LocRecord, *, written: WrittenDistrict, year_line: int | None,
           plan: tuple[int, int] | None, kde_lines: frozenset[int]) -> Evidence:
    """The evidence of a LOC record read from `doc` (`plan`: the plan's line span)."""
    after_plan = plan[1] if plan else 0
    q = lambda i: quote_line(doc, doc.lines[i]) if i is not None else None  # noqa: E731
    single = {
        "template": q(_title_line(doc)),
        "district_as_written": _quote_at(doc, written.line, record.district_as_written)
        if record.district_as_written else None,
        "point_of_contact": _person_quote(doc, record.point_of_contact),
        "signatory": q(_signer_line(doc, record, after_plan)),
        "district_signed_on": q(_date_line(doc, record.district_signed_on, after_plan, kde_lines, kde=False)),
        "kde_signed_on": q(_date_line(doc, record.kde_signed_on, after_plan, kde_lines, kde=True)),
        "academic_year_stated": q(year_line) if record.academic_year_stated else None,
    }
    lists = {
        "contacts": tuple(_person_quote(doc, p) or _person_text(p) for p in record.contacts),
        "action_points": tuple(q(_containing(doc, p[:80])) or p for p in record.action_points),
        "focus_areas": tuple(_quote_at(doc, _containing(doc, f, plan), f) or f for f in record.focus_areas),
        "initiatives": tuple(q(_initiative_line(doc, name)) or name for name in record.initiatives),
    }
    quotes = [(k, v) for k, v in single.items() if v] + [(k, v) for k, v in lists.items() if v]
    order = {k: n for n, k in enumerate(("template", "district_as_written", "contacts", "point_of_contact",
                                         "signatory", "district_signed_on", "kde_signed_on",
                                         "academic_year_stated", "action_points", "focus_areas", "initiatives"))}
    return Evidence(tuple(sorted(quotes, key=lambda kv: order[kv[0]])), district_notes(written))


def _quote_at(doc: Doc, index: int | None, value: str) -> str | None:
    return quote_line(doc, doc.lines[index], around=value) if index is not None else None


def district_notes(written: WrittenDistrict) -> tuple[str, ...]:
    """One note per district candidate passed over, saying what stood there and why it is no name."""
    return tuple(f"district as written '{r.text}' {WHY_SENTENCE[r.why]}" for r in written.rejected)


def _title_line(doc: Doc) -> int | None:
    for line in doc.lines[:12]:
        if "letter of commitment" in line.key or "learning network" in line.key or "lab network" in line.key:
            return line.index
    return None


def _containing(doc: Doc, text: str, within: tuple[int, int] | None = None) -> int | None:
    """The first line whose text holds `text` (inside the span `within` when given)."""
    needle = text.casefold()
    lines = doc.lines[within[0]:within[1]] if within else doc.lines
    return next((ln.index for ln in lines if needle and needle in ln.key), None)


def _person_quote(doc: Doc, person: Person | None) -> str | None:
    """A contact's row, or its lines from the name to the e-mail ("Name: X / Title: Y / Email: z")."""
    if person is None:
        return None
    email = _containing(doc, person.email) if person.email else None
    name = _containing(doc, person.name) if person.name else None
    at = email if email is not None else name
    if at is None:
        return None
    line = doc.lines[at]
    if line.cell is None and name is not None and email is not None and 0 < email - name <= 3:
        text = " / ".join(doc.lines[i].text for i in range(name, email + 1) if doc.lines[i].text)
        return _cut(text, person.email or person.name)
    return quote_line(doc, line, around=person.email or person.name)


def _person_text(person: Person) -> str:
    return ", ".join(v for v in (person.name, person.title, person.email) if v)


def _signer_line(doc: Doc, record: LocRecord, after: int) -> int | None:
    """The signature line: the signer's name (else title) after the plan, else anywhere."""
    sig = record.signatory
    typed = sig.name or sig.title if sig else None
    if not typed:
        return None
    exact = next((ln.index for ln in doc.lines[after:] if ln.key == typed.casefold()), None)
    return exact if exact is not None else (_containing(doc, typed, (after, len(doc.lines))) or _containing(doc, typed))


def _date_line(doc: Doc, iso: str | None, after: int, kde_lines: frozenset[int], *, kde: bool) -> int | None:
    """The line holding the date `iso`: in KDE's part for the KDE date, outside it for the district's."""
    if iso is None:
        return None
    wanted = dt.date.fromisoformat(iso)
    year = str(wanted.year)[2:]  # a date line holds its year, in full or in two digits: parse only those
    candidates = [ln for ln in doc.lines[after:] + doc.lines[:after] if year in ln.text and _date_of(ln) == wanted]
    preferred = [ln for ln in candidates if (ln.index in kde_lines) == kde]
    found = (preferred or candidates)[:1]
    return found[0].index if found else None


def _date_of(line: Line) -> dt.date | None:
    """The date a line's text holds, read once per line (both dates' evidence look along the lines)."""
    memo = line.memo
    if "date" not in memo:
        memo["date"] = find_date(line.text).value
    return memo["date"]


def _initiative_line(doc: Doc, name: str) -> int | None:
    """The first line that ticks `name`, by its own text or, in a table, by its row's."""
    # one scan shared by all the ticked initiatives (it was one scan each), going no further than
    # the line the latest name asked for was found on
    first, scanned = doc.memo.setdefault("initiative_lines", ({}, [0]))
    while name not in first and scanned[0] < len(doc.lines):
        line = doc.lines[scanned[0]]
        scanned[0] += 1
        own = ticked_initiative(line.text)
        if own is not None:
            first.setdefault(own, line.index)
        if doc.table_of(line) is not None:
            row = ticked_initiative(quote_line(doc, line).replace(" | ", " "))
            if row is not None:
                first.setdefault(row, line.index)
    return first.get(name)
