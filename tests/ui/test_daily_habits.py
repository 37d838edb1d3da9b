"""Issue 15.11 (habits): a key that locks now, the exact name on a plain store's lock,
the theme kept for next time, and exports that ask where to save."""

from __future__ import annotations

import os
import tomllib

from textual.widgets import Input, Static

from regie_tui.base import config
from regie_tui.exchange.files import default_folder
from regie_tui.screens.export_dialog import ExportDialog
from regie_tui.screens.lock import LockScreen
from tests.ui.conftest import SIZE


async def _settle(app, pilot):
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_ctrl_l_locks_now_and_the_exact_name_opens(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen) and app.locked
        await pilot.press("ctrl+l")  # already locked: not a second lock screen
        await pilot.pause()
        assert sum(isinstance(s, LockScreen) for s in app.screen_stack) == 1
        for wrong in ("SANNE VOORBEELD", "sanne voorbeeld", "Sanne"):
            await pilot.press(*wrong, "enter")
            await pilot.pause()
            assert isinstance(app.screen, LockScreen), wrong
            assert "niet de naam" in str(app.screen.query_one("#lock-error", Static).render())
        await pilot.press(*"Sanne Voorbeeld", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, LockScreen) and not app.locked


async def test_the_chosen_theme_is_there_next_time(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        app.theme = "textual-light"  # what "Change theme" in the palette does
        await pilot.pause()
    saved = tomllib.loads(config.settings_path().read_text("utf-8"))
    assert saved["theme"] == "textual-light"
    assert saved.get("user", "Sanne Voorbeeld") == "Sanne Voorbeeld"  # the rest kept
    again = make_app(demo_store)
    async with again.run_test(size=SIZE) as pilot:
        await _settle(again, pilot)
        assert again.theme == "textual-light"


async def test_an_unknown_theme_in_the_config_is_left_alone(demo_store, make_app):
    config.remember("theme", "no-such-theme")
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        assert app.theme != "no-such-theme"
    # Not overwritten by merely starting: the user's file says what it said.
    assert tomllib.loads(config.settings_path().read_text("utf-8"))["theme"] == "no-such-theme"


async def _palette(app, pilot, query):
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_export_asks_where_and_remembers_the_folder(demo_store, make_app, tmp_path):
    target = tmp_path / "usb"
    target.mkdir()
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        app.open_case(demo_store.case_id_for_code("DEMO-0001"))
        await _settle(app, pilot)
        await _palette(app, pilot, "samenvatting van deze casus (PDF)")
        assert isinstance(app.screen, ExportDialog)
        field = app.screen.query_one("#export-path", Input)
        assert field.value == str(default_folder() / "summary-DEMO-0001-2026-11-16.pdf")
        # A folder that does not exist: said, nothing written, the dialog stays.
        field.value = str(tmp_path / "nope" / "x.pdf")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert "bestaat niet" in str(app.screen.query_one("#export-error").render())
        field.value = str(target / "mdo.pdf")
        await pilot.press("enter")
        await _settle(app, pilot)
        assert not isinstance(app.screen, ExportDialog)
        note = str(list(app._notifications)[-1].message)
        assert str(target / "mdo.pdf") in note and "persoonsgegevens" in note
        assert (target / "mdo.pdf").read_bytes().startswith(b"%PDF-")
        assert os.stat(target / "mdo.pdf").st_mode & 0o777 == 0o600
        # The next export starts in that folder, with a name not taken yet.
        await _palette(app, pilot, "samenvatting van deze casus (PDF)")
        field = app.screen.query_one("#export-path", Input)
        assert field.value == str(target / "summary-DEMO-0001-2026-11-16.pdf")
        (target / "summary-DEMO-0001-2026-11-16.pdf").write_bytes(b"earlier")
        await pilot.press("enter")
        await pilot.pause()
        assert "overschrijft" in str(app.screen.query_one("#export-error").render())
        await pilot.press("escape")
        await _settle(app, pilot)
        assert (target / "summary-DEMO-0001-2026-11-16.pdf").read_bytes() == b"earlier"
    assert config.load_settings().export_folder == str(target)
