"""Scenarios from the inspection reports, built only through store commands.

Each one shows that the signal appears on the right day and disappears when
the consultant does what the signal's action says. Seed 001 findings 1-6;
seed 004 themes: care avoidance without a risk assessment, cross-region
without a lead organisation, closing without a hand-over.
"""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui.base.clock import Clock
from regie_tui.base.errors import ValidationError
from regie_tui.data import commands as C
from regie_tui.data.store import Store
from regie_tui.rules import vocab
from regie_tui.rules.engine import evaluate_case
from regie_tui.rules.intervals import Intervals
from regie_tui.rules.signals import DUE_SOON, OVERDUE

START = dt.date(2026, 1, 5)
IV = Intervals()


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


class Case:
    """One case in a real store, with a consultant who can act on any day."""

    def __init__(self, path, regime=vocab.VPR):
        self.store = Store.open(path, Clock(day(0)), actor="Consulent")
        store = self.store
        C.create_consultant(store, "Consulent")
        C.create_consultant(store, "Duo")
        saved = C.create_case(store, code="S-1", alias="Gezin Scenario", opened_on=START,
                              regime=regime, ovv_decision_on=START if regime == vocab.VPR else None,
                              process_director_id=store.consultant_id("Consulent"),
                              duo_partner_id=store.consultant_id("Duo"))
        self.id, self.version = saved.case_id, saved.version

    def on(self, n: int) -> Store:
        """The store as the consultant sees it on day ``n`` (commands check dates against it)."""
        self.store.clock = Clock(day(n))
        return self.store

    def do(self, n: int, command, **kwargs):
        saved = command(self.on(n), self.id, self.version, **kwargs)
        self.version = saved.version
        return saved

    def signals(self, n: int) -> dict[str, str]:
        store = self.on(n)
        return {s.code: s.severity for s in evaluate_case(store.load_case(self.id), day(n), IV)
                if not s.muted}

    def severity(self, n: int, code: str) -> str | None:
        return self.signals(n).get(code)


@pytest.fixture
def vpr_case(new_store_path) -> Case:
    """A VPR case doing everything else right: the scenario removes one thing."""
    case = Case(new_store_path())
    case.do(1, C.record_marking_letter, sent_on=day(1))
    case.do(5, C.record_meeting, kind=vocab.START_MEETING, held_on=day(5), youth_present=True,
            parents_present=True)
    case.do(5, C.name_case_director, name="K. Casus", organisation="Jeugdzorg",
            named_on=day(5))
    case.do(6, C.record_role_agreement, agreed_on=day(6), note="Rolverdeling vastgelegd")
    case.do(6, C.adopt_plan, plan=C.PlanInput(goals=[C.GoalInput("Doel", deadline=day(300))],
                                               safety=vocab.SAFE),
            agreement=C.Agreement(day(6), by_parents=True, by_youth=True))
    return case


def test_finding_1_nobody_spoke_with_the_youth(vpr_case):
    # Last direct contact with the youth: the start meeting on day 5; VPR: every 28 days.
    due = 5 + IV.youth_contact_vpr
    vpr_case.do(20, C.record_meeting, kind=vocab.MDO, held_on=day(20), parents_present=True)
    assert vpr_case.severity(due - IV.due_soon - 1, "YOUTH_CONTACT_OVERDUE") is None
    assert vpr_case.severity(due, "YOUTH_CONTACT_OVERDUE") == DUE_SOON
    assert vpr_case.severity(due + 1, "YOUTH_CONTACT_OVERDUE") == OVERDUE
    vpr_case.do(due + 2, C.record_meeting, kind=vocab.YOUTH_CONTACT, held_on=day(due + 2),
                youth_present=True)
    assert vpr_case.severity(due + 2, "YOUTH_CONTACT_OVERDUE") is None


def test_finding_2_plan_not_adjusted_when_the_ground_moved(vpr_case):
    event = vpr_case.do(30, C.record_event, kind=vocab.PLACEMENT_FELL_THROUGH,
                        occurred_on=day(30)).object_id
    due = 30 + IV.plan_review
    assert vpr_case.severity(due - IV.due_soon - 1, "PLAN_REVIEW_DUE") is None
    assert vpr_case.severity(due - IV.due_soon, "PLAN_REVIEW_DUE") == DUE_SOON
    assert vpr_case.severity(due + 1, "PLAN_REVIEW_DUE") == OVERDUE
    vpr_case.do(due + 1, C.adjust_plan,
                plan=C.PlanInput(goals=[C.GoalInput("Tijdelijke plek", deadline=day(200))]),
                reason="Behandelplek gaat niet door",
                agreement=C.Agreement(day(due + 1), by_parents=True, by_youth=True),
                answers=[event])
    assert vpr_case.severity(due + 1, "PLAN_REVIEW_DUE") is None
    # A second event is answered by an explicit "plan still fits" decision.
    second = vpr_case.do(60, C.record_event, kind=vocab.STAY_INDEFINITE,
                         occurred_on=day(60)).object_id
    assert vpr_case.severity(60 + IV.plan_review + 1, "PLAN_REVIEW_DUE") == OVERDUE
    vpr_case.do(76, C.plan_still_fits, decided_on=day(76), reason="Plan dekt dit al",
                answers=[second])
    assert vpr_case.severity(76, "PLAN_REVIEW_DUE") is None


