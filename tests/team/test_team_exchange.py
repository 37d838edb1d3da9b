"""The importer, the exports and ``audit`` on a team store (a real PostgreSQL): each
works as the database login, under the team's access rules, and what those rules
refuse is said plainly."""

from __future__ import annotations

import json
import stat
import threading

import psycopg
import pytest

from regie_tui.base.errors import ConflictError
from regie_tui.cli import main
from regie_tui.data import commands as C
from regie_tui.data.team import admin
from regie_tui.rules import vocab
from tests.team.conftest import as_login
from tests.team.test_team_store import TODAY, new_case

DAY = ["--today", TODAY.isoformat()]


@pytest.fixture
def team(pg_team):
    """Anna's case A-1 (Bram her duo partner), Carla's C-1; Pia the privacy officer."""
    new_case(pg_team.open(), pg_team)
    carla = pg_team.open("Carla Bos")
    C.create_case(carla, code="C-1", alias="Gezin C-1", opened_on=TODAY,
                  process_director_id=pg_team.ids["Carla Bos"])
    admin.add(pg_team.url, "Pia Kok", "pia", "privacy_officer")
    return pg_team


def run(team, login: str, *argv: str) -> int:
    return main(["--db", as_login(team.url, login), *DAY, *argv])


def case_file(path, *cases: dict, consultants=()) -> str:
    path.write_text(json.dumps({"format": "regie-casefile", "version": 1,
                                "consultants": list(consultants), "cases": list(cases)}),
                    encoding="utf-8")
    return str(path)


def a_case(code: str, **fields) -> dict:
    return {"code": code, "alias": f"Gezin {code}", "status": "active",
            "opened_on": "2026-10-01",
            "regimes": [{"regime": "PR", "start_on": "2026-10-01"}],
            "meetings": [{"kind": "youth_contact", "held_on": "2026-10-05",
                          "youth_present": True}], **fields}


def admin_rows(team, sql: str, params=()):
    with psycopg.connect(team.url) as conn:  # the administrator: reads every row
        return conn.execute(sql, params).fetchall()


def owners(team) -> dict[str, str]:
    return dict(admin_rows(team, "SELECT k.code, c.name FROM care_case k "
                                 "JOIN consultant c ON c.id = k.process_director_id"))


# -- import -----------------------------------------------------------------------

def test_an_import_makes_the_cases_the_logins_own(team, tmp_path, capsys):
    path = case_file(tmp_path / "in.json", a_case("N-1"),
                     a_case("N-2", process_director="Anna de Vries", duo_partner="Bram Jansen"))
    assert run(team, "anna", "import", path) == 0
    assert "Imported: 2 new case(s)" in capsys.readouterr().out
    assert owners(team)["N-1"] == owners(team)["N-2"] == "Anna de Vries"
    # In the log as the login, by the database, one entry per case; the chain holds.
    assert admin_rows(team, "SELECT actor, case_code FROM audit_log WHERE action = "
                            "'import_case' ORDER BY id") == [("anna", "N-1"), ("anna", "N-2")]
    assert run(team, "pia", "audit", "verify") == 0
    # Her import is hers: Carla's signals do not see it, Anna's do.
    assert run(team, "carla", "signals", "--format", "csv") == 0
    assert "N-1" not in capsys.readouterr().out
    assert run(team, "anna", "signals", "--format", "csv") == 0
    assert "N-1" in capsys.readouterr().out


def test_a_case_of_a_colleague_is_refused_and_nothing_is_imported(team, tmp_path, capsys):
    path = case_file(tmp_path / "in.json", a_case("N-1"),
                     a_case("N-2", process_director="Bram Jansen"))
    assert run(team, "anna", "import", path) == 1
    err = capsys.readouterr().err
    assert "you import your own cases: the process director is Bram Jansen" in err
    assert "Nothing was imported" in err
    assert {"N-1", "N-2"}.isdisjoint(owners(team))
    # --skip-invalid imports her own and lists the other.
    assert run(team, "anna", "import", path, "--skip-invalid") == 1
    assert set(owners(team)) == {"A-1", "C-1", "N-1"}


def test_a_code_a_colleague_has_is_refused_without_showing_the_case(team, tmp_path, capsys):
    path = case_file(tmp_path / "in.json", a_case("C-1"))
    for update in ([], ["--update"]):
        assert run(team, "anna", "import", path, *update) == 1
        err = capsys.readouterr().err
        assert "already has a case with code C-1, one you may not read" in err
    assert admin_rows(team, "SELECT count(*) FROM meeting WHERE case_id = "
                            "(SELECT id FROM care_case WHERE code = 'C-1')") == [(0,)]


