"""Checkboxes and radio buttons whose state reads without colour.

Textual draws a checkbox as ``▐X▌`` and a radio button as ``▐●▌`` whether it
is on or off; only the colour changes. On a laptop screen in daylight (or
for a colour-blind consultant) "the youth took part" then looked ticked when
it was not, and a saved contact did not count. These subclasses draw a
different symbol for each state: ☑ / ☐ and ◉ / ○. Every checkbox, radio
button and selection list in Regie is one of these.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

CHECK_ON, CHECK_OFF = "☑", "☐"
RADIO_ON, RADIO_OFF = "◉", "○"


def _glyph(widget, on: str, off: str) -> Content:
    # Keep Textual's colours as a second cue, but the symbol alone tells the state.
    style = widget.get_visual_style("toggle--button")
    return Content.assemble(" ", (on if widget.value else off, style), " ")


class TickBox(Checkbox):
    """A checkbox showing ☑ when ticked and ☐ when not."""

    @property
    def _button(self) -> Content:
        return _glyph(self, CHECK_ON, CHECK_OFF)


class TickRadio(RadioButton):
    """A radio button showing ◉ when chosen and ○ when not."""

    @property
    def _button(self) -> Content:
        return _glyph(self, RADIO_ON, RADIO_OFF)


class TickSelectionList(SelectionList):
    """A selection list whose items show ☑ when ticked and ☐ when not."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        if len(segments) < 3:
            return line
        # Textual puts "▐X▌" (three segments) before each item, the same either way.
        glyph = CHECK_ON if selection.value in self._selected else CHECK_OFF
        left, inner, right = segments[:3]
        new = [Segment(" ", left.style), Segment(glyph, inner.style),
               Segment(" ", right.style), *segments[3:]]
        return Strip(new, line.cell_length)
