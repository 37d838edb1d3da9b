"""The last guard before the terminal: no control character in anything drawn.

Screens show stored text through ``safe_text.plain`` (controls as visible
escapes). Anything that reaches a widget another way (a value pasted into an
Input, a title, a toast, a ``Text.append`` of a note) still passes this line
filter, which drops C0/C1 controls and bidi controls from every segment: an
ESC or a C1 CSI would otherwise be obeyed by the terminal (retitle the window,
move the cursor, clear the screen) and a bidi override would reorder the line.
They are dropped rather than escaped here because they take no cell: the
line keeps its width and layout.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from regie_tui.base.safe_text import has_unsafe, strip_unsafe


class ControlFilter(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        # Every line the app paints passes here (dozens per keystroke in the
        # caseload's filter): a clean line, nearly all of them, is looked at once
        # as a whole and given back as it is, with no new segment made.
        if not has_unsafe("".join([s.text for s in segments])):
            return segments
        # Control segments (cursor moves Textual itself emits) have no text.
        return [Segment(strip_unsafe(s.text), s.style, s.control)
                if s.text and not s.control else s for s in segments]
