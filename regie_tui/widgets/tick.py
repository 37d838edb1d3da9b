"""Checkboxes and radio buttons whose state reads without colour.

Textual draws a checkbox as ``▐X▌`` and a radio button as ``▐●▌`` whether it
is on or off; only the colour changes. On a laptop screen in daylight (or
for a colour-blind consultant) "the youth took part" then looked ticked when
it was not, and a saved contact did not count. These subclasses draw a
different symbol for each state: ☑ / ☐ and ◉ / ○. Every checkbox and radio
button in Regie is one of these (a test walks the screens and checks it).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton

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
