"""Seeded LOC variants with known truth, for testing the extractor on letters it has never seen.

`variants(n, seed, today)` draws n letters over the three generations and the layout variations
people produce in Word (forms.layouts.LetterSpec), renders them (forms.generations) and derives
each expected LOC record from the generation parameters (forms.truth), never from the file.
Same (n, seed, today) -> same bytes and records. Each Variant lists its features so a failing
variant says which construct the extractor missed.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from iln_demo.forms import content, tags
from iln_demo.forms.dates import DATE_STYLES, format_date, format_year
from iln_demo.forms.generations import render
from iln_demo.forms.layouts import ACTION_LAYOUTS, LABEL_SETS, LetterSpec
from iln_demo.forms.truth import LetterFacts, expected_record, fold, school_year_of
from sharepoint_sync.record import Person, Signatory

GENERATIONS = ("kyiln-2018", "kyiln-2019", "kyiln-2023")
#: the first school year each generation was in use, and the last (None: still current)
ERAS = {"kyiln-2018": (2018, 2020), "kyiln-2019": (2019, 2022), "kyiln-2023": (2023, None)}
PROBLEMS = ("missing_signature_date", "unknown_district", "unfilled_placeholder", "missing_action_points",
            "missing_contact", "implausible_date", "date_year_mismatch", "missing_district")
CONTACT_LAYOUTS = {
    "kyiln-2018": ("inline_comma", "inline_space", "inline_name_email", "inline_angle", "table3", "table3_noheader"),
    "kyiln-2019": ("table_roles", "table_roles", "table_roles_noheader", "inline_poc"),
    "kyiln-2023": ("fields", "fields", "fields_table", "inline_poc"),
}
_SINGLE_LINE_LAYOUTS = ("inline_poc",)
_TABULAR = ("table3", "table3_noheader", "table_roles", "table_roles_noheader", "fields", "fields_table")


@dataclass(frozen=True)
class Variant:
    """One generated letter: its file name, bytes, expected record and the features it exercises."""

    file_name: str
    data: bytes
    expected: dict
    features: tuple[str, ...] = ()


def variants(n: int, seed: int, today: date) -> list[Variant]:
    """n seeded LOC variants with their expected records (deterministic per n, seed, today)."""
    rng = random.Random(seed)
    return [_variant(rng, index, today) for index in range(n)]


def _problem_for(rng: random.Random, generation: str) -> str | None:
    if rng.random() >= 0.35:
        return None
    allowed = [p for p in PROBLEMS if not (
        (p == "date_year_mismatch" and generation != "kyiln-2023")
        or (p == "missing_district" and generation == "kyiln-2018"))]
    return rng.choice(allowed)


def _variant(rng: random.Random, index: int, today: date) -> Variant:
    generation = rng.choice(GENERATIONS)
    problem = _problem_for(rng, generation)
    features: list[str] = [f"template:{generation}"] + ([f"problem:{problem}"] if problem else [])
    district, written = _district(rng, problem, features)
    slug = district.email_slug if district else "district"
    year, signed, meant = _signature_day(rng, generation, problem, today, features)
    spec = LetterSpec(generation=generation, district_written=written)
    spec = _place_district(rng, spec, generation, features)
    spec, contacts, poc_index = _contacts(rng, spec, slug, problem, features)
    spec, kde_day = _signature(rng, spec, signed, meant, today, features)
    spec = _points(rng, spec, problem, features)
    if generation == "kyiln-2023":
        spec = _form_2023(rng, spec, year, features)
    spec = _editing_traces(rng, spec, features)
    file_name = f"v{index:03d}-{generation}-{slug}.docx"
    facts = LetterFacts(
        file_name=file_name, template=generation, today=today,
        district_as_written=fold(written) if written else None,
        district=district.canonical if district and problem != "unknown_district" else None,
        contacts=contacts, poc_index=poc_index, signatory=spec.signatory,
        district_signed_on=signed, kde_signed_on=kde_day,
        academic_year_start=year if generation == "kyiln-2023" else None,
        action_points=tuple(_accepted(p) for p in spec.action_points),
        initiatives=spec.initiatives, placeholder_left=problem == "unfilled_placeholder",
    )
    return Variant(file_name, render(spec), expected_record(facts), tuple(features))


# --- district ---------------------------------------------------------------------------------
def _district(rng: random.Random, problem: str | None, features: list[str]):
    if problem == "missing_district":
        return None, None
    if problem == "unknown_district":
        return None, rng.choice(content.UNKNOWN_DISTRICTS)
    entry = rng.choice(content.all_districts())
    written = rng.choice(entry.written_forms)
    features.append("district_variant:" + _variant_kind(entry.canonical, written))
    roll = rng.random()
    if roll < 0.1:
        written, _ = re.subn(r" ", "\u00a0", written, count=1)
        features.append("district_spacing:nbsp")
    elif roll < 0.2:
        written = written.replace(" ", "  ", 1)
        features.append("district_spacing:double")
    return entry, written


def _variant_kind(canonical: str, written: str) -> str:
    if written == canonical:
        return "canonical"
    if written in content.BRAND_NAMES.values():
        return "brand_name"
    place = canonical.rsplit(" ", 1)[0]
    return "<place>" + written[len(place):]


def _place_district(rng: random.Random, spec: LetterSpec, generation: str, features: list[str]) -> LetterSpec:
    placement = "body"
    if generation != "kyiln-2018" and spec.district_written:
        placement = rng.choice(("body", "body", "body", "textbox", "header", "first_header", "control"))
    label = rng.choice(("District:", "District:", "District Name:", "School District:", "DISTRICT:"))
    features += [f"district_placement:{placement}", f"district_label:{label}"]
    return replace(spec, district_placement=placement, district_label=label,
                   headings=rng.choice(("heading", "bold")))


# --- dates ------------------------------------------------------------------------------------
def _signature_day(rng: random.Random, generation: str, problem: str | None, today: date,
                   features: list[str]) -> tuple[int, date | None, date | None]:
    """(school year the letter is for, the district's signature day or None, the day it was meant
    to be: KDE may countersign a letter whose district date was left blank)."""
    first, last = ERAS[generation]
    last = min(last or school_year_of(today), school_year_of(today))
    for _ in range(50):
        year = rng.randint(first, last)
        spring = rng.random() < 0.25
        day = date(year + 1, rng.randint(1, 5), rng.randint(1, 28)) if spring else \
            date(year, rng.randint(6, 12), rng.randint(1, 28))
        if day < today:
            break
    else:
        year, day = school_year_of(today), today - timedelta(days=1)
    features.append("term:spring" if day.month < 6 else "term:fall")
    if problem == "missing_signature_date":
        return year, None, day
    if problem == "implausible_date":
        return year, day.replace(year=rng.choice((2108, 2012, 2201))), None
    if problem == "date_year_mismatch":
        signed = date(year - 2, rng.randint(8, 12), rng.randint(1, 28))
        return year, signed, signed
    return year, day, day


def _signature(rng: random.Random, spec: LetterSpec, signed: date | None, meant: date | None, today: date,
               features: list[str]) -> tuple[LetterSpec, date | None]:
    """The signature block: who signed, the date as typed, KDE's countersignature (and its day)."""
    style = rng.choice(sorted(DATE_STYLES))
    if signed and str(signed.year) not in format_date(signed, style):
        style = "m/d/yyyy"  # a two-digit year would turn 2108 into 2008 (20YY), a different date
    placement = "table_cell" if spec.generation == "kyiln-2023" else rng.choice(
        ("date_line", "line_before", "line_after", "table_cell"))
    kind = rng.choice(("name_title", "name_title", "title_only", "none"))
    name = content.person(rng, "x").name
    title = rng.choice(content.SIGNER_TITLES)
    signatory = {"name_title": Signatory(name, title), "title_only": Signatory(None, title),
                 "none": Signatory(None, None)}[kind]
    kde_day = meant + timedelta(days=rng.randint(5, 30)) if meant else None
    countersigned = kde_day is not None and kde_day < today and rng.random() < 0.6
    deleted = None
    if signed and rng.random() < 0.15:
        deleted = format_date(signed - timedelta(days=rng.randint(3, 20)), style)
        features.append("tracked:deleted_date")
    features += [f"date_format:{style}", f"date_placement:{placement}", f"signatory:{kind}",
                 f"kde:{'countersigned' if countersigned else 'not_countersigned'}"]
    position = rng.choice(("above", "below"))
    lines = rng.choice(("one_line", "two_lines", "line_break"))
    features += [f"signatory_position:{position}", f"signatory_lines:{lines}"]
    spec = replace(spec, signatory=signatory, signatory_lines=lines, signatory_position=position,
                   date_text=format_date(signed, style) if signed else None, date_placement=placement,
                   deleted_date_text=deleted, fields_in_controls=rng.random() < 0.2,
                   kde_name=rng.choice(("Marcus Hale", None)) if countersigned else None,
                   kde_date_text=format_date(kde_day, style) if countersigned and kde_day else None)
    return spec, kde_day if countersigned else None