def test_an_update_of_a_duo_case_is_refused_plainly(team, tmp_path, capsys):
    path = case_file(tmp_path / "in.json", a_case("A-1", process_director="Anna de Vries"))
    assert run(team, "bram", "import", path, "--update") == 1
    assert "you may read case A-1 but not change it" in capsys.readouterr().err
    assert run(team, "anna", "import", path, "--update") == 0  # her own: history added
    assert "0 new case(s), 1 updated" in capsys.readouterr().out


def test_an_import_adds_no_member_and_a_non_consultant_imports_nothing(team, tmp_path,
                                                                       capsys):
    path = case_file(tmp_path / "in.json",
                     a_case("N-1", duo_partner="Nieuw Lid"),
                     consultants=[{"name": "Nieuw Lid", "role": "consultant"}])
    assert run(team, "anna", "import", path) == 1
    assert "Nieuw Lid is not a member of the team store" in capsys.readouterr().err
    assert admin_rows(team, "SELECT count(*) FROM consultant WHERE name = 'Nieuw Lid'") == \
        [(0,)]
    ok = case_file(tmp_path / "ok.json", a_case("N-2"))
    assert run(team, "bea", "import", ok) == 2
    assert "Only a consultant imports cases" in capsys.readouterr().err
    assert "N-2" not in owners(team)


def test_a_caseload_spreadsheet_imports_on_a_team_store(team, tmp_path, capsys):
    sheet = tmp_path / "caseload.csv"
    sheet.write_text("code;alias;regime;startdatum;procesregisseur;regio-overstijgend\n"
                     "S-1;Gezin S;PR;01-10-2026;Anna de Vries;ja\n",
                     encoding="utf-8")
    assert run(team, "anna", "import", str(sheet)) == 0, capsys.readouterr().err
    assert owners(team)["S-1"] == "Anna de Vries"
    assert admin_rows(team, "SELECT cross_region FROM care_case WHERE code = 'S-1'") == [(True,)]


# -- exports ----------------------------------------------------------------------

