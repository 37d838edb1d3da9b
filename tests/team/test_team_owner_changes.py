"""What the process director changes on a team store beyond a case's rows, and
nobody else: the duo partner, the rows a draft plan or an open checklist sheds,
and the consultant's own signal acknowledged without a case. Connected with psycopg
as each login (what a member could do in psql), as tests/team/test_team_access.py."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from psycopg import errors

from tests.pg_fixtures import as_login

TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def team(pg_team):
    """Anna's case A-1 with Bram as duo partner; ids by login."""
    ids = {login: pg_team.ids[name] for name, login in (
        ("Anna de Vries", "anna"), ("Bram Jansen", "bram"), ("Carla Bos", "carla"),
        ("Bea Smit", "bea"))}
    with psycopg.connect(pg_team.url) as conn:
        case = conn.execute(
            "INSERT INTO care_case (code, alias, status, opened_on, process_director_id, "
            "duo_partner_id, cross_region, version) "
            "VALUES ('A-1', 'Gezin A', 'active', %s, %s, %s, false, 1) RETURNING id",
            (TODAY, ids["anna"], ids["bram"])).fetchone()[0]
    return pg_team.url, ids, case


def connect(url, login):
    return psycopg.connect(as_login(url, login), autocommit=True)


def test_the_process_director_chooses_the_duo_partner_and_a_glass_breaker_cannot(team):
    url, ids, case = team
    with connect(url, "anna") as conn:
        assert conn.execute("UPDATE care_case SET duo_partner_id = %s WHERE id = %s",
                            (ids["carla"], case)).rowcount == 1
    with connect(url, "bram") as conn:
        conn.execute("SELECT regie_break_glass(%s, 'Anna ziek, crisis in gezin', 'laptop')",
                     (case,))
        # Bram may change the case today, but not make himself its duo partner (he
        # would keep reading it after today).
        assert conn.execute("UPDATE care_case SET alias = 'Gezin B' WHERE id = %s",
                            (case,)).rowcount == 1
        with pytest.raises(errors.InsufficientPrivilege, match="process director"):
            conn.execute("UPDATE care_case SET duo_partner_id = %s WHERE id = %s",
                         (ids["bram"], case))
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT duo_partner_id FROM care_case WHERE id = %s",
                            (case,)).fetchone()[0] == ids["carla"]


def _plan(conn, case, status):
    plan = conn.execute(
        "INSERT INTO planversion (case_id, number, status, origin, created_on, "
        "agreed_by_parents, agreed_by_youth, agreed_by_case_director) "
        "VALUES (%s, 1, %s, 'own', %s, false, false, false) RETURNING id",
        (case, status, TODAY)).fetchone()[0]
    conn.execute("INSERT INTO goal (plan_version_id, position, description, owner, status) "
                 "VALUES (%s, 0, 'Naar school', 'family', 'open')", (plan,))
    return plan


def _run(conn, case, completed_on):
    run = conn.execute(
        "INSERT INTO checklistrun (case_id, template_key, template_version, "
        "template_snapshot, started_on, completed_on) VALUES (%s, 'mdo', 1, '{}', %s, %s) "
        "RETURNING id", (case, TODAY, completed_on)).fetchone()[0]
    conn.execute("INSERT INTO checklistanswer (run_id, item_key, answer) "
                 "VALUES (%s, 'plan_fits', 'yes')", (run,))
    return run


def test_only_a_draft_plan_and_an_open_checklist_shed_rows_and_only_the_owners(team):
    url, _ids, case = team
    with connect(url, "anna") as conn:
        draft, agreed = _plan(conn, case, "draft"), _plan(conn, case, "agreed")
        open_run, done_run = _run(conn, case, None), _run(conn, case, TODAY)
    delete_goals = "DELETE FROM goal WHERE plan_version_id = %s"
    delete_answers = "DELETE FROM checklistanswer WHERE run_id = %s"
    with connect(url, "bram") as conn:  # the duo partner reads, deletes nothing
        assert conn.execute(delete_goals, (draft,)).rowcount == 0
        assert conn.execute(delete_answers, (open_run,)).rowcount == 0
    with connect(url, "anna") as conn:
        assert conn.execute(delete_goals, (agreed,)).rowcount == 0
        assert conn.execute(delete_answers, (done_run,)).rowcount == 0
        assert conn.execute(delete_goals, (draft,)).rowcount == 1
        assert conn.execute(delete_answers, (open_run,)).rowcount == 1
        with pytest.raises(errors.InsufficientPrivilege):  # never a case's own rows
            conn.execute("DELETE FROM planversion WHERE id = %s", (draft,))


def test_a_consultant_acknowledges_their_own_signal_only(team):
    url, ids, _case = team
    insert = ("INSERT INTO acknowledgement (consultant_id, code, reason, until, "
              "acknowledged_on) VALUES (%s, 'CASELOAD_REVIEW_OVERDUE', 'Vakantie', %s, %s)")
    with connect(url, "anna") as conn:
        conn.execute(insert, (ids["anna"], TODAY, TODAY))
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(insert, (ids["bram"], TODAY, TODAY))
    seen = "SELECT count(*) FROM acknowledgement WHERE case_id IS NULL"
    with connect(url, "bram") as conn:
        assert conn.execute(seen).fetchone()[0] == 0
    with connect(url, "bea") as conn:  # who reads Anna's caseload reviews
        assert conn.execute(seen).fetchone()[0] == 1
