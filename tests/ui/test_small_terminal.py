"""A small terminal (80x24): the columns a consultant needs, whole labels, F1 (issue 15, item 6)."""

from __future__ import annotations

import re

from textual.widgets import DataTable

from regie_tui.base import i18n
from regie_tui.screens.caseload import PRIORITY_COLUMNS
from regie_tui.widgets.summary_bar import FamilyChip

SMALL = (80, 24)


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _lines(app) -> list[str]:
    return ["".join(segment.text for segment in strip)
            for strip in app.screen._compositor.render_strips()]


async def test_needed_columns_in_view_at_80(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await _settle(pilot)
        table = app.screen.query_one(DataTable)
        right, shown = 0, {}
        for column in table.ordered_columns:
            shown[column.key.value] = right + column.get_render_width(table)
            right = shown[column.key.value]
        for key in PRIORITY_COLUMNS:
            assert shown[key] <= table.scrollable_content_region.width, key
        header = _lines(app)[table.region.y]
        for label in ("Signalen", "Jeugdige", "Duopartner"):
            assert label in header


async def test_columns_follow_a_resize(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await _settle(pilot)
        table = app.screen.query_one(DataTable)
        wide = [c.key.value for c in table.ordered_columns]
        await pilot.resize_terminal(*SMALL)
        await _settle(pilot)
        narrow = [c.key.value for c in table.ordered_columns]
        assert narrow[:len(PRIORITY_COLUMNS)] == list(PRIORITY_COLUMNS)
        assert sorted(narrow) == sorted(wide)  # the rest still there, to scroll to
        assert table.row_count > 0


async def test_family_labels_do_not_break_inside_a_word(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await _settle(pilot)
        lines = _lines(app)
        for chip in app.screen.query(FamilyChip):
            region = chip.content_region
            # Below the line with the key and the counts: the label, in whole words.
            shown = " ".join(lines[y][region.x:region.right]
                             for y in range(region.y + 1, region.bottom)).split()
            label = str(chip._content()).split("\n", 1)[1].split()
            assert shown == label, (chip.family, shown)


async def test_footer_keeps_f1_at_80(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await _settle(pilot)
        assert _lines(app)[-1].lstrip().startswith("f1 Help")
        app.open_case(demo_store.case_id_for_code("DEMO-0001"))
        await _settle(pilot)
        assert _lines(app)[-1].lstrip().startswith("f1 Help")
        # Every screen with keys, also those that had Textual's own Footer.
        for action in ("plan", "checklists"):
            await app.screen.run_action(action)
            await _settle(pilot)
            assert _lines(app)[-1].lstrip().startswith("f1 Help"), action
            app.pop_screen()
            await _settle(pilot)


async def test_plan_date_keeps_its_capital_in_english(demo_store, make_app):
    """ "Agreed on 3 November 2026": str.capitalize() made it "3 november"."""
    from regie_tui.screens.plan import PlanScreen

    app = make_app(demo_store)
    async with app.run_test(size=(140, 42)) as pilot:
        i18n.set_language("en")
        await _settle(pilot)
        await app.push_screen(PlanScreen(app.context, demo_store.case_id_for_code("DEMO-0001")))
        await _settle(pilot)
        agreed = [line for line in _lines(app) if "Agreed on" in line]
        assert agreed and re.search(r"Agreed on \d+ [A-Z][a-z]+ \d{4}", agreed[0]), agreed
