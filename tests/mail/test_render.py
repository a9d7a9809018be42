"""The mails as HTML and text, and as RFC 5322 messages: document text stays text, headers stay single lines."""
from __future__ import annotations

import datetime as dt
import re
from email import message_from_bytes
from email.policy import default

from sharepoint_sync.mail import content
from sharepoint_sync.mail.message import build_message, message_bytes
from sharepoint_sync.mail.render import render_digest, render_reminder, render_summary, safe_href
from tests.mail.samples import INJECTION, LINKS, XSS, full_report

WHEN = dt.datetime(2026, 1, 15, 12, 2, tzinfo=dt.timezone.utc)


def test_summary_html_escapes_document_text() -> None:
    """<script>, on…= handlers and a javascript: link from a letter appear as text, never as markup."""
    html = render_summary(content.summary_of(full_report(), LINKS)).html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower() and "<svg" not in html.lower() and "<img" not in html.lower()
    assert not re.search(r"<[^>]+\son\w+\s*=", html, re.I)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("https://", "mailto:")) for h in hrefs)


def test_summary_html_is_outlook_friendly() -> None:
    """Tables with inline styles; no <style>/<script> blocks, no images, no external resources."""
    html = render_summary(content.summary_of(full_report(), LINKS)).html
    assert "<table" in html and 'style="' in html
    assert not re.search(r"<(style|script|link|img|iframe|object)\b", html, re.I)
    assert "url(" not in html and "class=" not in html


def test_summary_text_alternative_carries_every_section() -> None:
    """The plain-text part lists changes, problems with advice, the review queue with links, and the links."""
    text = render_summary(content.summary_of(full_report(), LINKS)).text
    for expected in ("WHAT CHANGED", "- New member: Knox County", "PROBLEMS", "What you can do:",
                     "DOCUMENTS WAITING FOR REVIEW (2", "https://kentuckyde.sharepoint.com/sites/KYILN/Letters%20of%20Commitment/Hart.docx",
                     "ILN Sync Runs:", "SitePages/iln-member-districts.aspx"):
        assert expected in text
    assert "javascript:" not in text


def test_only_https_and_mailto_links_are_kept() -> None:
    """javascript:, data:, http: and relative links are dropped."""
    assert safe_href("https://a.example/x") == "https://a.example/x"
    assert safe_href("mailto:a@b.org") == "mailto:a@b.org"
    for bad in ("javascript:alert(1)", "data:text/html,x", "http://a.example/", "/relative", " JaVaScRiPt:x"):
        assert safe_href(bad) == ""


def test_message_is_multipart_alternative_text_then_html() -> None:
    """The built message parses back with a text/plain and a text/html part, sender and configured recipients."""
    rendered = render_summary(content.summary_of(full_report(), LINKS))
    message = build_message(rendered, "iln-sync@education.ky.gov", ("iln@education.ky.gov",), key="summary:r1", date=WHEN)
    parsed = message_from_bytes(message_bytes(message), policy=default)
    assert [p.get_content_type() for p in parsed.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    assert parsed["From"] == "ILN sync <iln-sync@education.ky.gov>" and parsed["To"] == "iln@education.ky.gov"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert "&lt;script&gt;" in parsed.get_body(("html",)).get_content()


def test_header_injection_district_gives_one_subject_and_no_extra_header() -> None:
    """A district name carrying CRLF + Bcc + NUL + U+2028 ends up inside one single-line Subject."""
    rendered = render_summary(content.summary_of(full_report(district=INJECTION), LINKS))
    raw = message_bytes(build_message(rendered, "iln-sync@education.ky.gov", ("iln@education.ky.gov",),
                                      key="summary:r2", date=WHEN))
    parsed = message_from_bytes(raw, policy=default)
    assert len(parsed.get_all("Subject")) == 1
    assert parsed["Bcc"] is None and parsed["X-Evil"] is None
    assert not any(ch in str(parsed["Subject"]) for ch in "\r\n\x00\x85\u2028\u2029")
    header_block = raw.split(b"\r\n\r\n", 1)[0].decode()
    assert not re.search(r"^(Bcc|X-Evil):", header_block, re.M | re.I)


def test_same_key_gives_the_same_message_id() -> None:
    """A resend under the same exactly-once key carries the same Message-ID (clients can tell it is one mail)."""
    rendered = render_summary(content.summary_of(full_report(), LINKS))
    ids = {build_message(rendered, "a@b.org", ("c@d.org",), key="summary:r1", date=WHEN)["Message-ID"] for _ in range(2)}
    assert len(ids) == 1


def test_digest_and_reminder_reuse_the_summary_parts() -> None:
    """The digest shows the review table and links of the summary; a reminder names the district and its term end."""
    members = content.member_lines([{"District": XSS, "MemberStatus": "Active", "ExpiresOn": "2026-06-30"}])
    review = full_report().needs_review
    digest = render_digest(content.digest_of(dt.date(2026, 6, 1), members, review, (), LINKS))
    assert "Why it needs a look" in digest.html and "Member directory" in digest.html
    assert "&lt;script&gt;" in digest.html and "<script" not in digest.html
    reminder = render_reminder(content.reminders_due(dt.date(2026, 6, 1), members, 30, LINKS)[0])
    assert "2026-06-30" in reminder.text and "&lt;svg onload" in reminder.html and "<svg" not in reminder.html
