"""Moving whole cases from the team store to a copy: read there, replace here.

The server is authoritative for what it holds: a case is always copied whole
(its row and every row that belongs to it), never merged row by row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from regie_tui.data.team.schema import CASE_TABLES

# Parents before children (inserting), children before parents (deleting).
CHILDREN = {
    "goal": "plan_version_id IN (SELECT id FROM planversion WHERE case_id IN ({ids}))",
    "planfactor": "plan_version_id IN (SELECT id FROM planversion WHERE case_id IN ({ids}))",
    "checklistanswer": "run_id IN (SELECT id FROM checklistrun WHERE case_id IN ({ids}))",
    "plandecisionevent": "decision_id IN (SELECT id FROM plandecision WHERE case_id IN ({ids}))",
}
ORDER = ("care_case", *CASE_TABLES, *CHILDREN)


def columns(table: str) -> list[str]:
    from sqlmodel import SQLModel

    import regie_tui.data.tables  # noqa: F401 - registers the tables

    return [c.name for c in SQLModel.metadata.tables[table].columns]


def _where(table: str, ids: Sequence[int]) -> tuple[str, tuple]:
    marks = ", ".join("?" * len(ids))
    if table == "care_case":
        return f"id IN ({marks})", tuple(ids)
    if table in CHILDREN:
        return CHILDREN[table].format(ids=marks), tuple(ids)
    return f"case_id IN ({marks})", tuple(ids)


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def read_cases(server, case_ids: Sequence[int]) -> dict[str, list[tuple]]:
    """Every row of the cases, per table (a read connection of the team store)."""
    rows: dict[str, list[tuple]] = {table: [] for table in ORDER}
    ids = sorted(case_ids)
    for chunk in _chunks(ids):
        for table in ORDER:
            where, params = _where(table, chunk)
            cols = ", ".join(columns(table))
            rows[table] += [tuple(r) for r in server.execute(
                f"SELECT {cols} FROM {table} WHERE {where}", params)]
    return rows


def read_team(server) -> dict[str, list[tuple]]:
    """What the screens need beside the cases: the consultants, and the login's own
    caseload reviews (meetings without a case)."""
    return {
        "consultant": [tuple(r) for r in server.execute(
            f"SELECT {', '.join(columns('consultant'))} FROM consultant")],
        "caseload_reviews": [tuple(r) for r in server.execute(
            f"SELECT {', '.join(columns('meeting'))} FROM meeting WHERE case_id IS NULL")],
    }


def delete_cases(local, case_ids: Sequence[int]) -> None:
    """Remove the cases and all their rows from the copy (in the caller's transaction)."""
    for chunk in _chunks(sorted(case_ids)):
        for table in reversed(ORDER):
            where, params = _where(table, chunk)
            local.execute(f"DELETE FROM {table} WHERE {where}", params)


def insert_rows(local, rows: dict[str, list[tuple]]) -> None:
    for table in ORDER:
        if rows.get(table):
            _insert(local, table, rows[table])


def _insert(local, table: str, rows: list[tuple]) -> None:
    cols = columns(table)
    local.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                      f"({', '.join('?' * len(cols))})", [_plain(r) for r in rows])


def _plain(row: tuple) -> tuple:
    # Booleans as SQLite stores them; dates already come as ISO text (dbapi_pg).
    return tuple(int(v) if isinstance(v, bool) else v for v in row)


def write_team(local, team: dict[str, list[tuple]]) -> None:
    """The consultants (kept by id: rows refer to them) and the caseload reviews."""
    cols = columns("consultant")
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "id")
    local.executemany(
        f"INSERT INTO consultant ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}", [_plain(r) for r in team["consultant"]])
    local.execute("DELETE FROM meeting WHERE case_id IS NULL")
    if team["caseload_reviews"]:
        _insert(local, "meeting", team["caseload_reviews"])
