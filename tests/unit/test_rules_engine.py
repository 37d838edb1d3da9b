"""Table-driven tests of every signal rule: fires, does not fire, deadline boundaries,
PR versus VPR intervals, and acknowledgements."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from regie_tui.rules import signals as S
from regie_tui.rules import vocab as V
from regie_tui.rules.engine import evaluate, evaluate_case, evaluate_consultant
from regie_tui.rules.facts import (
    Acknowledgement,
    CaseFacts,
    Caseload,
    ChecklistOutcome,
    ConsultantFacts,
    DuoReview,
    Escalation,
    Event,
    Goal,
    Meeting,
    PlanDecision,
    PlanVersion,
    RegimePeriod,
    SyncConflict,
)
from regie_tui.rules.intervals import Intervals
from regie_tui.rules.signals import ATTENTION, DUE_SOON, OVERDUE

IV = Intervals()
B = dt.date(2026, 1, 5)  # the base date facts are placed around
T = dt.date(2026, 3, 2)  # a "today" for scenario tests


def d(n: int, base: dt.date = B) -> dt.date:
    return base + dt.timedelta(days=n)


def plan(created: dt.date, *, agreed: bool = True, number: int = 1, safety=None, goals=(),
         agreed_on: dt.date | None = None, pid: int | None = None) -> PlanVersion:
    return PlanVersion(
        id=pid or 500 + number, number=number, status=V.AGREED if agreed else V.DRAFT,
        created_on=created, agreed_on=(agreed_on or created) if agreed else None,
        safety=safety, goals=tuple(goals),
    )


def pr_case(**kw) -> CaseFacts:
    """An active PR case opened long ago with a plan, a case director and role agreement.

    It has no MDO or youth contact, so tests that are not about those pass
    recent ones via ``meetings`` or ignore those codes.
    """
    opened = kw.pop("opened_on", d(-300))
    base = dict(
        id=1, code="C-1", alias="Fam. A", status=V.ACTIVE, opened_on=opened,
        process_director_id=3, case_director_name="J. Jansen", case_director_named_on=opened,
        role_agreement_on=opened, professionals=1,
        regimes=(RegimePeriod(V.PR, opened),), plans=(plan(opened),),
    )
    base.update(kw)
    return CaseFacts(**base)


def vpr_case(decided: dt.date, start_held: dt.date | None = None, **kw) -> CaseFacts:
    """A VPR case decided at OVV on ``decided`` (period start the day after)."""
    opened = kw.pop("opened_on", d(-300))
    meetings = kw.pop("meetings", ())
    if start_held is not None:
        meetings = (Meeting(90, V.START_MEETING, held_on=start_held), *meetings)
    base = dict(
        regimes=(RegimePeriod(V.PR, opened), RegimePeriod(V.VPR, d(1, decided), decided)),
        meetings=tuple(sorted(meetings, key=lambda m: m.held_on or m.planned_on)),
        marking_letter_on=decided, duo_partner_id=7, opened_on=opened,
    )
    base.update(kw)
    return pr_case(**base)


def one(case: CaseFacts, today: dt.date, code: str, iv: Intervals = IV) -> S.Signal | None:
    found = [s for s in evaluate_case(case, today, iv) if s.code == code]
    assert len(found) <= 1, f"more than one {code}"
    return found[0] if found else None


def severity(case: CaseFacts, today: dt.date, code: str, iv: Intervals = IV) -> str | None:
    signal = one(case, today, code, iv)
    return signal.severity if signal else None


# --------------------------------------------------------------------------------------
# Deadline boundaries: for every rule with a deadline, a case whose due date is known.
# --------------------------------------------------------------------------------------

def _youth(held: dt.date) -> Meeting:
    return Meeting(60, V.YOUTH_CONTACT, held_on=held, youth_present=True)


DEADLINES = {
    "START_MEETING_MISSING": (lambda: vpr_case(B), d(14)),
    "MARKING_LETTER_MISSING": (lambda: vpr_case(B, marking_letter_on=None), d(7)),
    "FIRST_MDO_OVERDUE": (lambda: vpr_case(B, d(3)), d(3 + 42)),
    "MDO_OVERDUE/VPR": (
        lambda: vpr_case(B, d(3), meetings=(Meeting(61, V.MDO, held_on=d(10)),)), d(10 + 42)),
    "MDO_OVERDUE/PR": (lambda: pr_case(meetings=(Meeting(61, V.MDO, held_on=B),)), d(91)),
    "ROLE_AGREEMENT_MISSING": (
        lambda: pr_case(case_director_named_on=B, role_agreement_on=None), d(14)),
    "DUO_REVIEW_OVERDUE": (
        lambda: vpr_case(B, d(2), duo_reviews=(DuoReview(7, d(5)),)), d(5 + 42)),
    "YOUTH_CONTACT_OVERDUE/VPR": (lambda: vpr_case(B, d(2), meetings=(_youth(d(4)),)), d(4 + 28)),
    "YOUTH_CONTACT_OVERDUE/PR": (lambda: pr_case(meetings=(_youth(B),)), d(91)),
    "PLAN_MISSING": (lambda: pr_case(opened_on=B, plans=()), d(42)),
    "PLAN_REVIEW_DUE": (
        lambda: pr_case(plans=(plan(d(-30)),), events=(Event(70, V.CRISIS, B),)), d(14)),
    "GOAL_OVERDUE": (lambda: pr_case(plans=(plan(d(-30), goals=[Goal(80, B, V.GOAL_OPEN)]),)), B),
    "ESCALATION_PENDING": (lambda: pr_case(escalations=(Escalation(71, V.ESC_MANAGER, B),)), d(14)),
    "STAGNATION": (lambda: pr_case(waiting_since=B), d(56)),
    "RISK_ASSESSMENT_MISSING": (lambda: pr_case(events=(Event(72, V.CARE_AVOIDANCE, B),)), d(14)),
}


@pytest.mark.parametrize("name", sorted(DEADLINES))
@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-(IV.due_soon + 1), None),  # just before the due-soon window
        (-IV.due_soon, DUE_SOON),  # first day of the window
        (-1, DUE_SOON),  # the day before the deadline
        (0, DUE_SOON),  # on the deadline: not late yet
        (1, OVERDUE),  # the day after
        (30, OVERDUE),
    ],
)
def test_deadline_boundaries(name, offset, expected):
    make, due = DEADLINES[name]
    code = name.split("/")[0]
    signal = one(make(), d(offset, due), code)
    assert (signal.severity if signal else None) == expected
    if signal:
        assert signal.due == due
        assert signal.days_late(d(offset, due)) == max(offset, 0)


@pytest.mark.parametrize("name", sorted(DEADLINES))
def test_due_soon_window_follows_the_interval(name):
    make, due = DEADLINES[name]
    code = name.split("/")[0]
    assert severity(make(), d(-3, due), code, Intervals(due_soon=3)) == DUE_SOON
    assert severity(make(), d(-4, due), code, Intervals(due_soon=3)) is None
    # due_soon = 0: only the deadline day itself is "due soon"
    assert severity(make(), due, code, Intervals(due_soon=0)) == DUE_SOON
    assert severity(make(), d(-1, due), code, Intervals(due_soon=0)) is None


def test_caseload_review_boundaries():
    consultant = ConsultantFacts(3, "A. de Vries", V.CONSULTANT, (B,))
    due = d(28)
    for offset, expected in [(-8, None), (-7, DUE_SOON), (0, DUE_SOON), (1, OVERDUE)]:
        found = evaluate_consultant(consultant, d(offset, due), IV)
        assert ([s.severity for s in found] or [None]) == [expected]


# --------------------------------------------------------------------------------------
# Scenario tables per code: fires / does not fire.
# --------------------------------------------------------------------------------------

def _held(kind, on, mid=61, youth=False):
    return Meeting(mid, kind, held_on=on, youth_present=youth)


SYNC = SyncConflict(1, "name_case_director", "pieter", dt.datetime(2026, 2, 27, 14, 5))

SCENARIOS = [
    # START_MEETING_MISSING
    ("start: none held", vpr_case(d(-30, T)), "START_MEETING_MISSING", OVERDUE),
    ("start: held before decision", vpr_case(d(-30, T), d(-31, T)), "START_MEETING_MISSING",
     OVERDUE),
    ("start: held on decision day", vpr_case(d(-30, T), d(-30, T)), "START_MEETING_MISSING", None),
    ("start: only planned", vpr_case(d(-30, T), meetings=(
        Meeting(61, V.START_MEETING, planned_on=d(-2, T)),)), "START_MEETING_MISSING", OVERDUE),
    ("start: held after today", vpr_case(d(-30, T), meetings=(
        Meeting(61, V.START_MEETING, held_on=d(1, T)),)), "START_MEETING_MISSING", OVERDUE),
    ("start: decided = period start without OVV date", pr_case(regimes=(
        RegimePeriod(V.VPR, d(-10, T)),), marking_letter_on=d(-10, T), duo_partner_id=7),
     "START_MEETING_MISSING", DUE_SOON),
    ("start: PR case", pr_case(), "START_MEETING_MISSING", None),
    # MARKING_LETTER_MISSING
    ("letter: none", vpr_case(d(-30, T), d(-25, T), marking_letter_on=None),
     "MARKING_LETTER_MISSING", OVERDUE),
    ("letter: before the decision", vpr_case(d(-30, T), d(-25, T), marking_letter_on=d(-31, T)),
     "MARKING_LETTER_MISSING", OVERDUE),
    ("letter: on the decision", vpr_case(d(-30, T), d(-25, T)), "MARKING_LETTER_MISSING", None),
    ("letter: PR case", pr_case(), "MARKING_LETTER_MISSING", None),
    # FIRST_MDO_OVERDUE
    ("first MDO: none after start", vpr_case(d(-100, T), d(-90, T)), "FIRST_MDO_OVERDUE", OVERDUE),
    ("first MDO: only before start", vpr_case(d(-100, T), d(-90, T), meetings=(
        _held(V.MDO, d(-95, T)),)), "FIRST_MDO_OVERDUE", OVERDUE),
    ("first MDO: held after start", vpr_case(d(-100, T), d(-90, T), meetings=(
        _held(V.MDO, d(-50, T)),)), "FIRST_MDO_OVERDUE", None),
    ("first MDO: evaluation meeting counts", vpr_case(d(-100, T), d(-90, T), meetings=(
        _held(V.EVALUATION, d(-50, T)),)), "FIRST_MDO_OVERDUE", None),
    ("first MDO: evaluation checklist counts", vpr_case(d(-100, T), d(-90, T), checklists=(
        ChecklistOutcome(1, "mdo", d(-50, T), ("evaluation",)),)), "FIRST_MDO_OVERDUE", None),
    ("first MDO: checklist without the consequence", vpr_case(d(-100, T), d(-90, T), checklists=(
        ChecklistOutcome(1, "mdo", d(-50, T), ()),)), "FIRST_MDO_OVERDUE", OVERDUE),
    ("first MDO: no start meeting", vpr_case(d(-100, T)), "FIRST_MDO_OVERDUE", None),
    # MDO_OVERDUE
    ("MDO: VPR without start meeting", vpr_case(d(-200, T), meetings=(
        _held(V.MDO, d(-150, T)),)), "MDO_OVERDUE", None),
    ("MDO: VPR, no evaluation since start", vpr_case(d(-200, T), d(-190, T)), "MDO_OVERDUE", None),
    ("MDO: VPR, last MDO 50 days ago", vpr_case(d(-200, T), d(-190, T), meetings=(
        _held(V.MDO, d(-50, T)),)), "MDO_OVERDUE", OVERDUE),
    ("MDO: PR, last MDO 50 days ago", pr_case(meetings=(_held(V.MDO, d(-50, T)),)),
     "MDO_OVERDUE", None),
    ("MDO: PR, last MDO 100 days ago", pr_case(meetings=(_held(V.MDO, d(-100, T)),)),
     "MDO_OVERDUE", OVERDUE),
    ("MDO: PR, never, regime start 100 days ago", pr_case(opened_on=d(-100, T)),
     "MDO_OVERDUE", OVERDUE),
    ("MDO: PR, never, regime start 60 days ago", pr_case(opened_on=d(-60, T)),
     "MDO_OVERDUE", None),
    ("MDO: no regime, opened 100 days ago", pr_case(opened_on=d(-100, T), regimes=()),
     "MDO_OVERDUE", OVERDUE),
    ("MDO: a planned MDO does not count", pr_case(meetings=(
        _held(V.MDO, d(-100, T)), Meeting(62, V.MDO, planned_on=d(-5, T)))),
     "MDO_OVERDUE", OVERDUE),
    ("MDO: a home visit does not count", pr_case(meetings=(
        _held(V.MDO, d(-100, T)), _held(V.HOME_VISIT, d(-5, T), 62))), "MDO_OVERDUE", OVERDUE),
    # CASE_DIRECTOR_MISSING
    ("director: providers, none named", pr_case(case_director_name=None), "CASE_DIRECTOR_MISSING",
     ATTENTION),
    ("director: empty name", pr_case(case_director_name=""), "CASE_DIRECTOR_MISSING", ATTENTION),
    ("director: no providers", pr_case(case_director_name=None, professionals=0),
     "CASE_DIRECTOR_MISSING", None),
    ("director: named", pr_case(), "CASE_DIRECTOR_MISSING", None),
    # ROLE_AGREEMENT_MISSING
    ("roles: none recorded", pr_case(role_agreement_on=None), "ROLE_AGREEMENT_MISSING", OVERDUE),
    ("roles: before the current director", pr_case(case_director_named_on=d(-60, T),
     role_agreement_on=d(-61, T)), "ROLE_AGREEMENT_MISSING", OVERDUE),
    ("roles: on the naming day", pr_case(case_director_named_on=d(-60, T),
     role_agreement_on=d(-60, T)), "ROLE_AGREEMENT_MISSING", None),
    ("roles: no director", pr_case(case_director_name=None, role_agreement_on=None),
     "ROLE_AGREEMENT_MISSING", None),
    ("roles: VPR counts from the start meeting", vpr_case(d(-30, T), d(-10, T),
     case_director_named_on=d(-200, T), role_agreement_on=None), "ROLE_AGREEMENT_MISSING",
     DUE_SOON),
    ("roles: naming date unknown counts from opening", pr_case(case_director_named_on=None,
     role_agreement_on=None, opened_on=d(-10, T)), "ROLE_AGREEMENT_MISSING", DUE_SOON),
    # DUO_PARTNER_MISSING
    ("duo: VPR without partner", vpr_case(d(-10, T), duo_partner_id=None), "DUO_PARTNER_MISSING",
     ATTENTION),
    ("duo: VPR with partner", vpr_case(d(-10, T)), "DUO_PARTNER_MISSING", None),
    ("duo: PR without partner", pr_case(), "DUO_PARTNER_MISSING", None),
    # DUO_REVIEW_OVERDUE
    ("duo review: never, decided 50 days ago", vpr_case(d(-50, T)), "DUO_REVIEW_OVERDUE", OVERDUE),
    ("duo review: recent by the partner", vpr_case(d(-50, T), duo_reviews=(
        DuoReview(7, d(-10, T)),)), "DUO_REVIEW_OVERDUE", None),
    ("duo review: recent by someone else", vpr_case(d(-50, T), duo_reviews=(
        DuoReview(8, d(-10, T)),)), "DUO_REVIEW_OVERDUE", OVERDUE),
    ("duo review: dated after today", vpr_case(d(-50, T), duo_reviews=(
        DuoReview(7, d(3, T)),)), "DUO_REVIEW_OVERDUE", OVERDUE),
    ("duo review: no partner", vpr_case(d(-50, T), duo_partner_id=None), "DUO_REVIEW_OVERDUE",
     None),
    ("duo review: PR", pr_case(), "DUO_REVIEW_OVERDUE", None),
    # YOUTH_CONTACT_OVERDUE
    ("youth: VPR, contact 30 days ago", vpr_case(d(-100, T), meetings=(
        _held(V.HOME_VISIT, d(-30, T), youth=True),)), "YOUTH_CONTACT_OVERDUE", OVERDUE),
    ("youth: PR, contact 30 days ago", pr_case(meetings=(
        _held(V.HOME_VISIT, d(-30, T), youth=True),)), "YOUTH_CONTACT_OVERDUE", None),
    ("youth: meeting without the youth", pr_case(opened_on=d(-100, T), meetings=(
        _held(V.YOUTH_CONTACT, d(-3, T)),)), "YOUTH_CONTACT_OVERDUE", OVERDUE),
    ("youth: checklist consequence counts", pr_case(opened_on=d(-100, T), checklists=(
        ChecklistOutcome(1, "mdo", d(-3, T), ("youth_contact",)),)), "YOUTH_CONTACT_OVERDUE",
     None),
    ("youth: never, VPR period started 21 days ago", vpr_case(d(-22, T)), "YOUTH_CONTACT_OVERDUE",
     DUE_SOON),
    ("youth: never, no regime, opened 100 days ago", pr_case(regimes=(), opened_on=d(-100, T)),
     "YOUTH_CONTACT_OVERDUE", OVERDUE),
    # PLAN_MISSING
    ("plan: none", pr_case(opened_on=d(-50, T), plans=()), "PLAN_MISSING", OVERDUE),
    ("plan: only a draft", pr_case(opened_on=d(-50, T), plans=(plan(d(-40, T), agreed=False),)),
     "PLAN_MISSING", OVERDUE),
    ("plan: agreed", pr_case(opened_on=d(-50, T), plans=(plan(d(-40, T)),)), "PLAN_MISSING", None),
    # PLAN_REVIEW_DUE
    ("review: event after the plan", pr_case(plans=(plan(d(-60, T)),), events=(
        Event(70, V.CRISIS, d(-20, T)),)), "PLAN_REVIEW_DUE", OVERDUE),
    ("review: event before the plan", pr_case(plans=(plan(d(-60, T)),), events=(
        Event(70, V.CRISIS, d(-70, T)),)), "PLAN_REVIEW_DUE", None),
    ("review: event on the agreement day", pr_case(plans=(plan(d(-60, T)),), events=(
        Event(70, V.CRISIS, d(-60, T)),)), "PLAN_REVIEW_DUE", OVERDUE),
    ("review: agreed_on counts, not created_on", pr_case(plans=(
        plan(d(-60, T), agreed_on=d(-10, T)),), events=(Event(70, V.CRISIS, d(-20, T)),)),
     "PLAN_REVIEW_DUE", None),
    ("review: event after today", pr_case(plans=(plan(d(-60, T)),), events=(
        Event(70, V.CRISIS, d(2, T)),)), "PLAN_REVIEW_DUE", None),
    ("review: answered by id", pr_case(plans=(plan(d(-60, T)),), events=(
        Event(70, V.CRISIS, d(-20, T)),), decisions=(
        PlanDecision(1, V.STILL_FITS, d(-15, T), (70,)),)), "PLAN_REVIEW_DUE", None),
    ("review: a decision answering another event", pr_case(plans=(plan(d(-60, T)),), events=(
        Event(70, V.CRISIS, d(-20, T)),), decisions=(
        PlanDecision(1, V.STILL_FITS, d(-15, T), (71,)),)), "PLAN_REVIEW_DUE", OVERDUE),
    ("review: blanket decision after the event", pr_case(plans=(plan(d(-60, T)),), events=(
        Event(70, V.CRISIS, d(-20, T)),), decisions=(PlanDecision(1, V.STILL_FITS, d(-20, T)),)),
     "PLAN_REVIEW_DUE", None),
    ("review: blanket decision before the event", pr_case(plans=(plan(d(-60, T)),), events=(
        Event(70, V.CRISIS, d(-20, T)),), decisions=(PlanDecision(1, V.ADJUSTED, d(-21, T)),)),
     "PLAN_REVIEW_DUE", OVERDUE),
    ("review: checklist asks to adjust", pr_case(plans=(plan(d(-60, T)),), checklists=(
        ChecklistOutcome(1, "mdo", d(-20, T), ("adjust_plan",)),)), "PLAN_REVIEW_DUE", OVERDUE),
    ("review: checklist answered by an adjustment", pr_case(plans=(plan(d(-60, T)),), checklists=(
        ChecklistOutcome(1, "mdo", d(-20, T), ("adjust_plan",)),), decisions=(
        PlanDecision(1, V.ADJUSTED, d(-20, T)),)), "PLAN_REVIEW_DUE", None),
    ("review: checklist not answered by 'still fits'", pr_case(plans=(plan(d(-60, T)),),
     checklists=(ChecklistOutcome(1, "mdo", d(-20, T), ("adjust_plan",)),), decisions=(
        PlanDecision(1, V.STILL_FITS, d(-10, T)),)), "PLAN_REVIEW_DUE", OVERDUE),
    ("review: no agreed plan", pr_case(plans=(), opened_on=d(-10, T), events=(
        Event(70, V.CRISIS, d(-5, T)),)), "PLAN_REVIEW_DUE", None),
    # GOAL_OVERDUE
    ("goal: open, past deadline", pr_case(plans=(plan(d(-60, T), goals=[
        Goal(80, d(-1, T), V.GOAL_OPEN)]),)), "GOAL_OVERDUE", OVERDUE),
    ("goal: achieved", pr_case(plans=(plan(d(-60, T), goals=[Goal(80, d(-1, T), "achieved")]),)),
     "GOAL_OVERDUE", None),
    ("goal: no deadline", pr_case(plans=(plan(d(-60, T), goals=[Goal(80, None, V.GOAL_OPEN)]),)),
     "GOAL_OVERDUE", None),
    ("goal: far deadline", pr_case(plans=(plan(d(-60, T), goals=[
        Goal(80, d(60, T), V.GOAL_OPEN)]),)), "GOAL_OVERDUE", None),
    ("goal: only in an older version", pr_case(plans=(
        plan(d(-60, T), goals=[Goal(80, d(-1, T), V.GOAL_OPEN)]),
        plan(d(-30, T), number=2, goals=[Goal(81, d(60, T), V.GOAL_OPEN)]))), "GOAL_OVERDUE", None),
    ("goal: a newer draft does not count", pr_case(plans=(
        plan(d(-60, T), goals=[Goal(80, d(-1, T), V.GOAL_OPEN)]),
        plan(d(-30, T), number=2, agreed=False))), "GOAL_OVERDUE", OVERDUE),
    # ESCALATION_PENDING
    ("escalation: pending 20 days", pr_case(escalations=(
        Escalation(71, V.ESC_MANAGER, d(-20, T)),)), "ESCALATION_PENDING", OVERDUE),
    ("escalation: decided", pr_case(escalations=(
        Escalation(71, V.ESC_MANAGER, d(-20, T), d(-5, T), V.GRANTED),)), "ESCALATION_PENDING",
     None),
    # STAGNATION
    ("stagnation: waiting 60 days", pr_case(waiting_since=d(-60, T)), "STAGNATION", OVERDUE),
    ("stagnation: escalated since", pr_case(waiting_since=d(-60, T), escalations=(
        Escalation(71, V.ESC_RET, d(-60, T), d(-50, T), V.REFUSED),)), "STAGNATION", None),
    ("stagnation: escalated before waiting", pr_case(waiting_since=d(-60, T), escalations=(
        Escalation(71, V.ESC_RET, d(-61, T), d(-61, T), V.REFUSED),)), "STAGNATION", OVERDUE),
    ("stagnation: plan adjusted since", pr_case(waiting_since=d(-60, T), decisions=(
        PlanDecision(1, V.ADJUSTED, d(-60, T)),)), "STAGNATION", None),
    ("stagnation: 'still fits' is no adjustment", pr_case(waiting_since=d(-60, T), decisions=(
        PlanDecision(1, V.STILL_FITS, d(-30, T)),)), "STAGNATION", OVERDUE),
    ("stagnation: not waiting", pr_case(), "STAGNATION", None),
    # RISK_ASSESSMENT_MISSING
    ("risk: care avoidance", pr_case(events=(Event(72, V.CARE_AVOIDANCE, d(-20, T)),)),
     "RISK_ASSESSMENT_MISSING", OVERDUE),
    ("risk: assessed on the same day", pr_case(events=(Event(72, V.CARE_AVOIDANCE, d(-20, T)),),
     risk_assessments=(d(-20, T),)), "RISK_ASSESSMENT_MISSING", None),
    ("risk: assessed before", pr_case(events=(Event(72, V.CARE_AVOIDANCE, d(-20, T)),),
     risk_assessments=(d(-21, T),)), "RISK_ASSESSMENT_MISSING", OVERDUE),
    ("risk: other events", pr_case(events=(Event(72, V.CRISIS, d(-20, T)),)),
     "RISK_ASSESSMENT_MISSING", None),
    ("risk: plan with concerns", pr_case(plans=(plan(d(-20, T), safety=V.CONCERNS),)),
     "RISK_ASSESSMENT_MISSING", OVERDUE),
    ("risk: plan unsafe", pr_case(plans=(plan(d(-20, T), safety=V.UNSAFE),)),
     "RISK_ASSESSMENT_MISSING", OVERDUE),
    ("risk: plan safe", pr_case(plans=(plan(d(-20, T), safety=V.SAFE),)),
     "RISK_ASSESSMENT_MISSING", None),
    ("risk: draft plan unsafe", pr_case(plans=(plan(d(-200, T)), plan(
        d(-20, T), number=2, agreed=False, safety=V.UNSAFE))), "RISK_ASSESSMENT_MISSING", None),
    ("risk: checklist safety concern", pr_case(checklists=(
        ChecklistOutcome(1, "mdo", d(-20, T), ("safety_concern",)),)),
     "RISK_ASSESSMENT_MISSING", OVERDUE),
    ("risk: a later unresolved trigger", pr_case(events=(
        Event(72, V.CARE_AVOIDANCE, d(-40, T)), Event(73, V.CARE_AVOIDANCE, d(-10, T))),
        risk_assessments=(d(-30, T),)), "RISK_ASSESSMENT_MISSING", DUE_SOON),
    # LEAD_AGREEMENT_MISSING
    ("lead: cross-region without lead", pr_case(cross_region=True), "LEAD_AGREEMENT_MISSING",
     ATTENTION),
    ("lead: cross-region with lead", pr_case(cross_region=True, lead_organisation="GI Noord"),
     "LEAD_AGREEMENT_MISSING", None),
    ("lead: not cross-region", pr_case(), "LEAD_AGREEMENT_MISSING", None),
    # HANDOVER_INCOMPLETE
    ("handover: closed without", pr_case(status=V.CLOSED, closed_on=d(-3, T)),
     "HANDOVER_INCOMPLETE", ATTENTION),
    ("handover: closed with hand-over", pr_case(status=V.CLOSED, closed_on=d(-3, T),
     handover_on=d(-3, T)), "HANDOVER_INCOMPLETE", None),
    ("handover: closed with a reason", pr_case(status=V.CLOSED, closed_on=d(-3, T),
     no_handover_reason="Gezin verhuisd"), "HANDOVER_INCOMPLETE", None),
    ("handover: active case", pr_case(), "HANDOVER_INCOMPLETE", None),
    # SYNC_CONFLICT (issue 18): an open conflict, on an open or a closed case
    ("sync: open conflict", pr_case(sync_conflicts=(SYNC,)), "SYNC_CONFLICT", ATTENTION),
    ("sync: on a closed case", pr_case(status=V.CLOSED, closed_on=d(-3, T),
     handover_on=d(-3, T), sync_conflicts=(SYNC,)), "SYNC_CONFLICT", ATTENTION),
    ("sync: none open", pr_case(), "SYNC_CONFLICT", None),
]


@pytest.mark.parametrize(("name", "case", "code", "expected"), SCENARIOS,
                         ids=[s[0] for s in SCENARIOS])
def test_scenarios(name, case, code, expected):
    assert severity(case, T, code) == expected


def test_every_code_has_a_scenario_that_fires_and_one_that_does_not():
    fires = {s[2] for s in SCENARIOS if s[3] is not None}
    quiet = {s[2] for s in SCENARIOS if s[3] is None}
    expected = set(S.CATALOGUE) - {S.CASELOAD_REVIEW_OVERDUE}
    assert fires == expected
    assert quiet == expected


def test_closed_cases_only_get_the_handover_signal():
    case = vpr_case(d(-300, T), duo_partner_id=None, plans=(), status=V.CLOSED,
                    closed_on=d(-3, T), cross_region=True)
    assert [s.code for s in evaluate_case(case, T, IV)] == [S.HANDOVER_INCOMPLETE]


def test_mdo_pr_clock_restarts_at_the_current_regime():
    # Last MDO in an earlier VPR period, PR since 20 days: the PR clock runs from the
    # regime start, not from the older MDO.
    case = pr_case(regimes=(RegimePeriod(V.VPR, d(-300, T), d(-300, T)),
                            RegimePeriod(V.PR, d(-20, T))),
                   meetings=(_held(V.MDO, d(-100, T)),))
    assert one(case, T, S.MDO_OVERDUE) is None
    signal = one(case, d(71, T), S.MDO_OVERDUE)
    assert signal.due == d(71, T) and signal.param("variant") == "regime"


def test_mdo_interval_differs_between_vpr_and_pr():
    held = d(-50, T)
    vpr = vpr_case(d(-200, T), d(-190, T), meetings=(_held(V.MDO, held),))
    pr = pr_case(meetings=(_held(V.MDO, held),))
    assert one(vpr, T, S.MDO_OVERDUE).due == d(42, held)
    assert one(pr, d(41, T), S.MDO_OVERDUE).due == d(91, held)
    custom = Intervals(mdo_vpr=60, mdo_pr=40)
    assert one(vpr, T, S.MDO_OVERDUE, custom) is None
    assert one(pr, T, S.MDO_OVERDUE, custom).severity == OVERDUE


def test_youth_interval_differs_between_vpr_and_pr():
    contact = _held(V.HOME_VISIT, d(-30, T), youth=True)
    assert severity(vpr_case(d(-100, T), meetings=(contact,)), T, S.YOUTH_CONTACT_OVERDUE) \
        == OVERDUE
    assert severity(pr_case(meetings=(contact,)), T, S.YOUTH_CONTACT_OVERDUE) is None
    assert severity(pr_case(meetings=(contact,)), d(62, T), S.YOUTH_CONTACT_OVERDUE) == OVERDUE


def test_vpr_mdo_counts_from_the_last_evaluation_since_the_start_meeting():
    case = vpr_case(d(-200, T), d(-190, T), meetings=(
        _held(V.MDO, d(-150, T)), _held(V.EVALUATION, d(-45, T), 62)),
        checklists=(ChecklistOutcome(1, "x", d(-44, T), ("evaluation",)),))
    signal = one(case, T, S.MDO_OVERDUE)
    assert signal.due == d(42, d(-44, T))
    assert signal.param("last") == d(-44, T)


def test_plan_review_due_counts_from_the_earliest_unanswered_event():
    case = pr_case(plans=(plan(d(-60, T)),), events=(
        Event(70, V.CRISIS, d(-40, T)), Event(71, V.LOST_PERSPECTIVE, d(-30, T)),
        Event(72, V.MOVED_REGION, d(-20, T))),
        decisions=(PlanDecision(1, V.STILL_FITS, d(-35, T), (70,)),))
    signal = one(case, T, S.PLAN_REVIEW_DUE)
    assert signal.due == d(-16, T)
    assert signal.param("event") == V.LOST_PERSPECTIVE
    assert signal.param("count") == 2


def test_goal_overdue_counts_the_late_goals():
    case = pr_case(plans=(plan(d(-60, T), goals=[
        Goal(80, d(-10, T), V.GOAL_OPEN), Goal(81, d(-2, T), V.GOAL_OPEN),
        Goal(82, d(3, T), V.GOAL_OPEN), Goal(83, d(-20, T), "achieved")]),))
    signal = one(case, T, S.GOAL_OVERDUE)
    assert signal.due == d(-10, T)
    assert signal.param("overdue") == 2


def test_escalation_pending_uses_the_earliest_request():
    case = pr_case(escalations=(
        Escalation(71, V.ESC_MANAGER, d(-20, T)), Escalation(72, V.ESC_RET, d(-10, T)),
        Escalation(73, V.ESC_VPR, d(-30, T), d(-25, T), V.REFUSED)))
    signal = one(case, T, S.ESCALATION_PENDING)
    assert signal.due == d(-6, T)
    assert signal.param("count") == 2 and signal.param("level") == V.ESC_MANAGER


def test_role_agreement_base_is_the_start_meeting_in_vpr():
    case = vpr_case(d(-30, T), d(-25, T), case_director_named_on=d(-100, T),
                    role_agreement_on=None)
    assert one(case, T, S.ROLE_AGREEMENT_MISSING).due == d(-11, T)


def test_caseload_review():
    never = ConsultantFacts(3, "A", V.CONSULTANT)
    [signal] = evaluate_consultant(never, T, IV)
    assert (signal.code, signal.severity, signal.due) == (S.CASELOAD_REVIEW_OVERDUE, OVERDUE, None)
    assert signal.consultant_id == 3 and signal.case_id is None
    recent = ConsultantFacts(3, "A", V.CONSULTANT, (d(-10, T),))
    assert evaluate_consultant(recent, T, IV) == []
    future = ConsultantFacts(3, "A", V.CONSULTANT, (d(-40, T), d(2, T)))
    assert evaluate_consultant(future, T, IV)[0].due == d(-12, T)
    scientist = ConsultantFacts(4, "B", V.BEHAVIOURAL_SCIENTIST)
    assert evaluate_consultant(scientist, T, IV) == []
    # A colleague's reviews hidden from the reader (team store): unknown, not missing.
    hidden = ConsultantFacts(3, "A", V.CONSULTANT, reviews_known=False)
    assert evaluate_consultant(hidden, T, IV) == []


def test_evaluate_covers_cases_and_consultants():
    caseload = Caseload(
        cases=[pr_case(case_director_name=None), pr_case(id=2, code="C-2", cross_region=True)],
        consultants={3: ConsultantFacts(3, "A", V.CONSULTANT)},
    )
    found = {(s.case_code, s.code) for s in evaluate(caseload, T, IV)}
    assert ("C-1", S.CASE_DIRECTOR_MISSING) in found
    assert ("C-2", S.LEAD_AGREEMENT_MISSING) in found
    assert (None, S.CASELOAD_REVIEW_OVERDUE) in found


def test_signal_carries_case_and_process_director():
    signal = one(pr_case(case_director_name=None), T, S.CASE_DIRECTOR_MISSING)
    assert (signal.case_id, signal.case_code, signal.consultant_id) == (1, "C-1", 3)


# --------------------------------------------------------------------------------------
# Acknowledgements, for every code.
# --------------------------------------------------------------------------------------

ATTENTION_CASES = {
    "CASE_DIRECTOR_MISSING": lambda: pr_case(case_director_name=None),
    "DUO_PARTNER_MISSING": lambda: vpr_case(d(-10, T), duo_partner_id=None),
    "LEAD_AGREEMENT_MISSING": lambda: pr_case(cross_region=True),
    "HANDOVER_INCOMPLETE": lambda: pr_case(status=V.CLOSED, closed_on=d(-3, T)),
}


def _firing_case(code: str) -> tuple[CaseFacts, dt.date]:
    if code in ATTENTION_CASES:
        return ATTENTION_CASES[code](), T
    make, due = DEADLINES[next(k for k in DEADLINES if k.split("/")[0] == code)]
    return make(), d(5, due)


# A synchronisation conflict is never muted (tested below), so it has no acknowledgement.
CASE_CODES = sorted(set(S.CATALOGUE) - {S.CASELOAD_REVIEW_OVERDUE, S.SYNC_CONFLICT})


def _ack(code, until, reason="Uitgesteld in overleg met de manager"):
    return Acknowledgement(code, until, reason, d(-1, until))


@pytest.mark.parametrize("code", CASE_CODES)
def test_acknowledgement_mutes_until_its_end_date(code):
    case, today = _firing_case(code)
    assert not one(case, today, code).muted

    for until in (today, d(10, today)):  # still in force (ends today or later)
        acked = replace(case, acknowledgements=(_ack(code, until),))
        signal = one(acked, today, code)
        assert signal.muted and signal.acknowledgement.until == until

    expired = replace(case, acknowledgements=(_ack(code, d(-1, today)),))
    signal = one(expired, today, code)
    assert signal is not None and not signal.muted and signal.acknowledgement is None

    other = replace(case, acknowledgements=(_ack("SOMETHING_ELSE", d(10, today)),))
    assert not one(other, today, code).muted


@pytest.mark.parametrize("code", CASE_CODES)
def test_no_acknowledgement_mutes_longer_than_the_teams_limit(code):
    """Issue 15.2: "until 01-01-2030" hid a signal 240 days late for years."""
    case, today = _firing_case(code)
    years = dt.date(2030, 1, 1)
    old = replace(case, acknowledgements=(Acknowledgement(code, years, "r", d(-43, today)),))
    assert not one(old, today, code).muted  # made 43 days ago: the 42 days are over
    recent = replace(case, acknowledgements=(Acknowledgement(code, years, "r", d(-10, today)),))
    signal = one(recent, today, code)
    assert signal.muted and signal.acknowledgement.until == d(32, today)
    assert signal.state == S.ACKNOWLEDGED and signal.symbol == "◇"
    longer = Intervals(acknowledge_max=100)
    signal = next(s for s in evaluate_case(old, today, longer) if s.code == code)
    assert signal.muted and signal.acknowledgement.until == d(57, today)


def test_longest_running_acknowledgement_wins():
    case = replace(ATTENTION_CASES["CASE_DIRECTOR_MISSING"](), acknowledgements=(
        _ack(S.CASE_DIRECTOR_MISSING, d(20, T), "later"),
        _ack(S.CASE_DIRECTOR_MISSING, d(-2, T), "expired"),
        _ack(S.CASE_DIRECTOR_MISSING, d(5, T), "sooner")))
    assert one(case, T, S.CASE_DIRECTOR_MISSING).acknowledgement.reason == "later"


def test_caseload_acknowledgement():
    ack = _ack(S.CASELOAD_REVIEW_OVERDUE, T)
    muted = ConsultantFacts(3, "A", V.CONSULTANT, (), (ack,))
    assert evaluate_consultant(muted, T, IV)[0].muted
    assert not evaluate_consultant(muted, d(1, T), IV)[0].muted


@pytest.mark.parametrize("language", ["en", "nl"])
def test_engine_params_fill_every_template(language):
    from regie_tui.base.i18n import set_language

    set_language(language)
    try:
        found = [s for _, case, _, _ in SCENARIOS for s in evaluate_case(case, T, IV)]
        found += [s for make, due in DEADLINES.values() for s in evaluate_case(make(), d(3, due), IV)]
        found += evaluate_case(pr_case(plans=(plan(d(-60, T), goals=[
            Goal(80, d(3, T), V.GOAL_OPEN)]),)), T, IV)
        found += evaluate_case(pr_case(status=V.CLOSED), T, IV)
        refused = SyncConflict(2, "set_waiting", refused=True, message="Geen toegang meer")
        for conflicts in ((SYNC,), (SYNC, refused), (refused,), (refused, SYNC)):
            found += evaluate_case(pr_case(sync_conflicts=conflicts), T, IV)
        found += evaluate_consultant(ConsultantFacts(3, "A", V.CONSULTANT), T, IV)
        found += evaluate_consultant(ConsultantFacts(3, "A", V.CONSULTANT, (d(-30, T),)), T, IV)
        variants = {(s.code, s.param("variant")) for s in found}
        expected = {(c, v) for c, defn in S.CATALOGUE.items()
                    for v in [None, *(k for k, _ in defn.variants)]}
        assert variants == expected
        for signal in found:
            text = signal.explanation()
            assert "{" not in text and text.endswith("."), text
    finally:
        set_language("en")


def test_evaluate_restores_the_garbage_collector_state():
    import gc

    caseload = Caseload(cases=[pr_case()], consultants={})
    assert gc.isenabled()
    evaluate(caseload, T, IV)
    assert gc.isenabled()
    gc.disable()
    try:
        evaluate(caseload, T, IV)
        assert not gc.isenabled()
    finally:
        gc.enable()


# -- SYNC_CONFLICT (issue 18) -------------------------------------------------------------

def test_a_sync_conflict_is_never_muted_by_an_acknowledgement():
    case = pr_case(sync_conflicts=(SYNC,),
                   acknowledgements=(_ack(S.SYNC_CONFLICT, d(10, T)),))
    signal = one(case, T, S.SYNC_CONFLICT)
    assert signal is not None and not signal.muted and signal.state == ATTENTION


def test_a_sync_conflict_names_what_who_and_when_of_the_first_open_one():
    from regie_tui.base.i18n import set_language

    later = SyncConflict(2, "set_waiting", "anna", dt.datetime(2026, 2, 28, 9, 0))
    one_open = one(pr_case(sync_conflicts=(SYNC,)), T, S.SYNC_CONFLICT)
    two_open = one(pr_case(sync_conflicts=(SYNC, later)), T, S.SYNC_CONFLICT)
    assert one_open.explanation() == (
        "A change you made offline was not applied: the case director, changed on the team "
        "store by pieter on 27 February 2026 14:05.")
    assert two_open.param("count") == 2 and two_open.param("what") == "name_case_director"
    assert two_open.explanation().startswith("2 changes you made offline were not applied; "
                                             "the first: the case director, changed on")
    assert one_open.action().startswith("Open the conflicts screen")
    set_language("nl")
    try:
        assert one_open.explanation() == (
            "Een wijziging die je offline maakte is niet doorgevoerd: de casusregisseur, in de "
            "teamopslag gewijzigd door pieter op 27 februari 2026 14:05.")
    finally:
        set_language("en")


def test_a_refused_operation_says_the_team_stores_reason():
    refused = SyncConflict(3, "set_waiting", refused=True, message="Access ended")
    signal = one(pr_case(sync_conflicts=(refused,)), T, S.SYNC_CONFLICT)
    assert signal.explanation() == (
        "A change you made offline was refused by the team store: waiting for a placement or "
        "treatment (Access ended).")


def test_a_sync_conflict_heads_the_attention_signals():
    case = pr_case(cross_region=True, case_director_name=None, sync_conflicts=(SYNC,))
    attention = [s for s in S.sort_signals(evaluate_case(case, T, IV))
                 if s.severity == ATTENTION]
    assert attention[0].code == S.SYNC_CONFLICT and len(attention) == 3


def test_a_conflict_is_not_shown_on_days_before_the_server_change_it_met():
    from regie_tui.rules.as_of import case_as_of, latest_fact

    case = pr_case(sync_conflicts=(SYNC,))
    assert case_as_of(case, dt.date(2026, 2, 26)).sync_conflicts == ()
    assert case_as_of(case, dt.date(2026, 2, 27)).sync_conflicts == (SYNC,)
    assert latest_fact(case) == dt.date(2026, 2, 27)
