"""A light index of every case (id, code, alias, active) for jumping to a case by name.

One plain query on the read path: no facts, no ORM.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CaseRef:
    id: int
    code: str
    alias: str
    active: bool


def case_index(store) -> list[CaseRef]:
    """Every case, active ones first, then by code."""
    with store.read() as conn:
        rows = conn.execute(
            "SELECT id, code, alias, status FROM care_case "
            "ORDER BY CASE status WHEN 'active' THEN 0 ELSE 1 END, code"
        ).fetchall()
    return [CaseRef(r[0], r[1], r[2], r[3] == "active") for r in rows]


def load_involved_caseload(store, consultant_id: int):
    """Facts of the cases where ``consultant_id`` is process director or duo partner.

    The caseload screen shows these first (its default views), before the
    whole team's caseload has been read.
    """
    from regie_tui.data import facts_loader

    with store.snapshot() as conn:
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM care_case WHERE process_director_id = ? OR duo_partner_id = ?",
            (consultant_id, consultant_id))]
        return facts_loader.load(conn, ids, as_of=store.clock.today())
