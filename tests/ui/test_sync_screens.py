"""The screens of a copy of the team store (issue 18): the conflicts screen and each
choice on it, the header, the signal on the case, the key and the palette."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import DataTable, Input

from regie_tui.rules import signals as S
from regie_tui.screens.conflicts import ConflictsScreen
from regie_tui.screens.forms.base import ConfirmScreen, FormScreen
from tests.ui.case_helpers import notifications, open_case, settle
from tests.ui.conftest import SIZE
from tests.ui.copy_helpers import make_copy


@pytest.fixture
def copy_store(demo_store):
    store = make_copy(demo_store)
    yield store
    store.close()


def _conflicts(store) -> dict[str, tuple]:
    with sqlite3.connect(store.path) as conn:
        rows = conn.execute("SELECT op_id, status, resolution FROM sync_conflict").fetchall()
    conn.close()
    return {op: (status, resolution) for op, status, resolution in rows}


def _waiting(store) -> list[str]:
    with sqlite3.connect(store.path) as conn:
        rows = conn.execute("SELECT command FROM sync_outbox WHERE status = 'waiting' "
                            "ORDER BY seq").fetchall()
    conn.close()
    return [r[0] for r in rows]


async def _open_conflicts(pilot) -> ConflictsScreen:
    await settle(pilot)
    await pilot.press("C")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ConflictsScreen)
    return screen


def _cells(screen, row: int) -> list[str]:
    return [str(cell) for cell in screen.query_one(DataTable).get_row_at(row)]


async def test_c_lists_the_open_conflicts_as_plain_text(copy_store, make_app):
    app = make_app(copy_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_conflicts(pilot)
        assert screen.query_one(DataTable).row_count == 2
        first = _cells(screen, 0)
        assert first[:2] == ["DEMO-0001", "de casusregisseur"]
        # Stored text is shown as typed: "[b]" is not markup.
        assert first[2] == "Casusregisseur: P. [b]de Bo…"  # whole in the detail below
        assert first[3].startswith("Casusregisseur: K. Visser")
        assert first[4:] == ["joris", "13-11-2026 14:05"]
        refused = _cells(screen, 1)
        assert refused[:2] == ["DEMO-0002", "wachten op een plaatsing of…"]
        assert refused[3].startswith("geweigerd: Your access")
        detail = str(screen.query_one("#conflict-detail").render())
        assert "Van jou: Casusregisseur: P. [b]de Boer[/b]; Organisatie: Lindenhout" in detail
        assert "gewijzigd door joris op 13 november 2026 14:05" in detail
        summary = str(screen.query_one("#conflicts-summary").render())
        assert summary.startswith("2 wijzigingen die je offline maakte zijn niet doorgevoerd")
        await pilot.press("down", "enter")  # opens the case of the conflict
        await settle(pilot)
        assert app.screen.case_id == copy_store.case_id_for_code("DEMO-0002")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.selected().case_code == "DEMO-0002"
        await pilot.press("escape")
        assert not isinstance(app.screen, ConflictsScreen)


async def test_on_a_store_that_is_no_copy_there_is_no_conflicts_key_or_sync(demo_store,
                                                                            make_app):
    from regie_tui.screens.sync_commands import SyncCommands

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert not isinstance(app.screen, ConflictsScreen)
        assert SyncCommands(app.screen)._commands() == []
        assert "Kopie" not in app.sub_title


async def test_the_header_of_a_copy_says_so_with_the_last_sync(copy_store, make_app):
    app = make_app(copy_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.sub_title == (
            "Kopie van de teamopslag — laatst gesynchroniseerd 15-11-2026 17:30"
            " · 2 wachtend · 2 conflicten · Sanne Voorbeeld · 16 november 2026"
            " · DEMO (fictieve gegevens)")


async def test_keep_the_team_stores_asks_first_then_discards_mine(copy_store, make_app):
    app = make_app(copy_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_conflicts(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "K. Visser" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("escape")  # no: nothing happens
        await settle(pilot)
        assert app.screen is screen
        assert _conflicts(copy_store)["op-director"] == ("open", None)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("tab", "enter")  # from "Cancel" to "Discard mine"
        await settle(pilot)
        assert app.screen is screen
        assert _conflicts(copy_store)["op-director"] == ("resolved", "server")
        assert _waiting(copy_store) == ["record_meeting", "record_meeting"]  # nothing sent
        assert screen.query_one(DataTable).row_count == 1
        assert any("DEMO-0001" in n for n in notifications(app))
        assert "· 2 wachtend · 1 conflict ·" in app.sub_title


async def test_apply_mine_sends_my_change_again_on_top(copy_store, make_app):
    app = make_app(copy_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_conflicts(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert _conflicts(copy_store)["op-director"] == ("resolved", "mine")
        assert _waiting(copy_store)[-1] == "name_case_director"
        assert screen.query_one(DataTable).row_count == 1
        assert "· 3 wachtend · 1 conflict ·" in app.sub_title


async def test_edit_opens_the_form_with_mine_and_saving_resolves(copy_store, make_app):
    app = make_app(copy_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_conflicts(pilot)
        await pilot.press("3")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen) and form.__class__.__name__ == "CaseDirectorForm"
        assert form.query_one("#f-name", Input).value == "P. [b]de Boer[/b]"
        assert form.query_one("#f-organisation", Input).value == "Lindenhout"
        assert form.query_one("#f-named_on", Input).value == "14-11-2026"
        banner = str(form.query_one("#form-conflict").render())
        assert "De teamopslag heeft: Casusregisseur: K. Visser" in banner
        form.query_one("#f-name", Input).value = "P. de Boer"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert _conflicts(copy_store)["op-director"] == ("resolved", "edited")
        assert _waiting(copy_store)[-1] == "name_case_director"
        case = copy_store.load_case(copy_store.case_id_for_code("DEMO-0001"))
        assert case.case_director_name == "P. de Boer"


async def test_a_refused_change_cannot_be_sent_again_but_can_be_discarded(copy_store,
                                                                          make_app):
    app = make_app(copy_store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_conflicts(pilot)
        await pilot.press("down", "1")
        await settle(pilot)
        assert _conflicts(copy_store)["op-waiting"] == ("open", None)
        assert any("weigerde deze wijziging" in n for n in notifications(app))
        await pilot.press("2")
        await settle(pilot)
        assert "Your access to this case ended" in str(
            app.screen.query_one("#confirm-question").render())
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert _conflicts(copy_store)["op-waiting"] == ("resolved", "dismissed")


async def test_edit_of_a_refused_waiting_change_fills_in_the_waiting_form(copy_store,
                                                                          make_app):
    app = make_app(copy_store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_conflicts(pilot)
        await pilot.press("down", "3")
        await settle(pilot)
        form = app.screen
        assert form.__class__.__name__ == "WaitingForm"
        assert form.query_one("#f-since", Input).value == "10-11-2026"
        assert form.query_one("#f-waiting_for", Input).value == "Pleeggezin"
        await pilot.press("escape")  # asks: the form holds values not saved
        await settle(pilot)
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("tab", "enter")
            await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        assert _conflicts(copy_store)["op-waiting"] == ("open", None)
        await pilot.press("3")  # again, and saved this time: the refusal is answered
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        assert _conflicts(copy_store)["op-waiting"] == ("resolved", "dismissed")
        assert _waiting(copy_store)[-1] == "set_waiting"
        assert any("bewerkte wijziging" in n for n in notifications(app))


async def test_the_conflict_is_a_signal_on_the_case_that_leads_to_the_screen(copy_store,
                                                                            make_app):
    from regie_tui.widgets.signal_list import SignalList

    app = make_app(copy_store)
    async with app.run_test(size=SIZE) as pilot:
        case = await open_case(pilot, copy_store, "DEMO-0001")
        signals = case.query_one(SignalList)
        codes = list(signals.signals)
        assert S.SYNC_CONFLICT in codes
        signals.highlighted = codes.index(S.SYNC_CONFLICT)
        await pilot.press("a")  # never acknowledged
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert any("kun je niet accepteren" in n for n in notifications(app))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)


async def test_the_palette_offers_synchronising_on_a_copy(copy_store, make_app):
    from regie_tui.screens.sync_commands import SyncCommands

    app = make_app(copy_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [title for title, _help, _run in SyncCommands(app.screen)._commands()]
        assert titles == ["Synchroniseren", "Synchronisatieconflicten"]
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Synchronisatiecon", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)


class _Door:
    """A port that accepts a connection and closes it at once (no PostgreSQL behind
    it: a synchronisation started against it fails fast), opened and shut at will."""

    def __init__(self):
        import socket

        probe = socket.create_server(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.server = None

    def open(self):
        import socket
        import threading

        self.server = socket.create_server(("127.0.0.1", self.port))
        server = self.server

        def accept():
            while True:
                try:
                    conn, _ = server.accept()
                except OSError:
                    return
                conn.close()

        threading.Thread(target=accept, daemon=True).start()

    def shut(self):
        import contextlib
        import socket

        with contextlib.suppress(OSError):  # shut already
            self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()


async def test_the_app_synchronises_when_it_sees_the_team_store_again(demo_store, make_app):
    door = _Door()
    door.open()
    copy = make_copy(demo_store, url=f"postgresql://sanne@127.0.0.1:{door.port}/regie")
    app = make_app(copy)

    def attempts() -> int:  # each synchronisation that ran ended in this message
        return sum("Niet gesynchroniseerd" in n.title for n in app._notifications)

    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)  # the look at start: there, so a synchronisation ran
            for _ in range(50):
                if not app.syncing and attempts():
                    break
                await settle(pilot)
            assert attempts() == 1
            app.look_for_team_store()  # still there: nothing new to do
            await settle(pilot)
            assert attempts() == 1 and not app.syncing
            door.shut()
            app.look_for_team_store()  # gone: quietly noted
            await settle(pilot)
            assert attempts() == 1
            door.open()
            app.look_for_team_store()  # back: synchronised again
            for _ in range(50):
                await settle(pilot)
                if not app.syncing and attempts() == 2:
                    break
            assert attempts() == 2
    finally:
        door.shut()
        copy.close()


async def test_a_choice_that_fails_says_why_and_the_list_is_read_again(copy_store, make_app):
    from regie_tui.sync import conflicts

    app = make_app(copy_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_conflicts(pilot)
        # Meanwhile resolved elsewhere (a second Regie on this laptop).
        conflicts.keep_server(copy_store, screen.selected().id)
        await pilot.press("1")
        await settle(pilot)
        assert any("al opgelost" in n or "already" in n for n in notifications(app)), \
            notifications(app)
        assert screen.query_one(DataTable).row_count == 1 and not screen.busy
        assert _conflicts(copy_store)["op-director"] == ("resolved", "server")


@pytest.mark.parametrize("on_copy", [True, False])
async def test_f1_lists_the_conflicts_key_only_on_a_copy(on_copy, demo_store, make_app):
    from regie_tui.screens.help import HelpScreen

    store = make_copy(demo_store) if on_copy else demo_store
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-keys").render())
    assert ("Conflicten" in text) is on_copy
    if on_copy:
        store.close()
