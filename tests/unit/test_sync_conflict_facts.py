"""Open synchronisation conflicts reach the rules (issue 18): the facts loader reads
them from sync_conflict in one query, and an open one is a signal on its case."""

from __future__ import annotations

import datetime as dt
import sqlite3

from regie_tui.data import facts_loader
from regie_tui.rules import signals as S
from regie_tui.rules.engine import evaluate_case
from regie_tui.rules.intervals import Intervals
from tests.conftest import TODAY


def _conflict(store, case_id, code, *, op, command="name_case_director", kind="conflict",
              status="open", login="pieter", at="2026-11-14T13:05:00+00:00", message=None):
    with sqlite3.connect(store.path) as conn:
        conn.execute(
            "INSERT INTO sync_conflict (op_id, case_id, case_code, command, kind, fields, "
            "message, server_login, server_changed_at, made_at, status) "
            "VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?, '2026-11-15T10:00:00', ?)",
            (op, case_id, code, command, kind, message, login, at, status))
    conn.close()


def test_open_conflicts_are_read_per_case_oldest_first(store, make_case):
    first, _v = make_case(code="T-A")
    second, _v = make_case(code="T-B")
    quiet, _v = make_case(code="T-C")
    _conflict(store, first, "T-A", op="op-1")
    _conflict(store, second, "T-B", op="op-2", command="set_waiting", kind="refused",
              login=None, at=None, message="Access ended")
    _conflict(store, first, "T-A", op="op-3", command="set_waiting")
    _conflict(store, first, "T-A", op="op-4", status="resolved")  # chosen: no longer a fact

    facts = {c.id: c for c in store.load_caseload().cases}
    a, b = facts[first].sync_conflicts, facts[second].sync_conflicts
    assert [c.command for c in a] == ["name_case_director", "set_waiting"]
    assert a[0].server_login == "pieter" and not a[0].refused
    # The team store's time, in this laptop's zone (the test pins none: compare instants).
    assert a[0].server_changed_at == dt.datetime(2026, 11, 14, 13, 5, tzinfo=dt.UTC)
    assert len(b) == 1 and b[0].refused and b[0].message == "Access ended"
    assert b[0].server_changed_at is None
    assert facts[quiet].sync_conflicts == ()

    signals = evaluate_case(facts[first], TODAY, Intervals())
    conflict = [s for s in signals if s.code == S.SYNC_CONFLICT]
    assert len(conflict) == 1 and conflict[0].param("count") == 2
    assert S.SYNC_CONFLICT not in {s.code for s in evaluate_case(facts[quiet], TODAY,
                                                                  Intervals())}


def test_loading_some_cases_reads_only_their_conflicts(store, make_case):
    first, _v = make_case()
    second, _v = make_case()
    _conflict(store, first, "T-001", op="op-1")
    _conflict(store, second, "T-002", op="op-2")
    with store.read() as conn:
        caseload = facts_loader.load(conn, [second], TODAY)
    assert [c.id for c in caseload.cases] == [second]
    assert len(caseload.cases[0].sync_conflicts) == 1


def test_a_plain_store_has_none(store, make_case):
    case_id, _v = make_case()
    assert store.load_case(case_id).sync_conflicts == ()


def test_an_unreadable_time_is_unknown_not_a_failure(store, make_case):
    case_id, _v = make_case()
    _conflict(store, case_id, "T-001", op="op-1", at="yesterday")
    assert store.load_case(case_id).sync_conflicts[0].server_changed_at is None
