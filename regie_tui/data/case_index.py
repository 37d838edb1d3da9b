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
