"""The app on a team store: opened as the database login, the caseload and a case of
that login, and a meeting recorded from the app (Pilot, a real PostgreSQL)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from regie_tui import cli
from regie_tui.base import i18n
from regie_tui.base.errors import NotFoundError
from regie_tui.data import commands as C
from tests.team.conftest import as_login
from tests.team.test_team_store import TODAY, new_case
from tests.ui.case_helpers import fill, notifications, open_case, open_form, settle
from tests.ui.conftest import SIZE


@pytest.fixture
def team(pg_team):
    anna = pg_team.open()
    new_case(anna, pg_team, "A-1")  # Anna's, Bram her duo partner
    new_case(anna, pg_team, "A-2", duo="Carla Bos")
    return pg_team


def _context(url: str, login: str):
    """The context the command line builds for the app (``regie-tui --db URL``)."""
    args = cli.build_parser([]).parse_args(["--db", as_login(url, login),
                                            "--today", TODAY.isoformat()])
    cli.refuse_unready_on_team_store(args)  # the app is not refused
    return cli.make_context(args, for_app=True)


def _keys(app) -> list[str]:
    return [row.key.value for row in app.screen.query_one(DataTable).ordered_rows]


async def test_the_app_opens_as_the_login_and_records_a_meeting(team):
    from regie_tui.app import create_app
    from regie_tui.screens.case_detail import CaseDetailScreen
    from regie_tui.screens.caseload import CaseloadScreen

    i18n.set_language("nl")
    context = _context(team.url, "anna")
    assert context.user == "Anna de Vries"  # the login, never "Who are you?"
    store = context.store
    app = create_app(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        a1, a2 = store.case_id_for_code("A-1"), store.case_id_for_code("A-2")
        assert sorted(_keys(app)) == sorted([str(a1), str(a2)])
        detail = await open_case(pilot, store, "A-1")
        assert detail.view.facts.code == "A-1"
        form = await open_form(pilot, "meeting")
        fill(form, {"kind": "mdo", "held_on": "vandaag", "youth_present": True,
                    "parents_present": True, "note": "Besproken: school en thuis."})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen), form.error_text("form")
        assert any(m.startswith("Opgeslagen: ") for m in notifications(app))
    case = store.load_case(a1)
    assert [(m.kind, m.held_on) for m in case.meetings] == [("mdo", TODAY)]
    store.close()


async def test_the_duo_partner_sees_the_duo_case_and_records_the_review(team):
    from regie_tui.app import create_app

    i18n.set_language("nl")
    context = _context(team.url, "bram")
    assert context.user == "Bram Jansen"
    store = context.store
    app = create_app(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        a1 = store.case_id_for_code("A-1")
        with pytest.raises(NotFoundError):  # A-2 is not his: not there at all
            store.case_id_for_code("A-2")
        detail = await open_case(pilot, store, "A-1")
        assert detail.view.facts.code == "A-1"
    C.record_duo_review(store, a1, store.load_case(a1).version,
                        reviewer_id=team.ids["Bram Jansen"], reviewed_on=TODAY,
                        verdict="agreed")
    store.close()


async def test_the_lock_asks_for_the_name_and_nothing_is_kept_on_the_laptop(team):
    """No passphrase (a team store has no file to encrypt); no start-up child and
    no remembered first frame: the team's case rows are not written to the laptop."""
    from textual.widgets import Input

    from regie_tui.app import create_app
    from regie_tui.screens.lock import LockScreen
    from regie_tui.views import first_rows

    i18n.set_language("en")
    context = _context(team.url, "anna")
    assert first_rows.start(context) is None
    args = cli.build_parser([]).parse_args(["--db", as_login(team.url, "anna")])
    assert cli._remembered_frame_key(args, gate=None) is None
    app = create_app(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        lock = app.screen
        assert isinstance(lock, LockScreen) and not lock.encrypted
        answer = lock.query_one("#lock-answer", Input)
        assert not answer.password
        answer.value = "Anna de Vries"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, LockScreen)
    context.store.close()


