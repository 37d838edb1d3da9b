"""Synchronising a copy with a real team store: exactly once, conflicts kept,
additions on a newer version applied, cases that left the scope removed."""

from __future__ import annotations

import datetime as dt
import json

import psycopg
import pytest

from regie_tui.base.errors import StoreError
from regie_tui.data import commands as C
from regie_tui.data.store import Store
from regie_tui.sync import copying, outbox_rows, push_pull, take
from tests.conftest import TODAY
from tests.sync.scenario import DAY, every_command
from tests.sync.team_cases import PASSPHRASE, make_cases, version
from tests.team.conftest import as_login


def _take(pg_team, tmp_path, clock, login="anna"):
    path = tmp_path / f"copy-{login}.sqlite"
    take.take(as_login(pg_team.url, login), path, clock, PASSPHRASE)
    return Store.open(path, clock)


def _admin(pg_team, sql: str, params=()):
    with psycopg.connect(pg_team.url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall() if sql.lstrip().upper().startswith(
            "SELECT") else conn.execute(sql, params)


def _waiting_for(copy, case_id) -> str | None:
    with copy.read() as conn:
        return conn.execute("SELECT waiting_for FROM care_case WHERE id = ?",
                            (case_id,)).fetchone()[0]


def _outbox_status(copy) -> list[str]:
    with copy.read() as conn:
        return [r[0] for r in conn.execute("SELECT status FROM sync_outbox ORDER BY seq")]


def _server_notes(pg_team, case_id) -> list[str]:
    return [r[0] for r in _admin(pg_team, "SELECT note FROM meeting WHERE case_id = %s "
                                 "ORDER BY id", (case_id,))]


def test_an_addition_made_offline_reaches_the_team_store_once(pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    copy = _take(pg_team, tmp_path, clock)
    saved = C.record_meeting(copy, cases["K-1"], 1, kind="home_visit", held_on=DAY,
                             note="Huisbezoek zonder netwerk.")
    report = push_pull.synchronise(copy)
    assert (report.applied, report.conflicts, report.refused, report.waiting) == (1, 0, 0, 0)
    assert _server_notes(pg_team, cases["K-1"]) == ["Huisbezoek zonder netwerk."]
    assert _outbox_status(copy) == ["applied"]
    # The server's row replaced the one made offline, under the server's id.
    with copy.read() as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM meeting WHERE case_id = ?",
                                          (cases["K-1"],))]
        mapped = conn.execute("SELECT local_id, server_id FROM sync_id_map").fetchall()
    assert mapped == [(saved.object_id, ids[0])] and ids[0] < saved.object_id
    again = push_pull.synchronise(copy)
    assert (again.applied, again.already_done) == (0, 0)
    assert _server_notes(pg_team, cases["K-1"]) == ["Huisbezoek zonder netwerk."]
    # The server's audit names the consultant's login and the laptop.
    rows = _admin(pg_team, "SELECT actor, action FROM audit_log WHERE action = "
                  "'record_meeting'")
    assert rows == [("anna", "record_meeting")]
    copy.close()


def test_a_push_cut_off_after_the_servers_commit_gets_the_stored_outcome(
        pg_team, tmp_path, clock, monkeypatch):
    cases = make_cases(pg_team)
    copy = _take(pg_team, tmp_path, clock)
    C.record_meeting(copy, cases["K-1"], 1, kind="home_visit", held_on=DAY, note="Eenmaal.")
    C.record_event(copy, cases["K-1"], 2, kind="crisis", occurred_on=DAY)
    real = outbox_rows.mark

    def crash(*args, **kwargs):  # the laptop dies after the server committed the first
        raise KeyboardInterrupt

    monkeypatch.setattr(outbox_rows, "mark", crash)
    with pytest.raises(KeyboardInterrupt):
        push_pull.synchronise(copy)
    assert _server_notes(pg_team, cases["K-1"]) == ["Eenmaal."]
    assert _outbox_status(copy) == ["waiting", "waiting"]
    monkeypatch.setattr(outbox_rows, "mark", real)
    report = push_pull.synchronise(copy)
    assert (report.applied, report.already_done) == (2, 1)
    assert _server_notes(pg_team, cases["K-1"]) == ["Eenmaal."]
    assert _admin(pg_team, "SELECT count(*) FROM significantevent")[0][0] == 1
    assert _outbox_status(copy) == ["applied", "applied"]
    assert _admin(pg_team, "SELECT outcome, count(*) FROM regie_sync_op GROUP BY outcome"
                  ) == [("applied", 2)]
    copy.close()


