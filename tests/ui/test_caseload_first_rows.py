"""The caseload screen takes the rows computed at start-up (regie_tui.views.first_rows) once."""

from __future__ import annotations

import threading

from textual.widgets import DataTable

from regie_tui.app import create_app
from regie_tui.session.context import AppContext
from regie_tui.views import caseload as V
from regie_tui.views import first_rows
from tests.ui.conftest import SIZE


class Pending:
    """Stands in for first_rows.FirstRows (no fork in the test process)."""

    def __init__(self, result, ready=True):
        self.result = result
        self.released = threading.Event()
        if ready:
            self.released.set()
        self.taken = 0

    def ready(self) -> bool:
        return self.released.is_set()

    def take(self):
        self.released.wait(10)
        self.taken += 1
        self.taker = threading.current_thread()
        return self.result


def _app(store, pending):
    context = AppContext(store=store, clock=store.clock, user="Sanne Voorbeeld", demo=True,
                         language="nl")
    context.first_rows = pending
    return create_app(context), context


def _keys(app) -> list[str]:
    return [row.key.value for row in app.screen.query_one(DataTable).ordered_rows]


def _involved(store):
    context = AppContext(store=store, clock=store.clock, user="Sanne Voorbeeld")
    me = context.user_id()
    return me, first_rows.involved_rows(context, me)


async def test_ready_rows_are_in_the_first_paint_and_taken_once(demo_store, monkeypatch):
    me, rows = _involved(demo_store)
    shown = V.view_rows(rows, V.VIEW_MINE, me)
    shown[0].alias = "Gezin Startregels"  # only in the rows handed over, not in the store
    pending = Pending((me, rows))
    # Hold the whole team's read until the handed-over rows have been checked.
    gate = threading.Event()
    read_all = demo_store.load_caseload

    def gated():
        gate.wait(10)
        return read_all()

    monkeypatch.setattr(demo_store, "load_caseload", gated)
    app, context = _app(demo_store, pending)
    async with app.run_test(size=SIZE) as pilot:
        assert _keys(app) == [str(r.case_id) for r in shown][:100]
        assert app.screen.rows is rows and app.screen.partial
        assert context.first_rows is None and pending.taken == 1
        # Taken by the screen as it mounted (on the UI thread: done, so no waiting).
        assert pending.taker is threading.main_thread()
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The whole team's caseload replaced them, read from the store.
        assert app.screen.partial is False
        assert all(r.alias != "Gezin Startregels" for r in app.screen.rows)
        app.screen.load()  # a later load (back from a case) reads the store, not the rows
        await app.workers.wait_for_complete()
        assert pending.taken == 1


async def test_rows_still_coming_are_waited_for_in_the_worker(demo_store):
    me, rows = _involved(demo_store)
    pending = Pending((me, rows), ready=False)
    app, context = _app(demo_store, pending)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.rows is None  # nothing yet, and the UI is not blocked
        pending.released.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pending.taken == 1 and context.first_rows is None
        assert pending.taker is not threading.main_thread()  # the worker waited, not the UI
        assert app.screen.partial is False and _keys(app)


async def test_no_rows_from_the_child_the_screen_reads_itself(demo_store):
    pending = Pending((None, None))
    app, _context = _app(demo_store, pending)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pending.taken == 1
        me, rows = _involved(demo_store)
        mine = [str(r.case_id) for r in rows if r.process_director_id == me and r.active]
        assert _keys(app)[:5] and set(_keys(app)) <= set(mine)
