"""The case view: the whole history of one case, newest first, from the real store."""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui.base.errors import NotFoundError
from regie_tui.data import case_view as CV
from regie_tui.data import commands
from regie_tui.rules import vocab
from tests.conftest import TODAY

pytestmark = pytest.mark.both_engines

D = dt.timedelta


def test_every_kind_of_history_is_on_the_timeline_newest_first(store, make_case):
    case_id, v = make_case(regime=vocab.PR, opened_on=TODAY - D(days=100))
    s = store
    v = commands.record_meeting(s, case_id, v, kind=vocab.HOME_VISIT, held_on=TODAY - D(days=90),
                                youth_present=True, note="Thuis gesproken.").version
    v = commands.record_event(s, case_id, v, kind=vocab.CRISIS,
                              occurred_on=TODAY - D(days=80)).version
    v = commands.change_regime(s, case_id, v, regime=vocab.VPR, start_on=TODAY - D(days=70),
                               ovv_decision_on=TODAY - D(days=70)).version
    saved = commands.request_escalation(s, case_id, v, level=vocab.ESC_MANAGER,
                                        requested_on=TODAY - D(days=60), reason="Geen plek")
    v = commands.decide_escalation(s, case_id, saved.version, escalation_id=saved.object_id,
                                   decision=vocab.GRANTED, decided_on=TODAY - D(days=50),
                                   outcome="Plek gevonden").version
    v = commands.adopt_plan(s, case_id, v, commands.PlanInput(),
                            commands.Agreement(agreed_on=TODAY - D(days=40), by_parents=True)).version
    v = commands.plan_still_fits(s, case_id, v, decided_on=TODAY - D(days=30),
                                 reason="Past nog").version
    v = commands.record_duo_review(s, case_id, v, reviewer_id=s.consultant_id("Partner"),
                                   reviewed_on=TODAY - D(days=20), verdict="agreed").version
    v = commands.acknowledge_signal(s, code="MDO_OVERDUE", reason="Uitgesteld",
                                    until=TODAY + D(days=10), case_id=case_id,
                                    expected_version=v).version
    commands.record_risk_assessment(s, case_id, v, assessed_on=TODAY - D(days=5),
                                    outcome="In beeld")

    view = CV.load(s, case_id)
    kinds = {e.kind for e in view.timeline}
    assert kinds >= {CV.MEETING, CV.EVENT, CV.REGIME, CV.ESCALATION, CV.PLAN, CV.DUO,
                     CV.ACKNOWLEDGEMENT, CV.RISK, CV.CASE}
    days = [e.on for e in view.timeline]
    assert days == sorted(days, reverse=True)
    home = next(e for e in view.timeline if e.kind == CV.MEETING)
    assert home.param("youth") and home.detail == "Thuis gesproken."
    assert [e.what for e in view.timeline if e.kind == CV.ESCALATION] == ["granted",
                                                                         "requested"]
    assert view.escalations[0].days_waiting(TODAY) == 10
    assert view.version == CV.current_version(s, case_id)
    assert view.process_director == "Tester"


def test_an_open_escalation_counts_its_days_until_today(store, make_case):
    case_id, v = make_case()
    commands.request_escalation(store, case_id, v, level=vocab.ESC_RET,
                                requested_on=TODAY - D(days=12), reason="Stagnatie")
    view = CV.load(store, case_id)
    (open_one,) = view.open_escalations()
    assert open_one.days_waiting(TODAY) == 12


def test_a_missing_case_is_not_found(store):
    with pytest.raises(NotFoundError):
        CV.load(store, 999)
    with pytest.raises(NotFoundError):
        CV.current_version(store, 999)
