"""The people page shows each value the way SharePoint shows its column type, and heads each list."""
from __future__ import annotations

from typing import Any

from m365_fake.page import render_page
from m365_fake.page_cells import render_value, site_zone

EASTERN = site_zone("America/New_York")
HOSTILE = '<script>alert("x")</script>'


def _members_state(**item: Any) -> dict[str, Any]:
    fields = [
        {"internal_name": "SourceItemId", "title": "Source item id", "type": "Number"},
        {"internal_name": "ExpiresOn", "title": "Expires on", "type": "DateTime", "date_only": True},
        {"internal_name": "LastSynced", "title": "Last synced", "type": "DateTime", "date_only": False},
        {"internal_name": "GrantEligible", "title": "Grant eligible", "type": "Boolean"},
        {"internal_name": "Contacts", "title": "Contacts", "type": "Note"},
        {"internal_name": "LatestLocLink", "title": "Latest LOC", "type": "URL"},
        {"internal_name": "MemberStatus", "title": "Member status", "type": "Choice"},
    ]
    row = {"Id": 7, "Title": "Adair County", "Modified": "2026-11-28T04:00:00Z", **item}
    return {"site": {"title": "KY ILN", "time_zone": "America/New_York"},
            "lists": [{"title": "ILN Members", "base_template": 100, "description": "One row per district.",
                       "fields": fields, "items": [row], "view_counts": {"All Items": 1, "Needs review": 1}}]}


def test_whole_numbers_show_without_a_fraction() -> None:
    """A Number column's 11.0 shows as 11, a Counter as an integer, a real fraction as itself."""
    assert render_value(11.0, "Number") == "11"
    assert render_value(5, "Counter") == "5"
    assert render_value(2.5, "Number") == "2.5"
    assert render_value("n/a", "Number") == "n/a"


def test_date_only_columns_show_the_site_local_date() -> None:
    """A date-only value (site-local midnight as UTC) shows as that calendar date in Kentucky."""
    assert render_value("2026-08-29T04:00:00Z", "DateTime", date_only=True, zone=EASTERN) == "2026-08-29"
    assert render_value("2027-01-15T05:00:00Z", "DateTime", date_only=True, zone=EASTERN) == "2027-01-15"


def test_date_and_time_columns_show_site_local_time() -> None:
    """A date-and-time value shows in the site's time zone (04:00Z is 23:00 the day before in November)."""
    cell = render_value("2026-11-28T04:00:00Z", "DateTime", zone=EASTERN)
    assert ">2026-11-27 23:00<" in cell and "2026-11-28T04:00:00+00:00" in cell


def test_booleans_show_yes_or_no() -> None:
    """Boolean columns show Yes/No, whatever form the value takes."""
    assert [render_value(v, "Boolean") for v in (True, False, 1, 0)] == ["Yes", "No", "Yes", "No"]


def test_multi_line_text_keeps_its_line_breaks_escaped() -> None:
    """Short multi-line text keeps its lines (pre-line) and is escaped; long text folds into <details>."""
    short = render_value(f"Ann <a@b.us>\n{HOSTILE}", "Note")
    assert short == ("<span class='lines'>Ann &lt;a@b.us&gt;\n&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</span>")
    long = render_value("\n".join(f"point {n}" for n in range(8)), "Note")
    assert long.startswith("<details><summary>point 0") and "(+7 lines)" in long and "point 7" in long


def test_json_notes_fold_behind_a_summary() -> None:
    """A JSON document in a note column is folded as 'JSON · n fields', pretty-printed and escaped."""
    cell = render_value('{"run": "<b>1</b>", "counts": {"seen": 3}}', "Note")
    assert cell.startswith("<details class='json'><summary>JSON · 2 fields</summary><pre>")
    assert "&lt;b&gt;1&lt;/b&gt;" in cell and "<b>" not in cell


def test_url_columns_link_only_http_urls_with_their_description() -> None:
    """A URL value links with its description; a javascript: URL is text; hostile descriptions are escaped."""
    link = render_value({"Url": "https://kde.ky.gov/a?b=1&c=2", "Description": HOSTILE}, "URL")
    assert link.startswith('<a href="https://kde.ky.gov/a?b=1&amp;c=2"') and "&lt;script&gt;" in link
    assert "<script" not in link
    assert render_value({"Url": "javascript:alert(1)", "Description": "click"}, "URL") == "click"
    assert "<a" not in render_value({"Url": 'https://x" onmouseover="y', "Description": "d"}, "URL")


def test_url_whose_description_repeats_it_shows_the_file_name() -> None:
    """A description equal to the URL shows the decoded file name at its end, the URL in the tooltip."""
    url = "https://h/sites/KYILN/Letters%20of%20Commitment/Adair%20LOC.docx"
    cell = render_value({"Url": url, "Description": url}, "URL")
    assert ">Adair LOC.docx</a>" in cell and f'title="{url}"' in cell


def test_list_heading_says_what_it_is_how_many_and_how_many_need_review() -> None:
    """Each list is headed with its kind, item count, "Needs review" count and description."""
    document = render_page({}, _members_state())
    assert "<h3>ILN Members</h3>" in document
    assert "List · 1 item · <span class='flag'>1 need review</span> — One row per district." in document


def test_list_rows_are_formatted_by_column_type() -> None:
    """A row renders its number, dates, boolean, note and link by type, with ID and Title pinned."""
    url = "https://h/sites/KYILN/LOC/Adair.docx"
    document = render_page({}, _members_state(SourceItemId=11.0, ExpiresOn="2027-06-30T04:00:00Z",
                                              LastSynced="2026-11-28T04:00:00Z", GrantEligible=True,
                                              Contacts="A\nB", LatestLocLink={"Url": url, "Description": "Adair LOC"},
                                              MemberStatus="Needs review"), flagged={"Needs review"})
    assert "<td class='pin id num'>7</td>" in document and "<td class='pin2 edge'>" in document
    assert "<td class='num'>11</td>" in document and "11.0" not in document
    assert "<td class='date'>2027-06-30</td>" in document and ">Yes<" in document
    assert f'<a href="{url}"' in document and ">Adair LOC</a>" in document
    assert "<span class='flag'>Needs review</span>" in document


def test_library_files_show_folder_size_and_review_count() -> None:
    """A library's files show their folder under the name and a readable size; the heading counts files."""
    state = {"lists": [{"title": "Letters of Commitment", "base_template": 101, "url": "/sites/KYILN/LOC",
                        "fields": [], "view_counts": {"All Documents": 1, "Needs review": 0}}],
             "files": [{"library": "Letters of Commitment", "name": f"{HOSTILE}.docx", "folder": "/sites/KYILN/LOC/2026/R1",
                        "size": 40960, "version": "1.0", "modified": "2026-11-28T04:00:00Z", "columns": {}}]}
    document = render_page({}, state)
    assert "Document library · 1 file · none need review" in document
    assert "<span class='folder'>2026/R1</span>" in document and "40 KB" in document
    assert "<script" not in document
