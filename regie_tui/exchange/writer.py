"""Turning cleaned case documents into table rows, written with executemany.

Ids are handed out here (from the store's engine: on a file the import holds
the write lock, on a team store they come from the tables' sequences, so
nobody else can take them), which lets every child row point at its parent
without a round trip per row: 10,000 cases are a few hundred thousand rows and
go in within seconds. Flags are written as ``bool`` (SQLite stores 1/0; a
PostgreSQL boolean column takes no integer).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from regie_tui.data.bulk import insert_all

# Tables whose ids we hand out because other rows point at them.
_LINKED = ("care_case", "significantevent", "planversion", "plandecision", "checklistrun")


class RowWriter:
    def __init__(self, conn, consultant_ids: dict[str, int],
                 new_ids: Callable[[str], Iterator[int]], insert=None):
        self.conn = conn
        self._insert = insert  # the engine's insert_rows (bulk.insert_all's default if None)
        self.who = consultant_ids.get
        self.rows: dict[str, list[tuple]] = defaultdict(list)
        self._new_ids = new_ids
        self._ids: dict[str, Iterator[int]] = {}

    def _id(self, table: str) -> int:
        assert table in _LINKED
        if table not in self._ids:
            self._ids[table] = self._new_ids(table)
        return next(self._ids[table])

    def new_case(self, case: dict) -> int:
        case_id = self._id("care_case")
        self.rows["care_case"].append((
            case_id, case["code"], case["alias"], case["status"], case["opened_on"],
            self.who(case["process_director"]), self.who(case["duo_partner"]),
            case["case_director_name"], case["case_director_org"],
            case["case_director_named_on"], case["role_agreement_on"],
            case["role_agreement_note"], case["marking_letter_on"], bool(case["cross_region"]),
            case["lead_organisation"], case["waiting_since"], case["waiting_for"],
            case["closed_on"], case["closing_reason"], case["handover_to"], case["handover_on"],
            case["aftercare"], case["no_handover_reason"], 1))
        self.entries(case_id, case, {}, {})
        return case_id

    def entries(self, case_id: int, case: dict, event_ids: dict[int, int],
                plan_ids: dict[int, int]) -> None:
        """Rows for every entry in the case's sections (only the new ones on update).

        ``event_ids``/``plan_ids`` map event refs and plan numbers the store
        already has to their ids; new events and plans are added to them.
        """
        add, who = self.rows, self.who
        for r in case["regimes"]:
            add["regimechange"].append((case_id, r["regime"], r["start_on"],
                                        r["ovv_decision_on"], r["note"]))
        for p in case["people"]:
            add["person"].append((case_id, p["name"], p["birth_year"], p["role"]))
        for p in case["professionals"]:
            add["professional"].append((case_id, p["name"], p["organisation"], p["role"]))
        for m in case["meetings"]:
            add["meeting"].append((case_id, who(m["consultant"]), m["kind"], m["planned_on"],
                                   m["held_on"], bool(m["youth_present"]),
                                   bool(m["parents_present"]), m["note"],
                                   who(m["recorded_by"])))
        for e in case["events"]:
            event_id = event_ids[e["ref"]] = self._id("significantevent")
            add["significantevent"].append((event_id, case_id, e["kind"], e["occurred_on"],
                                            e["description"]))
        for p in case["plans"]:
            plan_id = plan_ids[p["number"]] = self._id("planversion")
            add["planversion"].append((
                plan_id, case_id, p["number"], p["status"], p["origin"], p["created_on"],
                who(p["created_by"]), p["reason"], p["agreed_on"], bool(p["agreed_by_parents"]),
                bool(p["agreed_by_youth"]), bool(p["agreed_by_case_director"]), p["safety"],
                p["safety_note"]))
            for i, g in enumerate(p["goals"]):
                add["goal"].append((plan_id, i, g["description"], g["intended_result"],
                                    g["deadline"], g["owner"], g["status"], g["note"]))
            for i, f in enumerate(p["factors"]):
                add["planfactor"].append((plan_id, f["kind"], i, f["text"]))
        for d in case["decisions"]:
            decision_id = self._id("plandecision")
            add["plandecision"].append((decision_id, case_id, d["kind"], d["decided_on"],
                                        d["reason"], plan_ids.get(d["plan"]),
                                        who(d["decided_by"])))
            for ref in dict.fromkeys(d["answers"] or ()):
                add["plandecisionevent"].append((decision_id, event_ids[ref]))
        for r in case["checklist_runs"]:
            run_id = self._id("checklistrun")
            add["checklistrun"].append((run_id, case_id, r["template_key"],
                                        r["template_version"], r["template_snapshot"],
                                        who(r["consultant"]), r["started_on"],
                                        r["completed_on"]))
            for a in r["answers"]:
                add["checklistanswer"].append((run_id, a["item_key"], a["answer"], a["note"],
                                               a["value_date"]))
        for e in case["escalations"]:
            add["escalation"].append((case_id, e["level"], e["requested_on"], e["reason"],
                                      e["decision"], e["decided_on"], e["outcome"]))
        for r in case["duo_reviews"]:
            add["duoreview"].append((case_id, who(r["reviewer"]), r["reviewed_on"],
                                     r["verdict"], r["remarks"], r["read_on"]))
        for r in case["risk_assessments"]:
            add["riskassessment"].append((case_id, r["assessed_on"], r["instrument"],
                                          r["outcome"]))
        for a in case["acknowledgements"]:
            add["acknowledgement"].append((case_id, None, a["code"], a["reason"], a["until"],
                                           a["acknowledged_on"], who(a["acknowledged_by"]),
                                           a["withdrawn_on"], who(a["withdrawn_by"])))

    def flush(self) -> int:
        """Insert every buffered row, parents first; returns the number of rows."""
        total = insert_all(self.conn, self.rows, self._insert)
        self.rows.clear()
        return total
