"""Snapshots at 80x24 (and the caseload at 100x30): the screens a consultant uses
most, laid out for a small terminal (issue 15, item 6). Dutch, at TODAY."""

from __future__ import annotations

import pytest

from tests.ui.test_checklists import MDO

SMALL = (80, 24)
MEDIUM = (100, 30)
INSPECTION = "DEMO-0001"


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _then(push=None, *keys):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        if push is not None:
            await pilot.app.push_screen(push(pilot.app))
            await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [SMALL, MEDIUM], ids=["80x24", "100x30"])
def test_caseload_small_snapshot(snap_compare, demo_store, make_app, size):
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=size, run_before=_then())


def test_caseload_team_small_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SMALL, run_before=_then(None, "3"))


def test_case_detail_small_snapshot(snap_compare, demo_store, make_app):
    from regie_tui.screens.case_detail import CaseDetailScreen

    case_id = demo_store.case_id_for_code(INSPECTION)
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SMALL, run_before=_then(
        lambda a: CaseDetailScreen(a.context, case_id)))


def test_plan_small_snapshot(snap_compare, demo_store, make_app):
    from regie_tui.screens.plan import PlanScreen

    case_id = demo_store.case_id_for_code(INSPECTION)
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SMALL, run_before=_then(
        lambda a: PlanScreen(a.context, case_id)))


def test_checklist_small_snapshot(snap_compare, demo_store, make_app):
    from regie_tui.screens.checklist_run import ChecklistRunScreen

    case_id = demo_store.case_id_for_code(INSPECTION)
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SMALL, run_before=_then(
        lambda a: ChecklistRunScreen(a.context, case_id, template_key=MDO)))
