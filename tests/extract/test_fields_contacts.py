"""Contacts and the ILN point of contact, however the district typed them."""
from __future__ import annotations

from sharepoint_sync.record import Person
from tests.extract.test_fields_kit import H, P, T, letter, read

KELLER = Person("Olivia B. Keller", "Superintendent", "olivia.keller@knox.kyschools.us")
ISAACS = Person("Dwayne Isaacs", "Instructional Supervisor", "dwayne.isaacs@knox.kyschools.us")


def _contacts(*blocks):
    return read(letter(contacts=list(blocks)))


def test_role_table_labels_the_point_of_contact() -> None:
    """A role column naming the ILN Point of Contact picks it even when it is not first; emails lower-cased."""
    record = read(letter())
    assert record.contacts == (KELLER, ISAACS)
    assert record.point_of_contact == ISAACS


def test_headerless_table_is_read_by_content() -> None:
    """A contact table without a header row: names, titles and emails found by what they look like."""
    record = _contacts(H("District Contacts"), T(["Olivia B. Keller", "Superintendent", "Olivia.Keller@knox.kyschools.us"],
                                                   ["Dwayne Isaacs", "Instructional Supervisor", "dwayne.isaacs@knox.kyschools.us"]))
    assert record.contacts == (KELLER, ISAACS) and record.point_of_contact == KELLER


def test_blank_table_rows_are_not_contacts() -> None:
    """An empty Additional Contact row is skipped."""
    record = _contacts(H("District Contacts"), T(["**Role**", "**Name**", "**Title**", "**Email**"],
                                                   ["Superintendent", "Olivia B. Keller", "Superintendent",
                                                    "olivia.keller@knox.kyschools.us"],
                                                   ["Additional Contact", "", "", ""]))
    assert record.contacts == (KELLER,)


def test_inline_contacts_in_every_separator_style() -> None:
    """'Name, Title, email', 'Name Title email', 'Name – Title – email' and 'Name email' all read."""
    record = _contacts(P("Contact information:"), P("Knox County Schools"),
                       P("Olivia B. Keller, Superintendent, olivia.keller@knox.kyschools.us"),
                       P("Dwayne Isaacs Instructional Supervisor dwayne.isaacs@knox.kyschools.us"),
                       P("Rachel Holbrook – Director of Innovation – Rachel.Holbrook@knox.kyschools.us"),
                       P("Kevin Pratt kevin.pratt@knox.kyschools.us"))
    assert record.contacts == (KELLER, ISAACS, Person("Rachel Holbrook", "Director of Innovation", "rachel.holbrook@knox.kyschools.us"),
                               Person("Kevin Pratt", None, "kevin.pratt@knox.kyschools.us"))


def test_person_over_several_lines() -> None:
    """Name, title and email on three lines are one contact."""
    record = _contacts(P("Contact information:"), P("Olivia B. Keller"), P("Superintendent"), P("olivia.keller@knox.kyschools.us"))
    assert record.contacts == (KELLER,)


def test_labelled_fields_grouped_per_person() -> None:
    """Name:/Title:/Email: fields under the point-of-contact heading, then an additional contact."""
    record = _contacts(H("ILN Point of Contact"), P("**Name: **Dwayne Isaacs"), P("**Title: **Instructional Supervisor"),
                       P("**Email: **Dwayne.Isaacs@knox.kyschools.us"), P("**Additional District Contact (optional)**"),
                       P("**Name: **Olivia B. Keller"), P("**Title: **Superintendent"), P("**Email: **olivia.keller@knox.kyschools.us"))
    assert record.contacts == (ISAACS, KELLER) and record.point_of_contact == ISAACS


def test_inline_labelled_point_of_contact() -> None:
    """'ILN Point of Contact: Name, Title, email' on one line."""
    record = _contacts(H("ILN Point of Contact"),
                       P("**ILN Point of Contact: **Dwayne Isaacs, Instructional Supervisor, dwayne.isaacs@knox.kyschools.us"))
    assert record.point_of_contact == ISAACS


def test_placeholder_title_is_empty_and_flagged() -> None:
    """A title still showing Word's prompt is null and makes the letter unfilled_placeholder."""
    record = _contacts(H("ILN Point of Contact"), P("**Name: **Dwayne Isaacs"), P("**Title: **Click or tap here to enter text."),
                       P("**Email: **dwayne.isaacs@knox.kyschools.us"))
    assert record.contacts == (Person("Dwayne Isaacs", None, "dwayne.isaacs@knox.kyschools.us"),)
    assert record.review_reasons == ("unfilled_placeholder",)


