"""Synchronising from the app, against a real team store (PostgreSQL the suite starts):
the app on a copy synchronises by itself when it sees the team store, from the
palette on request, and a conflict made meanwhile is shown and resolved (issue 18)."""

from __future__ import annotations

import datetime as dt

from regie_tui.data import commands as C
from regie_tui.data.store import Store
from regie_tui.screens.conflicts import ConflictsScreen
from regie_tui.sync import take
from tests.sync.team_cases import PASSPHRASE, make_cases, version
from tests.team.conftest import as_login
from tests.ui.case_helpers import notifications, settle
from tests.ui.conftest import SIZE

NAMED = dt.date(2026, 11, 12)


async def _synced(pilot, before: int) -> list[str]:
    """Wait for the synchronisation's notification; the new ones."""
    for _ in range(100):
        await settle(pilot)
        if not pilot.app.syncing and len(notifications(pilot.app)) > before:
            break
    return notifications(pilot.app)[before:]


def _conflicts(store) -> list[tuple]:
    with store.read() as conn:  # encrypted: through the store
        return [tuple(r) for r in conn.execute(
            "SELECT command, status, resolution FROM sync_conflict")]


async def test_the_app_on_a_copy_synchronises_and_shows_the_conflict(
        pg_team, tmp_path, clock, make_app):  # noqa: F811 - the fixture imported above
    cases = make_cases(pg_team)
    path = tmp_path / "copy.sqlite"
    take.take(as_login(pg_team.url, "anna"), path, clock, PASSPHRASE)
    copy = Store.open(path, clock)
    k1 = cases["K-1"]
    # Offline on the laptop, and meanwhile at the office (Anna's desktop): the same field.
    C.name_case_director(copy, k1, version(copy, k1), name="P. de Boer",
                         organisation="Lindenhout", named_on=NAMED)
    office = pg_team.open("Anna de Vries")
    C.name_case_director(office, k1, version(office, k1), name="K. Visser",
                         organisation="Youké", named_on=NAMED)
    C.record_meeting(copy, k1, version(copy, k1), kind="home_visit",
                     held_on=NAMED)  # an addition, on a version since changed: applied

    app = make_app(copy, user="Anna de Vries", demo=False)
    async with app.run_test(size=SIZE) as pilot:
        # The team store is there at start: the app synchronises by itself.
        said = await _synced(pilot, 0)
        assert any("niet doorgevoerd" in line or "not applied" in line for line in said), said
        assert _conflicts(copy) == [("name_case_director", "open", None)]
        assert "1 conflict" in app.sub_title

        # The palette's "Synchronise": nothing left to send, said so.
        before = len(notifications(app))
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Synchroniseren", "enter")
        said = await _synced(pilot, before)
        assert said, "a synchronisation on request always reports"

        # The conflict: mine on top, sent at once since the team store is there.
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        assert "K. Visser" in str(app.screen.query_one("#conflict-detail").render())
        before = len(notifications(app))
        await pilot.press("1")
        await _synced(pilot, before + 1)
        assert _conflicts(copy) == [("name_case_director", "resolved", "mine")]
    office = pg_team.open("Anna de Vries")
    assert office.load_case(k1).case_director_name == "P. de Boer"
    copy.close()


async def test_take_cases_along_from_the_palette_of_a_team_store(
        pg_team, tmp_path, clock, make_app):  # noqa: F811 - the fixture imported above
    from textual.widgets import Input

    from regie_tui.data import cipher
    from regie_tui.screens.sync_commands import TakeDialog

    make_cases(pg_team)
    store = pg_team.open("Anna de Vries")
    path = tmp_path / "laptop" / "copy.sqlite"
    path.parent.mkdir()
    app = make_app(store, user="Anna de Vries", demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Casussen meenemen", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TakeDialog)
        dialog.query_one("#take-path", Input).value = str(path)
        await pilot.press(*PASSPHRASE, "tab", *"iets anders!", "ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and not path.exists()  # said under the fields
        assert "niet gelijk" in str(dialog.query_one("#take-error").render())
        dialog.query_one("#take-repeat", Input).value = PASSPHRASE
        await pilot.press("ctrl+s")
        before = len(notifications(app))
        for _ in range(100):
            await settle(pilot)
            if len(notifications(app)) > before and path.exists():
                break
        said = "\n".join(notifications(app))
        assert "regie-tui --db " + str(path) in said, said
    assert cipher.is_encrypted(path)
    copy = Store.open(path, clock)
    assert copy.is_copy and copy.actor == "Anna de Vries"
    copy.close()
