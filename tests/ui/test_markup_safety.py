"""Text from the store is shown as typed on every screen (issue 14, items 2 and 3).

Every free-text column of a demo store (names, codes, notes, reasons, goals,
factors, remarks ...) gets markup and terminal controls around it. Every screen
must then open without a markup crash, show the brackets literally, make no
hyperlink or click action out of them, and send no control character to the
terminal.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from regie_tui.data import commands as C
from regie_tui.data import plan_view
from regie_tui.rules import vocab
from regie_tui.screens.forms.registry import ACTIONS
from tests.conftest import TODAY
from tests.ui.case_helpers import settle
from tests.ui.conftest import SIZE

USER = "Sanne Voorbeeld"
# (text put before, text put after every stored value; what must be visible on every screen)
MARKUP = ("[/][b]", " [link=https://evil.example]zie dossier[/link] [@click=app.quit]klik[/] "
          "[ouders afwezig]", "[/][b]")
CONTROLS = ("Ctl\u202e", " \x1b]0;pwned\x07\x9b2J\x1b[31m\r", "Ctl")

# The columns a consultant (or a file) fills with free text.
FREE_TEXT = {
    "consultant": ["name"],
    "care_case": ["code", "alias", "case_director_name", "case_director_org",
                  "role_agreement_note", "lead_organisation", "waiting_for", "handover_to",
                  "aftercare", "no_handover_reason"],
    "regimechange": ["note"],
    "person": ["name"],
    "professional": ["name", "organisation", "role"],
    "meeting": ["note"],
    "significantevent": ["description"],
    "planversion": ["reason", "safety_note"],
    "goal": ["description", "intended_result", "note"],
    "planfactor": ["text"],
    "plandecision": ["reason"],
    "checklistanswer": ["note"],
    "escalation": ["reason", "outcome"],
    "duoreview": ["remarks"],
    "riskassessment": ["instrument", "outcome"],
    "acknowledgement": ["reason"],
}
# Empty here in the demo, but shown when filled: filled for every row.
ALWAYS = {("meeting", "note"), ("checklistanswer", "note"), ("duoreview", "remarks"),
          ("goal", "note"), ("goal", "intended_result")}

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile(value: str, payload) -> str:
    head, tail, _marker = payload
    return f"{head}{value}{tail}"


def poison(path, payload) -> None:
    conn = sqlite3.connect(path)
    conn.create_function("hostile", 1, lambda v: hostile(v or "tekst", payload))
    with conn:
        for table, columns in FREE_TEXT.items():
            for column in columns:
                where = "" if (table, column) in ALWAYS else f" WHERE {column} IS NOT NULL"
                conn.execute(f"UPDATE {table} SET {column} = hostile({column}){where}")
    conn.close()


def _two_checklist_runs(store, case_id: int) -> None:
    """Two completed MDO checklists whose answers differ, so they can be compared."""
    from regie_tui.data import checklist_commands as CC
    from regie_tui.data import checklist_queries as CQ
    from regie_tui.rules import checklists as CL

    template = CQ.available_templates().templates["mdo_evaluatie_vpr"]
    for note in ("niet bereikt", "bereikt"):
        answers = {item.key: CL.Answer("safe") if item.type == CL.CHOICE else
                   CL.Answer("yes", note, TODAY if item.type == CL.DATE else None)
                   for item in template.items}
        saved = CC.start_run(store, case_id, store.load_case(case_id).version, template)
        CC.complete_run(store, case_id, saved.version, saved.object_id, answers)


def prepare(store, payload) -> int:
    """Two plan versions and two checklist runs on DEMO-0001, then poison everything."""
    case_id = store.case_id_for_code("DEMO-0001")
    history = plan_view.load_plan(store, case_id)
    C.adjust_plan(store, case_id, history.case_version, C.PlanInput(
        goals=[C.GoalInput("Doel 1", "Resultaat", history.current.goals[0].deadline,
                           owner="provider"), C.GoalInput("Perspectief")],
        protective=["Netwerk", "School"], threatening=["Spanningen"],
        safety=vocab.CONCERNS, origin=history.current.origin),
        reason="Verblijf onbepaald", agreement=C.Agreement(TODAY, by_parents=True))
    _two_checklist_runs(store, case_id)
    poison(store.path, payload)
    return case_id


def look(app, where: str, marker: str) -> str:
    """The screen as the terminal gets it; fails on markup effects or controls."""
    from regie_tui.screens.error import ErrorScreen

    assert app.return_code is None, f"{where}: the app quit"
    assert not isinstance(app.screen, ErrorScreen), f"{where}: an unexpected error"
    lines = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            style = segment.style
            if style is not None:
                assert not style.link, f"{where}: a hyperlink {style.link!r} reached the screen"
                assert "@click" not in (style.meta or {}), f"{where}: a click action"
            assert not CONTROL.search(segment.text), \
                f"{where}: a control character reached the terminal: {segment.text!r}"
        lines.append("".join(segment.text for segment in strip))
    text = "\n".join(lines)
    assert marker in text, f"{where}: the stored text is not visible:\n{text}"
    return text


@pytest.mark.parametrize("payload", [MARKUP, CONTROLS], ids=["markup", "controls"])
async def test_every_screen_shows_stored_text_as_typed(demo_store, make_app, payload):
    from regie_tui.screens.access_log import AccessLogScreen
    from regie_tui.screens.case_detail import CaseDetailScreen
    from regie_tui.screens.checklist_compare import ChecklistCompareScreen
    from regie_tui.screens.checklist_history import ChecklistHistoryScreen
    from regie_tui.screens.checklist_run import ChecklistRunScreen
    from regie_tui.screens.duo_queue import DuoQueueScreen
    from regie_tui.screens.duo_review import DuoReviewScreen
    from regie_tui.screens.forms.base import FormScreen
    from regie_tui.screens.plan import PlanScreen
    from regie_tui.screens.plan_compare import PlanCompareScreen
    from regie_tui.screens.plan_history import PlanHistoryScreen
    from regie_tui.screens.team_overview import TeamOverviewScreen

    case_id = prepare(demo_store, payload)
    app = make_app(demo_store, user=hostile(USER, payload))
    marker = payload[2]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = look(app, "caseload", marker)
        if payload is MARKUP:  # the words in brackets are kept, not eaten as a style tag
            assert "[ouders" in text

        # The command palette's "Go to case" lists codes and aliases.
        from textual.command import CommandList, CommandPalette

        app.action_command_palette()
        await settle(pilot)
        await pilot.press(*"demo0001")
        for _ in range(200):  # until the search has answered (no fixed delay)
            await pilot.pause()
            if app.screen.query_one(CommandList).option_count:
                break
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandList).option_count
        await settle(pilot)
        look(app, "command palette", marker)
        await pilot.press("escape")
        await settle(pilot)

        app.open_case(case_id)
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen) and app.screen.loaded
        for key in "1234":
            await pilot.press(key)
            await settle(pilot)
            text = look(app, f"case tab {key}", marker)
            if payload is CONTROLS:  # shown as visible escapes, not obeyed
                assert "\\x1b]0;pwned\\x07" in text
        await pilot.press("1")
        await settle(pilot)

        for action in ACTIONS:
            app.screen.action_record(action.name)
            await settle(pilot)
            if isinstance(app.screen, FormScreen):
                look(app, f"form {action.name}", marker)
                await pilot.press("escape")
                await settle(pilot)
            assert isinstance(app.screen, CaseDetailScreen), action.name
            look(app, f"after form {action.name}", marker)  # toasts included

        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.screen, AccessLogScreen)
        look(app, "access log", marker)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        look(app, "plan", marker)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, PlanHistoryScreen)
        look(app, "plan history", marker)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, PlanCompareScreen)
        look(app, "plan compare", marker)
        await pilot.press("escape", "escape", "escape")
        await settle(pilot)

        await app.push_screen(ChecklistHistoryScreen(app.context, case_id))
        await settle(pilot)
        look(app, "checklist history", marker)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistCompareScreen)
        look(app, "checklist compare", marker)
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistRunScreen)
        look(app, "checklist run", marker)
        await pilot.press("escape", "escape")
        await settle(pilot)

        await app.push_screen(DuoReviewScreen(app.context, case_id))
        await settle(pilot)
        look(app, "duo review", marker)
        await pilot.press("escape")
        await settle(pilot)
        app.action_duo_queue()
        await settle(pilot)
        assert isinstance(app.screen, DuoQueueScreen)
        look(app, "duo queue", marker)
        await pilot.press("escape")
        await settle(pilot)

        app.action_team_overview()
        await settle(pilot)
        assert isinstance(app.screen, TeamOverviewScreen)
        look(app, "team overview", marker)
        await pilot.press("enter")
        await settle(pilot)
        look(app, "caseload of a colleague", marker)
