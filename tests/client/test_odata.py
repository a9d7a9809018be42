"""Pure OData helpers: literals, encoded query strings, value conversion, CAML."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest

from sharepoint_sync.gateway import odata


def test_literal_doubles_quotes_and_leaves_numbers_bare() -> None:
    """Strings are quoted with inner quotes doubled; numbers bare; booleans 1/0."""
    assert odata.literal("O'Brien") == "'O''Brien'"
    assert (odata.literal(12), odata.literal(True)) == ("12", "1")


def test_query_encodes_every_character_that_could_cut_or_widen_a_filter() -> None:
    """&, #, %, + and = inside a literal are percent-encoded; decoding gives the filter back."""
    filter_ = odata.eq("District", "O'Brien & Sons #1 +100% =x")
    encoded = odata.query({"$filter": filter_, "$top": 5})
    value = encoded.split("&")[0].removeprefix("$filter=")
    assert not set("&#+= ") & set(value)
    assert unquote(value) == "District eq 'O''Brien & Sons #1 +100% =x'"
    assert encoded.endswith("&$top=5")


def test_path_literal_keeps_slashes_and_encodes_the_rest() -> None:
    """A title or URL inside a path keeps '/' and encodes spaces, '#', '%' and '&'."""
    assert odata.path_literal("/sites/A/B & C #1%") == "'/sites/A/B%20%26%20C%20%231%25'"


@pytest.mark.parametrize("wire,expected", [
    ("2026-06-30T04:00:00Z", "2026-06-30"),   # Kentucky (Eastern) summer: local midnight = 04:00Z
    ("2026-12-31T06:00:00Z", "2026-12-31"),   # Central winter
    ("2026-06-29T22:00:00Z", "2026-06-30"),   # a site east of UTC
    ("2026-06-30T00:00:00Z", "2026-06-30"),   # a UTC site
])
def test_date_only_values_read_as_the_sites_calendar_date(wire: str, expected: str) -> None:
    """A date-only value is the nearest midnight's date, whatever the site's time zone."""
    assert odata.read_value(wire, "DateTime", True) == expected


def test_values_are_written_in_sharepoint_shapes() -> None:
    """Dates become the site-local midnight in UTC, URLs a FieldUrlValue, booleans stay booleans."""
    assert odata.write_value("2026-06-30", "DateTime", True, 240) == "2026-06-30T04:00:00Z"
    assert odata.write_value("https://x/y", "URL", False, 0)["Url"] == "https://x/y"
    assert odata.write_value(None, "Boolean", False, 0) is False
    assert odata.read_value({"Url": "https://x/y", "Description": "d"}, "URL", False) == "https://x/y"


def test_field_xml_escapes_names_and_choices() -> None:
    """CAML for a field is well-formed whatever the display name or choices contain."""
    xml = odata.field_schema_xml("Status", 'Status "<&>"', "choice", ("A & B", "<C>"), indexed=True, unique=True)
    node = ET.fromstring(xml)
    assert node.get("DisplayName") == 'Status "<&>"' and node.get("EnforceUniqueValues") == "TRUE"
    assert [c.text for c in node.iter("CHOICE")] == ["A & B", "<C>"]


def test_view_query_ands_its_conditions() -> None:
    """Several Eq conditions are combined with And; values are escaped."""
    node = ET.fromstring(odata.view_query_xml([("Status", "Needs review"), ("District", "A & B")]))
    assert node.find("And") is not None and [v.text for v in node.iter("Value")] == ["Needs review", "A & B"]
