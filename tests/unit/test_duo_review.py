"""Duo reviews and caseload reviews: the store commands, the signals they clear, the reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from regie_tui.base import i18n
from regie_tui.base.errors import NotFoundError, ValidationError
from regie_tui.data import commands as C
from regie_tui.data import review_commands as RC
from regie_tui.data import review_view as RV
from regie_tui.data.team_view import load_trend_caseload, team_rows
from regie_tui.rules import signals as S
from regie_tui.rules import vocab
from regie_tui.rules.engine import evaluate, evaluate_case
from regie_tui.rules.intervals import Intervals
from tests.conftest import TODAY, add_consultant, admin_read, case_row, table_counts

pytestmark = pytest.mark.both_engines

D = dt.timedelta
IV = Intervals()
CHECKLISTS = Path(__file__).resolve().parents[2] / "regie_tui" / "data" / "checklists"


def _codes(store, case_id):
    return {s.code for s in evaluate_case(store.load_case(case_id), TODAY, IV)}


@pytest.fixture
def other(store):
    return add_consultant(store, "Collega")


@pytest.fixture
def scientist(store, open_as):
    """The behavioural scientist, who records caseload reviews (on a team store only
    they may) and reads the whole team."""
    add_consultant(store, "Gedragswetenschapper", vocab.BEHAVIOURAL_SCIENTIST)
    return open_as(store, "Gedragswetenschapper")


@pytest.fixture
def vpr_case(store, make_case):
    """A VPR case decided 100 days ago, Partner its duo partner, never reviewed."""
    partner = store.consultant_id("Partner")
    return make_case(regime=vocab.VPR, duo_partner_id=partner)


def _review(store, case_id, version, reviewer, on=TODAY, verdict="agreed", remarks=None):
    return C.record_duo_review(store, case_id, version, reviewer_id=reviewer, reviewed_on=on,
                               verdict=verdict, remarks=remarks)


def test_a_review_by_the_duo_partner_clears_the_signal_and_restarts_the_interval(store, vpr_case):
    case_id, version = vpr_case
    assert S.DUO_REVIEW_OVERDUE in _codes(store, case_id)
    _review(store, case_id, version, store.consultant_id("Partner"))
    assert S.DUO_REVIEW_OVERDUE not in _codes(store, case_id)
    case = store.load_case(case_id)
    assert RV.review_due(case, TODAY, IV) == TODAY + D(days=IV.duo_review)
    # ... and it comes back when the interval has run out again.
    later = TODAY + D(days=IV.duo_review + 1)
    assert S.DUO_REVIEW_OVERDUE in {s.code for s in evaluate_case(case, later, IV)}


def test_a_review_by_someone_else_does_not_clear_the_signal(store, vpr_case, other):
    case_id, version = vpr_case
    _review(store, case_id, version, other, verdict="concerns", remarks="Zorgen over school")
    assert S.DUO_REVIEW_OVERDUE in _codes(store, case_id)


def test_the_process_director_cannot_review_their_own_case(store, vpr_case):
    case_id, version = vpr_case
    before = table_counts(store)
    with pytest.raises(ValidationError) as err:
        _review(store, case_id, version, store.consultant_id("Tester"))
    assert err.value.field == "reviewer"
    assert table_counts(store) == before


def test_concerns_need_remarks(store, vpr_case):
    case_id, version = vpr_case
    with pytest.raises(ValidationError) as err:
        _review(store, case_id, version, store.consultant_id("Partner"), verdict="discuss")
    assert err.value.field == "remarks"


def test_a_caseload_review_clears_caseload_review_overdue(store, scientist):
    tester = store.consultant_id("Tester")

    def caseload_signals():
        return [s for s in evaluate(store.load_caseload(), TODAY, IV)
                if s.code == S.CASELOAD_REVIEW_OVERDUE and s.consultant_id == tester]

    assert caseload_signals()  # never reviewed
    C.record_caseload_review(scientist, tester, TODAY - D(days=29), "Caseload besproken")
    assert [s.severity for s in caseload_signals()] == [S.OVERDUE]
    C.record_caseload_review(scientist, tester, TODAY, "Caseload besproken")
    assert caseload_signals() == []


def test_only_the_process_directors_opening_marks_reviews_read(store, vpr_case, other):
    case_id, version = vpr_case
    partner, director = store.consultant_id("Partner"), store.consultant_id("Tester")
    saved = _review(store, case_id, version, partner)
    assert RV.unread_review_counts(store, director) == {case_id: 1}
    assert [u.case_id for u in RV.unread_reviews(store, director)] == [case_id]

    assert RC.mark_reviews_read(store, case_id, partner) == 0
    assert RC.mark_reviews_read(store, case_id, other) == 0
    assert RC.mark_reviews_read(store, case_id, None) == 0
    assert RV.unread_review_counts(store, director) == {case_id: 1}

    audit_before = table_counts(store)["audit_log"]
    assert RC.mark_reviews_read(store, case_id, director) == 1
    assert RV.unread_review_counts(store, director) == {}
    [review] = RV.case_reviews(store, case_id)
    assert review.read_on == TODAY and not review.unread
    # Audited once; the case's version is untouched, so open edits stay valid.
    assert table_counts(store)["audit_log"] == audit_before + 1
    assert case_row(store, case_id)["version"] == saved.version
    with admin_read(store) as conn:
        action, obj = conn.execute(
            "SELECT action, object FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert (action, obj) == ("read_duo_reviews", f"duo_review:{review.id}")
    # Reading again writes nothing.
    assert RC.mark_reviews_read(store, case_id, director) == 0
    assert table_counts(store)["audit_log"] == audit_before + 1


def test_marking_a_missing_case_is_refused(store):
    with pytest.raises(NotFoundError):
        RC.mark_reviews_read(store, 9999, store.consultant_id("Tester"))


def test_the_queue_lists_my_duo_cases_overdue_first(store, make_case, vpr_case):
    partner = store.consultant_id("Partner")
    overdue_id, _v = vpr_case
    fresh_id, fresh_v = make_case(regime=vocab.VPR, duo_partner_id=partner, code="FRESH")
    _review(store, fresh_id, fresh_v, partner, on=TODAY - D(days=10))
    pr_id, _v = make_case(duo_partner_id=partner, code="PR-DUO")
    make_case(regime=vocab.VPR, code="NOT-MINE")  # no duo partner
    rows = RV.duo_queue(store, partner, TODAY, IV)
    assert [r.case_id for r in rows] == [overdue_id, fresh_id, pr_id]
    assert rows[0].signal.code == S.DUO_REVIEW_OVERDUE and rows[0].my_last_review is None
    assert rows[1].signal is None and rows[1].due == TODAY + D(days=32)
    assert rows[1].my_last_review == TODAY - D(days=10)
    assert rows[2].due is None  # PR: no review interval
    assert rows[0].process_director == "Tester"
    assert RV.duo_queue(store, store.consultant_id("Tester"), TODAY, IV) == []


def test_the_summary_marks_what_changed_since_my_last_review(store, vpr_case):
    case_id, version = vpr_case
    partner = store.consultant_id("Partner")
    v = C.record_meeting(store, case_id, version, kind=vocab.MDO, held_on=TODAY - D(days=40),
                         note="Eerste MDO").version
    v = _review(store, case_id, v, partner, on=TODAY - D(days=30)).version
    v = C.record_event(store, case_id, v, kind=vocab.CRISIS, occurred_on=TODAY - D(days=20)).version
    v = C.adopt_plan(store, case_id, v, C.PlanInput(
        goals=[C.GoalInput("Naar school", deadline=TODAY + D(days=30))], protective=["Opa"],
        threatening=["Schulden"], safety=vocab.CONCERNS), C.Agreement(TODAY, by_parents=True)).version
    C.request_escalation(store, case_id, v, level=vocab.ESC_MANAGER,
                         requested_on=TODAY - D(days=5), reason="Wachtlijst")

    summary = RV.review_summary(store, case_id, partner, TODAY, IV)
    assert summary.my_last_review == TODAY - D(days=30)
    new = {(h.kind, h.code) for h in summary.history if h.new}
    assert new == {("event", vocab.CRISIS), ("plan", None),
                   ("escalation", vocab.ESC_MANAGER)}
    old = {(h.kind, h.code) for h in summary.history if not h.new}
    assert ("meeting", vocab.MDO) in old and ("review", "agreed") in old
    assert summary.plan.goals[0][0] == "Naar school" and summary.plan.protective == ("Opa",)
    assert summary.plan.safety == vocab.CONCERNS
    assert summary.checklist is None
    assert summary.process_director == "Tester" and summary.duo_partner == "Partner"
    assert summary.signals == S.sort_signals(summary.signals)
    # Someone who never reviewed it sees everything as new.
    assert all(h.new for h in RV.review_summary(store, case_id, None, TODAY, IV).history)


def test_the_summary_shows_the_last_checklist_run(store, vpr_case):
    from regie_tui.data import checklist_commands as CC
    from regie_tui.rules import checklists as CL

    case_id, version = vpr_case
    template = CL.load_file(CHECKLISTS / "mdo_evaluatie_vpr.toml")
    run = CC.start_run(store, case_id, version, template)
    CC.save_answers(store, case_id, run.version, run.object_id, {
        "youth_spoken": CL.Answer("no", "Niet thuis"),
        "next_mdo": CL.Answer("yes", value_date=TODAY + D(days=15))})
    summary = RV.review_summary(store, case_id, None, TODAY, IV)
    assert summary.checklist.template == "MDO evaluation (VPR)"  # tests run in English
    assert summary.checklist.answers == (
        ("The youth was spoken with directly since the last evaluation", "no", "Niet thuis"),
        ("Next MDO date set", "yes", (TODAY + D(days=15)).isoformat()))
    i18n.set_language("nl")
    summary = RV.review_summary(store, case_id, None, TODAY, IV)
    assert summary.checklist.template == "MDO-evaluatie (VPR)"
    assert summary.checklist.answers[0] == (
        "De jeugdige is sinds de vorige evaluatie direct gesproken", "nee", "Niet thuis")


def test_team_rows_count_cases_signals_and_reviews_owed(store, make_case, vpr_case, scientist):
    partner = store.consultant_id("Partner")
    make_case()  # PR
    C.record_caseload_review(scientist, partner, TODAY - D(days=3))
    caseload = load_trend_caseload(scientist, TODAY)  # the team overview is theirs
    rows = {r.name: r for r in team_rows(caseload, TODAY, IV)}
    assert set(rows) == {"Tester", "Partner"}
    t, p = rows["Tester"], rows["Partner"]
    assert (t.pr, t.vpr, p.pr, p.vpr) == (1, 1, 0, 0)
    assert p.duo_owed == 1 and t.duo_owed == 0
    case_signals = [s for s in evaluate(caseload, TODAY, IV) if s.case_id is not None]
    assert t.overdue + t.due_soon + t.attention == len(case_signals)
    assert t.last_caseload_review is None and t.caseload_signal.code == S.CASELOAD_REVIEW_OVERDUE
    assert p.last_caseload_review == TODAY - D(days=3) and p.caseload_signal is None
