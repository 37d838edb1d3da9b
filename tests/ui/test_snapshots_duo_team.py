"""Snapshots of the duo queue, the duo review, the team overview and its forms (Dutch, TODAY)."""

from __future__ import annotations

from tests.ui.conftest import SIZE


def _keys(*keys):
    async def run_before(pilot):
        for key in keys:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def test_duo_queue_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("w"))


def test_duo_review_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store)  # the queue's first case: DEMO-0007, review overdue
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("w", "enter"))


def test_team_overview_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store, user="Mirjam Model")
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("t"))


def test_caseload_review_form_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store, user="Mirjam Model")
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("t", "b"))


def test_consultant_cases_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store, user="Mirjam Model")
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("t", "enter"))
