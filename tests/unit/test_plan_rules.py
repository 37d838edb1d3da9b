"""PLAN_REVIEW_DUE and GOAL_OVERDUE against plan versions and events, through the store.

Every fact here is written by the store commands the plan screen uses, so these
tests pin what the screen promises: an adjustment or a "plan still fits" that
answers an event clears the review; a goal's new status or a new deadline (in
an adjustment) clears the overdue goal.
"""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui.data import commands as C
from regie_tui.data import plan_commands as P
from regie_tui.data import plan_view
from regie_tui.rules import signals as S
from regie_tui.rules import vocab
from regie_tui.rules.engine import evaluate_case
from regie_tui.rules.intervals import Intervals
from tests.conftest import TODAY

pytestmark = pytest.mark.both_engines

D = dt.timedelta
IV = Intervals()


def codes(store, case_id) -> set[str]:
    return {s.code for s in evaluate_case(store.load_case(case_id), TODAY, IV)}


def signal(store, case_id, code):
    return next(s for s in evaluate_case(store.load_case(case_id), TODAY, IV) if s.code == code)


LONG_AGO = TODAY - D(days=90)
SCHOOL = (C.GoalInput("Naar school", deadline=TODAY + D(days=90)),)


def plan_with(goals, agreed_on=LONG_AGO):
    return C.PlanInput(goals=goals, protective=["Netwerk"], safety=vocab.SAFE), C.Agreement(
        agreed_on, by_parents=True)


def agreed_case(store, make_case, goals=SCHOOL, agreed_on=LONG_AGO):
    case_id, version = make_case(opened_on=TODAY - D(days=120))
    plan, agreement = plan_with(goals, agreed_on)
    saved = C.adopt_plan(store, case_id, version, plan, agreement)
    return case_id, saved.version


def test_event_after_the_current_version_asks_for_a_review(store, make_case):
    case_id, version = agreed_case(store, make_case)
    assert S.PLAN_REVIEW_DUE not in codes(store, case_id)
    C.record_event(store, case_id, version, kind=vocab.PLACEMENT_FELL_THROUGH,
                   occurred_on=TODAY - D(days=20))
    review = signal(store, case_id, S.PLAN_REVIEW_DUE)
    assert review.severity == S.OVERDUE
    assert review.due == TODAY - D(days=20) + D(days=IV.plan_review)


def test_adjustment_answering_the_event_clears_the_review(store, make_case):
    case_id, version = agreed_case(store, make_case)
    event = C.record_event(store, case_id, version, kind=vocab.STAY_INDEFINITE,
                           occurred_on=TODAY - D(days=20))
    plan, _agreement = plan_with([C.GoalInput("Perspectief bieden")])
    C.adjust_plan(store, case_id, event.version, plan, reason="Verblijf werd onbepaald",
                  agreement=C.Agreement(TODAY, by_case_director=True), answers=[event.object_id])
    assert S.PLAN_REVIEW_DUE not in codes(store, case_id)


def test_an_event_on_the_day_of_the_adjustment_stays_open_unless_it_is_answered(
        store, make_case):
    case_id, version = agreed_case(store, make_case)
    first = C.record_event(store, case_id, version, kind=vocab.CRISIS,
                           occurred_on=TODAY - D(days=20))
    second = C.record_event(store, case_id, first.version, kind=vocab.LOST_PERSPECTIVE,
                            occurred_on=TODAY - D(days=10))
    plan, _agreement = plan_with([C.GoalInput("Rust thuis")])
    # Agreed on the day of the second event, answering only the first.
    C.adjust_plan(store, case_id, second.version, plan, reason="Crisis",
                  agreement=C.Agreement(TODAY - D(days=10), by_parents=True),
                  answers=[first.object_id])
    history = plan_view.load_plan(store, case_id)
    assert [e.id for e in history.unanswered_events()] == [second.object_id]
    review = signal(store, case_id, S.PLAN_REVIEW_DUE)
    assert review.severity == S.DUE_SOON and dict(review.params)["count"] == 1


def test_plan_still_fits_clears_the_review_for_the_events_it_answers(store, make_case):
    case_id, version = agreed_case(store, make_case)
    first = C.record_event(store, case_id, version, kind=vocab.CRISIS,
                           occurred_on=TODAY - D(days=30))
    second = C.record_event(store, case_id, first.version, kind=vocab.MOVED_REGION,
                            occurred_on=TODAY - D(days=25))
    fits = C.plan_still_fits(store, case_id, second.version, decided_on=TODAY,
                             reason="Crisis voorbij", answers=[first.object_id])
    review = signal(store, case_id, S.PLAN_REVIEW_DUE)  # the move is still unanswered
    assert dict(review.params)["count"] == 1
    assert dict(review.params)["event"] == vocab.MOVED_REGION
    C.plan_still_fits(store, case_id, fits.version, decided_on=TODAY, reason="Verhuizing binnen "
                      "de regio", answers=[second.object_id])
    assert S.PLAN_REVIEW_DUE not in codes(store, case_id)