def test_contact_without_email_is_kept_but_flagged() -> None:
    """A contact with no email stays a contact; with no email at all the letter is missing_contact."""
    record = _contacts(H("ILN Point of Contact"), P("**Name: **Dwayne Isaacs"), P("**Title: **Instructional Supervisor"), P("**Email: **"))
    assert record.contacts == (Person("Dwayne Isaacs", "Instructional Supervisor", None),)
    assert record.review_reasons == ("missing_contact",)


def test_kde_person_in_return_instructions_is_not_a_contact() -> None:
    """The KDE address in 'return this letter to ...' never becomes a district contact."""
    record = read(letter())
    assert all("education.ky.gov" not in (c.email or "") for c in record.contacts)


def test_inline_point_of_contact_marker() -> None:
    """'(ILN Point of Contact)' after a person marks them as the point of contact and is not their title."""
    record = _contacts(P("Contact information:"), P("Olivia B. Keller, Superintendent, olivia.keller@knox.kyschools.us"),
                       P("Dwayne Isaacs, Instructional Supervisor (ILN Point of Contact), dwayne.isaacs@knox.kyschools.us"))
    assert record.contacts == (KELLER, ISAACS) and record.point_of_contact == ISAACS


def test_headerless_role_table_without_emails() -> None:
    """In the contact block, a headerless table with a role column and no emails still lists its people."""
    record = _contacts(H("District Contacts"), T(["Superintendent", "Olivia B. Keller", "Superintendent"],
                                                   ["ILN Point of Contact", "Dwayne Isaacs", "Instructional Supervisor"]))
    assert record.contacts == (Person("Olivia B. Keller", "Superintendent", None),
                               Person("Dwayne Isaacs", "Instructional Supervisor", None))
    assert record.point_of_contact == record.contacts[1] and record.review_reasons == ("missing_contact",)


def test_labels_without_colons() -> None:
    """'Name<TAB>value' and a bold label without a colon are labels too."""
    record = _contacts(H("ILN Point of Contact"), P("**Name\t**Dwayne Isaacs"), P("**Title** Instructional Supervisor"),
                       P("**Email\t**dwayne.isaacs@knox.kyschools.us"))
    assert record.contacts == (ISAACS,)


def test_people_in_an_appended_report_are_not_contacts() -> None:
    """A staff table and a contact heading in a report appended after the form add no contacts."""
    appended = [H("Annual Report"), P("Prepared by Jane Roe, Director, jane.roe@knox.kyschools.us"), H("Contacts"),
                T(["Jane Roe", "Director", "jane.roe@knox.kyschools.us"])]
    assert read(letter(extra=appended)).contacts == (KELLER, ISAACS)


def test_contact_section_after_the_plan() -> None:
    """A contact table placed after the plan (before the signatures) is still read."""
    from tests.extract.test_fields_kit import CONTACTS, PLAN
    assert read(letter(contacts=[], plan=PLAN + CONTACTS)).contacts == (KELLER, ISAACS)


def test_vertical_label_table() -> None:
    """A two-column table of 'Name:'/'Title:'/'Email:' rows under the point-of-contact heading."""
    record = _contacts(H("ILN Point of Contact"), T(["Name:", "Dwayne Isaacs"], ["Title:", "Instructional Supervisor"],
                                                      ["Email:", "Dwayne.Isaacs@knox.kyschools.us"], ["Name:", "Olivia B. Keller"],
                                                      ["Title:", "Superintendent"], ["Email:", "olivia.keller@knox.kyschools.us"]))
    assert record.contacts == (ISAACS, KELLER) and record.point_of_contact == ISAACS


def test_point_of_contact_labelled_outside_a_contact_section() -> None:
    """'ILN Point of Contact: Name, Title, email' right under the District line still counts."""
    from tests.extract.test_fields_kit import DISTRICT
    district = DISTRICT + [P("ILN Point of Contact: Dwayne Isaacs, Instructional Supervisor, dwayne.isaacs@knox.kyschools.us")]
    record = read(letter(district=district, contacts=[]))
    assert record.contacts == (ISAACS,) and record.point_of_contact == ISAACS


def test_email_typed_in_the_name_cell_of_an_empty_email_column() -> None:
    """'Name address' in the Name cell, the Email cell empty: the address is the contact's e-mail."""
    record = _contacts(H("District Contacts"), T(["**Role**", "**Name**", "**Title**", "**Email**"],
                                                   ["Superintendent", "Olivia B. Keller olivia.keller@knox.kyschools.us",
                                                    "Superintendent", ""],
                                                   ["ILN Point of Contact", "Dwayne Isaacs", "Instructional Supervisor",
                                                    "dwayne.isaacs@knox.kyschools.us"]))
    assert record.contacts == (KELLER, ISAACS)
