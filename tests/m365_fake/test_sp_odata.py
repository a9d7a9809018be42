"""The OData pieces of the SharePoint emulation: literals, path segments, the $filter grammar."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from m365_fake.sharepoint.errors import SPError
from m365_fake.sharepoint.odata import (evaluate, filter_fields, parse_filter, parse_orderby,
                                                          parse_segment, parse_top, split_path)

ROW = {"Title": ("O'Brien & Sons #1 100% +more", "Text"), "Count": (5, "Number"),
       "Due": ("2024-06-01T00:00:00Z", "DateTime"), "Done": (False, "Boolean"), "Empty": (None, "Text")}


def matches(expression: str) -> bool:
    return bool(evaluate(parse_filter(expression), lambda name: ROW[name]))


@pytest.mark.parametrize("expression, expected", [
    ("Title eq 'O''Brien & Sons #1 100% +more'", True),
    ("Title eq 'o''brien & sons #1 100% +more'", True),      # SharePoint compares text case-insensitively
    ("Title eq 'O''Brien'", False),
    ("Title ne 'x'", True),
    ("startswith(Title,'O''Bri')", True),
    ("startswith(Title,'Brien')", False),
    ("substringof('100% +', Title)", True),
    ("Count gt 4 and Count lt 6", True),
    ("Count ge 5 and Count le 5", True),
    ("Count eq 4 or Count eq 5", True),
    ("not (Count eq 5)", False),
    ("Due lt datetime'2024-06-02T00:00:00Z'", True),
    ("Due gt datetime'2024-06-02T00:00:00'", False),
    ("Done eq false", True),
    ("Empty eq null", True),
    ("(Count eq 1 or Count eq 5) and Title ne 'x'", True),
])
def test_filter_expressions_evaluate_like_sharepoint(expression: str, expected: bool) -> None:
    """Comparisons, logic, functions and every literal kind evaluate against one row."""
    assert matches(expression) is expected


@pytest.mark.parametrize("expression", ["Title eq", "Title eq 'open", "Title xx 'a'", "(Count eq 5", "eq 5",
                                        "startswith(Title)", "Count eq 5 and", "Title eq 'a' 'b'", "$"])
def test_malformed_filters_are_a_400(expression: str) -> None:
    """A filter that does not parse is SharePoint's 400 OData error, never a Python exception."""
    with pytest.raises(SPError) as caught:
        parse_filter(expression)
    assert caught.value.status == 400


def test_filter_fields_names_every_column() -> None:
    """The referenced columns are known (for validation and the list view threshold)."""
    assert filter_fields(parse_filter("Title eq 'a' and (startswith(Code,'x') or Author/Title eq 'b')")) == \
        {"Title", "Code", "Author"}


def test_split_path_keeps_slashes_inside_quotes_and_parentheses() -> None:
    """Server-relative URLs inside a call are one segment."""
    path = "web/GetFolderByServerRelativeUrl('/sites/KYILN/Letters of Commitment/2024')/Files"
    assert split_path(path) == ["web", "GetFolderByServerRelativeUrl('/sites/KYILN/Letters of Commitment/2024')",
                                "Files"]


def test_segments_parse_positional_named_and_typed_arguments() -> None:
    """GetByTitle('a''b'), Lists(guid'…'), add(url='x',overwrite=true), items(5)."""
    assert parse_segment("GetByTitle('O''Brien')").arg() == "O'Brien"
    assert parse_segment("Lists(guid'0A054C77-6952-4BBF-BA82-63D326D1505E')").arg() == \
        "0a054c77-6952-4bbf-ba82-63d326d1505e"
    seg = parse_segment("add(url='a b.docx',overwrite=true)")
    assert (seg.arg("url"), seg.arg("overwrite")) == ("a b.docx", True)
    assert parse_segment("items(5)").arg() == 5
    assert parse_segment("items").called is False


def test_parameter_aliases_resolve_from_the_query() -> None:
    """`Name(@v)?@v=...` takes the value from the query string."""
    seg = parse_segment("getFileByServerRelativePath(decodedUrl=@p)", {"@p": "'/sites/a/b.docx'"})
    assert seg.arg("decodedUrl") == "/sites/a/b.docx"


def test_orderby_and_top_are_validated() -> None:
    """$orderby directions and $top numbers are checked."""
    assert parse_orderby("Title desc, ID") == [("Title", True), ("ID", False)]
    assert parse_top("7", 100) == 7 and parse_top(None, 100) == 100
    with pytest.raises(SPError):
        parse_orderby("Title sideways")
    with pytest.raises(SPError):
        parse_top("-1", 100)


def test_datetime_literals_are_utc() -> None:
    """A datetime literal without offset is taken as UTC."""
    node = parse_filter("Due eq datetime'2024-06-01T00:00:00'")
    assert node[3].value == datetime(2024, 6, 1, tzinfo=timezone.utc)
