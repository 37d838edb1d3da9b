"""A draft plan edited and checklist answers saved offline are compared with the
team store like any change: changed there meanwhile -> a conflict, not applied;
untouched there (the case changed otherwise) -> applied."""

from __future__ import annotations

import json

import psycopg

from regie_tui.data import checklist_commands as CC
from regie_tui.data import checklist_queries as CQ
from regie_tui.data import commands as C
from regie_tui.data import plan_commands as P
from regie_tui.data.store import Store
from regie_tui.rules import checklists as CL
from regie_tui.sync import push_pull, take
from tests.sync.scenario import DAY
from tests.sync.team_cases import PASSPHRASE, make_cases, version
from tests.team.conftest import as_login

FIRST = C.PlanInput(goals=(C.GoalInput("Naar school", "Elke dag", None, "family"),),
                    protective=("Oma helpt",))
THEIRS = C.PlanInput(goals=(C.GoalInput("Naar school", "Drie dagen", None, "family"),),
                     protective=("Oma helpt",), threatening=("Schulden",))
MINE = C.PlanInput(goals=(C.GoalInput("Naar school", "Vier dagen", None, "family"),
                          C.GoalInput("Schuldhulp", None, None, "provider")),
                   protective=("Oma helpt",))


def _server(pg_team, sql: str, params=()):
    with psycopg.connect(pg_team.url) as conn:
        return conn.execute(sql, params).fetchall()


def _draft_goals(pg_team, plan_version_id) -> list[tuple]:
    return _server(pg_team, "SELECT description, intended_result FROM goal "
                   "WHERE plan_version_id = %s ORDER BY position", (plan_version_id,))


def _answers(pg_team, run_id) -> dict[str, tuple]:
    return {r[0]: (r[1], r[2]) for r in _server(
        pg_team, "SELECT item_key, answer, note FROM checklistanswer WHERE run_id = %s",
        (run_id,))}


def _copy_with(pg_team, tmp_path, clock, made):
    """K-1 with ``made(anna_on_server, case_id)`` done on the team store, then taken."""
    cases = make_cases(pg_team)
    anna = pg_team.open("Anna de Vries")
    made_id = made(anna, cases["K-1"])
    path = tmp_path / "copy.sqlite"
    take.take(as_login(pg_team.url, "anna"), path, clock, PASSPHRASE)
    return Store.open(path, clock), anna, cases["K-1"], made_id


def _draft(pg_team, tmp_path, clock):
    return _copy_with(pg_team, tmp_path, clock,
                      lambda anna, case_id: C.adopt_plan(anna, case_id, 1, FIRST).object_id)


def _conflict_fields(copy) -> tuple[str, dict]:
    with copy.read() as conn:
        (command, fields), = conn.execute("SELECT command, fields FROM sync_conflict "
                                          "WHERE status = 'open'").fetchall()
    return command, json.loads(fields)


def test_a_draft_edited_offline_and_on_the_server_is_a_conflict(pg_team, tmp_path, clock):
    copy, anna, case_id, draft_id = _draft(pg_team, tmp_path, clock)
    P.edit_draft(anna, case_id, 2, draft_id, THEIRS)  # at the office, meanwhile
    P.edit_draft(copy, case_id, 2, draft_id, MINE)
    report = push_pull.synchronise(copy)
    assert (report.applied, report.conflicts, report.refused) == (0, 1, 0)
    assert _draft_goals(pg_team, draft_id) == [("Naar school", "Drie dagen")]
    command, fields = _conflict_fields(copy)
    assert command == "edit_draft"
    assert fields["goals"] == {
        "base": [["Naar school", "Elke dag", None, "family"]],
        "mine": [["Naar school", "Vier dagen", None, "family"],
                 ["Schuldhulp", None, None, "provider"]],
        "server": [["Naar school", "Drie dagen", None, "family"]]}
    assert fields["factors"]["server"] == [["protective", "Oma helpt"],
                                           ["threatening", "Schulden"]]
    copy.close()


def test_a_draft_edited_offline_is_applied_when_only_the_case_changed(
        pg_team, tmp_path, clock):
    copy, anna, case_id, draft_id = _draft(pg_team, tmp_path, clock)
    C.record_meeting(anna, case_id, 2, kind="home_visit", held_on=DAY)  # not the draft
    P.edit_draft(copy, case_id, 2, draft_id, MINE)
    with copy.read() as conn:
        (base,) = conn.execute("SELECT base_fields FROM sync_outbox").fetchone()
    # What the copy read is kept, to be compared with the server's draft.
    assert json.loads(base)["goals"] == [["Naar school", "Elke dag", None, "family"]]
    report = push_pull.synchronise(copy)
    assert (report.applied, report.conflicts, report.refused) == (1, 0, 0)
    assert _draft_goals(pg_team, draft_id) == [("Naar school", "Vier dagen"),
                                               ("Schuldhulp", None)]
    assert version(anna, case_id) == 4
    copy.close()


def _run(pg_team, tmp_path, clock):
    template = CQ.available_templates().templates["mdo_evaluatie_vpr"]
    copy, anna, case_id, run_id = _copy_with(
        pg_team, tmp_path, clock,
        lambda anna, case_id: CC.start_run(anna, case_id, 1, template).object_id)
    return copy, anna, case_id, run_id, [item.key for item in template.items]


def test_answers_saved_offline_and_on_the_server_are_a_conflict(pg_team, tmp_path, clock):
    copy, anna, case_id, run_id, keys = _run(pg_team, tmp_path, clock)
    CC.save_answers(anna, case_id, 2, run_id, {keys[0]: CL.Answer("no", "op kantoor")})
    CC.save_answers(copy, case_id, 2, run_id, {keys[0]: CL.Answer("yes", "thuis")})
    report = push_pull.synchronise(copy)
    assert (report.applied, report.conflicts, report.refused) == (0, 1, 0)
    assert _answers(pg_team, run_id) == {keys[0]: ("no", "op kantoor")}
    command, fields = _conflict_fields(copy)
    assert command == "save_answers"
    assert fields == {"answers": {"base": [[keys[0]]],
                                  "mine": [[keys[0], "yes", "thuis", None]],
                                  "server": [[keys[0], "no", "op kantoor", None]]}}
    copy.close()


def test_answers_saved_offline_are_applied_when_other_items_changed(pg_team, tmp_path, clock):
    copy, anna, case_id, run_id, keys = _run(pg_team, tmp_path, clock)
    # Another item of the same run answered at the office: not the one saved offline.
    CC.save_answers(anna, case_id, 2, run_id, {keys[1]: CL.Answer("no", "op kantoor")})
    CC.save_answers(copy, case_id, 2, run_id, {keys[0]: CL.Answer("yes", "thuis")})
    with copy.read() as conn:
        (base,) = conn.execute("SELECT base_fields FROM sync_outbox").fetchone()
    assert json.loads(base) == {"answers": [[keys[0]]]}
    report = push_pull.synchronise(copy)
    assert (report.applied, report.conflicts, report.refused) == (1, 0, 0)
    assert _answers(pg_team, run_id) == {keys[0]: ("yes", "thuis"),
                                         keys[1]: ("no", "op kantoor")}
    copy.close()