def _private(path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_exports_hold_what_the_login_may_read(team, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    assert run(team, "anna", "export", "cases", "--all", "--out", str(out / "all.json")) == 0
    codes = [c["code"] for c in json.loads((out / "all.json").read_text())["cases"]]
    assert codes == ["A-1"]  # not Carla's C-1
    assert run(team, "carla", "export", "cases", "--case", "A-1",
               "--out", str(out / "x.json")) == 2
    assert "There is no case with code A-1" in capsys.readouterr().err
    assert not (out / "x.json").exists()
    files = {
        "caseload.csv": ["caseload"], "caseload.xlsx": ["caseload"],
        "team.csv": ["caseload", "--all"], "summary.md": ["summary", "A-1"],
        "summary.pdf": ["summary", "A-1"], "calendar.ics": ["calendar"],
    }
    for name, argv in files.items():
        assert run(team, "anna", "export", *argv, "--out", str(out / name)) == 0, name
        assert _private(out / name), name
    assert "A-1" in (out / "caseload.csv").read_text(encoding="utf-8-sig")
    assert "C-1" not in (out / "team.csv").read_text(encoding="utf-8-sig")
    assert (out / "summary.pdf").read_bytes().startswith(b"%PDF")
    assert _private(out / "all.json")
    actions = [a for (a,) in admin_rows(
        team, "SELECT action FROM audit_log WHERE actor = 'anna' AND action LIKE %s "
              "ORDER BY id", ("export%",))]
    assert actions == ["export_cases", "export_caseload", "export_caseload",
                       "export_caseload", "export_summary", "export_summary",
                       "export_calendar"]


def test_the_plan_exports_on_a_team_store(team, tmp_path, capsys):
    anna = team.open()
    case_id = anna.case_id_for_code("A-1")
    C.adopt_plan(anna, case_id, anna.load_case(case_id).version, C.PlanInput(
        goals=[C.GoalInput("Naar school", "Elke dag")]))
    path = tmp_path / "plan.md"
    assert run(team, "anna", "export", "plan", "A-1", "--out", str(path)) == 0
    assert "Naar school" in path.read_text() and _private(path)
    assert admin_rows(team, "SELECT actor FROM audit_log WHERE action = 'export_plan'") == \
        [("anna",)]


# -- audit ------------------------------------------------------------------------

def test_audit_is_the_privacy_officers(team, capsys):
    assert run(team, "pia", "audit", "verify") == 0
    out = capsys.readouterr().out
    assert "The audit log is intact" in out and "pg_dump" in out
    assert run(team, "pia", "audit", "--case", "A-1") == 0
    out = capsys.readouterr().out
    assert "Who did what in case A-1" in out and "created the case" in out
    # Her look is in the log, on the case, as her.
    assert admin_rows(team, "SELECT actor, case_code FROM audit_log WHERE action = "
                            "'read_access_log'") == [("pia", "A-1")]
    for login in ("anna", "bea"):
        for argv in (["verify"], ["--case", "A-1"]):
            assert run(team, login, "audit", *argv) == 2
            err = capsys.readouterr().err
            assert "the access log is the privacy officer's" in err, (login, argv)
            assert "Traceback" not in err


def test_verify_finds_the_chain_whole_after_concurrent_writers(team, tmp_path, capsys):
    """Two consultants saving, the duo partner reviewing and an import running at
    once: every entry is chained through the database's lock, and verify says so."""
    a1 = team.open().case_id_for_code("A-1")
    c1 = team.open("Carla Bos").case_id_for_code("C-1")
    path = case_file(tmp_path / "in.json", *(a_case(f"N-{i}") for i in range(20)))
    failures: list[BaseException] = []

    def saved(save, store, case_id: int) -> None:
        while True:  # a save on a version a colleague just changed is refused: again
            try:
                return save(store, case_id, store.load_case(case_id).version)
            except ConflictError:
                continue

    def meetings(name: str, case_id: int) -> None:
        store = team.open(name)
        for _ in range(10):
            saved(lambda s, c, v: C.record_meeting(s, c, v, kind=vocab.YOUTH_CONTACT,
                                                   held_on=TODAY), store, case_id)

    def reviews() -> None:
        store = team.open("Bram Jansen")
        for _ in range(5):
            saved(lambda s, c, v: C.record_duo_review(
                s, c, v, reviewer_id=team.ids["Bram Jansen"], reviewed_on=TODAY,
                verdict="agreed", remarks="Eens."), store, a1)

    def importing() -> None:
        assert run(team, "anna", "import", path) == 0

    def guarded(work, *args):
        def go():
            try:
                work(*args)
            except BaseException as exc:  # noqa: BLE001 - surfaced below
                failures.append(exc)
        return threading.Thread(target=go)

    threads = [guarded(meetings, "Anna de Vries", a1), guarded(meetings, "Carla Bos", c1),
               guarded(reviews), guarded(importing)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    capsys.readouterr()
    assert run(team, "pia", "audit", "verify") == 0
    out = capsys.readouterr().out
    entries = admin_rows(team, "SELECT count(*) FROM audit_log")[0][0]
    assert f"The audit log is intact: {entries} entries" in out
    assert entries >= 10 + 10 + 5 + 20


def test_a_case_file_lists_cases_by_code_as_on_a_store_file(team, tmp_path):
    """A municipality's server sorts text by its language's collation (here ICU's, as
    nl_NL would): the case file keeps the store file's order, by code point, so the
    same cases give the same file on either engine."""
    with psycopg.connect(team.url, autocommit=True) as conn:  # the administrator
        conn.execute('ALTER TABLE care_case ALTER COLUMN code TYPE varchar(40) '
                     'COLLATE "und-x-icu"')
        assert [c for (c,) in conn.execute("SELECT c FROM unnest(ARRAY['B-1', 'a-2']) AS "
                                            't(c) ORDER BY c COLLATE "und-x-icu"')] == \
            ["a-2", "B-1"]  # the server's own order differs from a file's
    anna = team.open()
    for code in ("a-2", "B-1"):
        C.create_case(anna, code=code, alias=f"Gezin {code}", opened_on=TODAY,
                      process_director_id=team.ids["Anna de Vries"])
    path = tmp_path / "all.json"
    assert run(team, "anna", "export", "cases", "--all", "--out", str(path)) == 0
    assert [c["code"] for c in json.loads(path.read_text())["cases"]] == ["A-1", "B-1", "a-2"]


def test_verify_says_when_the_logs_append_only_trigger_is_off(team, capsys):
    """Whoever owns the tables can switch the trigger off and rewrite the log with
    fresh hashes; the chain would not show it, so verify checks the trigger."""
    with psycopg.connect(team.url, autocommit=True) as conn:  # the administrator
        conn.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
    assert run(team, "pia", "audit", "verify") == 1
    out = capsys.readouterr().out
    assert "no longer append-only" in out and "audit_log_append_only" in out
    assert "The audit log is intact" not in out
