"""Plan commands: versioning, drafts, agreement, reasons, stale edits, one audit row each."""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui.base.errors import ConflictError, ValidationError
from regie_tui.data import commands as C
from regie_tui.data import plan_commands as P
from regie_tui.data import plan_view
from regie_tui.rules import vocab
from tests.conftest import TODAY, admin_read, table_counts

pytestmark = pytest.mark.both_engines

D = dt.timedelta
GOAL = C.GoalInput("Naar school", "Dagelijks naar school", TODAY + D(days=60), owner="family")
PLAN = C.PlanInput(goals=[GOAL], protective=["Opa betrokken"], threatening=["Schulden"],
                   safety=vocab.CONCERNS, safety_note="Spanning thuis", origin="veilig_thuis")
AGREED = C.Agreement(TODAY - D(days=10), by_parents=True, by_youth=True)


def _audits(store) -> int:
    return table_counts(store)["audit_log"]


def _last_action(store) -> str:
    with admin_read(store) as conn:
        return conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]


def _agreed_plan(store, make_case):
    case_id, version = make_case()
    saved = C.adopt_plan(store, case_id, version, PLAN, AGREED)
    return case_id, saved.version


def test_a_draft_is_edited_then_agreed_and_becomes_current(store, make_case):
    case_id, version = make_case()
    draft = C.adopt_plan(store, case_id, version, PLAN)
    history = plan_view.load_plan(store, case_id)
    assert history.current is None and history.draft.number == 1
    before = _audits(store)
    edited = P.edit_draft(store, case_id, draft.version, draft.object_id, C.PlanInput(
        goals=[GOAL, C.GoalInput("Schulden in beeld", owner="consultant")],
        protective=["Opa", "School"], safety=vocab.SAFE))
    assert _audits(store) == before + 1 and _last_action(store) == "edit_draft_plan"
    history = plan_view.load_plan(store, case_id)
    draft_view = history.draft
    assert [g.description for g in draft_view.goals] == ["Naar school", "Schulden in beeld"]
    assert draft_view.protective == ("Opa", "School") and draft_view.threatening == ()
    assert draft_view.safety == vocab.SAFE and draft_view.origin == "own"
    C.agree_plan(store, case_id, edited.version, draft.object_id, AGREED)
    history = plan_view.load_plan(store, case_id)
    assert history.draft is None
    assert history.current.number == 1 and history.current.agreed_on == AGREED.agreed_on
    assert history.current.agreed_by() == ["parents", "youth"]
    assert history.current.created_by == "Tester"


def test_a_draft_is_edited_and_agreed_at_once_or_not_at_all(store, make_case):
    case_id, version = make_case()
    draft = C.adopt_plan(store, case_id, version, PLAN)
    counts = table_counts(store)
    with pytest.raises(ValidationError) as info:
        P.edit_draft(store, case_id, draft.version, draft.object_id,
                     C.PlanInput(goals=[C.GoalInput("Ander doel")]), C.Agreement(TODAY))
    assert info.value.field == "agreed_by"
    assert table_counts(store) == counts
    assert plan_view.load_plan(store, case_id).draft.goals[0].description == "Naar school"
    P.edit_draft(store, case_id, draft.version, draft.object_id,
                 C.PlanInput(goals=[C.GoalInput("Ander doel")]),
                 C.Agreement(TODAY, by_case_director=True))
    assert table_counts(store)["audit_log"] == counts["audit_log"] + 1
    current = plan_view.load_plan(store, case_id).current
    assert current.goals[0].description == "Ander doel"
    assert current.agreed_by() == ["case director"]


def test_an_agreed_plan_cannot_be_edited_or_replaced_only_adjusted(store, make_case):
    case_id, version = _agreed_plan(store, make_case)
    current = plan_view.load_plan(store, case_id).current
    counts = table_counts(store)
    with pytest.raises(ValidationError) as info:
        P.edit_draft(store, case_id, version, current.id, PLAN)
    assert info.value.field == "plan"
    with pytest.raises(ValidationError) as info:
        C.adopt_plan(store, case_id, version, PLAN)
    assert "adjust" in info.value.message
    assert table_counts(store) == counts


def test_agreement_names_who_agreed(store, make_case):
    case_id, version = make_case()
    counts = table_counts(store)
    with pytest.raises(ValidationError) as info:
        C.adopt_plan(store, case_id, version, PLAN, C.Agreement(TODAY))
    assert info.value.field == "agreed_by"
    with pytest.raises(ValidationError) as info:
        C.adopt_plan(store, case_id, version, PLAN,
                     C.Agreement(TODAY + D(days=1), by_parents=True))
    assert info.value.field == "agreed_on"
    assert table_counts(store) == counts


