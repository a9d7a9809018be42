"""What the unseen letters share: the Letter value, the hand-written expected-record builders and
the filled parts (contacts, points) most letters reuse."""
from __future__ import annotations

from dataclasses import dataclass

from .forms import contact_fields, contacts_2019
from .kit import p

@dataclass(frozen=True)
class Letter:
    """One hand-written letter: its file name, what is unusual, its bytes and its expected record."""

    file: str
    unusual: str
    data: bytes
    expected: dict


def person(name, title, email):
    return {"name": name, "title": title, "email": email}


def record(file, template, district, written, contacts, poc, signatory, signed, kde=None, year=None,
           years=(), expires=None, points=(), focus=(), initiatives=(), reasons=()) -> dict:
    """A LOC record; status follows from the reasons (contract: review reasons iff needs_review)."""
    return {"file": file, "template": template, "is_loc": True, "district": district,
            "district_as_written": written, "contacts": list(contacts), "point_of_contact": poc,
            "signatory": {"name": signatory[0], "title": signatory[1]}, "district_signed_on": signed,
            "kde_signed_on": kde, "academic_year_stated": year, "school_years": list(years),
            "expires_on": expires, "action_points": list(points), "focus_areas": list(focus),
            "initiatives": list(initiatives), "status": "needs_review" if reasons else "ok",
            "review_reasons": list(reasons)}


def not_a_loc(file) -> dict:
    """The contract's not_a_loc record: every field empty."""
    return {"file": file, "template": "unknown", "is_loc": False, "district": None, "district_as_written": None,
            "contacts": [], "point_of_contact": None, "signatory": None, "district_signed_on": None,
            "kde_signed_on": None, "academic_year_stated": None, "school_years": [], "expires_on": None,
            "action_points": [], "focus_areas": [], "initiatives": [], "status": "not_a_loc",
            "review_reasons": ["not_a_loc"]}


Y24 = (["2024-2025"], "2025-06-30")
PA = "We are building a **Portrait of a Learner** with families, students and employers this fall."
PA_TEXT = "We are building a Portrait of a Learner with families, students and employers this fall."
PB = "Our middle schools will pilot **project-based learning** units in grades 6 and 7."
PB_TEXT = "Our middle schools will pilot project-based learning units in grades 6 and 7."
PC = "Teachers will co-design **performance assessments** scored with common rubrics."
PC_TEXT = "Teachers will co-design performance assessments scored with common rubrics."
FOCUS = ["Portrait of a Learner", "project-based learning", "performance assessments"]
POINTS = [PA_TEXT, PB_TEXT, PC_TEXT]


def numbered(*markups: str, num: int = 1) -> list[str]:
    return [p(m, num=num) for m in markups]


def sig23(name_cell: str, date_cell: str, kde_name: str = "", kde_date: str = "") -> list[list[str]]:
    """The 2023 signature table's two filled rows."""
    return [[name_cell, "", date_cell], [kde_name, "", kde_date]]


def std_2019_contacts(slug: str, sup: str = "Rob Clayton"):
    """A filled 2019 contacts table and the contacts it lists."""
    people = [person(sup, "Superintendent", f"{sup.lower().replace(' ', '.')}@{slug}.kyschools.us"),
              person("Ana Flores", "Director of Innovation", f"ana.flores@{slug}.kyschools.us")]
    rows = [("Superintendent", *people[0].values()), ("ILN Point of Contact", *people[1].values())]
    return contacts_2019(*rows), people


def std_2023_contacts(slug: str):
    """Filled 2023 contact fields and the contacts they list."""
    people = [person("Kristen Wireman", "Director of Innovation", f"kristen.wireman@{slug}.kyschools.us"),
              person("Courtney Bowman", "Chief Academic Officer", f"courtney.bowman@{slug}.kyschools.us")]
    return contact_fields(tuple(people[0].values()), tuple(people[1].values())), people


def std_2018_contacts(written: str, slug: str):
    """The 2018 inline contact lines and the contacts they list."""
    people = [person("Irene Caldwell", "Chief Academic Officer", f"irene.caldwell@{slug}.kyschools.us"),
              person("Misty Keller", "Director of Secondary Education", f"misty.keller@{slug}.kyschools.us")]
    return [p("Contact information:"), p(written)] + [p(f"{x['name']} {x['title']} {x['email']}") for x in people], people


