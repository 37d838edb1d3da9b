"""A one-line filter box whose typing does not re-lay-out the whole screen.

Textual's ``Input`` sets its ``virtual_size`` (the width of the text typed)
on every keystroke, and ``virtual_size`` is a reactive that asks for a
layout: the screen is then arranged and composited anew, every widget, for
each key (on the caseload: ~8 ms of a 16 ms frame). A box of fixed size
(the default ``Input``: the full width, 3 lines) never changes its place or
size with its text; scrolling the text inside it reads ``virtual_size`` when
the cursor moves, and a repaint shows it. So here it only asks for a repaint.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FilterInput(Input):
    # Repaint only: the box keeps its size whatever is typed (see the module's doc).
    virtual_size = Reactive(Size(0, 0), repaint=True, layout=False)