# --- contacts ---------------------------------------------------------------------------------
def _mixed_case(rng: random.Random, person: Person) -> Person:
    """Some people type their address capitalised (First.Last@...); the record lower-cases it."""
    if person.email and rng.random() < 0.05:
        return replace(person, email=person.email.upper())
    if person.email and rng.random() < 0.25:
        local, _, domain = person.email.partition("@")
        return replace(person, email=".".join(w.capitalize() for w in local.split(".")) + "@" + domain)
    return person


def _contacts(rng: random.Random, spec: LetterSpec, slug: str, problem: str | None,
              features: list[str]) -> tuple[LetterSpec, tuple[Person, ...], int | None]:
    """(spec, the contacts as the record lists them, the labelled POC's index)."""
    layout = rng.choice(CONTACT_LAYOUTS[spec.generation])
    if problem in ("missing_contact", "unfilled_placeholder") and layout not in _TABULAR:
        layout = {"kyiln-2018": "table3", "kyiln-2019": "table_roles", "kyiln-2023": "fields"}[spec.generation]
    count = 1 if layout in _SINGLE_LINE_LAYOUTS else rng.randint(1, 2 if layout == "fields" else 3)
    people = [_mixed_case(rng, p) for p in content.people(rng, slug, count)]
    if layout == "inline_name_email":
        people = [replace(p, title=None) for p in people]
    poc_index = None if spec.generation == "kyiln-2018" else 0
    blank_first = False
    if spec.generation == "kyiln-2019" and layout != "inline_poc" and count >= 2 and rng.random() < 0.5:
        people[0] = replace(people[0], title="Superintendent")
        poc_index = 1
        features.append("contacts:poc_not_first")
    elif spec.generation == "kyiln-2019" and layout != "inline_poc":
        blank_first = rng.random() < 0.3
    if problem == "missing_contact":
        people = [replace(p, email=None) for p in people]
    placeholder_of = rng.randrange(count) if problem == "unfilled_placeholder" else None
    as_read = [replace(p, title=None) if i == placeholder_of else p for i, p in enumerate(people)]
    label_set = rng.choice(sorted(LABEL_SETS))
    features += [f"contacts:{layout}", f"contacts:count_{count}"]
    if layout == "fields":
        features.append(f"labels:{label_set}")
    as_control = placeholder_of is not None and rng.random() < 0.5
    if placeholder_of is not None:
        features.append("placeholder:" + ("control" if as_control else "text"))
    spec = replace(spec, contacts=tuple(people), contacts_layout=layout, poc_index=poc_index,
                   blank_first_row=blank_first, label_set=label_set, placeholder_title_of=placeholder_of,
                   placeholder_as_control=as_control)
    return spec, tuple(as_read), poc_index


