"""The content-control tags of the official form (doc_templates/kyiln-2023-letter-of-commitment.docx).

Every fillable field of the form is a content control (w:sdt) whose w:tag is one of these. The
extractor sees the tag as `Run.field_tag` (extract/blocks.py), so it can read the form by tag
instead of by label. Pure constants: no python-docx here.
"""
from __future__ import annotations

from sharepoint_sync.record import INITIATIVES

DISTRICT = "iln.district"
ACADEMIC_YEAR = "iln.academic_year"
POC_NAME, POC_TITLE, POC_EMAIL = "iln.poc.name", "iln.poc.title", "iln.poc.email"
SIGNATORY_NAME, SIGNATORY_TITLE = "iln.signatory.name", "iln.signatory.title"
DISTRICT_SIGNED_ON = "iln.district_signed_on"
KDE_NAME, KDE_SIGNED_ON = "iln.kde.name", "iln.kde_signed_on"

#: how many additional contacts and action points the blank form offers (fill may add more)
ADDITIONAL_CONTACT_ROWS = 2
ACTION_POINT_SLOTS = 3

#: Word's own placeholder prompts (what a fresh content control shows in Word 365)
TEXT_PLACEHOLDER = "Click or tap here to enter text."
DATE_PLACEHOLDER = "Click or tap to enter a date."

#: the date picker's display format (Word's w:dateFormat syntax), as US districts type dates
DATE_FORMAT = "M/d/yyyy"


def contact_tag(index: int, part: str) -> str:
    """Tag of an additional contact's field: index from 1, part one of name/title/email."""
    return f"iln.contact.{index}.{part}"


def action_tag(index: int) -> str:
    """Tag of the index-th (from 1) point of action."""
    return f"iln.action.{index}"


def initiative_slug(name: str) -> str:
    """'Portrait of a Learner' -> 'portrait-of-a-learner'."""
    return "-".join(name.lower().replace("-", " ").split())


def initiative_tag(name: str) -> str:
    """Tag of an initiative's checkbox, by the initiative's canonical name."""
    return f"iln.initiative.{initiative_slug(name)}"


#: the six initiatives as the 2023 form prints them: (canonical name, printed label, description)
INITIATIVE_LINES: tuple[tuple[str, str, str], ...] = (
    (INITIATIVES[0], "Local Laboratories of Learning (L3s)",
     "Inclusive coalitions designing solutions to local assessment and accountability challenges"),
    (INITIATIVES[1], "Portrait of a Learner",
     "Districts working with their communities to create a more balanced measure of student growth and achievement"),
    (INITIATIVES[2], "Project-Based Learning",
     "Trailblazer cohort scaling gold-standard project-based learning through a partnership with PBLWorks"),
    (INITIATIVES[3], "Student Microcredentials",
     "Pilot of a math badging framework in Algebra I with the Kentucky Center for Mathematics"),
    (INITIATIVES[4], "Deeper Learning Grant",
     "Supporting regional educational cooperatives and participating districts"),
    (INITIATIVES[5], "Innovative Teacher Fellowship",
     "Empowering teachers with the community and tools to create transformative learning experiences"),
)

#: fields the district must fill; KDE's fields and the optional extra contacts are not in here
DISTRICT_FIELDS: tuple[str, ...] = (
    DISTRICT, ACADEMIC_YEAR, POC_NAME, POC_TITLE, POC_EMAIL,
    SIGNATORY_NAME, SIGNATORY_TITLE, DISTRICT_SIGNED_ON,
)


def all_tags() -> tuple[str, ...]:
    """Every tag of the blank form, in document order."""
    contacts = tuple(contact_tag(i, part) for i in range(1, ADDITIONAL_CONTACT_ROWS + 1)
                     for part in ("name", "title", "email"))
    return (
        (ACADEMIC_YEAR, DISTRICT, POC_NAME, POC_TITLE, POC_EMAIL) + contacts
        + tuple(initiative_tag(name) for name, _, _ in INITIATIVE_LINES)
        + tuple(action_tag(i) for i in range(1, ACTION_POINT_SLOTS + 1))
        + (SIGNATORY_NAME, SIGNATORY_TITLE, DISTRICT_SIGNED_ON, KDE_NAME, KDE_SIGNED_ON)
    )
