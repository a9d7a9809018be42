"""Fidelity for behaviours others reported as gaps, beyond the recordings: the site time zone, date-only
columns, `$select=UniqueId` on items, and unknown query options such as office365's `$order_by`."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from tests.m365_fake.sp_helpers import call, d, make_site

#: SP.TimeZone as web-get-select-expand.verbose.json records it (there: Pacific, Id 13, Bias 480)
TIME_ZONE_KEYS = ["__metadata", "Description", "Id", "Information"]
INFORMATION_KEYS = ["__metadata", "Bias", "DaylightBias", "StandardBias"]


def _date_column(router: Any, list_id: str, name: str, form: str) -> dict[str, Any]:
    xml = f'<Field Type="DateTime" Name="{name}" StaticName="{name}" DisplayName="{name}" Format="{form}" />'
    return d(call(router, "POST", f"web/lists(guid'{list_id}')/fields/CreateFieldAsXml",
                  {"parameters": {"SchemaXml": xml, "Options": 8}}))


def test_site_time_zone_is_kentucky_eastern_time() -> None:
    """GET web/RegionalSettings/TimeZone is SP.TimeZone for Eastern Time with the recorded key order."""
    _, router = make_site()
    zone = d(call(router, "GET", "web/RegionalSettings/TimeZone"))
    assert list(zone) == TIME_ZONE_KEYS and list(zone["Information"]) == INFORMATION_KEYS
    assert zone["__metadata"]["type"] == "SP.TimeZone"
    assert zone["Description"] == "(UTC-05:00) Eastern Time (US and Canada)" and zone["Id"] == 10
    assert (zone["Information"]["Bias"], zone["Information"]["DaylightBias"], zone["Information"]["StandardBias"]) \
        == (300, -60, 0)


def test_regional_settings_defer_the_time_zone_unless_expanded() -> None:
    """RegionalSettings alone has TimeZone as __deferred; $expand=TimeZone inlines the entity."""
    _, router = make_site()
    plain = d(call(router, "GET", "web/RegionalSettings"))
    expanded = d(call(router, "GET", "web/RegionalSettings?$expand=TimeZone"))
    assert set(plain["TimeZone"]) == {"__deferred"}
    assert expanded["TimeZone"]["Information"]["Bias"] == 300


def test_date_only_column_reports_display_format_and_schema_format() -> None:
    """A DateOnly column says DisplayFormat 0 and Format="DateOnly"; a DateTime column 1 and "DateTime"."""
    site, router = make_site()
    lst = site.create_list("Dates")
    signed = _date_column(router, lst.id, "SignedOn", "DateOnly")
    stamped = _date_column(router, lst.id, "StampedAt", "DateTime")
    assert (signed["DisplayFormat"], stamped["DisplayFormat"]) == (0, 1)
    assert 'Format="DateOnly"' in signed["SchemaXml"] and 'Format="DateTime"' in stamped["SchemaXml"]


def test_fields_select_display_format_and_schema_xml() -> None:
    """$select=InternalName,DisplayFormat,SchemaXml on fields returns both for date columns."""
    site, router = make_site()
    lst = site.create_list("Dates")
    _date_column(router, lst.id, "SignedOn", "DateOnly")
    rows = d(call(router, "GET", f"web/lists(guid'{lst.id}')/fields?$select=InternalName,DisplayFormat,SchemaXml"
                                 "&$filter=InternalName eq 'SignedOn'"))["results"]
    assert [(r["DisplayFormat"], 'Format="DateOnly"' in r["SchemaXml"]) for r in rows] == [(0, True)]


def test_sp_field_body_with_display_format_zero_is_date_only() -> None:
    """POST …/fields with an SP.FieldDateTime body and DisplayFormat 0 makes a date-only column."""
    site, router = make_site()
    lst = site.create_list("Dates")
    created = call(router, "POST", f"web/lists(guid'{lst.id}')/fields",
                   {"__metadata": {"type": "SP.FieldDateTime"}, "Title": "Due", "FieldTypeKind": 4,
                    "DisplayFormat": 0})
    assert d(created)["DisplayFormat"] == 0


def test_items_accept_select_unique_id() -> None:
    """$select=Id,UniqueId on items answers with each item's UniqueId (a GUID), not an error."""
    site, router = make_site()
    lst = site.create_list("Members")
    site.add_item(lst, {"Title": "a"})
    row = d(call(router, "GET", f"web/lists(guid'{lst.id}')/items?$select=Id,UniqueId"))["results"][0]
    assert re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", row["UniqueId"])


def test_unknown_order_by_option_is_ignored_and_orderby_sorts() -> None:
    """office365's `$order_by` is not an OData option: ignored (ID order); `$orderby` sorts."""
    site, router = make_site()
    lst = site.create_list("Members")
    for title in ("b", "c", "a"):
        site.add_item(lst, {"Title": title})
    base = f"web/lists(guid'{lst.id}')/items?$select=Title"
    ignored = d(call(router, "GET", f"{base}&$order_by=Title"))["results"]
    sorted_ = d(call(router, "GET", f"{base}&$orderby=Title"))["results"]
    assert [r["Title"] for r in ignored] == ["b", "c", "a"]
    assert [r["Title"] for r in sorted_] == ["a", "b", "c"]


def test_expanded_list_item_all_fields_shows_site_local_dates_without_z() -> None:
    """A file's $expand=ListItemAllFields shows Created in Eastern time without Z (recorded form)."""
    site, router = make_site(clock=lambda: datetime(2026, 7, 1, 16, 30, tzinfo=timezone.utc))
    site.upload(f"{site.path}/Shared Documents/a.docx", b"x")
    data = d(call(router, "GET", f"web/GetFileByServerRelativePath(decodedurl='{site.path}/Shared Documents/a.docx')"
                                 "?$expand=ListItemAllFields"))
    assert data["ListItemAllFields"]["Created"] == "2026-07-01T12:30:00"   # EDT, UTC-4 in July


def test_selected_properties_follow_entity_order_with_expansions_first() -> None:
    """$select in any order gives the entity's order: expanded Author first, then Id, ID, Title, columns."""
    site, router = make_site()
    lst = site.create_list("Members")
    site.add_field(lst, "School Year", "Text")
    site.add_item(lst, {"Title": "a", "School_x0020_Year": "2025-26"})
    row = d(call(router, "GET", f"web/lists(guid'{lst.id}')/items?$select=School Year,Title,Author/Title"
                                "&$expand=Author"))["results"][0]
    assert list(row) == ["__metadata", "Author", "Id", "ID", "Title", "School_x0020_Year"]
