"""The plan screen with the keyboard: create and agree, adjust in answer to events,
plan still fits, goal status, a stale edit, history and comparison, export."""

from __future__ import annotations

import stat

from textual.widgets import Input, Static, TextArea

from regie_tui.data import commands as C
from regie_tui.data import plan_view
from regie_tui.rules import signals as S
from regie_tui.rules import vocab
from regie_tui.rules.engine import evaluate_case
from regie_tui.screens.plan import PlanScreen
from tests.conftest import TODAY
from tests.ui.conftest import SIZE

INSPECTION = "DEMO-0001"  # PLAN_REVIEW_DUE: three unanswered events
NO_PLAN = "DEMO-0008"  # PLAN_MISSING
GOAL_LATE = "DEMO-0009"  # GOAL_OVERDUE


def codes(store, case_id) -> set[str]:
    from regie_tui.rules.intervals import Intervals

    return {s.code for s in evaluate_case(store.load_case(case_id), TODAY, Intervals())}


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_plan(pilot, store, code) -> int:
    case_id = store.case_id_for_code(code)
    await settle(pilot)
    await pilot.app.push_screen(PlanScreen(pilot.app.context, case_id))
    await settle(pilot)
    return case_id


async def type_into(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press(*text)


def screen_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_create_a_draft_then_agree_it(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        case_id = await open_plan(pilot, demo_store, NO_PLAN)
        assert S.PLAN_MISSING in codes(demo_store, case_id)
        assert "nog geen plan" in screen_text(app, "#plan-meta")
        await pilot.press("e")
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanEditor"
        await pilot.press("n")  # the goals table has the focus
        await settle(pilot)
        assert type(app.screen).__name__ == "GoalForm"
        await pilot.press(*"Noor gaat weer naar school")
        await type_into(pilot, "#goal-deadline", "01-03-2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await type_into(pilot, "#editor-protective", "Opa helpt mee")
        await pilot.press("ctrl+s")  # no agreement date: a draft
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanScreen"
        history = plan_view.load_plan(demo_store, case_id)
        assert history.draft.goals[0].description == "Noor gaat weer naar school"
        assert history.draft.goals[0].deadline.isoformat() == "2027-03-01"
        assert history.draft.protective == ("Opa helpt mee",)
        assert "Concept" in screen_text(app, "#plan-meta")

        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#editor-protective", TextArea).text == "Opa helpt mee"
        await type_into(pilot, "#editor-agreed-on", "10-11-2026")
        await pilot.press("ctrl+s")  # nobody ticked: refused, input kept
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanEditor"
        assert "wie" in screen_text(app, "#editor-error").lower()
        assert app.screen.query_one("#editor-agreed-on", Input).value == "10-11-2026"
        app.screen.query_one("#editor-by-parents").focus()
        await pilot.press("space")
        app.screen.query_one("#editor-by-youth").focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanScreen"
    current = plan_view.load_plan(demo_store, case_id).current
    assert current.number == 1 and current.agreed_on.isoformat() == "2026-11-10"
    assert current.agreed_by() == ["ouders", "jeugdige"]
    assert S.PLAN_MISSING not in codes(demo_store, case_id)


async def test_adjust_in_answer_to_the_events_clears_the_review(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        case_id = await open_plan(pilot, demo_store, INSPECTION)
        assert S.PLAN_REVIEW_DUE in codes(demo_store, case_id)
        assert "Plan bijstellen" in screen_text(app, "#plan-signals")
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("ctrl+s")  # no reason: refused
        await settle(pilot)
        assert "Reden" in screen_text(app, "#editor-error")
        await type_into(pilot, "#editor-reason", "Behandelplek ging niet door")
        app.screen.query_one("#editor-by-case-director").focus()
        await pilot.press("space")
        # One more goal for the new version.
        app.screen.query_one("#editor-goals").focus()
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Overbrugging tot behandeling")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanScreen"
        assert not app.screen.query_one("#plan-signals").display
        assert "versie 2" in screen_text(app, "#plan-title")
    history = plan_view.load_plan(demo_store, case_id)
    assert history.current.number == 2
    assert history.current.reason == "Behandelplek ging niet door"
    assert len(history.current.decision.answers) == 3
    assert history.unanswered_events() == []
    assert S.PLAN_REVIEW_DUE not in codes(demo_store, case_id)


async def test_plan_still_fits_with_a_reason(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        case_id = await open_plan(pilot, demo_store, INSPECTION)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press(*"Besproken in MDO: plan past")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanScreen"
    assert S.PLAN_REVIEW_DUE not in codes(demo_store, case_id)
    decision = plan_view.load_plan(demo_store, case_id).decisions[-1]
    assert (decision.kind, decision.reason, decision.decided_by) == (
        vocab.STILL_FITS, "Besproken in MDO: plan past", "Sanne Voorbeeld")


async def test_goal_status_clears_goal_overdue(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        case_id = await open_plan(pilot, demo_store, GOAL_LATE)
        assert S.GOAL_OVERDUE in codes(demo_store, case_id)
        app.screen.query_one("#plan-goals").focus()
        await pilot.press("g")  # the first goal is the late one
        await settle(pilot)
        app.screen.query_one("#status-value").focus()
        await pilot.press("enter", "down", "enter")  # open -> behaald
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanScreen"
    assert plan_view.load_plan(demo_store, case_id).current.goals[0].status == "achieved"
    assert S.GOAL_OVERDUE not in codes(demo_store, case_id)


async def test_a_stale_edit_is_refused_and_the_input_kept(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        case_id = await open_plan(pilot, demo_store, INSPECTION)
        await pilot.press("b")
        await settle(pilot)
        await type_into(pilot, "#editor-reason", "Nieuwe situatie")
        app.screen.query_one("#editor-by-parents").focus()
        await pilot.press("space")
        version = plan_view.load_plan(demo_store, case_id).case_version
        C.record_event(demo_store, case_id, version, kind=vocab.CRISIS, occurred_on=TODAY)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanEditor"
        assert "ergens anders gewijzigd" in screen_text(app, "#editor-error")
        assert app.screen.query_one("#editor-reason", TextArea).text == "Nieuwe situatie"
    assert len(plan_view.load_plan(demo_store, case_id).versions) == 1


async def test_history_and_comparison_of_two_versions(demo_store, make_app):
    case_id = demo_store.case_id_for_code(INSPECTION)
    history = plan_view.load_plan(demo_store, case_id)
    C.adjust_plan(demo_store, case_id, history.case_version, C.PlanInput(
        goals=[C.GoalInput("Doel 1", "Resultaat afgesproken", history.current.goals[0].deadline,
                           owner="provider"),
               C.GoalInput("Perspectief voor Noor")],
        protective=["Betrokken netwerk", "School"], threatening=["Spanningen thuis"],
        safety=vocab.CONCERNS, origin=history.current.origin),
        reason="Verblijf onbepaald", agreement=C.Agreement(TODAY, by_parents=True))
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_plan(pilot, demo_store, INSPECTION)
        await pilot.press("h")
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanHistoryScreen"
        await pilot.press("v")  # the selected (latest) version with the one before
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanCompareScreen"
        text = screen_text(app, "#compare-text")
        assert "toegevoegd: Perspectief voor Noor" in text
        assert "verwijderd: Doel 2" in text
        assert "Verantwoordelijke: gezin → aanbieder" in text
        assert "+ School" in text
        assert "Zicht op veiligheid: veilig → zorgen" in text
        await pilot.press("escape")
        await settle(pilot)
        # Marking two versions compares them too (here: the same two, oldest first).
        await pilot.press("space", "up", "space", "v")
        await settle(pilot)
        assert "Versie 1 vergeleken met versie 2" in screen_text(app, "#plan-compare-body Static")


async def test_export_from_the_screen(demo_store, make_app, private_home):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_plan(pilot, demo_store, INSPECTION)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")  # where to save: the name it suggests
        await settle(pilot)
        messages = [n.message for n in app._notifications]
    path = private_home / "data" / "exports" / "plan-DEMO-0001-v1.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert any(str(path) in m and "persoonsgegevens" in m for m in messages)
    with demo_store.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'export_plan'"
                            ).fetchone()[0] == 1


async def test_cancel_asks_before_throwing_away_what_was_typed(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        case_id = await open_plan(pilot, demo_store, INSPECTION)
        await pilot.press("b")
        await settle(pilot)
        await type_into(pilot, "#editor-reason", "Half getypt")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDiscard"
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("#editor-reason", TextArea).text == "Half getypt"
        await pilot.press("escape", "j")
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanScreen"
    assert len(plan_view.load_plan(demo_store, case_id).versions) == 1
