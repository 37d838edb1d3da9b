"""A write lock held by another Regie longer than the busy timeout (issue 14.9):
the form stays with what was typed and says the store is busy; saving again works."""

from __future__ import annotations

import sqlite3

from regie_tui.base.i18n import _
from regie_tui.data import db
from regie_tui.screens.case_detail import CaseDetailScreen
from regie_tui.screens.forms.base import FormScreen
from tests.ui.case_helpers import fill, open_case, open_form, settle
from tests.ui.conftest import SIZE
from tests.ui.form_specs import SPECS

EVENT = next(s for s in SPECS if s.name == "event")


async def test_a_busy_store_keeps_the_form_and_what_was_typed(demo_store, make_app,
                                                              monkeypatch):
    demo_store.close()  # connections made from here on get the short timeout
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, EVENT.code)
        form = await open_form(pilot, "event", **EVENT.kwargs)
        fill(form, EVENT.valid)
        typed = form._snapshot()
        other = sqlite3.connect(demo_store.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another Regie is saving, and takes long
        try:
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form
            assert form.error_text("form") == _(
                "The case store is busy: another Regie is saving. Nothing was saved; try "
                "again in a moment.")
            assert form._snapshot() == typed
            assert not EVENT.written(demo_store, form.case_id)
        finally:
            other.execute("ROLLBACK")
            other.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen), form.error_text("form")
        assert not isinstance(app.screen, FormScreen)
        assert EVENT.written(demo_store, app.screen.case_id)
