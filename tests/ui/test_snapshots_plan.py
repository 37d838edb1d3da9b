"""Snapshots of the plan screen, the editor and the comparison (Dutch, SIZE, TODAY)."""

from __future__ import annotations

from regie_tui.data import commands as C
from regie_tui.data import plan_view
from regie_tui.rules import vocab
from regie_tui.screens.plan import PlanScreen
from tests.conftest import TODAY
from tests.ui.conftest import SIZE

INSPECTION = "DEMO-0001"


def _open(app, store, *keys):
    case_id = store.case_id_for_code(INSPECTION)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await app.push_screen(PlanScreen(app.context, case_id))
        for key in keys:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press(key)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def test_plan_screen_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=_open(app, demo_store))


def test_plan_editor_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=_open(app, demo_store, "b"))


def test_plan_comparison_snapshot(snap_compare, demo_store, make_app):
    case_id = demo_store.case_id_for_code(INSPECTION)
    history = plan_view.load_plan(demo_store, case_id)
    C.adjust_plan(demo_store, case_id, history.case_version, C.PlanInput(
        goals=[C.GoalInput("Doel 1", "Resultaat afgesproken", history.current.goals[0].deadline,
                           owner="provider", note="Aanbieder neemt het over"),
               C.GoalInput("Perspectief voor Noor", "Noor weet waar ze over een jaar woont",
                           TODAY.replace(year=2027))],
        protective=["Betrokken netwerk", "Mentor op school"], threatening=["Spanningen thuis"],
        safety=vocab.CONCERNS, safety_note="Onzekerheid over de plek", origin=history.current.origin),
        reason="Behandelplek ging niet door; verblijf werd onbepaald",
        agreement=C.Agreement(TODAY, by_parents=True, by_youth=True))
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=_open(app, demo_store, "h", "v"))
