"""Idle lock, calm unexpected errors, and a damaged store, in the running app."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from regie_tui.base import errorlog
from regie_tui.data import health
from regie_tui.screens.error import ErrorScreen
from regie_tui.screens.lock import LockScreen
from regie_tui.screens.store_blocked import StoreBlockedScreen
from regie_tui.session.idle import IdleWatch
from tests.trustkit import damage_index, mode
from tests.ui.conftest import SIZE

SECRET = "Gezin Geheimzinnig"


class FakeTime:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _visible_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip)
                     for strip in app.screen._compositor.render_strips())


async def _settle(app, pilot):
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


# -- idle lock -----------------------------------------------------------------

async def test_idle_lock_hides_case_data_and_asks_who_you_are(demo_store, make_app):
    app = make_app(demo_store)
    app.context.lock_after = 300
    clock = FakeTime()
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        app.idle_watch = IdleWatch(300, now=clock)
        assert "DEMO-" in _visible_text(app)
        clock.now += 200
        await pilot.press("down")  # activity restarts the count
        clock.now += 200
        app.check_idle_lock()
        assert not isinstance(app.screen, LockScreen)
        clock.now += 300
        app.check_idle_lock()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        text = _visible_text(app)
        assert "DEMO-" not in text and "Sanne" not in text
        assert not app.use_command_palette
        await pilot.press(*"Joris Fictief", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert "niet de naam" in str(app.screen.query_one("#lock-error", Static).render())
        assert app.screen.query_one(Input).value == ""
        # Another casing of the name is not the name (issue 15.11).
        await pilot.press(*"sanne voorbeeld", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await pilot.press(*" Sanne  Voorbeeld ", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, LockScreen)
        assert app.use_command_palette and not app.locked
        assert "DEMO-" in _visible_text(app)


async def test_the_lock_of_an_encrypted_store_needs_the_passphrase(demo_store, make_app):
    import datetime as dt

    from regie_tui.data import cipher, encrypt

    cipher.set_passphrase("lange wachtzin 42")
    encrypt.encrypt_store(demo_store.path, dt.datetime(2026, 11, 16, 9, 0))
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        assert "DEMO-" in _visible_text(app)
        app.lock()
        await pilot.pause()
        answer = app.screen.query_one(Input)
        assert answer.password and "Wachtwoordzin" in _visible_text(app)
        await pilot.press(*"sanne voorbeeld", "enter")  # a name is not enough now
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert "niet de wachtwoordzin" in str(app.screen.query_one("#lock-error", Static).render())
        assert "DEMO-" not in _visible_text(app)
        await pilot.press(*"lange wachtzin 42", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, LockScreen) and not app.locked
        assert "DEMO-" in _visible_text(app)


async def test_idle_lock_comes_by_itself_after_the_configured_time(demo_store, make_app):
    app = make_app(demo_store)
    app.context.lock_after = 0.2
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):  # wait for the interval to fire; no timing asserted
            await pilot.pause(0.05)
            if isinstance(app.screen, LockScreen):
                break
        assert isinstance(app.screen, LockScreen)


def test_lock_time_comes_from_config(private_home):
    from regie_tui.base import config
    from regie_tui.session.context import AppContext

    assert AppContext(store=None, clock=None).lock_after_seconds() == 300
    config.write_private_text(config.settings_path(), "lock_after_minutes = 2\n")
    assert AppContext(store=None, clock=None).lock_after_seconds() == 120
    config.save_settings(config.Settings(user="Sanne Voorbeeld"))
    assert config.load_settings().lock_after_minutes == 2  # kept when the user is saved
    config.write_private_text(config.settings_path(), "lock_after_minutes = 'vijf'\n")
    with pytest.raises(config.ConfigError, match="lock_after_minutes"):
        config.load_settings()


async def test_a_lock_of_zero_never_locks(demo_store, make_app):
    app = make_app(demo_store)
    app.context.lock_after = 0
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        app.check_idle_lock()
        assert not isinstance(app.screen, LockScreen)


# -- unexpected errors -----------------------------------------------------------

class Broken(Screen):
    BINDINGS = [Binding("x", "boom", "Boom", id="test.boom", tooltip="Boom")]

    def compose(self):
        yield Static(SECRET)

    def action_boom(self):
        raise RuntimeError(f"kapot bij {SECRET}")


async def test_an_unexpected_error_shows_a_code_and_no_case_content(demo_store, make_app):
    app = make_app(demo_store)
    with pytest.raises(RuntimeError):  # Pilot re-raises it at the end, so bugs fail tests
        async with app.run_test(size=SIZE) as pilot:
            await app.push_screen(Broken())
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, ErrorScreen)
            code = str(app.screen.query_one("#error-code", Static).render())
            assert app.screen.error_id in code and "kapot" not in code
            log = errorlog.log_path().read_text()
            assert app.screen.error_id in log and "RuntimeError" in log
            assert SECRET not in log and "kapot" not in log
            assert mode(errorlog.log_path()) == 0o600
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, Broken)  # the user can go on
            assert app.return_code is None or app.return_code == 0


async def test_repeated_errors_close_the_app_calmly(demo_store, make_app):
    app = make_app(demo_store)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await app.push_screen(Broken())
            for _ in range(app.MAX_UNEXPECTED_ERRORS):
                await pilot.press("x")
                await pilot.pause()
                assert isinstance(app.screen, ErrorScreen)
                await pilot.press("enter")
                await pilot.pause()
            await app.run_action("screen.boom")  # one too many: the app closes
    assert app.return_code == 1
    log = errorlog.log_path().read_text()
    assert log.count("builtins.RuntimeError") == app.MAX_UNEXPECTED_ERRORS + 1
    assert app.last_error_id in log
    assert SECRET not in errorlog.log_path().read_text()


class BrokenOnMount(Screen):
    def compose(self):
        yield Static(SECRET)

    def on_mount(self):
        raise ValueError(SECRET)


async def test_an_error_textual_cannot_recover_from_closes_calmly(demo_store, make_app):
    app = make_app(demo_store)
    with pytest.raises(ValueError):
        async with app.run_test(size=SIZE) as pilot:
            await app.push_screen(BrokenOnMount())
            await pilot.pause()
    assert app.return_code == 1
    log = errorlog.log_path().read_text()
    assert app.last_error_id in log and "builtins.ValueError" in log
    assert SECRET not in log


# -- damaged store -------------------------------------------------------------------

async def test_a_damaged_store_opens_read_only_with_the_backup_named(demo_store, make_app):
    from regie_tui.data import backups

    good = backups.daily_backup(demo_store.path, demo_store.clock.today())
    demo_store.close()
    damage_index(demo_store.path)
    store = health.open_store(demo_store.path, demo_store.clock, actor="Sanne Voorbeeld")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        assert isinstance(app.screen, StoreBlockedScreen)
        message = str(app.screen.query_one("#blocked-message", Static).render())
        assert "alleen-lezen" in message and good.name in message
        await pilot.press("enter")
        await pilot.pause()
        assert "DEMO-" in _visible_text(app)  # looking still works


async def test_the_app_exits_when_its_terminal_goes(demo_store, make_app):
    import os
    import pty

    app = make_app(demo_store)
    master, slave = pty.openpty()
    async with app.run_test(size=SIZE) as pilot:
        app.check_terminal(slave)
        await pilot.pause()
        assert app.return_code is None  # still there
        os.close(master)
        app.check_terminal(slave)
        await pilot.pause()
    os.close(slave)
    assert app.return_code == 129


# -- snapshots ---------------------------------------------------------------------------

def test_lock_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store)

    async def run_before(pilot):
        await _settle(app, pilot)
        app.lock()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_error_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store)

    async def run_before(pilot):
        await _settle(app, pilot)
        await app.push_screen(ErrorScreen("4f2a9c01", "~/.local/state/regie-tui/errors.log"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_store_blocked_snapshot(snap_compare, demo_store, make_app):
    from regie_tui.base.i18n import _

    app = make_app(demo_store)
    offer = _("The newest good backup is {backup}. Close Regie and restore it with: "
              "regie-tui restore {backup}").format(
        backup="~/.local/share/regie-tui/backups/regie-2026-11-15.sqlite")
    message = _("The case store did not pass its check when it was opened, so Regie opened "
                "it read-only: you can look, but nothing can be saved. {offer}").format(
        offer=offer)

    async def run_before(pilot):
        await _settle(app, pilot)
        await app.push_screen(StoreBlockedScreen(message))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
