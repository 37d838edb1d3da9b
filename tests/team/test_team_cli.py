"""The command line on a team store: what works, and what refuses plainly."""

from __future__ import annotations

import pytest

from regie_tui.cli import main
from regie_tui.data import commands as C
from tests.team.conftest import as_login
from tests.team.test_team_store import TODAY, new_case


@pytest.fixture
def team(pg_team):
    new_case(pg_team.open(), pg_team)  # opened 30 days ago, no start meeting: a signal
    return pg_team.url


def test_signals_are_those_of_the_login(team, capsys):
    assert main(["--db", as_login(team, "anna"), "--today", TODAY.isoformat(),
                 "signals", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "A-1" in out and "Anna de Vries" in out
    assert main(["--db", as_login(team, "carla"), "--today", TODAY.isoformat(),
                 "signals", "--format", "csv"]) == 0
    assert "A-1" not in capsys.readouterr().out  # not her case: the database hides it


def test_a_login_that_is_no_member_is_told_so(team, pg_cluster, capsys):
    import psycopg

    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("DO $$ BEGIN CREATE ROLE stranger LOGIN; "
                     "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        # Not a member: no group role, so not even the consultant table to look in.
    assert main(["--db", as_login(team, "stranger"), "signals"]) == 2
    err = capsys.readouterr().err
    assert "The login stranger is not a member of the team store" in err


@pytest.mark.parametrize(("argv", "says"), [
    (["--as", "Bram Jansen", "signals"], "--as is not used there"),
    (["backup"], "pg_dump"),
    (["restore", "backup.sqlite", "--yes"], "pg_dump"),
    (["encrypt"], "pg_dump"),
])
def test_what_does_not_work_on_a_team_store_says_so(team, capsys, argv, says):
    assert main(["--db", as_login(team, "anna"), *argv]) == 2
    assert says in capsys.readouterr().err


def test_regie_db_may_name_the_team_store(team, monkeypatch, capsys):
    monkeypatch.setenv("REGIE_DB", as_login(team, "anna"))
    assert main(["--today", TODAY.isoformat(), "signals", "--format", "csv"]) == 0
    assert "A-1" in capsys.readouterr().out
    # Commands that do not open the store named are not refused for it.
    assert main(["config"]) == 0
    assert "Case store:" in capsys.readouterr().out


def test_a_change_by_the_owner_is_what_signals_see(team, clock, capsys):
    from regie_tui.data.store import Store

    argv = ["--db", as_login(team, "anna"), "--today", TODAY.isoformat(), "signals",
            "--format", "csv"]
    assert main(argv) == 0
    assert "CASE_DIRECTOR_MISSING" in capsys.readouterr().out

    anna = Store.open(as_login(team, "anna"), clock)
    try:
        case_id = anna.case_id_for_code("A-1")
        version = anna.load_case(case_id).version
        C.name_case_director(anna, case_id, version, name="K. Casus", organisation="GGZ",
                             named_on=TODAY)
    finally:
        anna.close()
    assert main(argv) == 0
    assert "CASE_DIRECTOR_MISSING" not in capsys.readouterr().out


def test_signals_all_shows_caseload_reviews_only_where_the_login_may_read_them(team, capsys):
    """No caseload review is recorded: each consultant's is overdue. A consultant's
    --all names only their own (colleagues' reviews are hidden from them, not
    missing); the behavioural scientist's names every consultant's."""
    seen = {}
    for login in ("anna", "bea"):
        assert main(["--db", as_login(team, login), "--today", TODAY.isoformat(),
                     "signals", "--all", "--format", "csv"]) == 0
        lines = [line for line in capsys.readouterr().out.splitlines()
                 if "CASELOAD_REVIEW_OVERDUE" in line]
        seen[login] = {name for name in ("Anna de Vries", "Bram Jansen", "Carla Bos")
                       if any(name in line for line in lines)}
    assert seen == {"anna": {"Anna de Vries"},
                    "bea": {"Anna de Vries", "Bram Jansen", "Carla Bos"}}


def test_every_sub_command_works_on_a_team_store_or_points_to_pg_dump():
    """Nothing is left refused as "not yet": the file operations refuse for good."""
    from regie_tui import cli

    names = {name.rstrip("_") for name in cli.SUBCOMMANDS}
    assert names == cli.TEAM_READY | cli.FILE_ONLY
