"""Which addresses may become links on a page: https and mailto only (document text is hostile)."""
from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f\"'<>`\\]")


def https_href(url: str | None) -> str | None:
    """`url` when it is an absolute https address with a host and nothing that could break out of an
    attribute, else None (javascript:, data:, relative and http links become plain text)."""
    if not url:
        return None
    text = url.strip()
    if _URL_UNSAFE.search(text):
        return None
    parts = urlsplit(text)
    return text if parts.scheme.lower() == "https" and parts.netloc else None


def mailto_href(email: str | None) -> str | None:
    """`mailto:<address>` for a plain e-mail address, else None."""
    if not email or not _EMAIL.match(email.strip()):
        return None
    return "mailto:" + quote(email.strip(), safe="@.+-_'")
