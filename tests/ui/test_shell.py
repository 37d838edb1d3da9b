"""The app shell: who am I, the home screen, help."""

from __future__ import annotations

from textual.widgets import DataTable

from regie_tui.base import config
from tests.ui.conftest import SIZE


async def test_first_start_asks_who_you_are_and_remembers(demo_store, make_app):
    app = make_app(demo_store, user=None, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "IdentityScreen"
        await pilot.press("down", "enter")  # second in the list (by name): Joris Fictief
        await pilot.pause()
        assert app.context.user == "Joris Fictief"
        assert type(app.screen).__name__ == "CaseloadScreen"
    assert config.load_settings().user == "Joris Fictief"


async def test_a_new_consultant_can_add_themselves(demo_store, make_app):
    app = make_app(demo_store, user=None, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#new-name")
        await pilot.press(*"Nieuwe Collega", "enter")
        await pilot.pause()
        assert app.context.user == "Nieuwe Collega"
    assert demo_store.consultant_id("Nieuwe Collega") is not None


async def test_home_lists_my_active_cases(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        me = demo_store.consultant_id("Sanne Voorbeeld")
        expected = [c for c in demo_store.load_caseload().cases
                    if c.process_director_id == me and c.is_active]
        assert table.row_count == len(expected) > 0


async def test_help_lists_keys(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        text = str(app.screen.query_one("#help-keys").render())
        assert "^q" in text and "Afsluiten" in text  # the app's quit key, in Dutch
        assert "Mijn casussen" in text  # the caseload screen's own key
        await pilot.press("escape")
        assert type(app.screen).__name__ != "HelpScreen"