def test_plan_still_fits_without_events_answers_everything_before_it(store, make_case):
    case_id, version = agreed_case(store, make_case)
    event = C.record_event(store, case_id, version, kind=vocab.CRISIS,
                           occurred_on=TODAY - D(days=30))
    fits = C.plan_still_fits(store, case_id, event.version, decided_on=TODAY - D(days=20),
                             reason="Besproken in MDO")
    assert S.PLAN_REVIEW_DUE not in codes(store, case_id)
    C.record_event(store, case_id, fits.version, kind=vocab.CRISIS,
                   occurred_on=TODAY - D(days=12))
    assert S.PLAN_REVIEW_DUE in codes(store, case_id)


def test_a_draft_adjustment_does_not_count_an_event_before_the_current_version_does_not(
        store, make_case):
    case_id, version = make_case(opened_on=TODAY - D(days=120))
    event = C.record_event(store, case_id, version, kind=vocab.CRISIS,
                           occurred_on=TODAY - D(days=60))
    plan, agreement = plan_with([C.GoalInput("Rust")], agreed_on=TODAY - D(days=40))
    draft = C.adopt_plan(store, case_id, event.version, plan)
    assert S.PLAN_REVIEW_DUE not in codes(store, case_id)  # no agreed plan: PLAN_MISSING
    assert S.PLAN_MISSING in codes(store, case_id)
    C.agree_plan(store, case_id, draft.version, draft.object_id, agreement)
    assert not {S.PLAN_MISSING, S.PLAN_REVIEW_DUE} & codes(store, case_id)


def test_goal_overdue_until_its_status_changes(store, make_case):
    case_id, version = agreed_case(store, make_case, goals=(
        C.GoalInput("Naar school", deadline=TODAY - D(days=10)),
        C.GoalInput("Sporten", deadline=TODAY + D(days=100))))
    overdue = signal(store, case_id, S.GOAL_OVERDUE)
    assert overdue.severity == S.OVERDUE and overdue.due == TODAY - D(days=10)
    goal = plan_view.load_plan(store, case_id).current.goals[0]
    saved = P.set_goal_status(store, case_id, version, goal.id, status="not_achieved",
                              note="Schoolweigering blijft")
    assert S.GOAL_OVERDUE not in codes(store, case_id)
    P.set_goal_status(store, case_id, saved.version, goal.id, status=vocab.GOAL_OPEN)
    assert S.GOAL_OVERDUE in codes(store, case_id)


def test_goal_overdue_until_an_adjustment_sets_a_new_deadline(store, make_case):
    case_id, version = agreed_case(store, make_case, goals=(
        C.GoalInput("Naar school", deadline=TODAY - D(days=10)),))
    assert S.GOAL_OVERDUE in codes(store, case_id)
    plan, _agreement = plan_with([C.GoalInput("Naar school", deadline=TODAY + D(days=60))])
    C.adjust_plan(store, case_id, version, plan, reason="Nieuwe school per januari",
                  agreement=C.Agreement(TODAY, by_youth=True))
    assert S.GOAL_OVERDUE not in codes(store, case_id)
    assert S.PLAN_REVIEW_DUE not in codes(store, case_id)


def test_goals_of_older_versions_and_drafts_do_not_count(store, make_case):
    case_id, version = agreed_case(store, make_case, goals=(
        C.GoalInput("Naar school", deadline=TODAY + D(days=60)),))
    # Nothing overdue in the current version; an old version's goal cannot fire.
    plan, _agreement = plan_with([C.GoalInput("Later doel", deadline=TODAY + D(days=90))])
    C.adjust_plan(store, case_id, version, plan, reason="Bijgesteld",
                  agreement=C.Agreement(TODAY, by_parents=True))
    assert S.GOAL_OVERDUE not in codes(store, case_id)


def test_the_screen_lists_the_same_unanswered_events_the_rule_counts(tmp_path):
    """On the demo caseload: the plan screen's list and PLAN_REVIEW_DUE agree."""
    from regie_tui.base.clock import Clock
    from regie_tui.data import demo
    from regie_tui.data.store import Store

    store = Store.open(demo.generate(tmp_path / "demo.sqlite", 150, TODAY), Clock(TODAY))
    seen = 0
    for case in store.load_caseload().cases:
        if not case.is_active:
            continue
        history = plan_view.load_plan(store, case.id)
        reviews = [s for s in evaluate_case(case, TODAY, IV) if s.code == S.PLAN_REVIEW_DUE]
        events = history.unanswered_events()
        if reviews:
            seen += 1
            assert dict(reviews[0].params)["count"] == len(events), case.code
        elif events:  # not due yet: every event is younger than the interval allows
            assert min(e.occurred_on for e in events) + D(days=IV.plan_review) > TODAY + D(
                days=IV.due_soon), case.code
    assert seen >= 10
