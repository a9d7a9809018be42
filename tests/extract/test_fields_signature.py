"""Who signed for the district and when; KDE's date; KDE's designee never the signatory."""
from __future__ import annotations

from sharepoint_sync.record import Signatory
from tests.extract.test_fields_kit import H, P, T, letter, read

KDE = [P("**For the Kentucky Department of Education (KDE Designee)**"), P("____________"), P("Marcus Hale"), P("Date: 12/16/2019")]
RETURN = [P("Please return the signed LOC by email to Ellen Marsh (ellen.marsh@education.ky.gov).")]


def _signed(*district_part, kde=KDE):
    return read(letter(signatures=[H("Signatures"), *district_part, *kde, *RETURN]))


def test_name_and_title_below_an_introducing_caption() -> None:
    """'For the District (...)' then the underline, the name and the title."""
    record = _signed(P("For the District (Superintendent or Designee)"), P("_____"), P("Olivia B. Keller"),
                     P("Superintendent"), P("Date: 11/15/2019"))
    assert record.signatory == Signatory("Olivia B. Keller", "Superintendent")
    assert (record.district_signed_on, record.kde_signed_on) == ("2019-11-15", "2019-12-16")


def test_name_above_a_signature_line_caption() -> None:
    """2018 style: 'Name, Title' typed above 'KYILN Participating District, Superintendent/Designee'."""
    record = _signed(P(""), P("Olivia Maddox, Superintendent"),
                     P("KYILN Participating District, Superintendent/Designee"), P("Date: August 23, 2018"),
                     kde=[P(""), P("Gregory Lyle"), P("Kentucky Innovation Lab Network, KDE Designee"), P("Date: September 13, 2018")])
    assert record.signatory == Signatory("Olivia Maddox", "Superintendent")
    assert (record.district_signed_on, record.kde_signed_on) == ("2018-08-23", "2018-09-13")


def test_caption_wordings_and_date_line_before_the_label() -> None:
    """'Signature of Superintendent/Designee', the date typed on the line before 'Date:'."""
    record = _signed(P("Jane Doe"), P("Signature of Superintendent/Designee"), P("Nov. 15, 2019"), P("Date:"))
    assert record.signatory == Signatory("Jane Doe", None) and record.district_signed_on == "2019-11-15"


def test_date_on_the_line_after_the_label() -> None:
    """'Date signed' with the date on the next line."""
    record = _signed(P("Superintendent Signature"), P("Jane Doe, Superintendent"), P("Date signed"), P("15 November 2019"))
    assert record.signatory == Signatory("Jane Doe", "Superintendent") and record.district_signed_on == "2019-11-15"


def test_blank_signature_line_gives_empty_signatory() -> None:
    """Nothing typed on the line: both fields null, and the KDE name is not taken instead."""
    record = _signed(P("For the District (Superintendent or Designee)"), P("_____"), P("Date: 11/15/2019"))
    assert record.signatory == Signatory(None, None)


def test_title_only() -> None:
    """Only a title typed: name null."""
    record = _signed(P("For the District (Superintendent or Designee)"), P("Superintendent"), P("Date: 11/15/2019"))
    assert record.signatory == Signatory(None, "Superintendent")


def test_signature_table_with_header_row() -> None:
    """2023 style: header row (name/signature/date), values in the row below; KDE rows after."""
    table = T(["**Superintendent or Designee Name**", "**Signature**", "**Date**"], ["Zachary Vanover\nSuperintendent", "", "11/8/24"],
              ["**KDE Designee**", "**Signature**", "**Date**"], ["Marcus Hale", "", "11/29/2024"])
    record = read(letter(signatures=[H("Commitment"), table, *RETURN]))
    assert record.signatory == Signatory("Zachary Vanover", "Superintendent")
    assert (record.district_signed_on, record.kde_signed_on) == ("2024-11-08", "2024-11-29")


def test_signature_table_with_values_above_captions() -> None:
    """2018 table style: the values sit in the row above each caption row."""
    table = T(["Superintendent", "2018-08-28"], ["KYILN Participating District, Superintendent/Designee", "Date"],
              ["______", "9/20/18"], ["Kentucky Innovation Lab Network, KDE Designee", "Date"])
    record = read(letter(signatures=[H("Required Signatories"), table, *RETURN]))
    assert record.signatory == Signatory(None, "Superintendent")
    assert (record.district_signed_on, record.kde_signed_on) == ("2018-08-28", "2018-09-20")


def test_missing_and_implausible_dates() -> None:
    """No district date: missing_signature_date; a date in 2108: reported, no term, implausible_date."""
    missing = _signed(P("For the District (Superintendent or Designee)"), P("Jane Doe"), P("Date: "))
    assert missing.district_signed_on is None and missing.school_years == ()
    assert missing.review_reasons == ("missing_signature_date",)
    future = _signed(P("For the District (Superintendent or Designee)"), P("Jane Doe"), P("Date: 09/27/2108"))
    assert (future.district_signed_on, future.school_years, future.expires_on) == ("2108-09-27", (), None)
    assert future.review_reasons == ("implausible_date",)


def test_unparseable_date_is_implausible() -> None:
    """A date slot holding no valid day ('2/30/2019') is implausible_date, not a silent null."""
    record = _signed(P("For the District (Superintendent or Designee)"), P("Jane Doe"), P("Date: 2/30/2019"))
    assert record.district_signed_on is None and "implausible_date" in record.review_reasons