async def test_the_team_overview_is_for_whom_the_rules_show_every_caseload(team):
    """A consultant reads only own and duo cases: colleagues' figures would be wrong,
    so the overview says why it does not open. The behavioural scientist's opens."""
    from regie_tui.app import create_app
    from regie_tui.screens.team_overview import TeamOverviewScreen

    i18n.set_language("en")
    for login, opens in (("anna", False), ("bea", True)):
        context = _context(team.url, login)
        app = create_app(context)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot)
            assert isinstance(app.screen, TeamOverviewScreen) == opens, login
            if opens:
                names = [row.name for row in app.screen.rows]
                assert "Anna de Vries" in names
            else:
                assert any("only the behavioural scientist" in m for m in notifications(app))
        context.store.close()


async def _until(pilot, condition, what: str) -> None:
    """Let the app run until ``condition()`` holds (a condition, not a timing)."""
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
    raise AssertionError(f"never happened: {what}")


async def test_a_colleagues_change_shows_in_the_open_screens_without_a_restart(team):
    """LISTEN/NOTIFY: the duo partner's review (his own connection) appears on the
    process director's open caseload, a change from her other session in her open
    case; nobody pressed a key."""
    from regie_tui.app import create_app
    from regie_tui.screens.caseload import CaseloadScreen

    i18n.set_language("en")
    context = _context(team.url, "anna")
    store = context.store
    a1 = store.case_id_for_code("A-1")
    bram, elsewhere = team.open("Bram Jansen"), team.open("Anna de Vries")
    app = create_app(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)

        def unread_on_a1() -> int:
            return next(r.unread_reviews for r in app.screen.rows if r.case_id == a1)

        assert unread_on_a1() == 0
        C.record_duo_review(bram, a1, bram.load_case(a1).version,
                            reviewer_id=team.ids["Bram Jansen"], reviewed_on=TODAY,
                            verdict="agreed")
        await _until(pilot, lambda: unread_on_a1() == 1, "the review on the caseload")

        detail = await open_case(pilot, store, "A-1")
        assert detail.view.facts.meetings == ()
        C.record_meeting(elsewhere, a1, elsewhere.load_case(a1).version, kind="mdo",
                         held_on=TODAY)
        await _until(pilot, lambda: len(app.screen.view.facts.meetings) == 1,
                     "the meeting in the open case")
    store.close()


def _until_listening(url: str) -> None:
    """Until the listener LISTENs and has caught up (a condition on the server, not a
    timing): its connection is idle after its first read of the changes."""
    import psycopg

    from regie_tui.data.engines.postgres import CHANGES_SQL, LISTENER_NAME

    with psycopg.connect(url, autocommit=True) as admin:
        for _ in range(100_000):
            if admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                             "%s AND state = 'idle' AND query = %s",
                             (LISTENER_NAME, CHANGES_SQL.replace("%s", "$1"))).fetchone()[0]:
                return
    raise AssertionError("the listener never listened")


def test_the_listener_hands_on_each_commit_once_and_stops(team):
    """The engine seam on its own: two connections, one listening; a rolled-back
    change is not announced, a committed one is, with the case id only."""
    import queue
    import threading

    anna = team.open()
    a1, a2 = anna.case_id_for_code("A-1"), anna.case_id_for_code("A-2")
    got: queue.Queue = queue.Queue()
    stop = threading.Event()
    listening = threading.Thread(target=anna.backend.watch_changes, args=(got.put, stop),
                                 daemon=True)
    listening.start()
    import psycopg

    _until_listening(team.url)
    with psycopg.connect(as_login(team.url, "anna")) as conn:  # rolled back: not announced
        assert conn.execute("UPDATE care_case SET alias = 'x' WHERE id = %s",
                            (a2,)).rowcount == 1
        conn.rollback()
    C.record_meeting(anna, a1, anna.load_case(a1).version, kind="mdo", held_on=TODAY)
    assert got.get(timeout=30) == {a1}
    stop.set()
    listening.join(timeout=30)
    assert not listening.is_alive() and got.empty()


