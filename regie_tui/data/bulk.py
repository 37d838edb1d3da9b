"""Bulk inserts: the demo generator and the case-file importer write this way.

Both hand out ids themselves and insert a few hundred thousand rows with
executemany in one transaction, parents first (foreign keys are checked
per statement), so the order of :data:`COLUMNS` is the insert order.
"""

from __future__ import annotations

from collections.abc import Mapping

COLUMNS: dict[str, tuple[str, ...]] = {
    "consultant": ("id", "name", "role"),
    "care_case": ("id", "code", "alias", "status", "opened_on", "process_director_id",
                  "duo_partner_id", "case_director_name", "case_director_org",
                  "case_director_named_on", "role_agreement_on", "role_agreement_note",
                  "marking_letter_on", "cross_region", "lead_organisation", "waiting_since",
                  "waiting_for", "closed_on", "closing_reason", "handover_to", "handover_on",
                  "aftercare", "no_handover_reason", "version"),
    "regimechange": ("case_id", "regime", "start_on", "ovv_decision_on", "note"),
    "person": ("case_id", "name", "birth_year", "role"),
    "professional": ("case_id", "name", "organisation", "role"),
    "meeting": ("case_id", "consultant_id", "kind", "planned_on", "held_on", "youth_present",
                "parents_present", "note", "recorded_by_id"),
    "significantevent": ("id", "case_id", "kind", "occurred_on", "description"),
    "planversion": ("id", "case_id", "number", "status", "origin", "created_on",
                    "created_by_id", "reason", "agreed_on", "agreed_by_parents",
                    "agreed_by_youth", "agreed_by_case_director", "safety", "safety_note"),
    "goal": ("plan_version_id", "position", "description", "intended_result", "deadline",
             "owner", "status", "note"),
    "planfactor": ("plan_version_id", "kind", "position", "text"),
    "plandecision": ("id", "case_id", "kind", "decided_on", "reason", "plan_version_id",
                     "decided_by_id"),
    "plandecisionevent": ("decision_id", "event_id"),
    "checklistrun": ("id", "case_id", "template_key", "template_version", "template_snapshot",
                     "consultant_id", "started_on", "completed_on"),
    "checklistanswer": ("run_id", "item_key", "answer", "note", "value_date"),
    "escalation": ("case_id", "level", "requested_on", "reason", "decision", "decided_on",
                   "outcome"),
    "duoreview": ("case_id", "reviewer_id", "reviewed_on", "verdict", "remarks", "read_on"),
    "riskassessment": ("case_id", "assessed_on", "instrument", "outcome"),
    "acknowledgement": ("case_id", "consultant_id", "code", "reason", "until",
                        "acknowledged_on", "acknowledged_by_id", "withdrawn_on",
                        "withdrawn_by_id"),
}


def insert_all(conn, rows_by_table: Mapping[str, list[tuple]], insert=None) -> int:
    """Insert each table's rows (tuples in :data:`COLUMNS` order); returns the count.

    ``insert(conn, table, columns, rows)`` does the inserting when given (a store
    engine's ``insert_rows``); by default one executemany per table."""
    total = 0
    for table, columns in COLUMNS.items():
        rows = rows_by_table.get(table)
        if rows:
            (insert or executemany)(conn, table, columns, rows)
            total += len(rows)
    return total


def executemany(conn, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    marks = ",".join("?" * len(columns))
    conn.executemany(f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})", rows)
