"""The shape comparator used by the fidelity suite, and its own tests.

A JSON value is reduced to its *shape*: one line per node, `path: form`. A dict gives its ordered key
list, a list its length and its elements, a scalar its type; a string its *form* — a template in which
GUIDs, dates, tick counts and the site URL are replaced by placeholders, so a recording from
contoso.sharepoint.com and an answer from the fake tenant compare equal when SharePoint would send the
same structure. Plain text (titles, messages in bodies that are data) becomes `<text>`; messages are
compared separately, word for word, by the suite.
"""
from __future__ import annotations

import difflib
import json
import re
from typing import Any

#: (pattern, replacement) applied in order to every string before it is classified
_NORMALISE = (
    (re.compile(r"^0x[0-9A-F]{128},"), "<form-digest>,"),
    (re.compile(r"\b\d\d? [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d -0000$"), "<digest-time>"),
    # a change token's ticks and change number (list-getchanges.verbose.json: "1;3;<id>;<ticks>;<n>")
    (re.compile(r"(?<=[0-9a-f]{12};)\d+;\d+$"), "<ticks>;<n>"),
    # an integer etag ("\"13\""): its number is data, its quoting is form
    (re.compile(r'^"\d+"$'), '"<int>"'),
    (re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"), "<GUID>"),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<guid>"),
    (re.compile(r"[0-9a-f]{8}%2d[0-9a-f]{4}%2d[0-9a-f]{4}%2d[0-9a-f]{4}%2d[0-9a-f]{12}", re.I), "<guid-encoded>"),
    (re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])"), "<hex32>"),
    (re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z"), "<dateZ>"),
    (re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?![\dZ.])"), "<date>"),
    (re.compile(r"\b\d{5,}\b"), "<n>"),
)
#: strings that carry structure (URLs, paths, ids, tokens, etags) keep their normalised template
_STRUCTURED = re.compile(r"://|^/|<GUID>|<guid>|<date|<n>|<hex32>|^\"|^\{|^0x|^\d+(\.\d+)?$|;")


def string_form(text: str, replacements: dict[str, str] | None = None) -> str:
    """The form of one string: a normalised template if it carries structure, else `<text>`/`<empty>`."""
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return "<digits>"   # a number sent as a string (SP.File Length "17818")
    for old, new in (replacements or {}).items():
        text = text.replace(old, new)
    for pattern, placeholder in _NORMALISE:
        text = pattern.sub(placeholder, text)
    if text == "":
        return "<empty>"
    if text.startswith("<Field "):
        return "<field-schema-xml>"   # CAML attributes vary per field; Format is checked by its own test
    if text.startswith("0x") and re.fullmatch(r"0x[0-9A-F]+", text):
        return f"<content-type-id:{len(text)}>"
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return "<digits>"
    return repr(text) if _STRUCTURED.search(text) else "<text>"


def normalise_text(text: str) -> str:
    """A message with its GUIDs, dates and tick counts replaced by placeholders (word-for-word otherwise)."""
    for pattern, placeholder in _NORMALISE:
        text = pattern.sub(placeholder, text)
    return text


def shape(value: Any, replacements: dict[str, str] | None = None, path: str = "$") -> list[str]:
    """The shape of a JSON value, one `path: form` line per node (dict keys in order)."""
    if isinstance(value, dict):
        lines = [f"{path}: {{{', '.join(value)}}}"]
        for key, child in value.items():
            lines += shape(child, replacements, f"{path}.{key}")
        return lines
    if isinstance(value, list):
        lines = [f"{path}: [{len(value)}]"]
        for index, child in enumerate(value):
            lines += shape(child, replacements, f"{path}[{index}]")
        return lines
    if isinstance(value, bool) or value is None:
        return [f"{path}: {json.dumps(value)}"]
    if isinstance(value, (int, float)):
        return [f"{path}: {type(value).__name__}"]
    return [f"{path}: {string_form(str(value), replacements)}"]


def shape_diff(recorded: Any, observed: Any, replacements: dict[str, str] | None = None) -> list[str]:
    """The unified diff of two shapes (empty when they agree)."""
    return list(difflib.unified_diff(shape(recorded, replacements), shape(observed, replacements),
                                     "recording", "fake tenant", n=1, lineterm=""))


# ------------------------------------------------------------------------------------------ tests
def test_shape_keeps_key_order() -> None:
    """Two dicts with the same keys in another order have different shapes."""
    assert shape({"a": 1, "b": 2}) != shape({"b": 2, "a": 1})


def test_string_forms_hide_values_but_keep_structure() -> None:
    """GUIDs, dates and tick counts become placeholders; their case and the trailing Z still count."""
    assert string_form("2c99a486-d6c9-4a4b-8d6f-a9faa364c92c") == "'<guid>'"
    assert string_form("692A58B3-CE1D-444A-8B2B-DD48BBFBE2E3") == "'<GUID>'"
    assert string_form("2021-10-04T10:36:20Z") != string_form("2021-10-04T10:36:20")
    assert string_form("1;3;84c3d851-b4f0-4c9f-a3b2-a0479a02e811;637726827896330000;384087643") == \
        "'1;3;<guid>;<ticks>;<n>'"
    assert string_form("Item 0") == string_form("Another title") == "<text>"


def test_length_as_string_differs_from_a_number() -> None:
    """SP.File Length is a string in verbose JSON: "17818" and 17818 do not have the same shape."""
    assert shape({"Length": "17818"}) != shape({"Length": 17818})


def test_site_url_replacement_makes_hosts_comparable() -> None:
    """With the site URLs mapped to one placeholder, two tenants' URIs have the same form."""
    recorded = "https://contoso.sharepoint.com/sites/prov-2/_api/Web/Lists(guid'a054c777-6952-4bbf-ba82-63d326d1505e')"
    observed = "https://127.0.0.1:8443/sites/KYILN/_api/Web/Lists(guid'0f5a4738-49c4-4a80-af1b-629aa34cfdd3')"
    mapping = {"https://contoso.sharepoint.com/sites/prov-2": "{site}", "https://127.0.0.1:8443/sites/KYILN": "{site}"}
    assert shape_diff({"uri": recorded}, {"uri": observed}, mapping) == []
    assert shape_diff({"uri": recorded}, {"uri": observed.replace("Lists", "lists")}, mapping) != []
