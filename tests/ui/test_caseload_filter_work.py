"""The caseload's text filter does per keystroke only what the keystroke changes.

Issue 19: a filter keystroke on 10,000 cases must be painted within one
frame (16 ms). A layout re-arranges and paints every widget of the screen,
so a key that changes neither the page of rows nor the height of the status
line must not ask for one; and a page of the very rows shown is not put into
the table again. No timing here (bench/bench_caseload.py measures it): these
count the work.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from tests.ui.conftest import SIZE


async def _ready(app, pilot):
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _count_layouts(monkeypatch) -> list:
    calls: list = []
    real = Screen._refresh_layout

    def counting(self, *args, **kwargs):
        calls.append(type(self).__name__)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    return calls


async def test_a_filter_key_that_keeps_the_page_lays_nothing_out(demo_store, make_app,
                                                                 monkeypatch):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one(DataTable)
        keys = [row.key.value for row in table.ordered_rows]
        # A letter every row of "my cases" matches: the same page of rows stays.
        letter = next(ch for ch in "abcdefghijklmnopqrstuvwxyz"
                      if all(ch in r.haystack for r in screen.selection.rows_in_view()))
        layouts = _count_layouts(monkeypatch)
        added = []
        monkeypatch.setattr(type(table), "add_row",
                            lambda self, *a, **k: added.append(k.get("key")))
        await pilot.press(letter)
        await pilot.pause()
        assert screen.query_one("#filter", Input).value == letter
        assert [row.key.value for row in table.ordered_rows] == keys
        assert added == []  # the same rows: nothing put into the table again
        assert layouts == []  # the box and the status line keep their size: no layout


async def test_the_status_line_is_laid_out_again_when_it_needs_another_line(
        demo_store, make_app, monkeypatch):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        status = screen.query_one("#status", Static)
        width = status.content_size.width
        layouts = _count_layouts(monkeypatch)
        screen._show_status("x" * (width + 5))  # two lines now
        await pilot.pause()
        assert layouts and status.size.height == 2
        layouts.clear()
        screen._show_status("y" * (width + 9))  # still two lines
        await pilot.pause()
        assert layouts == []
        screen._show_status("short")  # one line again
        await pilot.pause()
        assert layouts and status.size.height == 1
