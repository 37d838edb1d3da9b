"""Walk every screen of the app in one language and print what each one shows (JSON).

    python -m tests.ui.language_walk nl STORE.sqlite OUT.json [WIDTH HEIGHT]

Run in a fresh interpreter per language (tests/ui/test_language_walk.py does):
class-level strings (key descriptions, titles) are translated when their
module is imported, as in the app, where the CLI sets the language first.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import sys
from pathlib import Path

TODAY = dt.date(2026, 11, 16)


def screen_text(app) -> str:
    """What the terminal shows of the top screen (with its toasts), as plain text."""
    return "\n".join("".join(segment.text for segment in strip)
                     for strip in app.screen._compositor.render_strips())


async def settle(app, pilot) -> None:
    from textual.worker import WorkerCancelled

    for _ in range(3):
        await pilot.pause()
        # A reload that replaced a load cancels it: the next round waits for the new one.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
    await pilot.pause()


async def walk(language: str, store_path: Path, size: tuple[int, int]) -> dict[str, str]:
    from regie_tui.base import i18n

    i18n.set_language(language)
    from regie_tui.app import create_app
    from regie_tui.base.clock import Clock
    from regie_tui.data.store import Store
    from regie_tui.screens.case_detail import TABS, CaseDetailScreen
    from regie_tui.screens.forms.registry import ACTIONS
    from regie_tui.session.context import AppContext

    # "No matches found" appears half a second after a search that found nothing:
    # waited for below. (Shortening that delay races the search and hides it.)
    store = Store.open(store_path, Clock(TODAY), actor="Sanne Voorbeeld")
    from tests.ui.copy_helpers import add_conflicts

    add_conflicts(store)  # for the conflicts screen (the store stays no copy)
    context = AppContext(store=store, clock=store.clock, user="Sanne Voorbeeld", demo=True,
                         language=language)
    app = create_app(context)
    seen: dict[str, str] = {}

    async with app.run_test(size=size) as pilot:
        async def look(name: str) -> None:
            await settle(app, pilot)
            seen[name] = screen_text(app)

        async def close() -> None:
            app.pop_screen()
            await settle(app, pilot)

        async def with_help(name: str) -> None:
            await look(name)
            app.action_help()
            await look(f"{name}/help")
            await close()

        caseload = app.screen
        for view in ("closed", "team", "duo", "mine"):
            await caseload.run_action(f"view('{view}')")
            await look(f"caseload/{view}")
        await with_help("caseload")
        await pilot.press("slash", *"zzzq")
        await look("caseload/no-match")
        await pilot.press("escape")

        app.action_command_palette()
        await look("palette")
        await pilot.press(*"xqzv")
        # Until the palette says it found nothing: its search runs in a worker, which on
        # a loaded machine takes a while (waited for, up to 30 s, never assumed).
        for _ in range(1500):
            if "--no-matches" in app.screen.query("CommandList").first()._id_to_option:
                break
            await pilot.pause(0.02)
        await look("palette/no-match")
        await close()
        app.search_themes()
        await look("themes")
        await close()
        app.action_help_quit()  # ctrl+c: the hint how to quit
        await look("ctrl+c")
        app.clear_notifications()

        app.open_case(int(caseload._keys[0]))  # the most urgent of my cases
        await settle(app, pilot)
        case = app.screen
        assert isinstance(case, CaseDetailScreen), type(case)
        for tab in TABS:
            await case.run_action(f"tab('{tab}')")
            await look(f"case/{tab}")
        await with_help("case")
        for action in ACTIONS:
            await case.run_action(f"record('{action.name}')")
            await look(f"case/form/{action.name}")
            if app.screen is not case:
                await close()
        await case.run_action("record_menu")
        await look("case/record-menu")
        await close()
        await case.run_action("access_log")
        await look("case/access-log")
        await close()

        await case.run_action("plan")
        plan = app.screen
        await with_help("plan")
        for action in ("history", "edit"):
            await plan.run_action(action)
            await look(f"plan/{action}")
            if app.screen is not plan:
                await close()
        await close()

        await case.run_action("checklists")
        await look("checklists")
        await pilot.press("n")
        await look("checklists/pick")
        await pilot.press("enter")
        await with_help("checklists/run")
        while len(app.screen_stack) > 2:
            await close()
        await close()  # back to the caseload

        app.action_duo_queue()
        await with_help("duo-queue")
        await pilot.press("enter")
        await look("duo-review")
        while len(app.screen_stack) > 2:
            await close()
        await close()
        app.action_team_overview()
        await with_help("team")
        await app.screen.run_action("caseload_review")
        await look("team/caseload-review")
        while len(app.screen_stack) > 2:
            await close()
        await close()
        app.action_new_case()
        await look("new-case")
        await close()

        # A copy's screens (issue 18): the conflicts (fed below), an edit, taking along.
        from regie_tui.screens.conflicts import ConflictsScreen
        from regie_tui.screens.sync_commands import TakeDialog

        app.push_screen(ConflictsScreen(context))
        await with_help("conflicts")
        await pilot.press("3")
        await look("conflicts/edit")
        while len(app.screen_stack) > 2:
            await close()
        app.push_screen(TakeDialog("/tmp/copy.sqlite"))
        await look("take-along")
        await close()

        from regie_tui.screens.error import ErrorScreen

        app.push_screen(ErrorScreen("E-TEST", "/tmp/errors.log"))
        await look("error")
        await close()
        app.lock()
        await look("lock")
    store.close()
    return seen


def main(argv: list[str]) -> None:
    language, store, out = argv[:3]
    size = (int(argv[3]), int(argv[4])) if len(argv) > 4 else (120, 40)
    seen = asyncio.run(walk(language, Path(store), size))
    Path(out).write_text(json.dumps(seen, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
