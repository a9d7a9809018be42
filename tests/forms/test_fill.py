"""Filling the official form: values land in their tagged controls, placeholders go, truth follows."""
from __future__ import annotations

import io
from datetime import date

import docx

from iln_demo.forms import tags
from iln_demo.forms.fill import FormValues, facts_of, fill_form
from iln_demo.forms.truth import expected_record
from sharepoint_sync.record import INITIATIVES, Person, Signatory
from tests.forms.conftest import W, W14, bold_texts, control_text, controls, showing_placeholder

POC = Person("Kristen T. Wireman", "Director of Innovation", "Kristen.Wireman@metcalfe.kyschools.us")
EXTRA = (Person("Courtney Bowman", "Chief Academic Officer", "courtney.bowman@metcalfe.kyschools.us"),
         Person("Dale Pruitt", None, "dale.pruitt@metcalfe.kyschools.us"),
         Person("Ann Lee", "Principal", "ann.lee@metcalfe.kyschools.us"))
VALUES = FormValues(
    district="Metcalfe Co. Schools", academic_year=2024, point_of_contact=POC, contacts=EXTRA,
    initiatives=("Portrait of a Learner", "Deeper Learning"),
    action_points=("The district is exploring **flexible scheduling** at the secondary level.",
                   "We use **professional learning communities** to study student work."),
    signatory=Signatory("Zachary Vanover", "Superintendent"),
    district_signed_on=date(2024, 11, 8), kde_name="Marcus Hale", kde_signed_on=date(2024, 11, 29),
)


def _one(found, tag):
    assert len(found[tag]) == 1, tag
    return found[tag][0]


def test_values_land_in_their_controls() -> None:
    """Each typed value is the text of the control with its tag, no longer a placeholder."""
    found = controls(fill_form(VALUES))
    typed = {tags.DISTRICT: VALUES.district, tags.ACADEMIC_YEAR: "2024-2025", tags.POC_NAME: POC.name,
             tags.POC_TITLE: POC.title, tags.POC_EMAIL: POC.email, tags.SIGNATORY_NAME: "Zachary Vanover",
             tags.SIGNATORY_TITLE: "Superintendent", tags.DISTRICT_SIGNED_ON: "11/8/2024",
             tags.KDE_NAME: "Marcus Hale", tags.KDE_SIGNED_ON: "11/29/2024"}
    for tag, text in typed.items():
        sdt = _one(found, tag)
        assert control_text(sdt) == text and not showing_placeholder(sdt), tag


def test_more_contacts_than_rows_add_rows() -> None:
    """Three additional contacts give tagged rows 1..3 in order."""
    found = controls(fill_form(VALUES))
    for index, person in enumerate(EXTRA, start=1):
        assert control_text(_one(found, tags.contact_tag(index, "name"))) == person.name
        assert control_text(_one(found, tags.contact_tag(index, "title"))) == (person.title or "")


def test_action_points_keep_bold_focus_and_drop_unused_slots() -> None:
    """Two points fill iln.action.1-2 with the bold phrase as a bold run; slot 3 is gone."""
    found = controls(fill_form(VALUES))
    first = _one(found, tags.action_tag(1))
    assert control_text(first) == "The district is exploring flexible scheduling at the secondary level."
    assert bold_texts(first) == ["flexible scheduling"]
    assert bold_texts(_one(found, tags.action_tag(2))) == ["professional learning communities"]
    assert tags.action_tag(3) not in found


def test_ticked_initiatives_are_checked_controls() -> None:
    """Ticked initiatives show ☒ and w14:checked=1, the others ☐ and 0."""
    found = controls(fill_form(VALUES))
    for name in INITIATIVES:
        sdt = _one(found, tags.initiative_tag(name))
        ticked = name in VALUES.initiatives
        assert sdt.find(f"{W}sdtPr/{W14}checkbox/{W14}checked").get(f"{W14}val") == ("1" if ticked else "0")
        assert control_text(sdt) == ("\u2612" if ticked else "\u2610")


def test_picked_dates_are_recorded_on_the_date_control() -> None:
    """A filled date control carries w:fullDate, as Word's date picker writes it."""
    found = controls(fill_form(VALUES))
    date_el = _one(found, tags.DISTRICT_SIGNED_ON).find(f"{W}sdtPr/{W}date")
    assert date_el.get(f"{W}fullDate") == "2024-11-08T00:00:00Z"


def test_left_placeholder_stays_and_counts_as_empty() -> None:
    """A tag left showing its placeholder keeps w:showingPlcHdr; the truth has that field null and the reason."""
    values = FormValues(**{**VALUES.__dict__, "leave_placeholders": frozenset({tags.POC_TITLE})})
    found = controls(fill_form(values))
    assert showing_placeholder(_one(found, tags.POC_TITLE))
    record = expected_record(facts_of(values, "x.docx", date(2026, 11, 28), "Metcalfe County"))
    assert record["point_of_contact"]["title"] is None
    assert record["review_reasons"] == ["unfilled_placeholder"]


def test_filled_form_opens_in_python_docx_and_is_deterministic() -> None:
    """Equal values give equal bytes, and Word's reader (python-docx) opens them."""
    data = fill_form(VALUES)
    assert data == fill_form(VALUES)
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == "KY ILN Letter of Commitment"


def test_truth_of_a_complete_form_is_ok() -> None:
    """A complete form's expected record is ok, with the stated year as its term and the POC first."""
    record = expected_record(facts_of(VALUES, "m.docx", date(2026, 11, 28), "Metcalfe County"))
    assert record["status"] == "ok" and record["review_reasons"] == []
    assert record["school_years"] == ["2024-2025"] and record["expires_on"] == "2025-06-30"
    assert record["point_of_contact"]["email"] == POC.email.lower()
    assert [c["name"] for c in record["contacts"]] == [POC.name] + [p.name for p in EXTRA]
    assert record["focus_areas"] == ["flexible scheduling", "professional learning communities"]
