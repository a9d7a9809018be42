"""Points of action and their bold focus phrases, however the list was made."""
from __future__ import annotations

import pytest

from sharepoint_sync.extract.blocks import Cell, Paragraph, Table
from tests.extract.test_fields_kit import AGREEMENT, H, LI, P, T, letter, read, runs, view

INSTRUCTION = P("Within the framework of the KY ILN priorities, identify two to four points of action.")
PLAN_HEADING = H("District Plan")


def _plan(*items, heading=PLAN_HEADING):
    return read(letter(plan=[heading, INSTRUCTION, *items]))


@pytest.mark.parametrize("marker", ["• ", "•", "- ", "-", "* ", "1. ", "1.", "1) ", "a) ", "(1) ", "– "])
def test_typed_markers_are_dropped(marker: str) -> None:
    """Typed list markers are not part of the point."""
    record = _plan(P(f"{marker}We grow **student agency**."), P(f"{marker}We pilot **microcredentials**."))
    assert record.action_points == ("We grow student agency.", "We pilot microcredentials.")
    assert record.focus_areas == ("student agency", "microcredentials")


def test_word_numbering_and_list_styles() -> None:
    """Word-numbered paragraphs and List Bullet styled paragraphs are points; other text is not."""
    record = _plan(LI("First point."), P("Second point.", style="ListBullet"), P("A closing remark, not a point."))
    assert record.action_points == ("First point.", "Second point.")


def test_plain_paragraphs_are_points_when_nothing_is_listed() -> None:
    """Without any list marking, each paragraph under the plan heading is a point."""
    assert _plan(P("First point."), P("Second point.")).action_points == ("First point.", "Second point.")


def test_white_space_is_folded_and_quotes_kept() -> None:
    """NBSPs and runs of spaces fold to one space; quotes stay as written."""
    record = _plan(LI("One\u00a0senior  said, \u201cThis is the first time.\u201d\tReally."))
    assert record.action_points == ("One senior said, \u201cThis is the first time.\u201d Really.",)


def test_bold_split_across_runs_is_one_phrase() -> None:
    """Consecutive bold runs (and spaces between them) form one focus phrase; bold outside points does not count."""
    record = _plan(LI("We strengthen our **multi-**** tiered** **system** of supports."))
    assert record.focus_areas == ("multi- tiered system",)
    assert "Kentucky Innovative Learning Network (KY ILN)" not in record.focus_areas


def test_empty_items_and_the_instruction_are_not_points() -> None:
    """An empty list item, an underscore line and the form's instruction are not points."""
    record = _plan(LI(""), LI("Real point."), P("________"))
    assert record.action_points == ("Real point.",)


def test_plan_ends_at_the_agreement() -> None:
    """Text after the plan (agreement, signatures, an appended report) is not a point."""
    record = read(letter(extra=[H("Annual Report"), LI("Appended bullet, not a point.")]))
    assert "Appended bullet, not a point." not in record.action_points
    assert len(record.action_points) == 2


def test_points_under_a_points_of_action_heading_in_bold() -> None:
    """A bold (not Heading-styled) 'District Points of Action' heading works like a Heading style."""
    record = _plan(LI("Only point."), heading=P("**District Points of Action**"))
    assert record.action_points == ("Only point.",)


def test_no_points_is_a_review_reason() -> None:
    """A plan with nothing under it: missing_action_points."""
    record = read(letter(plan=[H("District Plan"), INSTRUCTION], agreement=AGREEMENT))
    assert record.action_points == () and record.review_reasons == ("missing_action_points",)


def test_plan_followed_directly_by_signatures() -> None:
    """With no agreement heading, the plan still ends at the signature caption."""
    sigs = [P("For the District (Superintendent or Designee)"), P("Jane Doe"), P("Date: 11/15/2019")]
    record = read(letter(agreement=[], signatures=sigs))
    assert len(record.action_points) == 2 and record.district_signed_on == "2019-11-15"


def test_bold_point_titles_do_not_end_the_plan() -> None:
    """A district setting each point's title in bold on its own line keeps all its points."""
    record = _plan(P("**Portrait of a Graduate**"), P("We will define competencies."), P("**Student Agency**"), P("Students set goals."))
    assert "We will define competencies." in record.action_points and "Students set goals." in record.action_points


def test_a_point_table_with_one_text_column_gives_one_point_per_row() -> None:
    """'# | Point of action' rows are points; the header row and the number column are not."""
    record = _plan(T(["**#**", "**Point of action**"], ["1", "We grow **student agency**."], ["2", "We pilot PBL."]))
    assert record.action_points == ("We grow student agency.", "We pilot PBL.")
    assert record.focus_areas == ("student agency",)


def test_a_point_table_with_two_text_columns_is_not_guessed() -> None:
    """'Action | Description' with text in both cells has no single point text: none is read, so review."""
    record = _plan(T(["**Action**", "**Description**"], ["Portrait of a Learner", "A design team meets monthly."]))
    assert record.action_points == () and "missing_action_points" in record.review_reasons


def test_inline_numbers_split_only_after_a_sentence_end() -> None:
    """'1) ... 2) ...' in one paragraph is two points, but a '2.' inside a sentence is no new point."""
    record = _plan(P("1) We teach grade 2. students to code; 2) we pilot PBL."))
    assert record.action_points == ("We teach grade 2. students to code;", "we pilot PBL.")


def test_plan_in_the_value_cell_of_a_label_row() -> None:
    """A form laid out as 'District Plan | <the points>' rows reads the points from the value cell."""
    row = Table(((Cell((P("**District Plan**"),)),
                  Cell((LI("We want to grow **student agency**."), LI("We pilot **microcredentials**.")))),))
    record = read(letter(plan=[row]))
    assert record.action_points == ("We want to grow student agency.", "We pilot microcredentials.")
    assert record.focus_areas == ("student agency", "microcredentials")


@pytest.mark.parametrize("heading", ["Innovation Priorities", "Our Commitments", "Action Steps"])
def test_plan_under_a_retitled_heading(heading: str) -> None:
    """Districts retitle 'District Plan'; the points under the retitled heading are still the plan."""
    record = read(letter(plan=[H(heading), P("This year we commit to the following:"),
                               LI("We want to grow **student agency**.")]))
    assert record.action_points[-1] == "We want to grow student agency." and record.is_loc


def test_letter_typed_inside_a_one_cell_table_reads_as_body() -> None:
    """A one-cell table is a frame around the letter, not a grid: the letter inside reads normally."""
    inner = letter()
    record = read(view(Table(((Cell(inner.body),),))))
    assert (record.status, record.district, record.action_points) == ("ok", "Knox County", read(inner).action_points)


def test_nested_list_items_join_the_point_above() -> None:
    """Word list items one level deeper than the plan's points detail the point above them."""
    sub = Paragraph(runs("Family **survey** first."), style="ListParagraph", list_level=1, list_format="lowerLetter")
    record = _plan(LI("We grow **student agency**."), sub, LI("We pilot **microcredentials**."))
    assert record.action_points == ("We grow student agency. Family survey first.", "We pilot microcredentials.")
    assert record.focus_areas == ("student agency", "survey", "microcredentials")
