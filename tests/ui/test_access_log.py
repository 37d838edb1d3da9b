"""Wie heeft dit dossier ingezien: the audit entries of one case, on screen."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable

from regie_tui.data import audit, audit_log, commands
from regie_tui.screens.access_log import AccessLogScreen
from tests.ui.conftest import SIZE


def _entries(store, case_id):
    """Fixed entries (time, device) so the snapshot does not depend on the machine."""
    code = audit_log.case_code(store, case_id)
    rows = [("2026-11-12T08:15:00+00:00", "Sanne Voorbeeld", "open_case", "case:1"),
            ("2026-11-12T08:21:00+00:00", "Sanne Voorbeeld", "record_meeting", "meeting:9"),
            ("2026-11-13T14:02:00+00:00", "Joris Fictief", "open_case", "case:1"),
            ("2026-11-16T09:40:00+00:00", "Sanne Voorbeeld", "export", "export:digest")]
    with store.session() as session:
        for at, actor, action, obj in rows:
            audit.append(session, at=at, actor=actor, action=action, object=obj,
                         device="laptop-team-3", case_id=case_id, case_code=code)


@pytest.fixture
def utc(monkeypatch):
    monkeypatch.setattr(audit_log, "DISPLAY_TZ", dt.UTC)


async def test_access_log_lists_who_did_what(demo_store, make_app, utc):
    case_id = demo_store.case_id_for_code("DEMO-0001")
    commands.record_case_opened(demo_store, case_id)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(AccessLogScreen(app.context, case_id))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[1] == "Sanne Voorbeeld" and row[2] == "heeft de casus geopend"
        summary = str(app.screen.query_one("#access-summary").render())
        assert "DEMO-0001" in summary and "1 keer geopend" in summary
        await pilot.press("escape")
        assert not isinstance(app.screen, AccessLogScreen)


async def test_access_log_of_a_missing_case_says_so(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(AccessLogScreen(app.context, 999_999))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "bestaat niet meer" in str(app.screen.query_one("#access-summary").render())


def test_access_log_snapshot(snap_compare, demo_store, make_app, utc):
    case_id = demo_store.case_id_for_code("DEMO-0001")
    _entries(demo_store, case_id)
    app = make_app(demo_store)

    async def run_before(pilot):
        await app.push_screen(AccessLogScreen(app.context, case_id))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
