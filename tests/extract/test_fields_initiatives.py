"""Ticked initiatives (kyiln-2023), by canonical name and in the form's order; prose never counts."""
from __future__ import annotations

from sharepoint_sync.extract.blocks import Paragraph, Run
from tests.extract.test_fields_kit import H, LI, P, letter, read

INSTRUCTION = P("Please identify the points of action for your district's innovation work.")


def _with(*lines):
    return read(letter(plan=[H("KY ILN Initiatives"), *lines, H("District Points of Action"), INSTRUCTION, LI("A point.")]))


def test_glyph_checkboxes_with_descriptions() -> None:
    """☒ ticks, ☐ does not; 'Deeper Learning Grant' is 'Deeper Learning'; results in the form's order."""
    record = _with(P("☐** Local Laboratories of Learning (L3s)**: coalitions"), P("☒** Innovative Teacher Fellowship**: teachers"),
                   P("☒** Deeper Learning Grant**: cooperatives"), P("☒ Portrait of a Learner"))
    assert record.initiatives == ("Portrait of a Learner", "Deeper Learning", "Innovative Teacher Fellowship")


def test_checkbox_content_controls() -> None:
    """A checkbox content control reaches field reading as a tagged ☒/☐ run."""
    ticked = Paragraph((Run("☒", field_tag="iln.initiative.project-based-learning"), Run(" "), Run("Project-Based Learning", bold=True)))
    unticked = Paragraph((Run("☐", field_tag="iln.initiative.student-microcredentials"), Run(" Student Microcredentials")))
    assert _with(ticked, unticked).initiatives == ("Project-Based Learning",)


def test_typed_boxes_count() -> None:
    """'[x] Name' is ticked, '[ ] Name' is not."""
    assert _with(P("[x] Student Microcredentials"), P("[ ] Portrait of a Learner")).initiatives == ("Student Microcredentials",)


def test_mentions_in_prose_do_not_count() -> None:
    """A point mentioning Deeper Learning ticks nothing."""
    record = read(letter(plan=[H("District Plan"), LI("We joined the Deeper Learning work and Portrait of a Learner.")]))
    assert record.initiatives == ()


def test_checkbox_table_rows() -> None:
    """A table of initiatives: the box in its own cell, name and description in the next cells."""
    from tests.extract.test_fields_kit import T
    table = T(["☐", "**Local Laboratories of Learning (L3s)**", "coalitions"], ["☑", "**Portrait of a Learner**", "communities"])
    assert _with(table).initiatives == ("Portrait of a Learner",)


def test_square_bullets_are_not_ticks() -> None:
    """'■' is a bullet style, not a ticked box."""
    assert _with(P("■ Portrait of a Learner")).initiatives == ()
