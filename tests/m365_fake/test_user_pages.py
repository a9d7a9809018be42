"""Modern site pages driven by ordinary office365 user code over HTTPS: create, save as draft, update,
promote as news, publish, copy, the page's list item in Site Pages, delete."""
from __future__ import annotations

import json
from typing import Any

import pytest
from office365.runtime.client_request_exception import ClientRequestException
from office365.sharepoint.client_context import ClientContext


def _canvas(text: str) -> str:
    return json.dumps([{"controlType": 4, "id": "1", "innerHTML": f"<p>{text}</p>"}])


def test_page_draft_update_promote_publish_and_list_item(ctx: ClientContext) -> None:
    """A draft saved, its title updated, promoted as news and published; Site Pages holds its item."""
    page = ctx.site_pages.pages.add("Spring-Convening.aspx", "Spring Convening").execute_query()
    page.checkout_page().execute_query()
    assert page.save_page_as_draft("Spring Convening", _canvas("draft")).execute_query().value is True
    page.set_property("Description", "Save the date").update().execute_query()
    with_news = ctx.site_pages.pages.get_by_url("SitePages/Spring-Convening.aspx")
    with_news.checkout_page().execute_query()
    assert with_news.promote_to_news().execute_query().value is True
    assert with_news.publish().execute_query().value is True
    back = ctx.site_pages.pages.get_by_url("SitePages/Spring-Convening.aspx").get().execute_query()
    assert (back.properties["PromotedState"], back.properties["Description"]) == (2, "Save the date")
    assert back.properties["Version"] == "1.0" and back.canvas_content == _canvas("draft")
    site_pages = ctx.web.lists.get_by_title("Site Pages")
    items = site_pages.items.select(["Title", "FileLeafRef"]).get().execute_query()
    assert [(i.properties["Title"], i.properties["FileLeafRef"]) for i in items] == [
        ("Spring Convening", "Spring-Convening.aspx")]


def test_promoting_a_page_that_is_not_checked_out_is_409(ctx: ClientContext) -> None:
    """PromoteToNews on a published (checked-in) page is refused with 409, as documented."""
    page = ctx.site_pages.pages.add("News.aspx", "News").execute_query()
    page.publish().execute_query()
    with pytest.raises(ClientRequestException) as caught:
        page.promote_to_news().execute_query()
    assert caught.value.response.status_code == 409


def test_copy_and_delete_pages(ctx: ClientContext) -> None:
    """Copy makes a draft with the same canvas under a new name; deleting pages empties Site Pages."""
    page = ctx.site_pages.pages.add("Members.aspx", "ILN Members").execute_query()
    page.save_page_as_draft("ILN Members", _canvas("members")).execute_query()
    copied = page.copy().execute_query()
    names = sorted(p.properties["FileName"] for p in ctx.site_pages.pages.get().execute_query())
    assert names == ["Members(1).aspx", "Members.aspx"]
    twin = ctx.site_pages.pages.get_by_url("SitePages/Members(1).aspx").get().execute_query()
    assert (twin.properties["Version"], twin.canvas_content) == ("0.1", _canvas("members"))
    for each in ctx.site_pages.pages.get().execute_query():
        each.delete_object()
    ctx.execute_batch()
    assert len(ctx.site_pages.pages.get().execute_query()) == 0
    assert len(ctx.web.lists.get_by_title("Site Pages").items.get().execute_query()) == 0
    assert copied is page


def test_a_published_page_is_served_at_its_address_in_any_letter_case(ctx: ClientContext, tenant_info: dict,
                                                                      https_session: Any) -> None:
    """A published page opens at `<site>/SitePages/<name>.aspx` however the address is cased; a name that is
    not an .aspx page is a 404."""
    page = ctx.site_pages.pages.add("Fall-Convening.aspx", "Fall <Convening>").execute_query()
    page.checkout_page().execute_query()
    page.save_page_as_draft("Fall <Convening>", _canvas("See you <b>there</b>")).execute_query()
    ctx.site_pages.pages.get_by_url("SitePages/Fall-Convening.aspx").publish().execute_query()
    shown = https_session.get(tenant_info["site_url"].upper().replace("HTTPS://", "https://")
                              + "/sitepages/FALL-CONVENING.ASPX")
    missing = https_session.get(tenant_info["site_url"] + "/SitePages/Fall-Convening")
    assert shown.status_code == 200 and "<h1>Fall &lt;Convening&gt;</h1>" in shown.text
    assert "<p>See you <b>there</b></p>" in shown.text
    assert missing.status_code == 404
