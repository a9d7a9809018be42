"""What generated letters are made of: real Kentucky district names, fictional people, plan text.

Districts: the certain rows of ../shared/reference/ky-districts.csv (read once when this module
was written; embedded so nothing here needs ../shared at run time). People and plans are made up.
Pure data and pure helpers.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from sharepoint_sync.record import INITIATIVES, Person

INITIATIVE_NAMES = INITIATIVES

COUNTIES = (
    "Adair", "Allen", "Anderson", "Ballard", "Barren", "Bath", "Bell", "Boone", "Bourbon", "Boyd",
    "Boyle", "Bracken", "Breathitt", "Breckinridge", "Bullitt", "Butler", "Caldwell", "Calloway",
    "Campbell", "Carlisle", "Carroll", "Carter", "Casey", "Christian", "Clark", "Clay", "Clinton",
    "Crittenden", "Cumberland", "Daviess", "Edmonson", "Elliott", "Estill", "Fayette", "Fleming",
    "Floyd", "Franklin", "Fulton", "Gallatin", "Garrard", "Grant", "Graves", "Grayson", "Green",
    "Greenup", "Hancock", "Hardin", "Harlan", "Harrison", "Hart", "Henderson", "Henry", "Hickman",
    "Hopkins", "Jackson", "Jefferson", "Jessamine", "Johnson", "Kenton", "Knott", "Knox", "LaRue",
    "Laurel", "Lawrence", "Lee", "Leslie", "Letcher", "Lewis", "Lincoln", "Livingston", "Logan", "Lyon",
    "Madison", "Magoffin", "Marion", "Marshall", "Martin", "Mason", "McCracken", "McCreary", "McLean",
    "Meade", "Menifee", "Mercer", "Metcalfe", "Monroe", "Montgomery", "Morgan", "Muhlenberg", "Nelson",
    "Nicholas", "Ohio", "Oldham", "Owen", "Owsley", "Pendleton", "Perry", "Pike", "Powell", "Pulaski",
    "Robertson", "Rockcastle", "Rowan", "Russell", "Scott", "Shelby", "Simpson", "Spencer", "Taylor",
    "Todd", "Trigg", "Trimble", "Union", "Warren", "Washington", "Wayne", "Webster", "Whitley", "Wolfe",
    "Woodford",
)
INDEPENDENTS = (
    "Anchorage", "Ashland", "Augusta", "Barbourville", "Bardstown", "Beechwood", "Bellevue", "Berea",
    "Bowling Green", "Burgin", "Campbellsville", "Caverna", "Cloverport", "Corbin", "Covington",
    "Danville", "Dawson Springs", "Dayton", "East Bernstadt", "Elizabethtown", "Eminence",
    "Erlanger-Elsmere", "Fairview", "Fort Thomas", "Frankfort", "Glasgow", "Harlan", "Hazard", "Jackson",
    "Ludlow", "Mayfield", "Middlesboro", "Murray", "Newport", "Owensboro", "Paducah", "Paintsville",
    "Paris", "Pikeville", "Pineville", "Raceland-Worthington", "Russell", "Russellville", "Science Hill",
    "Somerset", "Southgate", "Walton-Verona", "Williamsburg", "Williamstown",
)
#: the registry's brand names (other than the regular patterns): canonical -> brand
BRAND_NAMES = {
    "Owensboro Independent": "Owensboro Public Schools",
    "Paducah Independent": "Paducah Public Schools",
    "Bowling Green Independent": "Bowling Green City Schools",
    "Bardstown Independent": "Bardstown City Schools",
    "Danville Independent": "Danville Schools",
    "Erlanger-Elsmere Independent": "Erlanger-Elsmere Schools",
}
#: names no Kentucky district has (the unknown-district case)
UNKNOWN_DISTRICTS = ("Redbud County Public Schools", "Shawnee Hills County Schools",
                     "Pine Ridge Independent Schools", "Cedar Bluff County Schools")

COUNTY_FORMS = ("{p} County Public Schools", "{p} County Schools", "{p} Co. Schools",
                "{p} County School District", "{p} County Board of Education", "{p} County")
INDEPENDENT_FORMS = ("{p} Independent Schools", "{p} Independent School District",
                     "{p} Independent Public Schools", "{p} Ind. Schools", "{p} Independent")


@dataclass(frozen=True)
class District:
    """A registry district: canonical name, how it may be written, its e-mail slug."""

    canonical: str
    written_forms: tuple[str, ...]
    email_slug: str


def district(place: str, independent: bool) -> District:
    """The registry entry for a place ('Knox', independent=False -> Knox County)."""
    forms = INDEPENDENT_FORMS if independent else COUNTY_FORMS
    canonical = f"{place} Independent" if independent else f"{place} County"
    written = tuple(f.format(p=place) for f in forms)
    if canonical in BRAND_NAMES:
        written += (BRAND_NAMES[canonical],)
    slug = place.lower().replace(" ", "").replace("-", "").replace(".", "") + ("ind" if independent else "")
    return District(canonical, written, slug)


@lru_cache(maxsize=1)
def all_districts() -> tuple[District, ...]:
    """Every embedded district, counties first."""
    return tuple(district(p, False) for p in COUNTIES) + tuple(district(p, True) for p in INDEPENDENTS)


FIRST_NAMES = (
    "Olivia", "Kevin", "Misty", "Dwayne", "Rachel", "Curtis", "Shannon", "Paula", "Tara", "Caleb",
    "Kristen", "Courtney", "Zachary", "Holly", "Wendy", "Lucas", "Frank", "Travis", "Vickie", "Patrick",
    "Amber", "Jason", "Kelsey", "Russell", "Irene", "Owen", "Grant", "Vanessa", "Leon", "Alicia",
    "Dustin", "Quentin", "Wesley", "Felicia", "Scott", "Whitney", "Jordan", "Ethan", "Carla", "Brandon",
)
LAST_NAMES = (
    "Keller", "Isaacs", "Holbrook", "Combs", "Gentry", "Pratt", "Reynolds", "Wireman", "Bowman",
    "Vanover", "Baker", "Lawson", "Gilbert", "Estep", "Wells", "Barnett", "Elam", "Dalton", "Sizemore",
    "Slone", "Caldwell", "Maddox", "Underwood", "Dixon", "Thacker", "Fields", "Dotson", "Rowe", "Kidd",
    "Lykins", "Goble", "Stamper", "Lowe", "Tackett", "Morgan-Hale", "Blevins", "Napier", "Hatfield",
    "Osborne", "Pennington", "O\u2019Bryan", "McKinney",
)
TITLES = (
    "Assistant Superintendent", "Deputy Superintendent", "Chief Academic Officer", "Director of Innovation",
    "Director of Curriculum and Instruction", "Instructional Supervisor", "Director of Secondary Education",
    "Director of Elementary Education", "Chief Innovation Officer", "District Assessment Coordinator",
    "Digital Learning Coordinator", "Director of Teaching and Learning",
)
SIGNER_TITLES = ("Superintendent", "Superintendent", "Superintendent", "Interim Superintendent",
                 "Deputy Superintendent", "Chief Academic Officer")

#: opening sentences of action points; **phrase** marks the bold focus
OPENINGS = (
    "We want to grow **student agency** in every classroom.",
    "Student well-being is a priority, and we are strengthening our **multi-tiered system of supports**.",
    "The district is exploring **flexible scheduling** at the secondary level.",
    "We are piloting **standards-based report cards** in grades 3-5.",
    "Our district is redesigning high school around **career pathways**.",
    "We will expand **student-led conferences** to all schools this year.",
    "Our senior **capstone project** will be required for all students beginning with the class of 2027.",
    "We plan to scale **project-based learning** from two pilot schools to every middle school.",
    "The district is part of the **Deeper Learning** work led by our regional cooperative.",
    "Our district would like to take part in the **student microcredentials** pilot.",
    "Students now write their own **personalized learning plans** with an adult advisor.",
    "We are using **professional learning communities** to study student work together.",
    "Our L3 coalition is designing a **local accountability** model with families and employers.",
    "We are adopting a **Portrait of a Graduate** with our community.",
    "Teachers are learning **trauma-informed practices** with support from our FRYSC staff.",
    "Our district is expanding **work-based learning** for juniors and seniors.",
    "Professional learning is shifting from one-day workshops to job-embedded coaching.",
    "Our early college partnership is entering its second year.",
)
FOLLOW_UPS = (
    "Teachers who pilot new approaches will open their classrooms for peer visits.",
    "We surveyed students and found that fewer than half felt they had a say in their own learning.",
    "A design team of parents, students, teachers, and business leaders meets each quarter to guide the work.",
    "The number of students earning a credential will be our main measure of progress.",
    "One senior told the board, \"This is the first time school has asked what I want to learn.\"",
    "Families call it \u201cWIN time,\u201d short for What I Need.",
    "We will repeat the student survey in the spring to see whether voice and choice have improved.",
    "We are documenting the design process so other districts can learn from our mistakes as well as our successes.",
    "Local employers have offered 12 internship placements for the coming year.",
    "We expect this shift to take several years, and we are committed to doing it well rather than quickly.",
)


def person(rng: random.Random, slug: str, title: str | None = None) -> Person:
    """A fictional district employee with a district e-mail address (first.last@slug.kyschools.us)."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    middle = f" {rng.choice('ABCJKMST')}." if rng.random() < 0.25 else ""
    local_last = last.replace("\u2019", "").replace("'", "")  # O’Bryan -> obryan
    email = f"{first}.{local_last}@{slug}.kyschools.us".lower()
    return Person(f"{first}{middle} {last}", title, email)


def people(rng: random.Random, slug: str, count: int) -> tuple[Person, ...]:
    """`count` different people with different titles."""
    titles = rng.sample(TITLES, count)
    chosen: list[Person] = []
    while len(chosen) < count:
        candidate = person(rng, slug, titles[len(chosen)])
        if all(candidate.email != p.email for p in chosen):
            chosen.append(candidate)
    return tuple(chosen)


def action_points(rng: random.Random, count: int) -> tuple[str, ...]:
    """`count` action points (markup, **bold** focus), distinct openings."""
    openings = rng.sample(OPENINGS, count)
    return tuple(f"{opening} {' '.join(rng.sample(FOLLOW_UPS, rng.randint(1, 3)))}" for opening in openings)
