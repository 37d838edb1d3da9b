"""Facts as of an earlier day, and open signals per week computed from them."""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui.data import commands as C
from regie_tui.data import facts_loader
from regie_tui.data.team_view import load_trend_caseload
from regie_tui.rules import facts as F
from regie_tui.rules import signals as S
from regie_tui.rules import vocab
from regie_tui.rules.as_of import case_as_of, caseload_as_of
from regie_tui.rules.engine import evaluate
from regie_tui.rules.intervals import Intervals
from regie_tui.rules.trend import open_signals_per_week, week_ends
from tests.conftest import TODAY

pytestmark = pytest.mark.both_engines

D = dt.timedelta
IV = Intervals()


def _case(**kw) -> F.CaseFacts:
    base = dict(id=1, code="C-1", alias="Gezin", status=vocab.ACTIVE,
                opened_on=TODAY - D(days=200), process_director_id=1,
                regimes=(F.RegimePeriod(vocab.PR, TODAY - D(days=200)),))
    return F.CaseFacts(**{**base, **kw})


def test_week_ends_are_the_last_sundays_then_today():
    days = week_ends(TODAY)  # TODAY is a Monday
    assert len(days) == 12 and days[-1] == TODAY
    assert all(d.isoweekday() == 7 for d in days[:-1])
    assert days[-2] == TODAY - D(days=1) and days[0] == TODAY - D(days=1 + 7 * 10)
    sunday = TODAY + D(days=6)
    assert week_ends(sunday, 3) == [sunday - D(days=14), sunday - D(days=7), sunday]


def test_a_case_not_yet_opened_did_not_exist():
    assert case_as_of(_case(opened_on=TODAY), TODAY - D(days=1)) is None


def test_what_happened_later_is_undone():
    day = TODAY - D(days=30)
    case = _case(
        status=vocab.CLOSED, closed_on=TODAY - D(days=5), handover_on=TODAY - D(days=5),
        case_director_name="K. Casus", case_director_named_on=TODAY - D(days=40),
        role_agreement_on=TODAY - D(days=10), marking_letter_on=TODAY - D(days=10),
        regimes=(F.RegimePeriod(vocab.PR, TODAY - D(days=200)),
                 F.RegimePeriod(vocab.VPR, TODAY - D(days=20), TODAY - D(days=21))),
        events=(F.Event(1, vocab.CRISIS, TODAY - D(days=40)),
                F.Event(2, vocab.CRISIS, TODAY - D(days=10))),
        plans=(F.PlanVersion(1, 1, vocab.AGREED, TODAY - D(days=100), TODAY - D(days=90)),
               F.PlanVersion(2, 2, vocab.AGREED, TODAY - D(days=35), TODAY - D(days=25)),
               F.PlanVersion(3, 3, vocab.DRAFT, TODAY - D(days=2))),
        decisions=(F.PlanDecision(1, vocab.STILL_FITS, TODAY - D(days=3)),),
        escalations=(F.Escalation(1, vocab.ESC_RET, TODAY - D(days=50), TODAY - D(days=10),
                                  vocab.GRANTED),
                     F.Escalation(2, vocab.ESC_RET, TODAY - D(days=5))),
        risk_assessments=(TODAY - D(days=60), TODAY - D(days=1)),
        acknowledgements=(F.Acknowledgement("MDO_OVERDUE", TODAY + D(days=9), "Uitgesteld",
                                            TODAY - D(days=2)),),
    )
    then = case_as_of(case, day)
    assert then.status == vocab.ACTIVE and then.closed_on is None and then.handover_on is None
    assert then.case_director_name == "K. Casus"
    assert then.role_agreement_on is None and then.marking_letter_on is None
    assert [r.regime for r in then.regimes] == [vocab.PR]
    assert [e.id for e in then.events] == [1]
    assert [(p.number, p.status) for p in then.plans] == [(1, vocab.AGREED), (2, vocab.DRAFT)]
    assert then.decisions == ()
    assert [(e.id, e.decided_on, e.decision) for e in then.escalations] == [(1, None, None)]
    assert then.risk_assessments == (TODAY - D(days=60),)
    assert then.acknowledgements == ()
    # The director was named before that day; the closing date is undone, not the facts before.
    assert case_as_of(case, TODAY) is case


