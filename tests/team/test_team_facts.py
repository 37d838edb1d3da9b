"""The facts loader and the signals on both engines: the same demo caseload, written
to a store file by the demo generator and to a team store by an engine-neutral bulk
copy, gives the same facts and the same signals to each member who may see them."""

from __future__ import annotations

import datetime as dt
import sqlite3

import psycopg
import pytest

from regie_tui.base.clock import Clock
from regie_tui.data import bulk, demo, facts_loader
from regie_tui.data.engines import dbapi_pg
from regie_tui.data.store import Store
from regie_tui.data.team import admin
from regie_tui.rules.engine import evaluate_cases
from regie_tui.rules.intervals import Intervals
from tests.team.conftest import as_login, copy_of

TODAY = dt.date(2026, 12, 3)
CASES = 50
LOGINS = {"Sanne Voorbeeld": "sanne", "Joris Fictief": "joris", "Leila Proef": "leila",
          "Bram Oefen": "bramo", "Mirjam Model": "mirjam"}


def seed_team_store(url: str, rows: dict[str, list[tuple]]) -> None:
    """The demo's rows, copied in as the administrator (COPY: text in, so SQLite's 0/1
    become booleans and ISO text dates), then each demo consultant given a login."""
    with psycopg.connect(url) as conn, conn.transaction():
        for table, columns in bulk.COLUMNS.items():
            with conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows.get(table, ()):
                    copy.write_row(row)
        for table in ("consultant", "care_case", "significantevent", "planversion",
                      "plandecision", "checklistrun"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT max(id) FROM {table}))")
    for name, role in demo.TEAM:
        admin.add(url, name, LOGINS[name], role)


@pytest.fixture(scope="module")
def both(tmp_path_factory, pg_cluster, team_templates):
    path = demo.generate(tmp_path_factory.mktemp("demo") / "demo.sqlite", CASES, TODAY)
    url = copy_of(pg_cluster, team_templates["bare"])
    seed_team_store(url, demo.build_rows(CASES, TODAY).rows)
    return path, url


def _facts(target, clock):
    store = Store.open(target, clock)
    try:
        return store, store.load_caseload()
    finally:
        store.close()


@pytest.mark.parametrize("name", sorted(LOGINS))
def test_each_member_gets_the_facts_and_signals_a_store_file_gives(both, name):
    path, url = both
    clock = Clock(TODAY)
    _, on_file = _facts(path, clock)
    store, on_team = _facts(as_login(url, LOGINS[name]), clock)
    assert store.actor == name
    me = next(c.id for c in on_file.consultants.values() if c.name == name)
    scientist = on_file.consultants[me].role == "behavioural_scientist"
    expected = [c for c in on_file.cases
                if scientist or me in (c.process_director_id, c.duo_partner_id)]
    assert len(expected) >= 5  # every member has cases to compare (or sees all)
    assert sum(len(c.meetings) + len(c.plans) for c in expected) > 0
    assert on_team.cases == expected
    assert on_team.consultants[me] == on_file.consultants[me]
    intervals = Intervals()
    signals = evaluate_cases(on_team.cases, TODAY, intervals)
    assert sum(map(len, signals.values())) > 0
    assert signals == evaluate_cases(expected, TODAY, intervals)


@pytest.mark.parametrize("name", sorted(LOGINS))
def test_caseload_review_signals_only_where_the_reviews_may_be_read(both, name):
    """A consultant may not read colleagues' caseload reviews: their facts say
    "unknown", not "none held", so no colleague is called overdue by mistake. The
    behavioural scientist reads them all and gets what a store file gives."""
    from regie_tui.rules.engine import evaluate
    from regie_tui.rules.signals import CASELOAD_REVIEW_OVERDUE

    path, url = both
    clock = Clock(TODAY)
    _, on_file = _facts(path, clock)
    _, on_team = _facts(as_login(url, LOGINS[name]), clock)
    me = next(c.id for c in on_file.consultants.values() if c.name == name)
    scientist = on_file.consultants[me].role == "behavioural_scientist"

    def review_signals(caseload):
        return {s.consultant_id: s for s in evaluate(caseload, TODAY, Intervals())
                if s.code == CASELOAD_REVIEW_OVERDUE}

    on_file_signals = review_signals(on_file)
    assert on_file_signals  # the demo has a consultant due for one
    expected = on_file_signals if scientist else {
        cid: s for cid, s in on_file_signals.items() if cid == me}
    assert review_signals(on_team) == expected
    known = {cid for cid, c in on_team.consultants.items() if c.reviews_known}
    assert known == (set(on_file.consultants) if scientist else {me})


def test_the_facts_of_one_case_and_an_unknown_code(both):
    path, url = both
    file_store = Store.open(path, Clock(TODAY))
    team_store = Store.open(as_login(url, "mirjam"), Clock(TODAY))
    try:
        case_id = team_store.case_id_for_code(file_store.load_caseload().cases[3].code)
        assert team_store.load_case(case_id) == file_store.load_case(case_id)
        from regie_tui.base.errors import NotFoundError

        with pytest.raises(NotFoundError):
            team_store.case_id_for_code("nope")
    finally:
        file_store.close()
        team_store.close()


class _CountingFile(sqlite3.Connection):
    """A store file's connection that keeps the statements it was given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements: list[str] = []

    def execute(self, sql, params=()):
        self.statements.append(sql)
        return super().execute(sql, params)


class _CountingTeam(dbapi_pg.Connection):
    """A team store's read connection (psycopg 3) that keeps the statements it ran."""

    def __init__(self, conn: dbapi_pg.Connection):
        super().__init__(conn.raw)
        self.statements: list[str] = []

    def execute(self, sql, params=()):
        self.statements.append(sql)
        return super().execute(sql, params)


def _selects(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]


@pytest.mark.parametrize("name", ["Sanne Voorbeeld", "Mirjam Model"])
def test_the_facts_loader_reads_each_table_once_on_postgresql(both, name):
    """One query per table on psycopg 3, as on SQLite: the same statements plus the one
    that asks whose caseload reviews are hidden, less the copy's sync conflicts;
    none per case or per row."""
    path, url = both
    on_file = sqlite3.connect(path, factory=_CountingFile)
    on_team = _CountingTeam(dbapi_pg.connect(as_login(url, LOGINS[name])))
    try:
        caseload = facts_loader.load(on_team, as_of=TODAY)
        facts_loader.load(on_file, as_of=TODAY)
        one_case = _CountingTeam(dbapi_pg.connect(as_login(url, LOGINS[name])))
        try:
            facts_loader.load(one_case, [caseload.cases[0].id], as_of=TODAY)
        finally:
            one_case.close()
    finally:
        on_file.close()
        on_team.close()
    team, file = _selects(on_team.statements), _selects(on_file.statements)
    assert len(caseload.cases) >= 10  # enough cases that a query per case would show
    # A copy's open sync conflicts live only on a store file (never on the team store).
    assert [s for s in team if s != _HIDDEN_REVIEWS_SQL] == [
        s for s in file if "FROM sync_conflict" not in s]
    assert sum("FROM sync_conflict" in s for s in file) == 1
    assert team.count(_HIDDEN_REVIEWS_SQL) == 1
    assert len(set(team)) == len(team)
    assert len(_selects(one_case.statements)) == len(team)


_HIDDEN_REVIEWS_SQL = ("SELECT id FROM consultant WHERE NOT "
                       "regie_reads_caseload_reviews(id, current_user)")
