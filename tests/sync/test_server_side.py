"""The team store's side of synchronising: the operations it keeps, and team init again."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from regie_tui.data.team import admin
from tests.sync.team_cases import make_cases
from tests.team.conftest import as_login


def _insert(url, op_id: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO regie_sync_op (op_id, device, command, outcome) "
                     "VALUES (%s, 'laptop', 'record_meeting', 'refused')", (op_id,))


def test_a_member_sees_only_their_own_operations(pg_team):
    op = str(uuid.uuid4())
    _insert(as_login(pg_team.url, "anna"), op)
    with psycopg.connect(as_login(pg_team.url, "bram")) as conn:
        assert conn.execute("SELECT count(*) FROM regie_sync_op").fetchone()[0] == 0
    with psycopg.connect(as_login(pg_team.url, "anna")) as conn:
        assert conn.execute("SELECT login FROM regie_sync_op").fetchall() == [("anna",)]


def test_a_member_cannot_insert_an_operation_in_anothers_name(pg_team):
    with psycopg.connect(as_login(pg_team.url, "anna"), autocommit=True) as conn, \
            pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("INSERT INTO regie_sync_op (op_id, login, device, command, outcome) "
                     "VALUES (%s, 'bram', 'x', 'record_meeting', 'applied')",
                     (str(uuid.uuid4()),))


@pytest.mark.parametrize("statement", ["UPDATE regie_sync_op SET outcome = 'applied'",
                                       "DELETE FROM regie_sync_op"])
def test_nobody_changes_or_removes_a_kept_operation(pg_team, statement):
    _insert(as_login(pg_team.url, "anna"), str(uuid.uuid4()))
    with psycopg.connect(pg_team.url, autocommit=True) as conn:  # not even the owner
        with pytest.raises(psycopg.errors.RaiseException, match="kept"):
            conn.execute(statement)
        assert conn.execute("SELECT outcome FROM regie_sync_op").fetchall() == [("refused",)]


def test_changes_are_numbered_once_per_case_and_transaction(pg_team):
    cases = make_cases(pg_team)
    with psycopg.connect(pg_team.url) as conn:
        rows = conn.execute("SELECT case_id, login FROM regie_case_change ORDER BY seq"
                            ).fetchall()
    # create_case writes the case, its regime and people in one transaction: one row.
    assert rows == [(cases["K-1"], "anna"), (cases["K-2"], "bram"), (cases["K-3"], "carla")]


def test_team_init_again_is_harmless(pg_team):
    op = str(uuid.uuid4())
    _insert(as_login(pg_team.url, "anna"), op)
    admin.init(pg_team.url)
    with psycopg.connect(as_login(pg_team.url, "anna")) as conn:
        assert conn.execute("SELECT op_id::text FROM regie_sync_op").fetchall() == [(op,)]
