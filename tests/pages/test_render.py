"""Rendering is pure: pages from commitments and resources, deterministic, escaped, links vetted."""
from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

from hypothesis import given, settings, strategies as st

from sharepoint_sync.core.sources import Commitment
from sharepoint_sync.pages.content import concerns, segments
from sharepoint_sync.pages.links import https_href, mailto_href
from sharepoint_sync.pages.model import PageInputs, Resource, slugify
from sharepoint_sync.pages.render import render_pages
from sharepoint_sync.record import LocRecord, Person

SITE = "https://kentuckyde.sharepoint.com/sites/KYILN"
TODAY = dt.date(2026, 1, 15)
PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '"><svg onload=alert(3)>',
            "javascript:alert(4)", "data:text/html;base64,PHNjcmlwdD4=")


def _commitment(district: str, item_id: int, *, kde: str | None = "2025-08-15", year: int = 2025, text: str = "",
                email: str = "ann@x.kyschools.us", status: str = "Accepted", link: str = "https://x/doc.docx") -> Commitment:
    record = LocRecord(
        file=f"{item_id}.docx", is_loc=True, district=district, status="ok",
        point_of_contact=Person(f"Ann {text}", "CAO", email), contacts=(Person(f"Bo {text}", "Principal", email),),
        district_signed_on=f"{year}-08-01", kde_signed_on=kde and f"{year}-08-15", school_years=(f"{year}-{year + 1}",),
        expires_on=f"{year + 1}-06-30", action_points=(f"We scale project-based learning {text}",),
        focus_areas=("project-based learning",), initiatives=("Deeper Learning",))
    return Commitment(f"library:{item_id}", "library", item_id, record.file, link, "1.0", status, record)


def _inputs(*commitments: Commitment, resources: tuple[Resource, ...] = ()) -> PageInputs:
    return PageInputs(SITE, commitments, resources, TODAY)


def _html(page) -> str:
    return "".join(part["innerHTML"] for part in json.loads(page.canvas))


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.seen.append((tag, attrs))


def _unsafe(markup: str) -> list[str]:
    parser = _Attrs()
    parser.feed(markup)
    bad = [tag for tag, _ in parser.seen if tag in ("script", "img", "svg", "iframe")]
    bad += [f"{tag} {k}" for tag, attrs in parser.seen for k, v in attrs
            if k.startswith("on") or (k == "href" and not (v or "").startswith(("https://", "mailto:")))]
    return bad


def test_the_site_gets_a_directory_six_initiative_pages_and_one_spotlight_per_member() -> None:
    """One directory, six initiatives, a spotlight for each district with an accepted letter."""
    pages = render_pages(_inputs(_commitment("Boone County", 1), _commitment("Knox County", 2, status="Needs review")))
    assert [p.slug for p in pages][:2] == ["iln-member-districts", "iln-initiative-local-laboratories-of-learning"]
    assert [p.kind for p in pages].count("initiative") == 6
    assert [p.slug for p in pages if p.kind == "spotlight"] == ["iln-district-boone-county"]


def test_same_inputs_render_the_same_bytes() -> None:
    """Rendering is deterministic (web part ids included), so the content hash tells change."""
    inputs = _inputs(_commitment("Boone County", 1), _commitment("Fayette County", 2))
    assert render_pages(inputs) == render_pages(inputs)


def test_canvas_is_a_json_list_of_full_width_text_web_parts() -> None:
    """CanvasContent1: text web parts (controlType 4), one section each, innerHTML holding the section."""
    page = render_pages(_inputs(_commitment("Boone County", 1)))[0]
    parts = json.loads(page.canvas)
    assert [p["controlType"] for p in parts] == [4, 4, 4, 4]
    assert [p["position"]["zoneIndex"] for p in parts] == [1, 2, 3, 4]
    assert all(p["position"]["sectionFactor"] == 12 for p in parts)


def test_expired_member_leaves_the_directory_and_its_spotlight_says_former_member() -> None:
    """A letter whose term ended: not in the directory, its page stays, marked "Former member"."""
    pages = {p.slug: p for p in render_pages(_inputs(_commitment("Hardin County", 1, year=2023)))}
    assert "Hardin County" not in _html(pages["iln-member-districts"])
    assert "<strong>Former member</strong>" in _html(pages["iln-district-hardin-county"])


