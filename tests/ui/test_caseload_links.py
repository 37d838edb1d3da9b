"""The caseload and the other issues: unread duo reviews, audited team searches, retention."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable

from regie_tui.data import commands as C
from regie_tui.data import review_commands as RC
from regie_tui.views import caseload as V
from tests.conftest import TODAY
from tests.ui.conftest import SIZE


async def _ready(app, pilot):
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _row(app, code: str) -> tuple:
    table = app.screen.query_one(DataTable)
    for key in table.rows:
        row = table.get_row(key)
        if str(row[1]) == code:
            return row
    raise AssertionError(f"{code} not shown")


async def test_a_new_duo_review_is_marked_unread_until_the_director_opens_it(demo_store,
                                                                             make_app):
    case_id = demo_store.case_id_for_code("DEMO-0007")  # Bram directs it, Sanne is duo
    facts = demo_store.load_case(case_id)
    demo_store.actor = "Sanne Voorbeeld"
    C.record_duo_review(demo_store, case_id, facts.version,
                        reviewer_id=demo_store.consultant_id("Sanne Voorbeeld"),
                        reviewed_on=TODAY, verdict="concerns", remarks="Jeugdige niet gezien")
    app = make_app(demo_store, user="Bram Oefen")
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        assert str(_row(app, "DEMO-0007")[-1]).startswith(V.UNREAD)
        assert V.UNREAD in str(app.screen.query_one("#status").render())
    RC.mark_reviews_read(demo_store, case_id, demo_store.consultant_id("Bram Oefen"))
    app = make_app(demo_store, user="Bram Oefen")
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        assert not str(_row(app, "DEMO-0007")[-1]).startswith(V.UNREAD)


def _audit_actions(store) -> list[tuple[str, str]]:
    with store.read() as conn:
        return list(conn.execute("SELECT action, object FROM audit_log ORDER BY id"))


async def test_a_search_of_the_team_view_is_logged_without_its_text(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        before = len(_audit_actions(demo_store))
        await pilot.press("/", *"linde", "enter")  # in "Mijn casussen": not a team search
        await _ready(app, pilot)
        assert len(_audit_actions(demo_store)) == before
        await pilot.press("escape", "3", "/", *"linde", "enter")
        await _ready(app, pilot)
        shown = app.screen.query_one(DataTable).row_count
        entries = _audit_actions(demo_store)[before:]
        assert entries == [("search_team", f"search:team:{shown}")]
        assert all("linde" not in obj for _action, obj in _audit_actions(demo_store))


def test_closed_cases_show_until_when_the_file_is_kept(demo_store):
    from regie_tui.rules.engine import evaluate
    from regie_tui.rules.intervals import Intervals

    caseload = demo_store.load_caseload()
    rows = V.build_rows(caseload, evaluate(caseload, TODAY, Intervals()), TODAY, Intervals())
    closed = [r for r in rows if not r.active and not r.signals and not r.muted]
    assert closed
    row = closed[0]
    case = next(c for c in caseload.cases if c.id == row.case_id)
    assert row.retention_until == dt.date(case.closed_on.year + 20, case.closed_on.month,
                                          case.closed_on.day)
    assert V.signals_text(row) == "bewaren tot " + row.retention_until.strftime("%d-%m-%Y")
