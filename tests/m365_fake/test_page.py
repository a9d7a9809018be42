"""The people page: shows lists, files, published pages and mail, with every hostile value escaped."""
from __future__ import annotations

from typing import Any, Callable

import requests

from m365_fake.page import render_page
from m365_fake.sanitize import canvas_html, sanitize_html

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _state() -> dict[str, Any]:
    return {
        "site": {"title": "KY ILN"},
        "lists": [
            {"title": "ILN Members", "base_template": 100,
             "fields": [{"internal_name": "District", "title": "District <b>name</b>"}],
             "items": [{"Id": 1, "Title": HOSTILE, "District": ["Adair", HOSTILE], "Modified": "2026-01-01T00:00:00Z"}]},
            {"title": "Letters of Commitment", "base_template": 101,
             "fields": [{"internal_name": "DistrictName", "title": "District"}]},
        ],
        "files": [{"library": "Letters of Commitment", "server_relative_url": f"/sites/KYILN/LOC/{HOSTILE}.docx",
                   "size": 10, "version": "1.0", "modified": "", "columns": {"DistrictName": HOSTILE}}],
        "pages": [{"title": HOSTILE, "name": "report.aspx", "url": "/sites/KYILN/SitePages/report.aspx", "published": True,
                   "canvas_content": '[{"controlType":4,"innerHTML":"<p>Run <b>ok</b></p><script>steal()</script>'
                                     '<a href=\\"javascript:evil()\\">x</a>"}]'}],
        "mails": [{"subject": HOSTILE, "from": "a@b.gov", "to": ["c@d.gov"], "cc": [], "content_type": "html",
                   "content": "<p onclick='x()'>Hi</p><style>body{}</style>", "attachments": []}],
    }


def test_page_escapes_hostile_text_everywhere() -> None:
    """No hostile markup from list items, file names, columns, page titles or mail survives as markup."""
    document = render_page({"site_url": "https://127.0.0.1/sites/KYILN"}, _state())
    assert "<script" not in document and "<img" not in document and "onerror=alert(1)>" not in document
    assert "&lt;script&gt;" in document
    assert "District &lt;b&gt;name&lt;/b&gt;" in document


def test_page_lists_items_files_pages_and_mail() -> None:
    """Each section shows its content: list rows, library files with columns, page canvas, mail."""
    document = render_page({}, _state())
    assert "ILN Members" in document and "Adair" in document
    assert ".docx" in document and "Letters of Commitment" in document
    assert "<p>Run <b>ok</b></p>" in document
    assert "<p>Hi</p>" in document


def test_canvas_sanitiser_keeps_allowed_tags_and_drops_the_rest() -> None:
    """Allowed formatting stays; scripts, event handlers and javascript: links go."""
    cleaned = sanitize_html('<h2 style="x">T</h2><ul><li onclick="y()">a</li></ul><a href="javascript:z()">l</a>'
                            '<a href="https://kde.ky.gov/x?a=1&b=2">ok</a><iframe src=x>inner</iframe>')
    assert cleaned.startswith('<h2>T</h2><ul><li>a</li></ul><a rel="noopener noreferrer">l</a>')
    assert '<a href="https://kde.ky.gov/x?a=1&amp;b=2" rel="noopener noreferrer">ok</a>' in cleaned
    assert "iframe" not in cleaned and "inner" not in cleaned


def test_canvas_in_legacy_html_form_is_sanitised() -> None:
    """A canvas stored as HTML (not JSON) is rendered through the sanitiser."""
    assert canvas_html('<div data-sp-rte=""><p>Hello</p><script>x</script></div>') == "<div><p>Hello</p></div>"


def test_page_over_https_shows_a_hostile_mail_subject_escaped(clean_tenant: Any, tenant_info: dict[str, Any],
                                                              https_session: requests.Session,
                                                              get_token: Callable[..., str]) -> None:
    """The served page carries a strict CSP and escapes a mail subject sent through Graph."""
    token = get_token(tenant_info["graph_scope"])
    https_session.post(f"{tenant_info['graph_url']}/v1.0/users/iln-sync@education.ky.gov/sendMail",
                       headers={"Authorization": f"Bearer {token}"},
                       json={"message": {"subject": HOSTILE, "body": {"contentType": "Text", "content": HOSTILE},
                                         "toRecipients": [{"emailAddress": {"address": "iln@education.ky.gov"}}]}})
    response = https_session.get(tenant_info["base_url"] + "/")
    assert response.headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "<script" not in response.text and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in response.text


def test_long_cell_text_folds_and_stays_escaped() -> None:
    """A long value folds into a <details> element whose summary and body are both escaped."""
    state = {"lists": [{"title": "ILN Sync Runs", "base_template": 100, "fields": [],
                        "items": [{"Id": 1, "Title": HOSTILE * 5}]}]}
    document = render_page({}, state)
    assert "<details><summary>" in document and "<script" not in document
