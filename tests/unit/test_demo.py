"""The demo caseload: deterministic, fictional, and stable in its first cases."""

from __future__ import annotations

import sqlite3

from regie_tui.data import demo
from tests.conftest import TODAY

TABLES = ["consultant", "care_case", "regimechange", "person", "professional", "meeting",
          "significantevent", "planversion", "goal", "planfactor", "plandecision",
          "plandecisionevent", "escalation", "duoreview", "riskassessment"]


PARENT = {"goal": "plan_version_id IN (SELECT id FROM planversion WHERE case_id <= {n})",
          "planfactor": "plan_version_id IN (SELECT id FROM planversion WHERE case_id <= {n})",
          "plandecisionevent": "decision_id IN (SELECT id FROM plandecision WHERE case_id <= {n})",
          "care_case": "id <= {n}", "consultant": "1 = 1"}


def _dump(path, limit_case: int | None = None) -> dict:
    """Every row of every table; with ``limit_case``, only rows of cases 1..limit_case.

    Ids are compared too: rows of case i get ids that depend on earlier cases only.
    """
    conn = sqlite3.connect(path)
    out = {}
    for table in TABLES:
        where = ""
        if limit_case is not None:
            where = "WHERE " + PARENT.get(table, "case_id <= {n}").format(n=limit_case)
        out[table] = sorted(conn.execute(f"SELECT * FROM {table} {where}").fetchall(), key=repr)
    conn.close()
    return out


def test_same_input_same_database(tmp_path):
    a = demo.generate(tmp_path / "a.sqlite", 60, TODAY)
    b = demo.generate(tmp_path / "b.sqlite", 60, TODAY)
    assert _dump(a) == _dump(b)


def test_larger_demo_starts_with_the_same_cases(tmp_path):
    small = demo.generate(tmp_path / "small.sqlite", 40, TODAY)
    large = demo.generate(tmp_path / "large.sqlite", 90, TODAY)
    assert _dump(small, 40) == _dump(large, 40)


def test_demo_is_clearly_fictional_and_sized(tmp_path):
    path = demo.generate(tmp_path / "d.sqlite", demo.DEMO_SIZE, TODAY)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM care_case").fetchone()[0] == demo.DEMO_SIZE
    statuses = dict(conn.execute("SELECT status, COUNT(*) FROM care_case GROUP BY status"))
    assert statuses["active"] > 0 and statuses["closed"] > 0
    regimes = {r[0] for r in conn.execute("SELECT regime FROM regimechange")}
    assert regimes == {"PR", "VPR"}
    codes = [r[0] for r in conn.execute("SELECT code FROM care_case")]
    assert all(code.startswith("DEMO-") for code in codes)
    team = [r[0] for r in conn.execute("SELECT name FROM consultant ORDER BY id")]
    assert team == [name for name, _role in demo.TEAM]
    conn.close()


def test_ensure_demo_reuses_a_matching_store(tmp_path):
    path = tmp_path / "demo.sqlite"
    demo.ensure_demo(path, TODAY, 10)
    first = path.stat().st_mtime_ns
    demo.ensure_demo(path, TODAY, 10)
    assert path.stat().st_mtime_ns == first