# --- action points ----------------------------------------------------------------------------
def _split_bold(rng: random.Random, markup: str) -> str:
    """Split each bold phrase over two or three adjacent bold runs (as Word's editing leaves them)."""
    def split(match: re.Match) -> str:
        phrase = match.group(1)
        cuts = sorted(rng.sample(range(1, len(phrase)), min(2, len(phrase) - 1)))
        pieces = [phrase[a:b] for a, b in zip([0] + cuts, cuts + [len(phrase)], strict=True)]
        return "".join(f"**{p}**" for p in pieces)
    return re.sub(r"\*\*(.+?)\*\*", split, markup)


def _points(rng: random.Random, spec: LetterSpec, problem: str | None, features: list[str]) -> LetterSpec:
    layout = rng.choice(ACTION_LAYOUTS)
    if problem == "missing_action_points":
        points: tuple[str, ...] = ("",) if layout.startswith(("numpr", "style")) else ()
        features.append(f"action_points:{layout}")
        return replace(spec, action_points=points, action_layout=layout)
    points = content.action_points(rng, rng.randint(1, 4))
    if rng.random() < 0.3:
        points = tuple(_split_bold(rng, p) for p in points)
        features.append("focus:split_runs")
    if rng.random() < 0.15:
        points = points[:-1] + (points[-1] + " {+We will report progress to the board each spring.+}",)
        features.append("tracked:inserted_sentence")
    if rng.random() < 0.1:
        points = (points[0] + " {-This plan may change.-}",) + points[1:]
        features.append("tracked:deleted_sentence")
    if rng.random() < 0.15:
        points = tuple(_insert_word(p) for p in points)
        features.append("tracked:inserted_word")
    features += [f"action_points:{layout}", f"action_points:count_{len(points)}"]
    return replace(spec, action_points=points, action_layout=layout)