async def test_the_duo_partner_reviews_from_the_duo_queue(team):
    """The duo queue and review screen on a team store: Bram, Anna's duo partner on
    A-1, records the review from the app; he cannot change her case otherwise."""
    from regie_tui.app import create_app
    from regie_tui.data.review_view import unread_review_counts

    i18n.set_language("nl")
    context = _context(team.url, "bram")
    store = context.store
    a1 = store.case_id_for_code("A-1")
    app = create_app(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert type(app.screen).__name__ == "DuoQueueScreen"
        queue = app.screen.query_one("#queue", DataTable)
        assert queue.coordinate_to_cell_key((0, 0)).row_key.value == str(a1)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "DuoReviewScreen"
        await pilot.press("enter", "ctrl+s")  # akkoord
        await settle(pilot)
    [review] = store.load_case(a1).duo_reviews
    assert review.reviewer_id == team.ids["Bram Jansen"]
    anna = team.open()
    assert unread_review_counts(anna, team.ids["Anna de Vries"]) == {a1: 1}
    store.close()


async def test_who_viewed_the_case_is_refused_plainly_to_a_consultant(team):
    """On a team store the access log is the privacy officer's (NEN 7513): a
    consultant's "who viewed" says so plainly, no unexpected-error screen."""
    from textual.widgets import Static

    from regie_tui.app import create_app
    from regie_tui.screens.access_log import AccessLogScreen

    i18n.set_language("en")
    context = _context(team.url, "anna")
    app = create_app(context)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, context.store, "A-1")
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.screen, AccessLogScreen)
        summary = str(app.screen.query_one("#access-summary", Static).render())
        assert "access rules do not let you read this" in summary
    context.store.close()


