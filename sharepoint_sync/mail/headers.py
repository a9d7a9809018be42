"""The one sanitiser for header values made from text we do not control (district names, file names).

A header value that carries CR or LF can end the header and start another (`Bcc:`), and NUL, NEL
(U+0085), the Unicode line and paragraph separators (U+2028/U+2029) and other control or format
characters are treated as line breaks or hidden by some mail software. Every one of them (Unicode
categories Cc, Cf, Cs, Co, Cn, Zl, Zp) becomes a space, runs of white space collapse to one, and the
value is cut to a length a subject line can show.
"""
from __future__ import annotations

import unicodedata

#: Unicode categories that never belong in a header value
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
#: longest value we make (RFC 5322 recommends lines under 78 characters; the email package folds longer ones)
MAX_HEADER_CHARS = 200


def header_safe(text: object, limit: int = MAX_HEADER_CHARS) -> str:
    """`text` as one line fit for a mail header: no control, format or line-separator characters."""
    cleaned = "".join(" " if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in str(text or ""))
    single = " ".join(cleaned.split())
    return single if len(single) <= limit else single[: limit - 1].rstrip() + "…"