def test_finding_3_the_municipality_took_no_initiative_for_mdos(vpr_case):
    due = 5 + IV.first_mdo
    assert vpr_case.severity(due, "FIRST_MDO_OVERDUE") == DUE_SOON
    assert vpr_case.severity(due + 1, "FIRST_MDO_OVERDUE") == OVERDUE
    vpr_case.do(due + 1, C.record_meeting, kind=vocab.MDO, held_on=day(due + 1),
                youth_present=True, parents_present=True)
    assert vpr_case.severity(due + 1, "FIRST_MDO_OVERDUE") is None
    # From then on, every 42 days.
    next_due = due + 1 + IV.mdo_vpr
    assert vpr_case.severity(next_due, "MDO_OVERDUE") == DUE_SOON
    assert vpr_case.severity(next_due + 1, "MDO_OVERDUE") == OVERDUE


def test_finding_4_the_plan_was_never_evaluated(new_store_path):
    case = Case(new_store_path(), regime=vocab.PR)
    case.do(10, C.record_meeting, kind=vocab.EVALUATION, held_on=day(10), youth_present=True)
    due = 10 + IV.mdo_pr
    assert case.severity(due - IV.due_soon - 1, "MDO_OVERDUE") is None
    assert case.severity(due + 1, "MDO_OVERDUE") == OVERDUE
    case.do(due + 1, C.record_meeting, kind=vocab.EVALUATION, held_on=day(due + 1))
    assert case.severity(due + 1, "MDO_OVERDUE") is None


def test_finding_5_role_agreements_never_recorded(new_store_path):
    case = Case(new_store_path())
    case.do(5, C.record_meeting, kind=vocab.START_MEETING, held_on=day(5), youth_present=True)
    case.do(5, C.name_case_director, name="K. Casus", organisation="Jeugdzorg", named_on=day(5))
    due = 5 + IV.role_agreement
    assert case.severity(due, "ROLE_AGREEMENT_MISSING") == DUE_SOON
    assert case.severity(due + 1, "ROLE_AGREEMENT_MISSING") == OVERDUE
    case.do(due + 1, C.record_role_agreement, agreed_on=day(due + 1),
            note="Casusregisseur: behandeling; procesregisseur: samenhang en opschalen")
    assert case.severity(due + 1, "ROLE_AGREEMENT_MISSING") is None


def test_finding_6_escalation_never_used_while_waiting(vpr_case):
    vpr_case.do(10, C.set_waiting, since=day(10), waiting_for="Behandelplek")
    due = 10 + IV.stagnation
    assert vpr_case.severity(due - IV.due_soon - 1, "STAGNATION") is None
    assert vpr_case.severity(due + 1, "STAGNATION") == OVERDUE
    esc = vpr_case.do(due + 1, C.request_escalation, level=vocab.ESC_RET,
                      requested_on=day(due + 1), reason="Wachtlijst, geen perspectief").object_id
    assert vpr_case.severity(due + 1, "STAGNATION") is None
    # The escalation itself must be decided in time.
    decide_by = due + 1 + IV.escalation_decision
    assert vpr_case.severity(decide_by + 1, "ESCALATION_PENDING") == OVERDUE
    vpr_case.do(decide_by + 1, C.decide_escalation, escalation_id=esc, decision=vocab.GRANTED,
                decided_on=day(decide_by + 1), outcome="Overbruggingszorg")
    assert vpr_case.severity(decide_by + 1, "ESCALATION_PENDING") is None


def test_004_care_avoidance_without_risk_assessment(vpr_case):
    vpr_case.do(40, C.record_event, kind=vocab.CARE_AVOIDANCE, occurred_on=day(40))
    due = 40 + IV.risk_assessment
    assert vpr_case.severity(due, "RISK_ASSESSMENT_MISSING") == DUE_SOON
    assert vpr_case.severity(due + 1, "RISK_ASSESSMENT_MISSING") == OVERDUE
    vpr_case.do(due + 1, C.record_risk_assessment, assessed_on=day(due + 1), instrument="LIRIK",
                outcome="Zorgmijding vergroot risico; afspraken gemaakt")
    assert vpr_case.severity(due + 1, "RISK_ASSESSMENT_MISSING") is None


def test_004_cross_region_without_a_lead(vpr_case):
    vpr_case.do(8, C.set_cross_region, cross_region=True)
    assert vpr_case.signals(8).get("LEAD_AGREEMENT_MISSING") == "attention"
    vpr_case.do(9, C.set_cross_region, cross_region=True, lead_organisation="GI Noord")
    assert "LEAD_AGREEMENT_MISSING" not in vpr_case.signals(9)


def test_004_closing_needs_a_hand_over_or_a_reason(vpr_case):
    with pytest.raises(ValidationError):
        vpr_case.do(90, C.close_case, closed_on=day(90), reason="goals_reached")
    vpr_case.do(90, C.close_case, closed_on=day(90), reason="goals_reached",
                handover_to="Buurtteam", handover_on=day(90), aftercare="Nazorg na 3 maanden")
    assert "HANDOVER_INCOMPLETE" not in vpr_case.signals(91)
