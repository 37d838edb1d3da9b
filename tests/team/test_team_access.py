"""Who sees and changes what on a team store, enforced by PostgreSQL itself.

Each member connects with their own login (as they would with psql) and tries
each kind of row; what the access table in the README says holds, and the rest
is refused by the database.
"""

from __future__ import annotations

import datetime as dt
import threading

import psycopg
import pytest
from psycopg import errors

from regie_tui.data import audit
from regie_tui.data.team import admin
from tests.team.conftest import as_login

TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def team(team_url):
    admin.init(team_url)
    ids = {
        "anna": admin.add(team_url, "Anna de Vries", "anna", "consultant"),
        "bram": admin.add(team_url, "Bram Jansen", "bram", "consultant"),
        "carla": admin.add(team_url, "Carla Bos", "carla", "consultant"),
        "bea": admin.add(team_url, "Bea Smit", "bea", "behavioural_scientist"),
        "mo": admin.add(team_url, "Mo Haddou", "mo", "manager"),
        "pia": admin.add(team_url, "Pia Kok", "pia", "privacy_officer"),
    }
    with psycopg.connect(team_url) as conn:
        for code, owner, duo in (("A-1", "anna", "bram"), ("B-1", "carla", None)):
            conn.execute(
                "INSERT INTO care_case (code, alias, status, opened_on, process_director_id, "
                "duo_partner_id, cross_region, version) "
                "VALUES (%s, %s, 'active', %s, %s, %s, false, 1)",
                (code, f"Gezin {code}", TODAY, ids[owner], ids[duo] if duo else None))
    return team_url, ids


def connect(url, login):
    return psycopg.connect(as_login(url, login), autocommit=True)


def case_id(url, code):
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT id FROM care_case WHERE code = %s", (code,)).fetchone()[0]


def visible_codes(conn):
    return sorted(r[0] for r in conn.execute("SELECT code FROM care_case"))


def add_meeting(conn, case, consultant):
    conn.execute("INSERT INTO meeting (case_id, consultant_id, kind, held_on, youth_present, "
                 "parents_present) VALUES (%s, %s, 'youth_contact', %s, true, false)",
                 (case, consultant, TODAY))


def test_consultant_sees_and_changes_own_cases_only(team):
    url, ids = team
    a, b = case_id(url, "A-1"), case_id(url, "B-1")
    with connect(url, "anna") as conn:
        assert visible_codes(conn) == ["A-1"]
        assert conn.execute("UPDATE care_case SET alias = 'x' WHERE id = %s", (a,)).rowcount == 1
        # RLS filters the other consultant's case out: 0 rows, which the app refuses.
        assert conn.execute("UPDATE care_case SET alias = 'x' WHERE id = %s", (b,)).rowcount == 0
        add_meeting(conn, a, ids["anna"])
        with pytest.raises(errors.InsufficientPrivilege):
            add_meeting(conn, b, ids["anna"])
        assert conn.execute("SELECT count(*) FROM meeting").fetchone()[0] == 1


def test_duo_partner_reads_and_reviews_but_cannot_change_or_take_the_case(team):
    url, ids = team
    a = case_id(url, "A-1")
    with connect(url, "bram") as conn:
        assert visible_codes(conn) == ["A-1"]
        assert conn.execute("UPDATE care_case SET alias = 'x' WHERE id = %s", (a,)).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("UPDATE care_case SET process_director_id = %s WHERE id = %s",
                         (ids["bram"], a))
        with pytest.raises(errors.InsufficientPrivilege):
            add_meeting(conn, a, ids["bram"])
        conn.execute("INSERT INTO duoreview (case_id, reviewer_id, reviewed_on, verdict) "
                     "VALUES (%s, %s, %s, 'agreed')", (a, ids["bram"], TODAY))
        with pytest.raises(errors.InsufficientPrivilege):  # not in someone else's name
            conn.execute("INSERT INTO duoreview (case_id, reviewer_id, reviewed_on, verdict) "
                         "VALUES (%s, %s, %s, 'agreed')", (a, ids["anna"], TODAY))


def test_nobody_changes_the_owner_except_through_the_audited_transfer(team):
    url, ids = team
    a = case_id(url, "A-1")
    with connect(url, "anna") as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("UPDATE care_case SET process_director_id = %s WHERE id = %s",
                     (ids["carla"], a))
    with connect(url, "anna") as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("SELECT regie_transfer_case(%s, %s, 'verhuisd naar Noord', 'laptop')",
                     (a, ids["carla"]))
    with connect(url, "mo") as conn:
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT code FROM care_case")
        figures = conn.execute("SELECT name, active_cases FROM regie_caseload_figures "
                               "ORDER BY name").fetchall()
        assert ("Anna de Vries", 1) in figures
        with pytest.raises(errors.InvalidParameterValue):
            conn.execute("SELECT regie_transfer_case(%s, %s, 'kort', 'pc')", (a, ids["carla"]))
        conn.execute("SELECT regie_transfer_case(%s, %s, 'gezin verhuisd naar Noord', 'pc')",
                     (a, ids["carla"]))
    with connect(url, "carla") as conn:
        assert visible_codes(conn) == ["A-1", "B-1"]
    with connect(url, "pia") as conn:
        row = conn.execute("SELECT actor, case_code FROM audit_log "
                           "WHERE action = 'transfer_case'").fetchone()
        assert row == ("mo", "A-1")


