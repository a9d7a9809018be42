"""Which LOC form a document is, and whether it is a Letter of Commitment at all.

A document is an LOC only on strong evidence: the LOC title or commitment wording, a signature
block, and a points-of-action/district-plan part. An annual report or an agenda that mentions
Letters of Commitment has no signature block and is not an LOC.
"""
from __future__ import annotations

import re

from ...record import Template
from .dates import parse_date
from .lines import Doc
from .sections import plan_span
from .signature import is_district_caption, is_kde_caption

#: distinctive wording of each form generation (`norm` text)
_MARKERS: dict[Template, tuple[str, ...]] = {
    "kyiln-2018": ("innovation lab network", "statement of purpose", "background and beliefs", "mutual commitments",
                   "required signatories", "participating district", "kyiln"),
    "kyiln-2019": ("district contacts", "benefits of membership", "expectations of member districts",
                   "for the district (superintendent or designee)", "for the kentucky department of education"),
    "kyiln-2023": ("academic year", "ky iln initiatives", "superintendent or designee name", "check each initiative",
                   "what are the benefits of joining", "what are the expectations for members", "additional district contact"),
}
_SIGNATURE_WORD_RE = re.compile(r"^(?:[ivx]+\.\s*)?(required signatories|signatures?|signed)\s*:?$")
_TITLE_RE = re.compile(r"\bletters? of commitment\b|\bloc\b")
_COMMITMENT_RE = re.compile(
    r"this letter of commitment|establishes (a partnership|the district)|agree to work together|"
    r"effective for the current school year|commit to participation|by signing this loc"
)


def detect_template(doc: Doc) -> Template:
    """The form generation with the most distinctive wording, "unknown" on a tie or none."""
    text = "\n".join(ln.key for ln in doc.lines)
    scores = {name: sum(marker in text for marker in markers) for name, markers in _MARKERS.items()}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if ranked[0][1] >= 1 and ranked[0][1] > ranked[1][1]:
        return ranked[0][0]
    return "unknown"


def is_loc(doc: Doc) -> bool:
    """Strong LOC evidence: title or commitment wording, a signature block and a plan part."""
    return _has_title_or_wording(doc) and _has_signature_block(doc) and plan_span(doc) is not None


def _has_title_or_wording(doc: Doc) -> bool:
    top = [ln for ln in doc.lines[:12] if ln.text]
    titled = any(_TITLE_RE.search(ln.key) and len(ln.text.split()) <= 12 for ln in top)
    return titled or any(_COMMITMENT_RE.search(ln.key) for ln in doc.lines)


def _has_signature_block(doc: Doc) -> bool:
    """A district or KDE signature caption, or a signatures heading/cell ("Signatures", "Signature"),
    that is a caption rather than a sentence and has a place to sign or date near it. Instructions
    or a reminder that talk about signing ("the superintendent signs and dates the letter") do not."""
    return any((is_district_caption(ln) or is_kde_caption(ln) or ("sign" in ln.key and _SIGNATURE_WORD_RE.match(ln.key)))
               and not _is_sentence(ln.text) and _slot_near(doc, ln.index) for ln in doc.lines)


#: where a signer writes: a Date label or column, a signature label, a rule to sign on, a date
_SLOT_RE = re.compile(r"^(?:dated?|signed|signature|/s/)\b|_{3,}|\bdate\s*:")


def _is_sentence(text: str) -> bool:
    """Running prose: ends like a sentence and is longer than a caption."""
    return text.rstrip().endswith((".", "!", "?")) and len(text.split()) > 6


def _slot_near(doc: Doc, index: int, reach: int = 15) -> bool:
    """A signing or dating place on the caption's line or within `reach` lines after it."""
    return any(_SLOT_RE.search(ln.key) or parse_date(ln.text) for ln in doc.lines[index:index + reach])
