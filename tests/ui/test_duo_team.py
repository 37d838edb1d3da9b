"""Duo review from the queue, the process director's unread marker, the team overview."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static, TextArea

from regie_tui.data import commands as C
from regie_tui.data.review_view import unread_review_counts
from regie_tui.rules import signals as S
from regie_tui.rules.engine import evaluate, evaluate_case
from regie_tui.rules.intervals import Intervals
from tests.conftest import TODAY
from tests.ui.conftest import SIZE

IV = Intervals()


async def _settle(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _duo_codes(store, code):
    case = store.load_case(store.case_id_for_code(code))
    return {s.code for s in evaluate_case(case, TODAY, IV)}


async def test_review_from_the_queue_clears_the_signal_and_the_director_sees_it_unread(
        demo_store, make_app):
    case_id = demo_store.case_id_for_code("DEMO-0007")
    director = demo_store.consultant_id("Bram Oefen")
    assert S.DUO_REVIEW_OVERDUE in _duo_codes(demo_store, "DEMO-0007")
    assert unread_review_counts(demo_store, director) == {}

    app = make_app(demo_store)  # Sanne Voorbeeld, duo partner of DEMO-0007
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "DuoQueueScreen"
        queue = app.screen.query_one("#queue", DataTable)
        assert queue.coordinate_to_cell_key((0, 0)).row_key.value == str(case_id)  # overdue first
        await pilot.press("enter")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "DuoReviewScreen"
        assert "Duo-review te laat" in _text(app, "#review-signals")
        assert "NIEUW" in _text(app, "#review-history")
        await pilot.press("down", "enter")  # the verdict "zorgen": remarks required
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert "Opmerkingen" in _text(app, "#form-error")
        assert S.DUO_REVIEW_OVERDUE in _duo_codes(demo_store, "DEMO-0007")
        app.screen.query_one("#remarks", TextArea).focus()
        await pilot.press(*"Plan past niet meer bij de wachttijd")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert S.DUO_REVIEW_OVERDUE not in _duo_codes(demo_store, "DEMO-0007")
        assert "Duo-review te laat" not in _text(app, "#review-signals")
        assert "zorgen" in _text(app, "#review-reviews")
        await pilot.press("escape")
        await _settle(app, pilot)
        queue = app.screen.query_one("#queue", DataTable)
        assert queue.coordinate_to_cell_key((0, 0)).row_key.value != str(case_id)

    assert unread_review_counts(demo_store, director) == {case_id: 1}

    # The process director opens it from their queue's "new reviews": read from then on.
    app = make_app(demo_store, user="Bram Oefen")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await _settle(app, pilot)
        unread = app.screen.query_one("#unread", DataTable)
        assert unread.row_count == 1
        assert unread.coordinate_to_cell_key((0, 0)).row_key.value == str(case_id)
        unread.focus()
        await pilot.press("enter")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "DuoReviewScreen"
        assert "ongelezen" in _text(app, "#review-reviews")  # as it was when opened
        assert not app.screen.query_one("#review-form").display  # no review of your own case
        assert unread_review_counts(demo_store, director) == {}
        await pilot.press("escape")
        await _settle(app, pilot)
        assert app.screen.query_one("#unread", DataTable).display is False


async def test_someone_elses_review_is_recorded_but_leaves_the_signal(demo_store, make_app):
    app = make_app(demo_store, user="Joris Fictief")
    async with app.run_test(size=SIZE) as pilot:
        case_id = demo_store.case_id_for_code("DEMO-0007")
        from regie_tui.screens.duo_review import DuoReviewScreen

        await app.push_screen(DuoReviewScreen(app.context, case_id))
        await _settle(app, pilot)
        assert "niet de duopartner" in _text(app, "#form-note")
        await pilot.press("enter", "ctrl+s")  # akkoord
        await _settle(app, pilot)
    assert S.DUO_REVIEW_OVERDUE in _duo_codes(demo_store, "DEMO-0007")
    with demo_store.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM duoreview WHERE case_id = ? AND reviewer_id = ?",
                            (case_id, demo_store.consultant_id("Joris Fictief"))).fetchone()[0] == 1


async def test_a_stale_review_is_refused_and_the_remarks_are_kept(demo_store, make_app):
    app = make_app(demo_store)
    case_id = demo_store.case_id_for_code("DEMO-0007")
    async with app.run_test(size=SIZE) as pilot:
        from regie_tui.screens.duo_review import DuoReviewScreen

        await app.push_screen(DuoReviewScreen(app.context, case_id))
        await _settle(app, pilot)
        # Meanwhile the process director records a contact: the case's version moves on.
        C.record_event(demo_store, case_id, demo_store.load_case(case_id).version,
                       kind="crisis", occurred_on=TODAY)
        await pilot.press("down", "down", "enter")  # bespreken in team
        app.screen.query_one("#remarks", TextArea).focus()
        await pilot.press(*"Graag bespreken")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert "niets opgeslagen" in _text(app, "#form-error")
        assert app.screen.query_one("#remarks", TextArea).text == "Graag bespreken"
        assert "crisis" in _text(app, "#review-history")  # the case as it is now
        # Saving again now works on the current version.
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
    assert S.DUO_REVIEW_OVERDUE not in _duo_codes(demo_store, "DEMO-0007")


def _caseload_signal(store, name):
    consultant = store.consultant_id(name)
    return [s for s in evaluate(store.load_caseload(), TODAY, IV)
            if s.code == S.CASELOAD_REVIEW_OVERDUE and s.consultant_id == consultant]


async def test_record_a_caseload_review_from_the_team_overview(demo_store, make_app):
    assert _caseload_signal(demo_store, "Bram Oefen")  # 40 days ago in the demo
    app = make_app(demo_store, user="Mirjam Model")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "TeamOverviewScreen"
        table = app.screen.query_one("#team", DataTable)
        assert table.row_count == 4  # the four consultants, not the behavioural scientist
        assert str(table.get_row_at(0)[0]) == "Bram Oefen"
        assert "te laat" in str(table.get_row_at(0)[-1])
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseloadReviewForm"
        date_input = app.screen.query_one("#held-on", Input)
        assert date_input.value == "16-11-2026"
        # A date that does not exist is refused with a clear message; nothing written.
        date_input.value = "31-02-2026"
        await pilot.press("enter", *"Wachtlijsten besproken", "enter")
        await _settle(app, pilot)
        assert "dd-mm-jjjj" in _text(app, "#caseload-review-error")
        assert _caseload_signal(demo_store, "Bram Oefen")
        date_input.value = "16-11-2026"
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "TeamOverviewScreen"
        table = app.screen.query_one("#team", DataTable)
        assert str(table.get_row_at(0)[-2]) == "16 november 2026"
        assert "op tijd" in str(table.get_row_at(0)[-1])
    assert _caseload_signal(demo_store, "Bram Oefen") == []
    with demo_store.read() as conn:
        note, by = conn.execute(
            "SELECT note, recorded_by_id FROM meeting WHERE kind = 'caseload_review' "
            "ORDER BY id DESC LIMIT 1").fetchone()
    assert note == "Wachtlijsten besproken" and by == demo_store.consultant_id("Mirjam Model")


async def test_enter_on_a_consultant_opens_their_caseload(demo_store, make_app):
    app = make_app(demo_store, user="Mirjam Model")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await _settle(app, pilot)
        await pilot.press("down", "enter")  # Joris Fictief
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "CaseloadScreen"
        assert app.screen.sub_title.startswith("Caseload van Joris Fictief · Mirjam Model")
        await app.workers.wait_for_complete()
        await pilot.pause()
        joris = demo_store.consultant_id("Joris Fictief")
        expected = [c for c in demo_store.load_caseload().cases
                    if c.process_director_id == joris and c.is_active]
        # The first view holds the cases of the consultant looked at, and says so.
        assert app.screen.query_one(DataTable).row_count == len(expected) > 0
        tab = str(app.screen.query_one("#view-mine").label)
        assert tab.startswith("1 Casussen van Joris Fictief (") and "Mijn" not in tab
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseDetailScreen"


async def test_the_app_keys_do_not_open_screens_over_a_form(demo_store, make_app):
    app = make_app(demo_store, user="Mirjam Model")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await _settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#save").focus()
        await pilot.press("w")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseloadReviewForm"
        await pilot.press("escape")
        await pilot.press("t")  # already there: not pushed twice
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack].count("TeamOverviewScreen") == 1


async def test_acknowledgements_are_listed_in_the_duo_review_and_the_team_overview(
        demo_store, make_app):
    """Issue 15.2: whoever checks the case sees what was acknowledged, by whom and why."""
    import datetime as dt

    case_id = demo_store.case_id_for_code("DEMO-0007")
    version = demo_store.load_case(case_id).version
    C.acknowledge_signal(demo_store, code=S.DUO_REVIEW_OVERDUE, reason="Duopartner [ziek]",
                         until=TODAY + dt.timedelta(days=14), case_id=case_id,
                         expected_version=version)
    app = make_app(demo_store, user="Joris Fictief")
    async with app.run_test(size=SIZE) as pilot:
        from regie_tui.screens.duo_review import DuoReviewScreen

        await app.push_screen(DuoReviewScreen(app.context, case_id))
        await _settle(app, pilot)
        listed = _text(app, "#review-acknowledgements")
        assert "◇ Duo-review te laat" in listed and "tot 30 november 2026" in listed
        assert "Duopartner [ziek]" in listed  # the reason as typed, not read as markup
        await pilot.press("escape", "t")
        await _settle(app, pilot)
        acks = app.screen.query_one("#team-acks", DataTable)
        assert acks.row_count == 1
        row = [str(cell) for cell in acks.get_row_at(0)]
        assert row[0] == "DEMO-0007" and "Duopartner [ziek]" in row[-1]
        assert row[3] == "30 november 2026"
