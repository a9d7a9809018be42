"""The district: matched to the registry whatever the wording, found wherever the form puts it."""
from __future__ import annotations

import pytest

from sharepoint_sync.extract.registry import default_registry
from tests.extract.test_fields_kit import P, T, letter, read

REGISTRY = default_registry()


@pytest.mark.parametrize("written, canonical", [
    ("Marion County Public Schools", "Marion County"),
    ("Marion Co. Schools", "Marion County"),
    ("MARION COUNTY SCHOOL DISTRICT", "Marion County"),
    ("Marion County Board of Education", "Marion County"),
    ("Board of Education of Marion County", "Marion County"),
    ("The Marion County Schools", "Marion County"),
    ("Marion  County\u00a0Public   Schools", "Marion County"),
    ("Marion County Public Schools (MCPS)", "Marion County"),
    ("Marion County Public Schools, Lebanon, KY", "Marion County"),
    ("Ｍａｒｉｏｎ County", "Marion County"),
    ("Harlan Ind. Schools", "Harlan Independent"),
    ("Harlan Independent School District", "Harlan Independent"),
    ("Bellevue Indep. Schools", "Bellevue Independent"),
    ("Erlanger Elsmere Independent", "Erlanger-Elsmere Independent"),
    ("Owensboro Public Schools", "Owensboro Independent"),
    ("Mc Cracken County", "McCracken County"),
    ("Larue County Schools", "LaRue County"),
    ("Mari\u200bon County Schools", "Marion County"),
    ("Marion County Board of Ed.", "Marion County"),
    ("Marion Co. Bd. of Educ.", "Marion County"),
    ("Marion County Schools · 755 E Main St · Lebanon, KY", "Marion County"),
    ("Marion County Schools • Lebanon, Kentucky", "Marion County"),
    ("Ft. Thomas Independent Schools", "Fort Thomas Independent"),
])
def test_written_variants_match(written: str, canonical: str) -> None:
    """Abbreviations, suffixes, case, odd white space, NFKC forms and zero-width characters still match."""
    assert REGISTRY.match(written) == canonical


@pytest.mark.parametrize("written", [
    "Redbud County Public Schools",      # not a Kentucky district
    "Harlan Schools",                    # Harlan County or Harlan Independent: ambiguous
    "Russell Schools",                   # Russell County or Russell Independent
    "Owensboro County Schools",          # the kind contradicts the registry
    "M\u0430rion County",                # Cyrillic a: a look-alike, not Marion
    "FCPS",                              # ambiguous abbreviation (dropped from the registry)
])
def test_unknown_ambiguous_or_spoofed_names_do_not_match(written: str) -> None:
    """Anything that is not exactly one active district stays unmatched (and so needs review)."""
    assert REGISTRY.match(written) is None


def test_labelled_district_is_reported_as_written() -> None:
    """district_as_written keeps the document's wording; district is the canonical name."""
    record = read(letter(district=[P("**District:** Knox Co. Schools")]))
    assert (record.district_as_written, record.district) == ("Knox Co. Schools", "Knox County")


def test_label_without_colon_in_a_table_cell() -> None:
    """A bare 'District' label with the name in the next cell."""
    record = read(letter(district=[T(["District", "Knox County Schools"])]))
    assert record.district == "Knox County"


def test_district_in_the_page_header() -> None:
    """With no District field in the body, a district name in the page header counts."""
    record = read(letter(district=[], headers=[P("Knox County Schools", source="header")]))
    assert (record.district, record.district_as_written) == ("Knox County", "Knox County Schools")


def test_district_in_a_text_box() -> None:
    """A district name typed in a text box counts."""
    record = read(letter(district=[P("Knox County Public Schools", source="textbox")]))
    assert record.district == "Knox County"


def test_district_in_a_tagged_content_control() -> None:
    """A content control tagged for the district is read by its tag."""
    from sharepoint_sync.extract.blocks import Paragraph, Run
    para = Paragraph((Run("District: ", bold=True), Run("Knox County Schools", field_tag="iln.district")))
    assert read(letter(district=[para])).district == "Knox County"


def test_missing_district_is_never_inferred_from_emails() -> None:
    """A blank District field gives null district and missing_district, whatever the email domains say."""
    record = read(letter(district=[P("**District:** ")]))
    assert record.district is None and record.district_as_written is None
    assert "missing_district" in record.review_reasons


def test_unknown_district_keeps_what_was_written() -> None:
    """An unknown name is kept as written, district null, unknown_district."""
    record = read(letter(district=[P("**District:** Redbud County Public Schools")]))
    assert (record.district, record.district_as_written) == (None, "Redbud County Public Schools")
    assert record.review_reasons == ("unknown_district",)


@pytest.mark.parametrize("written", ["\u202eKnox County Schools", "Knox\u202d County", "\u2066Knox County\u2069",
                                     "\u202aKnox\u202c County", "\u202bKnox County\u202c"])
def test_bidi_controls_in_the_name_are_stripped_like_zero_width_characters(written: str) -> None:
    """Issue 13: U+202A-U+202E and U+2066-U+2069 are dropped before matching: Knox County, controls not kept."""
    assert REGISTRY.match(written) == "Knox County"
    record = read(letter(district=[P(f"**District:** {written}")]))
    assert record.district == "Knox County"
    assert not any(ch in (record.district_as_written or "") for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2069")


def test_placeholder_district_counts_as_empty() -> None:
    """'[District Name]' or Word's prompt in the field: missing_district and unfilled_placeholder."""
    for district in ([P("**District:** [District Name]")], [P("**District:** {{Click or tap here to enter text.}}")]):
        record = read(letter(district=district))
        assert record.district_as_written is None
        assert {"missing_district", "unfilled_placeholder"} <= set(record.review_reasons)


def test_district_named_only_in_the_title() -> None:
    """'Knox County Schools – Letter of Commitment' as the title names the district."""
    title = [P("**Knox County Schools – Letter of Commitment**"),
             P("This Letter of Commitment (LOC) establishes the district as a member.")]
    record = read(letter(title=title, district=[]))
    assert (record.district, record.district_as_written) == ("Knox County", "Knox County Schools")


def test_a_title_in_the_contact_block_is_not_the_district() -> None:
    """'Title: Director of Schools' in a contact block is a contact's title, not the district."""
    from tests.extract.test_fields_kit import H
    contacts = [H("ILN Point of Contact"), P("**Name: **Jane Doe"), P("**Title: **Director of Schools"),
                P("**Email: **jane.doe@knox.kyschools.us")]
    record = read(letter(district=[P("**District:** ")], contacts=contacts))
    assert record.district_as_written is None and "missing_district" in record.review_reasons