def test_an_addition_on_a_version_the_server_has_since_changed_is_applied(
        pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    copy = _take(pg_team, tmp_path, clock)
    server = pg_team.open("Anna de Vries")
    C.set_waiting(server, cases["K-1"], 1, since=DAY, waiting_for="gezinshuis")
    C.record_meeting(copy, cases["K-1"], 1, kind="home_visit", held_on=DAY, note="Offline.")
    report = push_pull.synchronise(copy)
    assert (report.applied, report.conflicts) == (1, 0)
    assert _server_notes(pg_team, cases["K-1"]) == ["Offline."]
    assert version(server, cases["K-1"]) == 3
    # The pull brought the server's change to the copy.
    assert _waiting_for(copy, cases["K-1"]) == "gezinshuis"
    copy.close()


def test_a_change_of_other_fields_than_the_servers_is_applied(pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    copy = _take(pg_team, tmp_path, clock)
    C.record_marking_letter(pg_team.open("Anna de Vries"), cases["K-1"], 1, sent_on=DAY)
    C.set_waiting(copy, cases["K-1"], 1, since=DAY, waiting_for="pleeggezin")
    report = push_pull.synchronise(copy)
    assert (report.applied, report.conflicts) == (1, 0)
    row = _admin(pg_team, "SELECT marking_letter_on, waiting_for FROM care_case WHERE id = %s",
                 (cases["K-1"],))
    assert row == [(DAY, "pleeggezin")]
    copy.close()


def test_a_change_of_a_field_the_server_changed_is_a_conflict_not_applied(
        pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    copy = _take(pg_team, tmp_path, clock)
    # Carla breaks the glass on Anna's case and changes the same fields.
    carla = pg_team.open("Carla Bos")
    with carla.read() as conn:
        conn.execute("SELECT regie_break_glass(?, ?, ?)",
                     (cases["K-1"], "Spoed: Anna is onbereikbaar.", "test"))
    C.set_waiting(carla, cases["K-1"], 1, since=DAY - dt.timedelta(days=3),
                  waiting_for="crisisopvang")
    C.set_waiting(copy, cases["K-1"], 1, since=DAY, waiting_for="pleeggezin")
    report = push_pull.synchronise(copy)
    assert (report.applied, report.conflicts, report.refused) == (0, 1, 0)
    # The server keeps Carla's values; the copy shows them after the pull.
    assert _admin(pg_team, "SELECT waiting_for FROM care_case WHERE id = %s",
                  (cases["K-1"],)) == [("crisisopvang",)]
    assert _waiting_for(copy, cases["K-1"]) == "crisisopvang"
    with copy.read() as conn:
        row = conn.execute("SELECT case_code, command, kind, fields, server_login, "
                           "server_changed_at, status FROM sync_conflict").fetchone()
    code, command, kind, fields, login, at, status = row
    assert (code, command, kind, login, status) == ("K-1", "set_waiting", "conflict",
                                                    "Carla Bos", "open")
    assert json.loads(fields) == {
        "waiting_for": {"mine": "pleeggezin", "base": None, "server": "crisisopvang"},
        "waiting_since": {"mine": {"$date": DAY.isoformat()}, "base": None,
                          "server": {"$date": (DAY - dt.timedelta(days=3)).isoformat()}}}
    assert at
    assert _outbox_status(copy) == ["conflict"]
    # Pushed again: nothing new, the conflict is still one.
    again = push_pull.synchronise(copy)
    assert (again.applied, again.conflicts) == (0, 0)
    with copy.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM sync_conflict").fetchone()[0] == 1
    copy.close()


def test_what_the_server_refuses_is_kept_as_refused(pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    copy = _take(pg_team, tmp_path, clock)
    # K-2 is Bram's; Anna, his duo partner, may read it but not record a meeting on it.
    C.record_meeting(copy, cases["K-2"], 1, kind="home_visit", held_on=DAY)
    report = push_pull.synchronise(copy)
    assert (report.applied, report.refused) == (0, 1)
    assert _server_notes(pg_team, cases["K-2"]) == []
    with copy.read() as conn:
        kind, message, status = conn.execute(
            "SELECT kind, message, status FROM sync_conflict").fetchone()
        local = conn.execute("SELECT COUNT(*) FROM meeting WHERE case_id = ?",
                             (cases["K-2"],)).fetchone()[0]
    assert (kind, status) == ("refused", "open") and "not change it" in message
    assert local == 0  # the copy shows the server's case again
    copy.close()


def test_a_case_that_left_the_scope_is_removed_from_the_copy(pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    copy = _take(pg_team, tmp_path, clock)
    assert sorted(copying.columns("care_case"))  # sanity: the tables are known
    _admin(pg_team, "UPDATE care_case SET duo_partner_id = %s, version = version + 1 "
           "WHERE id = %s", (pg_team.ids["Carla Bos"], cases["K-2"]))
    report = push_pull.synchronise(copy)
    assert report.removed == ["K-2"]
    assert "K-2, removed from this laptop" in " ".join(report.lines())
    with copy.read() as conn:
        assert [r[0] for r in conn.execute("SELECT code FROM care_case")] == ["K-1"]
        assert conn.execute("SELECT COUNT(*) FROM regimechange WHERE case_id = ?",
                            (cases["K-2"],)).fetchone()[0] == 0
    copy.close()


def test_a_case_new_in_scope_is_added(pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    copy = _take(pg_team, tmp_path, clock)
    _admin(pg_team, "UPDATE care_case SET duo_partner_id = %s WHERE id = %s",
           (pg_team.ids["Anna de Vries"], cases["K-3"]))
    report = push_pull.synchronise(copy)
    assert report.added == ["K-3"]
    assert copy.load_case(cases["K-3"]).code == "K-3"
    copy.close()


def test_a_newer_schema_on_the_server_is_refused_and_the_outbox_kept(pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    copy = _take(pg_team, tmp_path, clock)
    C.record_meeting(copy, cases["K-1"], 1, kind="home_visit", held_on=DAY)
    _admin(pg_team, "UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(StoreError, match="update Regie on this laptop first.*1 operation"):
        push_pull.synchronise(copy)
    assert _outbox_status(copy) == ["waiting"]
    assert _server_notes(pg_team, cases["K-1"]) == []
    copy.close()


def test_the_duo_partner_records_the_duo_review_offline(pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    copy = _take(pg_team, tmp_path, clock, login="bram")
    C.record_duo_review(copy, cases["K-1"], 1, reviewer_id=pg_team.ids["Bram Jansen"],
                        reviewed_on=DAY, verdict="concerns", remarks="Veiligheid bespreken.")
    report = push_pull.synchronise(copy)
    assert report.applied == 1
    assert _admin(pg_team, "SELECT verdict, reviewer_id FROM duoreview") == [
        ("concerns", pg_team.ids["Bram Jansen"])]
    copy.close()


# Columns that are ids (the copy's and the server's differ): left out when comparing.
_IDS = {"id", "case_id", "plan_version_id", "run_id", "decision_id", "event_id", "version"}


def _text(value):
    # SQLite gives booleans as 0/1, PostgreSQL as False/True.
    return None if value is None else str(int(value) if isinstance(value, bool) else value)


def _content(conn, case_id: int) -> dict[str, list]:
    found = copying.read_cases(conn, [case_id])
    out = {}
    for table, rows in found.items():
        cols = copying.columns(table)
        keep = [i for i, c in enumerate(cols) if c not in _IDS]
        out[table] = sorted((tuple(_text(r[i]) for i in keep) for r in rows), key=repr)
    return out


def test_every_command_made_offline_is_applied_as_it_was_made(pg_team, tmp_path, clock):
    """A whole offline session: the team store ends with what the copy had."""
    cases = make_cases(pg_team)
    copy = _take(pg_team, tmp_path, clock)
    ran = every_command(copy, cases["K-1"], 1, other_id=pg_team.ids["Carla Bos"],
                        today=TODAY, owners=False)
    with copy.read() as conn:
        offline = _content(conn, cases["K-1"])
    report = push_pull.synchronise(copy)
    with copy.read() as conn:
        kept = conn.execute("SELECT command, message FROM sync_conflict").fetchall()
    assert kept == []
    assert (report.applied, report.conflicts, report.refused) == (len(ran), 0, 0)
    server = take.server_connection(as_login(pg_team.url, "anna"))
    try:
        online = _content(server, cases["K-1"])
    finally:
        server.close()
    assert online == offline
    copy.close()


def _agreed_plan_goal(pg_team, case_id) -> int:
    server = pg_team.open("Anna de Vries")
    plan = C.PlanInput(goals=(C.GoalInput("Naar school"),))
    saved = C.adopt_plan(server, case_id, 1, plan, C.Agreement(DAY, by_parents=True))
    with server.read() as conn:
        return conn.execute("SELECT id FROM goal WHERE plan_version_id = ?",
                            (saved.object_id,)).fetchone()[0]


def test_a_goal_status_changed_on_both_sides_is_a_conflict(pg_team, tmp_path, clock):
    from regie_tui.data import plan_commands as P

    cases = make_cases(pg_team)
    goal = _agreed_plan_goal(pg_team, cases["K-1"])
    copy = _take(pg_team, tmp_path, clock)
    P.set_goal_status(pg_team.open("Anna de Vries"), cases["K-1"], 2, goal, status="dropped",
                      note="Niet meer nodig.")
    P.set_goal_status(copy, cases["K-1"], 2, goal, status="achieved")
    report = push_pull.synchronise(copy)
    assert (report.applied, report.conflicts) == (0, 1)
    assert _admin(pg_team, "SELECT status FROM goal WHERE id = %s", (goal,)) == [("dropped",)]
    with copy.read() as conn:
        fields = json.loads(conn.execute("SELECT fields FROM sync_conflict").fetchone()[0])
    assert fields["status"] == {"mine": "achieved", "base": "open", "server": "dropped"}


def test_a_goal_status_set_offline_alone_is_applied(pg_team, tmp_path, clock):
    from regie_tui.data import plan_commands as P

    cases = make_cases(pg_team)
    goal = _agreed_plan_goal(pg_team, cases["K-1"])
    copy = _take(pg_team, tmp_path, clock)
    C.record_meeting(pg_team.open("Anna de Vries"), cases["K-1"], 2, kind="home_visit",
                     held_on=DAY)  # the case moved on, the goal did not
    P.set_goal_status(copy, cases["K-1"], 2, goal, status="achieved")
    report = push_pull.synchronise(copy)
    assert (report.applied, report.conflicts) == (1, 0)
    assert _admin(pg_team, "SELECT status FROM goal WHERE id = %s", (goal,)) == [("achieved",)]


def test_an_operation_the_database_rejects_is_refused_and_does_not_hold_up_the_rest(
        pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    copy = _take(pg_team, tmp_path, clock)
    _admin(pg_team, "ALTER TABLE meeting ADD CONSTRAINT regie_test_rule "
           "CHECK (note IS DISTINCT FROM 'verboden')")
    C.record_meeting(copy, cases["K-1"], 1, kind="home_visit", held_on=DAY, note="verboden")
    C.record_meeting(copy, cases["K-1"], 2, kind="home_visit", held_on=DAY, note="toegestaan")
    report = push_pull.synchronise(copy)
    assert (report.applied, report.refused, report.waiting) == (1, 1, 0)
    assert _server_notes(pg_team, cases["K-1"]) == ["toegestaan"]
    with copy.read() as conn:
        message = conn.execute("SELECT message FROM sync_conflict").fetchone()[0]
    assert message.startswith("The team store refused this operation:")
    assert "regie_test_rule" in message
    copy.close()
