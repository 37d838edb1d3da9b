"""The caseload screen: views, family filter, text filter, sort, paging, open and return."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from regie_tui.rules import signals as S
from regie_tui.views import caseload as V
from tests.conftest import TODAY
from tests.ui.conftest import SIZE


def _expected(store, view, user="Sanne Voorbeeld"):
    """The rows the screen should show, computed the same way but without the UI."""
    from regie_tui.rules.engine import evaluate
    from regie_tui.rules.intervals import Intervals

    caseload = store.load_caseload()
    rows = V.build_rows(caseload, evaluate(caseload, TODAY, Intervals()), TODAY, Intervals())
    return V.view_rows(rows, view, store.consultant_id(user))


async def _ready(app, pilot):
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _keys(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [row.key.value for row in table.ordered_rows]


def _status(app) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def test_the_four_views_by_number_key(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        assert type(app.screen).__name__ == "CaseloadScreen"
        for key, view in (("2", V.VIEW_DUO), ("4", V.VIEW_CLOSED), ("1", V.VIEW_MINE)):
            await pilot.press(key)
            await pilot.pause()
            expected = [str(r.case_id) for r in _expected(demo_store, view)][:100]
            assert expected, view
            assert _keys(app) == expected
        mine = _expected(demo_store, V.VIEW_MINE)
        me = demo_store.consultant_id("Sanne Voorbeeld")
        assert all(r.process_director_id == me and r.active for r in mine)


async def test_views_by_mouse_on_the_tabs(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.click("#view-closed")
        await pilot.pause()
        closed = _expected(demo_store, V.VIEW_CLOSED)
        assert _keys(app) == [str(r.case_id) for r in closed]
        assert app.screen.view == V.VIEW_CLOSED


async def test_team_view_pages_rows_and_says_how_many(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        team = _expected(demo_store, V.VIEW_TEAM)
        assert len(team) > 100
        table = app.screen.query_one(DataTable)
        assert table.row_count == 100
        assert f"100 van {len(team)} casussen" in _status(app)
        await pilot.press("ctrl+end")  # the cursor near the end loads the next page
        await pilot.pause()
        assert table.row_count == len(team)
        assert f"{len(team)} van {len(team)} casussen" in _status(app)


async def test_family_filter_on_and_off(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        everything = _keys(app)
        await pilot.press("p")  # plan bijstellen
        await pilot.pause()
        with_plan = [str(r.case_id) for r in _expected(demo_store, V.VIEW_MINE)
                     if S.FAMILY_PLAN in r.families]
        assert 0 < len(with_plan) < len(everything)
        assert _keys(app) == with_plan
        assert "▶" in str(app.screen.query_one("#family-plan").render())
        await pilot.press("p")
        await pilot.pause()
        assert _keys(app) == everything
        # The mouse does the same.
        await pilot.click("#family-plan")
        await pilot.pause()
        assert _keys(app) == with_plan
        await pilot.click("#family-plan")
        await pilot.pause()
        assert _keys(app) == everything


async def test_summary_counts_cases_by_worst_severity_per_family(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        counts = V.family_counts(_expected(demo_store, V.VIEW_MINE))
        chip = str(app.screen.query_one("#family-plan").render())
        plan = counts[S.FAMILY_PLAN]
        assert plan.overdue and f"▲ {plan.overdue}" in chip


async def test_incremental_filter_and_escape_clears_it(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("slash")
        box = app.screen.query_one("#filter", Input)
        assert box.display and box.has_focus
        await pilot.press(*"berk")
        await pilot.pause()
        shown = _keys(app)
        expected = [str(r.case_id) for r in _expected(demo_store, V.VIEW_TEAM)
                    if "berk" in r.haystack]
        assert shown == expected and 0 < len(shown) < 100
        await pilot.press("escape")
        await pilot.pause()
        assert not box.display and box.value == ""
        assert app.screen.query_one(DataTable).row_count == 100


async def test_filter_on_a_consultant_name(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("3", "slash", *"bram", "enter")
        await pilot.pause()
        bram = demo_store.consultant_id("Bram Oefen")
        rows = {r.case_id: r for r in _expected(demo_store, V.VIEW_TEAM)}
        shown = [rows[int(k)] for k in _keys(app)]
        assert shown and all(bram in (r.process_director_id, r.duo_partner_id) for r in shown)
        assert app.screen.query_one(DataTable).has_focus  # Enter goes back to the table


async def test_filter_that_matches_nothing_says_how_to_clear_it(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("slash", *"zzzz")
        await pilot.pause()
        empty = app.screen.query_one("#empty", Static)
        assert empty.display and not app.screen.query_one(DataTable).display
        assert "Escape" in str(empty.render())
        await pilot.press("escape")
        await pilot.pause()
        assert not empty.display and app.screen.query_one(DataTable).row_count > 0


async def test_sort_by_any_column_and_reverse(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        rows = {str(r.case_id): r for r in _expected(demo_store, V.VIEW_MINE)}
        await pilot.press("s")  # by code
        await pilot.pause()
        codes = [rows[k].code for k in _keys(app)]
        assert codes == sorted(codes)
        await pilot.press("S")
        await pilot.pause()
        assert [rows[k].code for k in _keys(app)] == sorted(codes, reverse=True)
        assert "Code ↓" in _status(app)


async def test_clicking_a_header_sorts_by_that_column(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        table = app.screen.query_one(DataTable)
        rows = {str(r.case_id): r for r in _expected(demo_store, V.VIEW_MINE)}
        column = V.COLUMN_KEYS.index(V.COL_NEXT_MDO)
        table.post_message(DataTable.HeaderSelected(
            table, table.ordered_columns[column].key, column, table.ordered_columns[column].label))
        await pilot.pause()
        dates = [rows[k].next_mdo for k in _keys(app)]
        assert dates == sorted(dates)


async def test_open_a_case_change_it_and_come_back_to_a_fresh_count(demo_store, make_app):
    from regie_tui.data import commands

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        target = next(r for r in _expected(demo_store, V.VIEW_MINE)
                      if any(s.code == S.ROLE_AGREEMENT_MISSING for s in r.signals))
        key = str(target.case_id)
        before = len(target.signals)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=_keys(app).index(key))
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseDetailScreen"
        assert app.screen.case_id == target.case_id
        # Something changes while the case is open.
        commands.record_role_agreement(demo_store, target.case_id, target.version,
                                       agreed_on=TODAY, note="Taken verdeeld in het MDO.")
        await pilot.press("escape")
        await _ready(app, pilot)
        assert type(app.screen).__name__ == "CaseloadScreen"
        row = next(r for r in app.screen.rows if r.case_id == target.case_id)
        assert len(row.signals) == before - 1
        cell = table.get_cell(key, V.COL_SIGNALS)
        expected = V.signals_text(row)
        # The cell may be cut to the column's width (… at the end): the rest must match.
        assert len(str(cell)) > 4 and expected.startswith(str(cell).removesuffix("…"))
        assert (f"{before} · " not in str(cell)) or before - 1 == before


async def test_no_cases_at_all_says_what_to_do(store, make_app):
    app = make_app(store, user="Tester", demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        empty = str(app.screen.query_one("#empty", Static).render())
        assert "--demo" in empty
        assert not app.screen.query_one(DataTable).display


async def test_go_to_case_from_the_command_palette(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"DEMO-0001")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseDetailScreen"
        assert app.screen.case_id == demo_store.case_id_for_code("DEMO-0001")


async def test_help_lists_the_caseload_keys(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = str(app.screen.query_one("#help-keys").render())
        for description in ("Mijn casussen", "Afgesloten", "plan bijstellen", "Filteren", "Sorteren"):
            assert description in text


def test_go_to_case_candidates_put_whole_matches_first():
    from regie_tui.data.case_index import CaseRef
    from regie_tui.screens.case_jump import candidates

    cases = [CaseRef(1, "DEMO-0010", "Gezin Appel (10)", True),
             CaseRef(2, "DEMO-0100", "Gezin Berk (100)", True),
             CaseRef(3, "DEMO-0001", "Gezin Appel (1)", False)]
    assert [c.id for c in candidates(cases, "0001")] == [3, 2, 1] or \
        candidates(cases, "0001")[0].id == 3
    assert [c.id for c in candidates(cases, "berk")] == [2]
    assert candidates(cases, "   ") == []
    assert candidates(cases, "zzz") == []
