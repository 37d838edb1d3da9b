"""Snapshots of the checklist screens, in Dutch, at TODAY and SIZE."""

from __future__ import annotations

from tests.ui.conftest import SIZE
from tests.ui.test_checklists import MDO, _complete_two_runs


async def _settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _pushing(make_screen, *keys):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.app.push_screen(make_screen(pilot.app))
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
        await _settle(pilot)
    return run_before


def test_run_screen_snapshot(snap_compare, demo_store, make_app):
    from regie_tui.screens.checklist_run import ChecklistRunScreen

    case_id = demo_store.case_id_for_code("DEMO-0001")
    app = make_app(demo_store)
    keys = ["1", "1", "2", "up", "enter", *"bedreiging onduidelijk", "enter", "2", "1", "1"]
    keys = ["space" if k == " " else k for k in keys]
    assert snap_compare(app, terminal_size=SIZE, run_before=_pushing(
        lambda a: ChecklistRunScreen(a.context, case_id, template_key=MDO), *keys))


def test_completed_run_snapshot(snap_compare, demo_store, make_app):
    from regie_tui.screens.checklist_run import ChecklistRunScreen

    case_id = demo_store.case_id_for_code("DEMO-0001")
    run_id = _complete_two_runs(demo_store, case_id)
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=_pushing(
        lambda a: ChecklistRunScreen(a.context, case_id, run_id=run_id)))


def test_comparison_snapshot(snap_compare, demo_store, make_app):
    from regie_tui.screens.checklist_compare import ChecklistCompareScreen

    case_id = demo_store.case_id_for_code("DEMO-0001")
    run_id = _complete_two_runs(demo_store, case_id)
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=_pushing(
        lambda a: ChecklistCompareScreen(a.context, run_id)))


def test_history_snapshot(snap_compare, demo_store, make_app):
    from regie_tui.screens.checklist_history import ChecklistHistoryScreen

    case_id = demo_store.case_id_for_code("DEMO-0001")
    _complete_two_runs(demo_store, case_id)
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=_pushing(
        lambda a: ChecklistHistoryScreen(a.context, case_id)))
