"""Change notification on a team store without telling anyone about cases they may not
read: the trigger writes ``regie_case_change`` (read through row-level security) and
announces only that something changed; each listener reads the changes as its login."""

from __future__ import annotations

import queue
import threading

import psycopg
import pytest

from regie_tui.data import commands as C
from regie_tui.data.team import admin
from tests.team.conftest import as_login
from tests.team.test_team_app import _until_listening, team  # noqa: F401  (a fixture)
from tests.team.test_team_store import TODAY


def _changed_cases(url: str, login: str) -> list[int]:
    with psycopg.connect(as_login(url, login)) as conn:
        return [r[0] for r in conn.execute("SELECT case_id FROM regie_case_change ORDER BY seq")]


def test_a_consultants_listener_never_hears_of_a_case_they_cannot_read(team):  # noqa: F811
    """Carla is Anna's duo partner on A-2, not on A-1: Anna's changes to both reach
    Carla's listener as A-2 only, and the announcements themselves carry no case id."""
    anna, carla = team.open(), team.open("Carla Bos")
    a1, a2 = anna.case_id_for_code("A-1"), anna.case_id_for_code("A-2")
    got: queue.Queue = queue.Queue()
    stop = threading.Event()
    with psycopg.connect(as_login(team.url, "carla"), autocommit=True) as raw:
        raw.execute("LISTEN regie_case")
        listening = threading.Thread(target=carla.backend.watch_changes,
                                     args=(got.put, stop), daemon=True)
        listening.start()
        _until_listening(team.url)
        C.record_meeting(anna, a1, anna.load_case(a1).version, kind="mdo", held_on=TODAY)
        C.record_meeting(anna, a2, anna.load_case(a2).version, kind="mdo", held_on=TODAY)
        assert got.get(timeout=30) == {a2}
        payloads = [n.payload for n in raw.notifies(timeout=30, stop_after=2)]
    stop.set()
    listening.join(timeout=30)
    assert not listening.is_alive() and got.empty()
    assert payloads == ["", ""]  # one per commit, nothing case-identifying


def test_the_changes_are_read_through_the_access_rules_and_written_by_nobody(team):  # noqa: F811
    anna = team.open()
    a1, a2 = anna.case_id_for_code("A-1"), anna.case_id_for_code("A-2")
    before = _changed_cases(team.url, "anna")
    # One command: the meeting and the case's new version, one change of one case.
    C.record_meeting(anna, a1, anna.load_case(a1).version, kind="mdo", held_on=TODAY)
    assert _changed_cases(team.url, "anna") == [*before, a1]
    assert set(_changed_cases(team.url, "anna")) == {a1, a2}
    assert set(_changed_cases(team.url, "bram")) == {a1}  # duo on A-1 only
    assert set(_changed_cases(team.url, "carla")) == {a2}  # duo on A-2 only
    assert set(_changed_cases(team.url, "bea")) == {a1, a2}  # the behavioural scientist
    admin.add(team.url, "Mia Manager", "mia", "manager")
    assert _changed_cases(team.url, "mia") == []  # reads no case: hears of none, no error
    with psycopg.connect(as_login(team.url, "anna")) as conn:
        login = conn.execute("SELECT login FROM regie_case_change ORDER BY seq DESC "
                             "LIMIT 1").fetchone()[0]
        assert login == "anna"  # the real login, though a definer function wrote it
    for statement in ("UPDATE regie_case_change SET case_id = case_id",
                      "DELETE FROM regie_case_change",
                      f"INSERT INTO regie_case_change (case_id, login) VALUES ({a1}, 'anna')"):
        with psycopg.connect(as_login(team.url, "anna")) as conn, \
                pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)


def test_team_init_again_keeps_the_changes_and_their_rules(team):  # noqa: F811
    anna = team.open()
    a1 = anna.case_id_for_code("A-1")
    before = _changed_cases(team.url, "anna")
    admin.init(team.url)
    C.record_meeting(anna, a1, anna.load_case(a1).version, kind="mdo", held_on=TODAY)
    assert _changed_cases(team.url, "anna") == [*before, a1]
    assert a1 not in _changed_cases(team.url, "carla")
