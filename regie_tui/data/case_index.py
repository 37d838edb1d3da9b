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


# Which of a consultant's cases to load: all they are involved in; only the
# active ones they direct (the first view); or the others of the first set.
INVOLVED, DIRECTED, OTHERS = "involved", "directed", "others"
_DIRECTED = "(process_director_id = ? AND status = 'active')"
_ROLE_WHERE = {
    INVOLVED: ("process_director_id = ? OR duo_partner_id = ?", 2),
    DIRECTED: (_DIRECTED, 1),
    OTHERS: (f"(process_director_id = ? OR duo_partner_id = ?) AND NOT {_DIRECTED}", 3),
}


def load_involved_caseload(store, consultant_id: int, role: str = INVOLVED):
    """Facts of the cases where ``consultant_id`` is process director or duo partner.

    The caseload screen shows these first (its default views), before the
    whole team's caseload has been read. ``role`` narrows them: the start-up
    paints the cases the user directs before it reads their duo cases.
    """
    from regie_tui.data import facts_loader

    where, uses = _ROLE_WHERE[role]
    with store.snapshot() as conn:
        ids = [r[0] for r in conn.execute(
            f"SELECT id FROM care_case WHERE {where}", (consultant_id,) * uses)]
        return facts_loader.load(conn, ids, as_of=store.clock.today())
