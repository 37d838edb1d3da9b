"""Acknowledgements (issue 15.2): capped by the team's setting, never a case without
signals, withdrawn by a version-checked and audited command, listed for the people who
check them (duo review, team overview), and not "no signals" in the summary export."""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui.base import i18n
from regie_tui.base.errors import ConflictError, ValidationError
from regie_tui.data import acknowledgements as A
from regie_tui.data import commands as C
from regie_tui.data.team_view import load_trend_caseload, team_rows
from regie_tui.rules import signals as S
from regie_tui.rules.engine import evaluate_case
from regie_tui.rules.intervals import Intervals
from tests.conftest import TODAY, admin_read, table_counts

pytestmark = pytest.mark.both_engines

D = dt.timedelta
IV = Intervals()
CODE = S.PLAN_MISSING  # a PR case opened 100 days ago without a plan: overdue
IN_TEN_DAYS = TODAY + D(days=10)


def _signal(store, case_id, code=CODE, intervals=IV):
    signals = evaluate_case(store.load_case(case_id), TODAY, intervals)
    return next(s for s in signals if s.code == code)


def _ack(store, case_id, version, until=IN_TEN_DAYS, **kw):
    return C.acknowledge_signal(store, code=CODE, reason="Plan volgt na MDO", until=until,
                                case_id=case_id, expected_version=version, **kw)


def test_the_default_limit_is_42_days_and_a_later_date_is_refused_naming_it(store, make_case):
    case_id, version = make_case()
    before = table_counts(store)
    with pytest.raises(ValidationError) as refused:
        _ack(store, case_id, version, until=dt.date(2030, 1, 1))
    assert refused.value.field == "until"
    assert "at most 42 days" in refused.value.message
    assert "28 December 2026" in refused.value.message  # TODAY + 42
    assert table_counts(store) == before  # nothing written, no audit entry
    assert _ack(store, case_id, version, until=TODAY + D(days=42)).version == version + 1


def test_the_limit_is_the_teams_setting(store, make_case):
    case_id, version = make_case()
    with pytest.raises(ValidationError, match="at most 10 days"):
        _ack(store, case_id, version, until=TODAY + D(days=11), max_days=10)
    i18n.set_language("nl")
    with pytest.raises(ValidationError, match="ten hoogste 10 dagen"):
        _ack(store, case_id, version, until=TODAY + D(days=11), max_days=10)
    assert Intervals.from_mapping({"intervals": {"acknowledge_max": 10}},
                                  "rules.toml").acknowledge_max == 10


def test_an_acknowledgement_already_stored_for_years_mutes_no_longer_than_the_limit(
        store, make_case):
    """An old or imported "until 2030" counts as the team's limit from the day it was made."""
    case_id, _version = make_case()
    with store.session() as session:
        from regie_tui.data import tables as T

        session.add(T.Acknowledgement(case_id=case_id, code=CODE, reason="Tot 2030",
                                      until=dt.date(2030, 1, 1),
                                      acknowledged_on=TODAY - D(days=50)))
    signal = _signal(store, case_id)
    assert not signal.muted  # 50 days ago + 42 days is past
    recent = Intervals(acknowledge_max=60)
    signal = _signal(store, case_id, intervals=recent)
    assert signal.muted and signal.acknowledgement.until == TODAY + D(days=10)


def test_withdrawing_counts_the_signal_again_is_audited_and_keeps_the_record(store, make_case):
    case_id, version = make_case()
    saved = _ack(store, case_id, version)
    assert _signal(store, case_id).muted
    before = table_counts(store)
    withdrawn = C.withdraw_acknowledgement(store, case_id, saved.version, code=CODE)
    assert withdrawn.version == saved.version + 1
    assert not _signal(store, case_id).muted
    after = table_counts(store)
    assert after["audit_log"] == before["audit_log"] + 1
    assert after["acknowledgement"] == before["acknowledgement"]  # kept, not deleted
    with admin_read(store) as conn:
        action, obj = conn.execute(
            "SELECT action, object FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    with store.read() as conn:
        rows = A.for_case(conn, case_id, TODAY, IV.acknowledge_max)
    assert (action, obj) == ("withdraw_acknowledgement", f"acknowledgement:{saved.object_id}")
    assert [(r.status, r.withdrawn_on, r.withdrawn_by, r.by) for r in rows] == [
        (A.WITHDRAWN, TODAY, "Tester", "Tester")]
    assert rows[0].status_text() == "withdrawn on 16 November 2026 (Tester)"


def test_withdrawing_is_version_checked_and_needs_an_acknowledgement(store, make_case):
    case_id, version = make_case()
    saved = _ack(store, case_id, version)
    before = table_counts(store)
    with pytest.raises(ConflictError):
        C.withdraw_acknowledgement(store, case_id, version, code=CODE)  # stale version
    with pytest.raises(ValidationError, match="not acknowledged"):
        C.withdraw_acknowledgement(store, case_id, saved.version, code=S.MDO_OVERDUE)
    assert table_counts(store) == before
    assert _signal(store, case_id).muted


def test_a_withdrawn_acknowledgement_still_mutes_the_days_before_it_was_withdrawn(
        store, make_case):
    """The trend looks back: the weeks before the withdrawal keep their muted signal."""
    from regie_tui.rules.as_of import case_as_of

    case_id, version = make_case()
    C.withdraw_acknowledgement(store, case_id, _ack(store, case_id, version).version, code=CODE)
    facts = store.load_case(case_id)
    assert facts.acknowledgements[0].until == TODAY - D(days=1)
    assert not _signal(store, case_id).muted
    yesterday = evaluate_case(case_as_of(facts, TODAY), TODAY - D(days=1), IV)
    assert next(s for s in yesterday if s.code == CODE).muted


def test_acknowledgements_are_listed_for_the_team_and_counted_per_consultant(store, make_case):
    case_id, version = make_case(code="T-ACK")
    _ack(store, case_id, version)
    other, other_version = make_case()
    C.withdraw_acknowledgement(store, other, _ack(store, other, other_version).version, code=CODE)
    with store.read() as conn:
        listed = A.in_force(conn, TODAY, IV.acknowledge_max)
    assert [(a.case_code, a.code, a.until, a.by, a.process_director) for a in listed] == [
        ("T-ACK", CODE, TODAY + D(days=10), "Tester", "Tester")]
    rows = {r.name: r for r in team_rows(load_trend_caseload(store, TODAY), TODAY, IV)}
    assert rows["Tester"].acknowledged == 1


def test_the_summary_export_never_says_no_signals_while_one_is_acknowledged(store, make_case):
    from regie_tui.exchange.summary import summary_text

    case_id, version = make_case(code="T-SUM")
    for signal in evaluate_case(store.load_case(case_id), TODAY, IV):
        version = C.acknowledge_signal(store, code=signal.code, reason="Afgesproken",
                                       until=TODAY + D(days=5), case_id=case_id,
                                       expected_version=version).version
    text, _id = summary_text(store, "T-SUM", IV)
    assert "No signals." not in text
    assert "None open; 3 acknowledged, not resolved (below)." in text
    assert "**Acknowledged (3)**" in text
    assert text.count(f"- {S.SYMBOLS[S.ACKNOWLEDGED]} ") == 3
