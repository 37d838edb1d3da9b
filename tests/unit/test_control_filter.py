"""The last guard before the terminal (widgets.control_filter): controls are dropped,
and a clean line, nearly every line painted, passes untouched (no new segments)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.color import Color

from regie_tui.widgets.control_filter import ControlFilter

BACKGROUND = Color(0, 0, 0)


def test_a_clean_line_is_given_back_as_it_is():
    line = [Segment("DEMO-0001 ", Style(bold=True)), Segment("Gezin Berk (1)")]
    assert ControlFilter().apply(line, BACKGROUND) is line


def test_controls_and_bidi_characters_are_dropped_and_the_rest_kept():
    style = Style(color="red")
    move = Segment("", None, [(1,)])  # a control segment Textual emits itself
    line = [Segment("ok "), Segment("a\x1b]0;pwned\x07b", style), move, Segment("\u202eevil")]
    out = ControlFilter().apply(line, BACKGROUND)
    assert [s.text for s in out] == ["ok ", "a]0;pwnedb", "", "evil"]
    assert out[1].style == style and out[2] is move
