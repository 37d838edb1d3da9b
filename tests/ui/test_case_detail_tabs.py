"""Opening a case builds only what is shown: the other tabs get their widget when first
shown, the case is read while the screen is built, and the footers are not rebuilt
for a focus move that leaves their keys as they are."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from regie_tui.widgets.escalation_ladder import EscalationLadder
from regie_tui.widgets.key_footer import KeyFooter
from regie_tui.widgets.people_panel import PeoplePanel
from regie_tui.widgets.signal_list import SignalList
from regie_tui.widgets.timeline import Timeline
from tests.ui.case_helpers import open_case, settle
from tests.ui.conftest import SIZE


def _audit_count(store) -> int:
    with store.read() as conn:
        return conn.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'open_case'"
                            ).fetchone()[0]


async def test_hidden_tabs_get_their_widget_when_first_shown(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_case(pilot, demo_store, "DEMO-0001")
        assert screen.query_one(SignalList).has_focus and screen.query_one(SignalList).signals
        assert not screen.query(Timeline) and not screen.query(PeoplePanel)
        assert not screen.query(EscalationLadder)
        assert _audit_count(demo_store) == 1
        await pilot.press("f")  # the timeline's filter, on a timeline never shown
        assert app.focused is screen.query_one("#timeline-filter")
        table = screen.query_one("#timeline-table", DataTable)
        assert table.row_count == len(screen.view.timeline)
        await pilot.press("3")
        assert str(screen.query_one("#people-director", Static).render()).strip()
        await pilot.press("4")
        assert "Regievorm:" in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("2")  # shown before: focus on the table, nothing mounted again
        assert app.focused is table and len(screen.query(Timeline)) == 1
        await settle(pilot)
    assert _audit_count(demo_store) == 1


async def test_a_reload_fills_the_tabs_shown_again(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_case(pilot, demo_store, "DEMO-0001")
        await pilot.press("2")
        rows = screen.query_one("#timeline-table", DataTable).row_count
        from regie_tui.data import commands
        from regie_tui.rules import vocab
        from tests.conftest import TODAY

        commands.record_event(demo_store, screen.case_id, screen.view.version,
                              kind=vocab.CRISIS, occurred_on=TODAY, description="Test")
        await pilot.press("f5")
        await settle(pilot)
        assert screen.query_one("#timeline-table", DataTable).row_count == rows + 1


class _Plain(Static, can_focus=True):
    pass


class _Keyed(Static, can_focus=True):
    BINDINGS = [Binding("f3", "app.bell", "Keyed", id="test.keyed", tooltip="Ring too")]


class _FooterApp(App):
    BINDINGS = [Binding("f2", "bell", "Bell", id="test.bell", tooltip="Ring")]

    def compose(self):
        yield _Plain("one", id="one")
        yield _Plain("two", id="two")
        yield _Keyed("keyed", id="keyed")
        yield KeyFooter()


async def test_the_footer_is_rebuilt_only_when_its_keys_change():
    app = _FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = list(app.query(FooterKey))
        assert [k.description for k in keys if k.key != "ctrl+p"] == ["Bell"]
        await pilot.press("tab")  # to another widget without keys: the same key widgets
        await pilot.pause()
        assert app.focused.id == "two" and list(app.query(FooterKey)) == keys
        await pilot.press("tab")  # to a widget with a key of its own: rebuilt
        await pilot.pause()
        assert app.focused.id == "keyed"
        shown = [k.description for k in app.query(FooterKey) if k.key != "ctrl+p"]
        assert sorted(shown) == ["Bell", "Keyed"]
        await pilot.press("shift+tab")  # and rebuilt without it again
        await pilot.pause()
        assert [k.description for k in app.query(FooterKey) if k.key != "ctrl+p"] == ["Bell"]


async def test_closed_case_screens_leave_no_watchers_on_the_app(demo_store, make_app):
    """Each screen's Header watches the app's title; a closed one must not stay behind."""
    app = make_app(demo_store)
    case_id = demo_store.case_id_for_code("DEMO-0001")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        for _ in range(3):
            app.open_case(case_id)
            await pilot.pause()
            await app.workers.wait_for_complete()
            app.pop_screen()
            await pilot.pause()
            await pilot.pause()
        watchers = getattr(app, "__watchers")
        left = [node for node, _callback in watchers.get("sub_title", [])]
        assert left and all(not (node._closing or node._closed) for node in left)
        assert len(left) == 1  # the caseload's Header only