def test_nothing_changes_when_nothing_happened_later():
    case = _case()
    assert case_as_of(case, TODAY - D(days=1)) is case


def test_open_signals_per_week_follow_the_facts():
    # PR opened 120 days ago, never evaluated: MDO due at day 91 -> due soon from 7 days
    # before, overdue after. Acknowledged yesterday until next month: muted today.
    opened = TODAY - D(days=120)
    case = _case(opened_on=opened, regimes=(F.RegimePeriod(vocab.PR, opened),),
                 meetings=(F.Meeting(1, vocab.YOUTH_CONTACT, None, TODAY - D(days=3), True),),
                 acknowledgements=(F.Acknowledgement(S.MDO_OVERDUE, TODAY + D(days=30), "Later",
                                                     TODAY - D(days=1)),))
    caseload = F.Caseload(cases=[case])
    weeks = open_signals_per_week(caseload, TODAY, IV)
    due = opened + D(days=IV.mdo_pr)
    expected = []
    for day in week_ends(TODAY):
        signals = [s for s in evaluate(caseload_as_of(caseload, day), day, IV) if not s.muted]
        expected.append(len(signals))
        mdo = [s for s in signals if s.code == S.MDO_OVERDUE]
        if day >= TODAY - D(days=1):
            assert mdo == []  # acknowledged yesterday
        elif day > due:
            assert [s.severity for s in mdo] == [S.OVERDUE]
        elif day >= due - D(days=IV.due_soon):
            assert [s.severity for s in mdo] == [S.DUE_SOON]
        else:
            assert mdo == []
    assert [w.total for w in weeks] == expected
    assert weeks[0].week == week_ends(TODAY)[0].isocalendar().week
    assert weeks[-1].count(S.OVERDUE) == sum(1 for s in evaluate(caseload, TODAY, IV)
                                             if s.severity == S.OVERDUE and not s.muted)


def test_the_trend_load_sees_each_weeks_latest_evaluation(store, make_case):
    # The facts loader keeps only the latest evaluation and youth contact; the trend load
    # must give every past week what a load as of that week would have given.
    case_id, v = make_case(opened_on=TODAY - D(days=400))
    for weeks_ago in (30, 18, 8, 2):
        v = C.record_meeting(store, case_id, v, kind=vocab.MDO,
                             held_on=TODAY - D(weeks=weeks_ago), youth_present=True).version
    caseload = load_trend_caseload(store, TODAY)
    weeks = open_signals_per_week(caseload, TODAY, IV)
    for week in weeks:
        with store.read() as conn:
            then = caseload_as_of(facts_loader.load(conn, as_of=week.day), week.day)
        signals = [s for s in evaluate(then, week.day, IV) if not s.muted]
        assert week.total == len(signals), week
        assert S.MDO_OVERDUE not in {s.code for s in signals}  # an MDO every 10-12 weeks
    # ... and today's signals are exactly those of the facts loaded as of today.
    today_codes = sorted(s.code for s in evaluate(store.load_caseload(), TODAY, IV))
    assert sorted(s.code for s in evaluate(caseload, TODAY, IV)) == today_codes


def test_the_latest_fact_bounds_what_as_of_changes():
    from regie_tui.rules.as_of import latest_fact

    case = _case(events=(F.Event(1, vocab.CRISIS, TODAY - D(days=10)),),
                 escalations=(F.Escalation(1, vocab.ESC_RET, TODAY - D(days=50),
                                           TODAY - D(days=4), vocab.GRANTED),))
    latest = latest_fact(case)
    assert latest == TODAY - D(days=4)
    assert case_as_of(case, latest) is case
    assert case_as_of(case, latest - D(days=1)) is not case
    caseload = F.Caseload(cases=[case])
    day = latest - D(days=1)
    assert caseload_as_of(caseload, day, {case.id: latest}).cases == \
        caseload_as_of(caseload, day).cases
