"""Resolving what a push kept: apply mine on top, keep the server's, dismiss a refusal."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from regie_tui.base.errors import NotFoundError, ValidationError
from regie_tui.data import commands as C
from regie_tui.data.store import Store
from regie_tui.sync import conflicts, push_pull, take
from regie_tui.sync import state as S
from tests.sync.scenario import DAY
from tests.sync.team_cases import PASSPHRASE, make_cases
from tests.team.conftest import as_login


def _conflicted(pg_team, tmp_path, clock):
    """Anna's copy with one open conflict on K-1's waiting fields (Carla changed them)."""
    cases = make_cases(pg_team)
    path = tmp_path / "copy.sqlite"
    take.take(as_login(pg_team.url, "anna"), path, clock, PASSPHRASE)
    copy = Store.open(path, clock)
    carla = pg_team.open("Carla Bos")
    with carla.read() as conn:
        conn.execute("SELECT regie_break_glass(?, ?, ?)",
                     (cases["K-1"], "Spoed: Anna is onbereikbaar.", "test"))
    C.set_waiting(carla, cases["K-1"], 1, since=DAY - dt.timedelta(days=3),
                  waiting_for="crisisopvang")
    C.set_waiting(copy, cases["K-1"], 1, since=DAY, waiting_for="pleeggezin")
    assert push_pull.synchronise(copy).conflicts == 1
    return copy, cases


def _server_waiting_for(pg_team, case_id):
    with psycopg.connect(pg_team.url) as conn:
        return conn.execute("SELECT waiting_for FROM care_case WHERE id = %s",
                            (case_id,)).fetchone()[0]


def test_an_open_conflict_is_listed_with_both_values_and_who(pg_team, tmp_path, clock):
    copy, cases = _conflicted(pg_team, tmp_path, clock)
    with copy.read() as conn:
        (row,) = conflicts.open_conflicts(conn)
        counts = conflicts.open_count_by_case(conn)
    assert (row.case_code, row.command, row.kind, row.server_login) == (
        "K-1", "set_waiting", "conflict", "Carla Bos")
    assert row.mine() == {"waiting_for": "pleeggezin", "waiting_since": DAY}
    assert row.server() == {"waiting_for": "crisisopvang",
                            "waiting_since": DAY - dt.timedelta(days=3)}
    assert counts == {cases["K-1"]: 1}
    assert S.copy_status(copy).open_conflicts == 1
    copy.close()


def test_apply_mine_sends_my_values_on_top_of_the_servers(pg_team, tmp_path, clock):
    copy, cases = _conflicted(pg_team, tmp_path, clock)
    with copy.read() as conn:
        (row,) = conflicts.open_conflicts(conn)
    conflicts.apply_mine(copy, row.id)
    status = S.copy_status(copy)
    assert (status.waiting, status.open_conflicts) == (1, 0)
    report = push_pull.synchronise(copy)
    assert (report.applied, report.conflicts) == (1, 0)
    assert _server_waiting_for(pg_team, cases["K-1"]) == "pleeggezin"
    with copy.read() as conn:
        assert conn.execute("SELECT status, resolution FROM sync_conflict").fetchall() == [
            ("resolved", "mine")]
        assert conn.execute("SELECT action, object FROM audit_log WHERE action = "
                            "'resolve_conflict'").fetchall() == [
            ("resolve_conflict", f"sync_conflict:{row.id}:mine")]
    copy.close()


def test_keep_the_servers_sends_nothing(pg_team, tmp_path, clock):
    copy, cases = _conflicted(pg_team, tmp_path, clock)
    with copy.read() as conn:
        (row,) = conflicts.open_conflicts(conn)
    conflicts.keep_server(copy, row.id)
    status = S.copy_status(copy)
    assert (status.waiting, status.open_conflicts) == (0, 0)
    assert push_pull.synchronise(copy).applied == 0
    assert _server_waiting_for(pg_team, cases["K-1"]) == "crisisopvang"
    with pytest.raises(NotFoundError):  # resolved once, not twice
        conflicts.keep_server(copy, row.id)
    copy.close()


def test_a_refusal_is_dismissed_not_applied(pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    path = tmp_path / "copy.sqlite"
    take.take(as_login(pg_team.url, "anna"), path, clock, PASSPHRASE)
    copy = Store.open(path, clock)
    C.record_meeting(copy, cases["K-2"], 1, kind="home_visit", held_on=DAY)
    assert push_pull.synchronise(copy).refused == 1
    with copy.read() as conn:
        (row,) = conflicts.open_conflicts(conn)
    assert row.kind == "refused" and row.message
    with pytest.raises(ValidationError):
        conflicts.apply_mine(copy, row.id)
    with pytest.raises(ValidationError):
        conflicts.keep_server(copy, row.id)
    conflicts.dismiss(copy, row.id)
    with copy.read() as conn:
        assert conflicts.open_conflicts(conn) == []
    copy.close()