def test_adjusting_makes_the_next_version_with_reason_and_answered_events(store, make_case):
    case_id, version = _agreed_plan(store, make_case)
    event = C.record_event(store, case_id, version, kind=vocab.PLACEMENT_FELL_THROUGH,
                           occurred_on=TODAY - D(days=3))
    counts = table_counts(store)
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as info:
            C.adjust_plan(store, case_id, event.version, PLAN, reason=reason,
                          agreement=C.Agreement(TODAY, by_case_director=True))
        assert info.value.field == "reason"
    with pytest.raises(ValidationError) as info:  # agreed before the current version
        C.adjust_plan(store, case_id, event.version, PLAN, reason="Plek viel weg",
                      agreement=C.Agreement(TODAY - D(days=20), by_parents=True))
    assert info.value.field == "agreed_on"
    with pytest.raises(ValidationError) as info:
        C.adjust_plan(store, case_id, event.version, PLAN, reason="Plek viel weg",
                      agreement=C.Agreement(TODAY, by_parents=True), answers=[99999])
    assert info.value.field == "answers"
    assert table_counts(store) == counts
    new_goal = C.GoalInput("Overbruggingszorg", owner="provider")
    adjusted = C.adjust_plan(store, case_id, event.version,
                             C.PlanInput(goals=[GOAL, new_goal], safety=vocab.UNSAFE),
                             reason="Plek viel weg", agreement=C.Agreement(TODAY, by_parents=True),
                             answers=[event.object_id])
    assert table_counts(store)["audit_log"] == counts["audit_log"] + 1
    assert _last_action(store) == "adjust_plan"
    history = plan_view.load_plan(store, case_id)
    assert [v.number for v in history.versions] == [1, 2]
    current = history.current
    assert current.number == 2 and current.reason == "Plek viel weg"
    assert current.decision.kind == vocab.ADJUSTED
    assert [e.id for e in current.decision.answers] == [event.object_id]
    assert history.versions[0].goals[0].description == "Naar school"  # v1 kept as it was
    assert history.versions[0].safety == vocab.CONCERNS
    assert history.unanswered_events() == []
    assert adjusted.version == event.version + 1


def test_plan_still_fits_needs_a_reason_and_a_date_after_the_current_version(store, make_case):
    case_id, version = _agreed_plan(store, make_case)
    event = C.record_event(store, case_id, version, kind=vocab.CRISIS, occurred_on=TODAY)
    counts = table_counts(store)
    with pytest.raises(ValidationError) as info:
        C.plan_still_fits(store, case_id, event.version, decided_on=TODAY, reason="")
    assert info.value.field == "reason"
    with pytest.raises(ValidationError) as info:
        C.plan_still_fits(store, case_id, event.version, decided_on=TODAY - D(days=30),
                          reason="Past nog")
    assert info.value.field == "decided_on"
    assert table_counts(store) == counts
    assert [e.id for e in plan_view.load_plan(store, case_id).unanswered_events()] == [
        event.object_id]
    C.plan_still_fits(store, case_id, event.version, decided_on=TODAY, reason="Crisis bezworen",
                      answers=[event.object_id])
    assert _last_action(store) == "plan_still_fits"
    history = plan_view.load_plan(store, case_id)
    assert history.unanswered_events() == []
    fits = history.decisions[-1]
    assert (fits.kind, fits.reason, fits.decided_by) == (vocab.STILL_FITS, "Crisis bezworen",
                                                         "Tester")
    assert fits.plan_version_id == history.current.id
    assert len(history.versions) == 1


def test_stale_plan_edits_are_refused_and_write_nothing(store, make_case):
    case_id, version = make_case()
    draft = C.adopt_plan(store, case_id, version, PLAN)
    C.record_event(store, case_id, draft.version, kind=vocab.CRISIS, occurred_on=TODAY)
    counts = table_counts(store)
    stale = draft.version
    with pytest.raises(ConflictError):
        P.edit_draft(store, case_id, stale, draft.object_id, PLAN)
    with pytest.raises(ConflictError):
        C.agree_plan(store, case_id, stale, draft.object_id, AGREED)
    with pytest.raises(ConflictError):
        C.adjust_plan(store, case_id, stale, PLAN, reason="x", agreement=AGREED)
    with pytest.raises(ConflictError):
        C.plan_still_fits(store, case_id, stale, decided_on=TODAY, reason="x")
    with pytest.raises(ConflictError):
        P.set_goal_status(store, case_id, stale, 1, status="achieved")
    assert table_counts(store) == counts


def test_goal_status_is_set_on_the_current_version_only(store, make_case):
    case_id, version = _agreed_plan(store, make_case)
    v1_goal = plan_view.load_plan(store, case_id).current.goals[0]
    adjusted = C.adjust_plan(store, case_id, version, PLAN, reason="Bijgesteld",
                             agreement=C.Agreement(TODAY, by_youth=True))
    counts = table_counts(store)
    with pytest.raises(ValidationError) as info:
        P.set_goal_status(store, case_id, adjusted.version, v1_goal.id, status="achieved")
    assert info.value.field == "goal"
    current_goal = plan_view.load_plan(store, case_id).current.goals[0]
    with pytest.raises(ValidationError) as info:
        P.set_goal_status(store, case_id, adjusted.version, current_goal.id, status="dropped")
    assert info.value.field == "note"  # a dropped goal says why
    with pytest.raises(ValidationError):
        P.set_goal_status(store, case_id, adjusted.version, current_goal.id, status="done")
    assert table_counts(store) == counts
    P.set_goal_status(store, case_id, adjusted.version, current_goal.id, status="achieved",
                      note="Gaat elke dag")
    assert table_counts(store)["audit_log"] == counts["audit_log"] + 1
    assert _last_action(store) == "set_goal_status"
    history = plan_view.load_plan(store, case_id)
    assert (history.current.goals[0].status, history.current.goals[0].note) == (
        "achieved", "Gaat elke dag")
    assert history.versions[0].goals[0].status == vocab.GOAL_OPEN


def test_goal_of_another_case_is_refused(store, make_case):
    case_a, _version = _agreed_plan(store, make_case)
    case_b, version_b = _agreed_plan(store, make_case)
    goal_a = plan_view.load_plan(store, case_a).current.goals[0]
    with pytest.raises(ValidationError) as info:
        P.set_goal_status(store, case_b, version_b, goal_a.id, status="achieved")
    assert info.value.field == "goal"