def test_name_above_an_introducing_caption() -> None:
    """'For the District (...)' with the name typed above it (nothing below)."""
    record = _signed(P("Olivia B. Keller, Superintendent"), P("For the District (Superintendent or Designee)"), P("11/15/2019"), P("Date:"))
    assert record.signatory == Signatory("Olivia B. Keller", "Superintendent") and record.district_signed_on == "2019-11-15"


def test_one_row_signature_table() -> None:
    """'Superintendent Signature: | Jane Doe | Dated: | Nov. 15, 2019' in one row."""
    table = T(["Superintendent Signature:", "Jane Doe, Superintendent", "Dated:", "Nov. 15, 2019"])
    record = read(letter(signatures=[H("Signatures"), table, *RETURN]))
    assert record.signatory == Signatory("Jane Doe", "Superintendent") and record.district_signed_on == "2019-11-15"


def test_signature_table_with_a_spacer_row() -> None:
    """An empty row between the header row and the typed values is skipped."""
    table = T(["**Superintendent or Designee Name**", "**Signature**", "**Date**"], ["", "", ""],
              ["Jane Doe\nSuperintendent", "", "9/1/2025"],
              ["**KDE Designee**", "**Signature**", "**Date**"], ["", "", ""])
    record = read(letter(signatures=[H("Commitment"), table, *RETURN]))
    assert record.signatory == Signatory("Jane Doe", "Superintendent") and record.district_signed_on == "2025-09-01"
    assert record.kde_signed_on is None


def test_label_table_under_the_caption() -> None:
    """'Superintendent or Designee' followed by a Name/Title/Signature/Date label table."""
    table = T(["Name:", "Jane Doe"], ["Title:", "Superintendent"], ["Signature:", ""], ["Date:", "11/15/2019"])
    record = read(letter(signatures=[H("Signatures"), P("**Superintendent or Designee**"), table,
                                     P("**KDE Designee**"), T(["Name:", ""], ["Date:", ""]), *RETURN]))
    assert record.signatory == Signatory("Jane Doe", "Superintendent") and record.district_signed_on == "2019-11-15"


def test_signed_label_with_a_date_is_still_the_date() -> None:
    """'Signed: 11/15/2019' is a date line; 'Signed: /s/ Name' is the signature."""
    record = _signed(P("For the District (Superintendent or Designee)"), P("Signed: /s/ Olivia B. Keller"),
                     P("Title: Superintendent"), P("Signed: 11/15/2019"))
    assert record.signatory == Signatory("Olivia B. Keller", "Superintendent")
    assert record.district_signed_on == "2019-11-15" and "implausible_date" not in record.review_reasons


def test_docusign_stamp_lines_are_not_the_name() -> None:
    """'DocuSigned by:' and the envelope id around the typed name are skipped."""
    record = _signed(P("For the District (Superintendent or Designee)"), P("DocuSigned by:"), P("Olivia B. Keller"),
                     P("4D3F2A1B0C9E4F1…"), P("Superintendent"), P("Date: 11/15/2019"))
    assert record.signatory == Signatory("Olivia B. Keller", "Superintendent")


def test_designee_signing_on_behalf_keeps_only_their_title() -> None:
    """'Name, Title, on behalf of <superintendent>': the title stops before 'on behalf of'."""
    record = _signed(P("For the District (Superintendent or Designee)"),
                     P("Ana Flores, Director of Innovation, on behalf of Olivia B. Keller"), P("Date: 11/15/2019"))
    assert record.signatory == Signatory("Ana Flores", "Director of Innovation")


def test_s_slash_without_leading_slash_is_an_electronic_signature() -> None:
    """'s/ Name' is read like '/s/ Name': the marker is not part of the name."""
    record = _signed(P("For the District (Superintendent or Designee)"), P("s/ Olivia B. Keller"),
                     P("Superintendent"), P("Date: 11/15/2019"))
    assert record.signatory == Signatory("Olivia B. Keller", "Superintendent")


def test_kde_block_placed_above_the_district_block() -> None:
    """KDE's caption and date above the district's caption are still KDE's, not the district's."""
    record = _signed(*KDE[:3], P("Date: 12/16/2019"), P("For the District (Superintendent or Designee)"),
                     P("Olivia B. Keller"), P("Superintendent"), P("Date: 11/15/2019"), kde=[])
    assert record.signatory == Signatory("Olivia B. Keller", "Superintendent")
    assert (record.district_signed_on, record.kde_signed_on) == ("2019-11-15", "2019-12-16")


def test_title_typed_before_the_name() -> None:
    """'Superintendent Olivia B. Keller' is the title, then the name."""
    record = _signed(P("For the District (Superintendent or Designee)"), P("Superintendent Olivia B. Keller"),
                     P("Date: 11/15/2019"))
    assert record.signatory == Signatory("Olivia B. Keller", "Superintendent")


def test_date_line_straight_under_the_caption_then_the_name() -> None:
    """'Date: ...' typed right under 'For the District ...', the name and title below it."""
    record = _signed(P("For the District (Superintendent or Designee)"), P("Date: 11/15/2019"),
                     P("Olivia B. Keller"), P("Superintendent"))
    assert record.signatory == Signatory("Olivia B. Keller", "Superintendent")
    assert record.district_signed_on == "2019-11-15"
