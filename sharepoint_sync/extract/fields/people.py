"""People as typed in forms: "Name, Title, email", "Name Title email", name/title on two lines.

Splitting a name from a title without a separator relies on title vocabulary: a title starts at
the first title word after at least two name words ("Misty Keller Director of Secondary
Education"). Emails are lower-cased; KDE addresses are never a district person's.
"""
from __future__ import annotations

import re

from .text import clean, is_blank, remove_placeholders

EMAIL_RE = re.compile(r"(?:mailto:)?([A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
KDE_DOMAIN_RE = re.compile(r"@(?:[a-z0-9-]+\.)*education\.ky\.gov$")

TITLE_WORDS = frozenset(
    """superintendent assistant associate deputy director chief coordinator supervisor instructional
    principal digital executive district curriculum innovation teacher specialist manager officer
    dean counselor administrator head lead program federal elementary secondary academic technology
    interim acting senior vice president consultant facilitator coach assessment special gifted
    chair board instructor community family college career school learning data finance human
    operations public communications cao cio cfo coo ceo""".split()
)
_SEPARATOR_RE = re.compile(r"\s*(?:,|;|\||\t|\s[-–—]\s|\s{2,})\s*")
_DEGREES = re.compile(r"^(?:ed\.?d\.?|ph\.?d\.?|jr\.?|sr\.?|ii|iii|iv|m\.?ed\.?|ed\.?s\.?|nbct)$", re.IGNORECASE)
_LABEL_RE = re.compile(r"^(?:printed\s+)?(?:name|title|position|role|e-?mail(?: address)?)\s*:\s*", re.IGNORECASE)


def _email_match(text: str) -> re.Match[str] | None:
    """The first email match, searched only around each "@" (bounded work on hostile text)."""
    at, tries = text.find("@"), 0
    while at != -1 and tries < 20:  # a contact line holds one or two addresses, not thousands
        tries += 1
        start = max(0, at - 64)
        match = EMAIL_RE.search(text, start, at + 256)
        if match and match.start() <= at < match.end():
            return match
        at = text.find("@", at + 1)
    return None


def find_email(text: str) -> str | None:
    """The first email address in `text`, lower-cased."""
    match = _email_match(text)
    return match.group(1).lower().strip(".") if match else None


def remove_email(text: str) -> str:
    """`text` without its first email address (and brackets or "mailto:" around it)."""
    match = _email_match(text)
    if match is None:
        return text
    before = re.sub(r"[<(\[]\s*$", "", text[: match.start()])
    after = re.sub(r"^\s*[>)\]]", "", text[match.end():])
    return before + " " + after


def is_kde_email(email: str | None) -> bool:
    """True for a Kentucky Department of Education address (KDE staff are never district contacts)."""
    return bool(email and KDE_DOMAIN_RE.search(email))


def value(text: str | None) -> str | None:
    """A field value: cleaned, placeholders removed, None when nothing is left."""
    if text is None:
        return None
    text, _ = remove_placeholders(text)
    text = clean(text).strip(" ,;:|-–—")
    return text if text and not is_blank(text) else None


def looks_like_title(text: str) -> bool:
    """True when the text reads as a job title ("Superintendent", "Chief Academic Officer")."""
    tokens = re.findall(r"[A-Za-z]+", text)
    return bool(tokens) and tokens[0].lower() in TITLE_WORDS


def looks_like_name(text: str) -> bool:
    """True when the text reads as a person's name: 2-5 capitalised words, no title word first."""
    tokens = text.replace(",", " ").split()
    if not 2 <= len(tokens) <= 5 or looks_like_title(text) or "@" in text:
        return False
    return all(t[:1].isupper() or _DEGREES.match(t) for t in tokens if t not in {"de", "van", "von"})


def split_name_title(text: str) -> tuple[str | None, str | None]:
    """Split "Name, Title" / "Name - Title" / "Name Title" / "Title" into (name, title)."""
    text = value(_LABEL_RE.sub("", text or "")) or ""
    if not text:
        return None, None
    text = re.sub(r"\s*\(([^()]*)\)\s*", r", \1, ", text).strip(" ,")  # "Jane Doe (Director)""
    parts = [p for p in _SEPARATOR_RE.split(text) if p]
    if len(parts) > 1:
        name_parts = [parts[0]] + [p for p in parts[1:] if _DEGREES.match(p)]
        rest = [p for p in parts[1:] if not _DEGREES.match(p)]
        name = ", ".join(name_parts)
        if looks_like_title(parts[0]) and not looks_like_title(rest[0] if rest else ""):
            return value(" ".join(rest)), value(parts[0])
        return value(name), value(", ".join(rest))
    return _split_unseparated(text)


def _split_unseparated(text: str) -> tuple[str | None, str | None]:
    """"Misty Keller Director of Secondary Education" -> ("Misty Keller", "Director of ..."), and
    the title first: "Superintendent Rob Clayton" -> ("Rob Clayton", "Superintendent")."""
    if looks_like_title(text):
        return _title_then_name(text)
    tokens = text.split()
    for i in range(2, len(tokens)):
        if tokens[i].lower().strip(".,") in TITLE_WORDS and tokens[i][:1].isupper():
            return value(" ".join(tokens[:i])), value(" ".join(tokens[i:]))
    return value(text), None


def _title_then_name(text: str) -> tuple[str | None, str | None]:
    """A title followed by a name: the title ends on a title word and the rest reads as a name
    with no title word in it; otherwise the whole text is the title."""
    tokens = text.split()
    for i in range(1, len(tokens) - 1):
        head, tail = tokens[:i], " ".join(tokens[i:])
        if head[-1].lower().strip(".,") in TITLE_WORDS and looks_like_name(tail) and \
                not any(t.lower().strip(".,") in TITLE_WORDS for t in tokens[i:]):
            return value(tail), value(" ".join(head))
    return None, value(text)