def test_behavioural_scientist_reads_every_caseload_and_records_caseload_reviews(team):
    url, ids = team
    a = case_id(url, "A-1")
    with connect(url, "bea") as conn:
        assert visible_codes(conn) == ["A-1", "B-1"]
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("UPDATE care_case SET alias = 'x' WHERE id = %s", (a,))
        with pytest.raises(errors.InsufficientPrivilege):
            add_meeting(conn, a, ids["bea"])
        conn.execute("INSERT INTO meeting (case_id, consultant_id, kind, held_on, youth_present, "
                     "parents_present) VALUES (NULL, %s, 'caseload_review', %s, false, false)",
                     (ids["anna"], TODAY))
    with connect(url, "anna") as conn:
        assert conn.execute("SELECT count(*) FROM meeting WHERE case_id IS NULL").fetchone()[0] == 1
    with connect(url, "carla") as conn:
        assert conn.execute("SELECT count(*) FROM meeting WHERE case_id IS NULL").fetchone()[0] == 0


def test_privacy_officer_reads_the_log_and_nothing_else(team):
    url, _ids = team
    with connect(url, "pia") as conn:
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] >= 6  # team add
        for table in ("care_case", "meeting", "person"):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(f"SELECT count(*) FROM {table}")
    for login in ("anna", "bea", "mo"):
        with connect(url, login) as conn, pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM audit_log")


def test_the_log_is_append_only_for_every_role_and_the_administrator(team):
    url, _ids = team
    for login in ("anna", "pia"):
        with connect(url, login) as conn:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute("INSERT INTO audit_log (at, actor, action, object, device, "
                             "prev_hash, hash) VALUES ('x', 'x', 'x', 'x', 'x', 'x', 'x')")
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute("DELETE FROM audit_log")
    with psycopg.connect(url, autocommit=True) as conn:  # even the table owner
        with pytest.raises(errors.RaiseException):
            conn.execute("DELETE FROM audit_log")
        with pytest.raises(errors.RaiseException):
            conn.execute("UPDATE audit_log SET actor = 'someone else'")


def test_nobody_deletes_a_case(team):
    url, _ids = team
    for login in ("anna", "bea", "mo", "pia"):
        with connect(url, login) as conn, pytest.raises(errors.InsufficientPrivilege):
            conn.execute("DELETE FROM care_case")


def test_breaking_the_glass_opens_one_case_for_the_day_with_a_reason_in_the_log(team):
    url, ids = team
    b = case_id(url, "B-1")
    with connect(url, "anna") as conn:
        with pytest.raises(errors.InvalidParameterValue):
            conn.execute("SELECT regie_break_glass(%s, 'nood', 'laptop')", (b,))
        assert visible_codes(conn) == ["A-1"]
        conn.execute("SELECT regie_break_glass(%s, 'Carla ziek, melding politie vannacht', "
                     "'laptop')", (b,))
        assert visible_codes(conn) == ["A-1", "B-1"]
        add_meeting(conn, b, ids["anna"])
    with connect(url, "bram") as conn:  # only for the one who broke it
        assert visible_codes(conn) == ["A-1"]
    with connect(url, "pia") as conn:
        assert conn.execute("SELECT actor, case_code FROM audit_log WHERE action = "
                            "'break_glass'").fetchall() == [("anna", "B-1")]


def test_the_hash_chain_holds_under_concurrent_writers(team):
    url, _ids = team
    a = case_id(url, "A-1")
    failures = []

    def write(login):
        try:
            with connect(url, login) as conn:
                for i in range(25):
                    conn.execute("SELECT regie_audit('view_case', %s, 'laptop', %s, 'A-1')",
                                 (f"case:{i}", a))
        except Exception as exc:  # surfaced below
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(who,)) for who in ("anna", "bram", "bea")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with connect(url, "pia") as conn:
        rows = conn.execute("SELECT id, at, actor, case_id, case_code, action, object, device, "
                            "prev_hash, hash FROM audit_log ORDER BY id").fetchall()
    report = audit.verify(rows)
    assert report.ok and report.entries == 6 + 75


def test_team_init_runs_twice_and_a_login_cannot_carry_sql(team):
    url, _ids = team
    admin.init(url)
    from regie_tui.base.errors import StoreError

    with pytest.raises(StoreError):
        admin.add(url, "Eve", 'eve"; DROP TABLE care_case; --', "consultant")
    with pytest.raises(StoreError):
        admin.add(url, "Eve", "eve", "superuser")


def test_team_commands_from_the_command_line(team_url, capsys):
    from regie_tui.cli import main

    assert main(["team", "init", "--db", team_url]) == 0
    assert main(["--db", team_url, "team", "add", "Anna de Vries", "--login", "anna",
                 "--role", "consultant"]) == 0
    out = capsys.readouterr().out
    assert "anna" in out
    with psycopg.connect(team_url) as conn:
        assert conn.execute("SELECT name, role FROM consultant WHERE login = 'anna'"
                            ).fetchone() == ("Anna de Vries", "consultant")
    assert main(["team", "add", "Eve", "--login", "Eve Evil", "--role", "consultant",
                 "--db", team_url]) == 2
    assert "cannot be a database login" in capsys.readouterr().err




def test_an_administrator_who_is_not_superuser_sets_up_the_team(pg_cluster):
    name = "team_admin_owned"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("DO $$ BEGIN CREATE ROLE regie_admin LOGIN CREATEROLE; "
                     "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name} OWNER regie_admin")
    url = as_login(pg_cluster.url(name), "regie_admin")
    try:
        admin.init(url)
        anna = admin.add(url, "Anna de Vries", "anna", "consultant")
        with connect(url, "anna") as conn:
            conn.execute("INSERT INTO care_case (code, alias, status, opened_on, "
                         "process_director_id, cross_region, version) VALUES "
                         "('A-9', 'Gezin', 'active', %s, %s, false, 1)", (TODAY, anna))
            assert visible_codes(conn) == ["A-9"]
        with psycopg.connect(url) as conn:  # the owner is not bound (README says so)
            assert conn.execute("SELECT count(*) FROM care_case").fetchone()[0] == 1
    finally:
        with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
