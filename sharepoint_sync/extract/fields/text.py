"""Text normalisation shared by every field reader: white space, invisible characters, placeholders.

Document text is hostile input. Two forms are used:
- `fold(s)`: the text as written with white space folded (NBSP and every other Unicode space
  become one ASCII space). Used for values reported as written (action points, names).
- `norm(s)`: a matching key: NFKC, invisible format characters (Unicode category Cf: zero-width
  spaces, joiners, soft hyphens, bidi controls) removed, white space folded, case folded.
"""
from __future__ import annotations

import re
import unicodedata

#: bidi embedding/override/isolate controls and marks: they change what a reader *sees* without
#: changing the logical text, so a name containing them is never trusted for a match
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: every format character (Unicode category Cf), as one character class: the candidate ranges
#: below cover all of them in current Unicode; filtering by category keeps the class exact
_CF_CANDIDATES = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)
_CF_CHARS = frozenset(chr(c) for lo, hi in _CF_CANDIDATES for c in range(lo, hi + 1) if unicodedata.category(chr(c)) == "Cf")
#: as a `str.translate` table (deletes each): a regex class of these 160+ characters, some above
#: U+FFFF, compiles to a linear scan (15 us for a 140-character line; translate takes under 2)
_CF_DELETE = dict.fromkeys(map(ord, _CF_CHARS))
_UNDERSCORES_RE = re.compile(r"^[\s_.\-–—]*$")

#: the placeholder wording Word and form authors leave in unfilled fields (matched on `norm` text)
_PLACEHOLDER_PHRASES = (
    "click or tap here to enter text",
    "click here to enter text",
    "click or tap to enter a date",
    "click here to enter a date",
    "choose an item",
    "enter text here",
    "enter text",
    "type here",
    "insert text here",
)
_PLACEHOLDER_RE = re.compile(
    r"(?:" + "|".join(re.escape(p) for p in _PLACEHOLDER_PHRASES) + r")\.?", re.IGNORECASE
)
#: what `_PLACEHOLDER_RE` (IGNORECASE) can match, seen through `str.lower()`: under re.IGNORECASE
#: a phrase letter matches only characters whose lower() is that letter, except i (also İ, ı) and
#: s (also ſ); so a match always shows as a phrase in this lowered form, and the regex need only
#: confirm (a cheap necessary condition: most lines contain no phrase)
_LOWERED_SPECIALS = str.maketrans({"\u0131": "i", "\u017f": "s"})
#: words one of which every phrase above contains (tests/extract/test_fast_paths.py checks it)
_PLACEHOLDER_HINTS = ("here", "enter", "choo")
#: a whole value that is a bracketed prompt: "[District Name]", "<Name>", "{Title}"
_BRACKET_PROMPT_RE = re.compile(r"^\s*[\[<{]\s*[a-z][a-z /'&.-]{0,40}[\]>}]\s*$", re.IGNORECASE)


def strip_invisible(s: str) -> str:
    """Remove format characters (Cf): zero-width spaces/joiners, soft hyphens, BOMs, bidi controls."""
    if s.isascii() or _CF_CHARS.isdisjoint(s):  # fast path: no ASCII character is a format character
        return s
    return s.translate(_CF_DELETE)


def has_bidi_controls(s: str) -> bool:
    """True when `s` carries bidi controls (the visible order may differ from the logical text)."""
    return not s.isascii() and not BIDI_CONTROLS.isdisjoint(s)  # every bidi control is non-ASCII


def fold(s: str) -> str:
    """White space folded to single spaces (NBSP included), trimmed; nothing else changed."""
    if s.isascii() and s.isprintable() and "  " not in s and s[:1] != " " and s[-1:] != " ":
        return s  # fast path: in printable ASCII the only white space is " ", and it is already folded
    # = re.sub(r"\s+", " ", s).strip() (NBSP included), in C: str.split() and re's \s agree on every
    # code point (both are Py_UNICODE_ISSPACE; tests/extract/test_fast_paths.py checks all of Unicode)
    return " ".join(s.split())


def clean(s: str) -> str:
    """NFKC, invisible characters removed, white space folded: the text a reader sees."""
    if s.isascii():  # fast path: ASCII is already NFKC and has no format characters
        return fold(s)
    return fold(strip_invisible(unicodedata.normalize("NFKC", s)))


def norm(s: str) -> str:
    """A case-insensitive matching key (see `clean`)."""
    return clean(s).casefold()


def is_blank(s: str) -> bool:
    """True for empty text and signature/fill-in lines made of underscores, dots or dashes."""
    return bool(_UNDERSCORES_RE.match(strip_invisible(s)))


def _search_placeholder(cleaned: str) -> re.Match[str] | None:
    lowered = cleaned.lower()
    if not lowered.isascii():  # İ lowers to i + U+0307
        lowered = lowered.replace("i\u0307", "i").translate(_LOWERED_SPECIALS)
    here, enter, choo = _PLACEHOLDER_HINTS  # unrolled: a generator costs more than the three tests
    if here not in lowered and enter not in lowered and choo not in lowered:
        return None  # every phrase holds one of these words: most lines stop here
    if not any(phrase in lowered for phrase in _PLACEHOLDER_PHRASES):
        return None  # skip the slow 9-way case-insensitive alternation
    return _PLACEHOLDER_RE.search(cleaned)


def has_placeholder(s: str) -> bool:
    """True when `s` contains one of the form placeholder phrases."""
    return _search_placeholder(clean(s)) is not None


def has_placeholder_in_clean(cleaned: str) -> bool:
    """`has_placeholder` for a text that `clean` leaves as it is (folded ASCII text: `clean` is
    `fold` there, and `fold` of folded text changes nothing), without cleaning it again."""
    return _search_placeholder(cleaned) is not None


def is_bracket_prompt(s: str) -> bool:
    """True when the whole value is a bracketed prompt like "[District Name]"."""
    return bool(_BRACKET_PROMPT_RE.match(clean(s)))


def remove_placeholders(s: str) -> tuple[str, bool]:
    """`s` without placeholder phrases or a bracketed prompt, and whether any was found."""
    cleaned = clean(s)
    if is_bracket_prompt(cleaned):
        return "", True
    match = _search_placeholder(cleaned)
    if not match:
        return s, False
    rest = (cleaned[: match.start()] + " " + cleaned[match.end():]).strip()
    again, _ = remove_placeholders(rest)
    return again, True
