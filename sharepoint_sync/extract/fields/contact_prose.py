"""Contacts written in running text: one person per line ("Name, Title, email") or several in a
sentence ("Our contacts are Jane Roe (jane@x), Director of Innovation, and Tom Bell (tom@x), CAO")."""
from __future__ import annotations

import re

from ...record import Person
from .people import find_email, is_kde_email, looks_like_name, looks_like_title, remove_email, split_name_title

def email_count(text: str, most: int = 6) -> int:
    """How many email addresses the text holds (counting stops at `most`)."""
    count = 0
    while count < most and find_email(text):
        text, count = remove_email(text), count + 1
    return count


#: where one person ends and the next begins in a sentence listing contacts
_PERSON_BREAK_RE = re.compile(r"\s*(?:;|,?\s+and\s+|,?\s+&\s+)\s*", re.IGNORECASE)
#: the words introducing the list ("Our contacts are", "The district's contacts will be:")
_INTRO_RE = re.compile(r"^[^()@:]{0,60}?\bcontacts?\b[^()@:]{0,30}?(?:\b(?:are|is|include|includes|will be)\b\s*:?|:)\s*",
                       re.IGNORECASE)


def sentence_people(text: str) -> list[tuple[Person, bool]]:
    """ "Our contacts are Jane Roe (jane@x), Director of Innovation, and Tom Bell (tom@x), CAO."
    One person per chunk holding exactly one address; when the sentence does not split that way,
    the addresses alone (names are not guessed)."""
    line_text = text
    text = _INTRO_RE.sub("", text.strip().rstrip("."), count=1)
    chunks = [c for c in _PERSON_BREAK_RE.split(text) if c.strip()]
    if not chunks or any(email_count(c) != 1 for c in chunks):
        emails: list[str] = []
        rest = line_text
        while (email := find_email(rest)) and len(emails) < 6:
            emails.append(email)
            rest = remove_email(rest)
        return [(Person(None, None, e), False) for e in emails if not is_kde_email(e)]
    people = [_plausible(person_from_text(c)) for c in chunks]
    return [(p, bool(POC_MARK_RE.search(c))) for p, c in zip(people, chunks, strict=True) if p is not None]


def _plausible(person: Person | None) -> Person | None:
    """A person read from running prose keeps only a name that reads as one and a title that reads
    as one ("Please reach Jane Roe or Tom Bell at" is no name): better null than wrong."""
    if person is None:
        return None
    name = person.name if person.name and looks_like_name(person.name) else None
    title = person.title if person.title and looks_like_title(person.title) else None
    return Person(name, title, person.email)


POC_MARK_RE = re.compile(r"[(\[]?(?:the )?(?:ky )?(?:iln )?\b(?:point of contact|poc)\b[)\]]?", re.IGNORECASE)


def person_from_text(text: str) -> Person | None:
    """Parse "Name, Title, email" (any separator, any order of title/email) into a Person."""
    text = POC_MARK_RE.sub(" ", text)
    email = find_email(text)
    if is_kde_email(email):
        return None
    rest = remove_email(text)
    rest = re.sub(r"\b(?:e-?mail|phone|tel)\s*:?\s*", " ", rest, flags=re.IGNORECASE)
    rest = re.sub(r"\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}", " ", rest)
    name, title = split_name_title(rest.strip(" ,;|-–—"))
    if not (name or title or email):
        return None
    return Person(name, title, email)