def _insert_word(markup: str) -> str:
    """A word added with Track Changes on: ' will also ', ' are now ' (first place that fits)."""
    for verb, word in ((" will ", "also "), (" are ", "now ")):
        if verb in markup:
            return markup.replace(verb, f"{verb}{{+{word}+}}", 1)
    return markup


def _accepted(markup: str) -> str:
    """Action-point markup as read with all tracked changes accepted."""
    without_deletions = re.sub(r"\{-.+?-\}", "", markup)
    return re.sub(r"\{\+(.+?)\+\}", r"\1", without_deletions)


# --- kyiln-2023 only --------------------------------------------------------------------------
def _form_2023(rng: random.Random, spec: LetterSpec, year: int, features: list[str]) -> LetterSpec:
    ticked = tuple(name for name, _, _ in tags.INITIATIVE_LINES if rng.random() < 0.4)
    kind = rng.choices(("glyph", "control", "ballot", "legacy"), (5, 5, 1, 1))[0]
    in_table = rng.random() < 0.15
    descriptions = rng.random() < 0.6
    dash = rng.choice(("-", "-", "\u2013"))
    features += [f"initiatives:{kind}", f"initiatives:ticked_{len(ticked)}"]
    if descriptions:
        features.append("initiatives:with_descriptions")
    if dash != "-":
        features.append("academic_year:en_dash")
    if in_table:
        features.append("initiatives:table")
    return replace(spec, initiatives=ticked, checkbox_kind=kind, initiative_descriptions=descriptions,
                   initiatives_table=in_table,
                   academic_year_text=format_year(year, dash))


# --- traces of editing in Word ----------------------------------------------------------------
def _editing_traces(rng: random.Random, spec: LetterSpec, features: list[str]) -> LetterSpec:
    """Run splits, hyperlinked addresses, bold through the Strong style, explicit not-bold runs."""
    traces: dict[str, Any] = {
        "split_runs": rng.random() < 0.25,
        "explicit_not_bold": rng.random() < 0.15,
        "comment_on_points": bool(spec.action_points) and rng.random() < 0.1,
    }
    chosen: dict[str, Any] = {
        "bold_via": rng.choices(("direct", "strong"), (9, 1))[0],
        "email_links": rng.choices(("none", "hyperlink", "field"), (6, 3, 1))[0],
        "district_wrapper": rng.choices(("none", "smart_tag", "custom_xml"), (16, 1, 1))[0]
        if spec.generation != "kyiln-2018" else "none",  # 2018 writes the name inside printed sentences
        "point_revision": rng.choices(("none", "moved", "deleted_point"), (16, 1, 1))[0]
        if len(spec.action_points) > 1 else "none",
    }
    layout_extras = {
        "letterhead": bool(spec.district_written) and rng.random() < 0.15,
        "phone_numbers": rng.random() < 0.15,
        "signature_image": rng.random() < 0.15,
        "points_in_block_control": rng.random() < 0.1,
        "contacts_nested": spec.contacts_layout in _TABULAR and spec.contacts_layout != "fields"
        and rng.random() < 0.15,
        "blank_lines_between_points": spec.action_layout in ("plain", "typed_bullet", "typed_dash")
        and len(spec.action_points) > 1 and rng.random() < 0.3,
    }
    traces.update(layout_extras)
    chosen_label = rng.choice(("Date:", "Date:", "Date signed:", "Date Signed:"))
    features += [f"word:{name}" for name, on in traces.items() if on]
    features += [f"word:{name}={value}" for name, value in chosen.items() if value not in ("none", "direct")]
    if spec.generation == "kyiln-2023":
        chosen["academic_year_label"] = rng.choice(("Academic Year:", "Academic Year:", "School Year:"))
        chosen["header_fields_table"] = spec.district_placement == "body" and rng.random() < 0.15
        features.append(f"academic_year_label:{chosen['academic_year_label']}")
        if chosen["header_fields_table"]:
            features.append("district_placement:fields_table")
    if spec.date_placement != "table_cell":
        features.append(f"date_label:{chosen_label}")
    return replace(spec, seed=rng.randrange(2**31), date_label=chosen_label, **traces, **chosen)