def test_a_letter_without_kde_signature_is_in_the_pending_section() -> None:
    """Signed by the district only: listed under "Pending KDE signature"."""
    directory = _html(render_pages(_inputs(_commitment("Knox County", 1, kde=None)))[0])
    members, pending = directory.split("Pending KDE signature")
    assert "Knox County" in pending and "Knox County" not in members


def test_initiative_pages_show_the_points_that_name_them_and_their_tagged_resources() -> None:
    """PBL lists the district with its PBL point; Deeper Learning (ticked, not named) says so."""
    resources = (Resource("PBL rubric.docx", f"{SITE}/ILN Resources/PBL rubric.docx", "2026-01-02",
                          ("Project-Based Learning",)),)
    pages = {p.slug: _html(p) for p in render_pages(_inputs(_commitment("Boone County", 1), resources=resources))}
    pbl = pages["iln-initiative-project-based-learning"]
    assert "<strong>project-based learning</strong>" in pbl and "PBL rubric.docx" in pbl and "January 2, 2026" in pbl
    assert "no point of action names this initiative" in pages["iln-initiative-deeper-learning"]
    assert "PBL rubric.docx" not in pages["iln-initiative-deeper-learning"]


def test_hostile_text_and_links_stay_text_on_every_page() -> None:
    """Every payload from a letter, a contact e-mail, a document link or a resource name is escaped text."""
    payload = " ".join(PAYLOADS)
    commitments = (_commitment("Boone County", 1, text=payload, email="javascript:alert(1)", link="javascript:alert(1)"),
                   _commitment("Knox County", 2, text=payload, email='"><svg onload=x>@a.b', link="data:text/html,x"))
    resources = (Resource(payload, "javascript:alert(1)", None, ("Project-Based Learning",)),
                 Resource("x", "https://ok/\" onmouseover=\"x", None, ("Project-Based Learning",)))
    for page in render_pages(_inputs(*commitments, resources=resources)):
        html = _html(page)
        assert _unsafe(html) == [], page.slug
    spotlight = _html([p for p in render_pages(_inputs(*commitments)) if p.slug == "iln-district-boone-county"][0])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in spotlight and "javascript:alert(1)" in spotlight


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_no_text_in_a_letter_can_add_a_tag_or_an_attribute(text: str) -> None:
    """Whatever a district types, the rendered pages carry no script, no on… attribute, no other link."""
    for page in render_pages(_inputs(_commitment("Boone County", 1, text=text, email=text, link=text))):
        assert _unsafe(_html(page)) == []


def test_only_https_and_mailto_become_links() -> None:
    """https with a host, and plain e-mail addresses; everything else is text."""
    assert https_href("https://x.sharepoint.com/a b") is None and https_href("https://x/a%20b") == "https://x/a%20b"
    assert [https_href(u) for u in ("http://x", "javascript:alert(1)", "data:x", "//x", "https://")] == [None] * 5
    assert mailto_href("ann@x.kyschools.us") == "mailto:ann@x.kyschools.us"
    assert mailto_href("a@b.c?cc=evil@x") is None and mailto_href("javascript:alert(1)") is None


def test_focus_phrases_are_marked_where_they_occur() -> None:
    """The district's bold phrases become focus runs; the rest stays plain."""
    runs = segments("We grow student agency and agency.", ("student agency",))
    assert [(r.text, r.focus) for r in runs] == [("We grow ", False), ("student agency", True), (" and agency.", False)]


def test_an_action_point_concerns_an_initiative_it_names() -> None:
    """Names and usual short forms, whole words only."""
    assert concerns("Our L3 coalition meets monthly.", "Local Laboratories of Learning")
    assert concerns("We adopt a Portrait of a Graduate.", "Portrait of a Learner")
    assert not concerns("Our PBLX tool.", "Project-Based Learning")


def test_slugs_are_stable_ascii() -> None:
    """Page names: lower-case ASCII words joined by hyphens."""
    assert slugify("LaRue County") == "larue-county" and slugify("Ca\u00f1ada  Independent!") == "canada-independent"