async def test_the_plan_screen_makes_a_draft_and_exports_it(team, private_home):
    """The plan of approach on a team store: Anna makes a draft from the keyboard and
    exports it (0600, in the log as her login); Bram, her duo partner, reads the
    plan, and his save is refused plainly with what he typed kept."""
    from regie_tui.app import create_app
    from regie_tui.data import plan_view
    from regie_tui.screens.plan import PlanScreen

    i18n.set_language("en")
    context = _context(team.url, "anna")
    store = context.store
    a1 = store.case_id_for_code("A-1")
    app = create_app(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(PlanScreen(context, a1))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanEditor"
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "GoalForm"
        await pilot.press(*"Noor gaat naar school")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")  # no agreement date: a draft
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanScreen", notifications(app)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")  # where to save: the name it suggests
        await settle(pilot)
    draft = plan_view.load_plan(store, a1).draft
    assert [g.description for g in draft.goals] == ["Noor gaat naar school"]
    path = private_home / "data" / "exports" / "plan-A-1-v1.pdf"
    assert path.read_bytes().startswith(b"%PDF-") and path.stat().st_mode & 0o777 == 0o600
    store.close()

    context = _context(team.url, "bram")
    app = create_app(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(PlanScreen(context, a1))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert type(editor).__name__ == "PlanEditor"
        editor.query_one("#editor-protective").focus()
        await pilot.press(*"Opa helpt")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor  # refused: the form stays, with what he typed
        assert editor.query_one("#editor-protective").text == "Opa helpt"
        said = " ".join(notifications(app)) + str(editor.query_one("#editor-error").render())
        assert "You can read this case but not change it" in said
    assert plan_view.load_plan(context.store, a1).draft.protective == ()
    context.store.close()


async def test_a_checklist_run_is_completed_on_a_team_store(team):
    from regie_tui.app import create_app
    from regie_tui.data import checklist_queries as CQ
    from regie_tui.screens.checklist_confirm import ChecklistConfirm
    from tests.ui.test_checklists import MDO, _answer_all, _press, _push_run, _settle

    i18n.set_language("nl")
    context = _context(team.url, "anna")
    store = context.store
    a1 = store.case_id_for_code("A-1")
    app = create_app(context)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _push_run(app, pilot, store, "A-1", template_key=MDO)
        await _answer_all(app, pilot)
        assert "12/12" in str(screen.query_one("#run-status").render())
        await pilot.press("d")
        await _settle(app, pilot)
        assert isinstance(app.screen, ChecklistConfirm)
        await _press(app, pilot, "enter")
        assert app.screen is screen and screen.read_only
    [run] = CQ.runs_of_case(store, a1)
    assert run.completed_on == TODAY and run.consultant == "Anna de Vries"
    store.close()
    # Bram, the duo partner, sees the run; saving one of his own is refused plainly.
    context = _context(team.url, "bram")
    assert [r.completed_on for r in CQ.runs_of_case(context.store, a1)] == [TODAY]
    app = create_app(context)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _push_run(app, pilot, context.store, "A-1", template_key=MDO)
        await _press(app, pilot, "1", "ctrl+s")
        assert app.screen is screen  # no error screen: the answers stay on his screen
        assert any("Je kunt deze casus lezen maar niet wijzigen" in m
                   for m in notifications(app)), notifications(app)
    assert len(CQ.runs_of_case(context.store, a1)) == 1
    context.store.close()


async def test_the_exports_from_the_palette_on_a_team_store(team, private_home):
    from regie_tui.app import create_app
    from regie_tui.exchange.files import default_folder
    from tests.ui.test_export_commands import _notes, _run_palette

    i18n.set_language("nl")
    context = _context(team.url, "anna")
    app = create_app(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _run_palette(app, pilot, "Excel-lijst van mijn caseload")
        await _run_palette(app, pilot, "agenda")
        app.open_case(context.store.case_id_for_code("A-1"))
        await settle(pilot)
        await _run_palette(app, pilot, "samenvatting van deze casus (Markdown)")
        notes = _notes(app)
    made = sorted(p.name for p in default_folder().iterdir())
    assert made == [f"caseload-{TODAY}.xlsx", f"deadlines-{TODAY}.ics",
                    f"summary-A-1-{TODAY}.md"], notes
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in default_folder().iterdir())
    summary = (default_folder() / f"summary-A-1-{TODAY}.md").read_text("utf-8")
    assert summary.startswith("# Samenvatting casus A-1")
    import psycopg

    with psycopg.connect(team.url) as conn:  # the administrator reads the log
        actions = [a for (a,) in conn.execute(
            "SELECT action FROM audit_log WHERE actor = 'anna' AND action LIKE %s "
            "ORDER BY id", ("export%",))]
    assert actions == ["export_caseload", "export_calendar", "export_summary"]
    context.store.close()


async def test_a_goal_status_the_rules_refuse_is_said_on_the_form(team):
    """The plan's small forms (goal status, plan still fits) on a team store: the
    duo partner may read the plan; his change is refused on the form, plainly."""
    import datetime as dt

    from regie_tui.app import create_app
    from regie_tui.data import plan_view
    from regie_tui.screens.plan import PlanScreen

    anna = team.open()
    a1 = anna.case_id_for_code("A-1")
    C.adopt_plan(anna, a1, anna.load_case(a1).version,
                 C.PlanInput(goals=[C.GoalInput("Naar school")]),
                 C.Agreement(TODAY - dt.timedelta(days=1), by_parents=True))
    i18n.set_language("en")
    context = _context(team.url, "bram")
    app = create_app(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(PlanScreen(context, a1))
        await settle(pilot)
        app.screen.query_one("#plan-goals").focus()
        await pilot.press("g")
        await settle(pilot)
        form = app.screen
        assert type(form).__name__ == "GoalStatusForm"
        form.query_one("#status-value").focus()
        await pilot.press("enter", "down", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused on the form, not an error screen
        assert "You can read this case but not change it" in str(
            form.query_one(".error").render())
    assert plan_view.load_plan(anna, a1).current.goals[0].status == "open"
    context.store.close()
