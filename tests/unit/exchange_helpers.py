"""Shared bits for the exchange tests: a case with every section filled in."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from regie_tui.rules import checklists as CL

MDO = CL.load_file(Path(__file__).resolve().parents[2] / "regie_tui" / "data" / "checklists"
                   / "mdo_evaluatie_vpr.toml")

RICH_CASE = {
    "code": "RICH-1",
    "alias": "Gezin Volledig",
    "status": "closed",
    "opened_on": "2025-03-01",
    "process_director": "Tester",
    "duo_partner": "Partner",
    "case_director_name": "K. Casus",
    "case_director_org": "Jeugdzorg Voorbeeldstad",
    "case_director_named_on": "2025-04-01",
    "role_agreement_on": "2025-04-10",
    "role_agreement_note": "Casusregisseur voert regie op de hulp.\nWij bewaken het geheel.",
    "marking_letter_on": "2025-03-20",
    "cross_region": True,
    "lead_organisation": "GGZ Proefregio",
    "waiting_since": "2025-05-01",
    "waiting_for": "Behandelplek",
    "closed_on": "2026-10-01",
    "closing_reason": "goals_reached",
    "handover_to": "Buurtteam",
    "handover_on": "2026-10-01",
    "aftercare": "Nazorggesprek na drie maanden",
    "no_handover_reason": None,
    "regimes": [
        {"regime": "PR", "start_on": "2025-03-01", "ovv_decision_on": None, "note": None},
        {"regime": "VPR", "start_on": "2025-03-15", "ovv_decision_on": "2025-03-14",
         "note": "Kernbeslissing OVV"},
    ],
    "people": [{"name": "Noor Volledig", "birth_year": 2012, "role": "youth"},
               {"name": "Petra Volledig", "birth_year": 1985, "role": "parent"}],
    "professionals": [{"name": "A. Hulp", "organisation": "GGZ Proefregio",
                       "role": "behandelaar"}],
    "meetings": [
        {"kind": "start_meeting", "planned_on": None, "held_on": "2025-03-25",
         "youth_present": True, "parents_present": True, "note": "Goed gesprek",
         "consultant": "Tester", "recorded_by": "Tester"},
        {"kind": "mdo", "planned_on": "2025-05-01", "held_on": "2025-05-02",
         "youth_present": False, "parents_present": True, "note": None, "consultant": None,
         "recorded_by": "Partner"},
        {"kind": "mdo", "planned_on": "2027-01-10", "held_on": None, "youth_present": False,
         "parents_present": False, "note": None, "consultant": None, "recorded_by": None},
    ],
    "events": [
        {"ref": 1, "kind": "placement_fell_through", "occurred_on": "2025-06-01",
         "description": None},
        {"ref": 2, "kind": "other", "occurred_on": "2025-06-05",
         "description": "Verhuizing binnen de stad"},
    ],
    "plans": [
        {"number": 1, "status": "agreed", "origin": "veilig_thuis", "created_on": "2025-03-20",
         "created_by": "Tester", "reason": None, "agreed_on": "2025-03-25",
         "agreed_by_parents": True, "agreed_by_youth": False, "agreed_by_case_director": True,
         "safety": "concerns", "safety_note": "Spanningen thuis",
         "goals": [{"description": "Naar school", "intended_result": "Dagelijks aanwezig",
                    "deadline": "2025-09-01", "owner": "family", "status": "achieved",
                    "note": None}],
         "factors": [{"kind": "protective", "text": "Betrokken oma"},
                     {"kind": "threatening", "text": "Schulden"}]},
        {"number": 2, "status": "agreed", "origin": "own", "created_on": "2025-06-10",
         "created_by": None, "reason": "Plek ging niet door", "agreed_on": "2025-06-12",
         "agreed_by_parents": True, "agreed_by_youth": True, "agreed_by_case_director": True,
         "safety": "safe", "safety_note": None, "goals": [], "factors": []},
    ],
    "decisions": [
        {"kind": "adjusted", "decided_on": "2025-06-12", "reason": "Plek ging niet door",
         "plan": 2, "decided_by": "Tester", "answers": [1, 2]},
    ],
    "checklist_runs": [
        {"template_key": MDO.key, "template_version": MDO.version,
         "template_snapshot": MDO.snapshot(),
         "consultant": "Tester", "started_on": "2025-05-02", "completed_on": "2025-05-02",
         "answers": [{"item_key": "goals_evaluated", "answer": "yes", "note": None,
                      "value_date": None},
                     {"item_key": "next_mdo", "answer": "yes", "note": "Gepland",
                      "value_date": "2025-06-15"}]},
    ],
    "escalations": [
        {"level": "ret", "requested_on": "2025-07-01", "reason": "Geen plek",
         "decision": "granted", "decided_on": "2025-07-10", "outcome": "Plek gevonden"},
    ],
    "duo_reviews": [
        {"reviewer": "Partner", "reviewed_on": "2025-05-10", "verdict": "concerns",
         "remarks": "Jeugdige niet gesproken", "read_on": "2025-05-11"},
    ],
    "risk_assessments": [
        {"assessed_on": "2025-06-02", "instrument": "LIRIK", "outcome": "Risico's in beeld"},
    ],
    "acknowledgements": [
        {"code": "MDO_OVERDUE", "reason": "Uitgesteld met de manager", "until": "2026-12-01",
         "acknowledged_on": "2026-09-01", "acknowledged_by": "Tester",
         "withdrawn_on": "2026-09-10", "withdrawn_by": "Partner"},
    ],
}

CONSULTANTS = [{"name": "Partner", "role": "consultant"}, {"name": "Tester", "role": "consultant"}]


def document(*cases, consultants=None) -> dict:
    return {"format": "regie-casefile", "version": 1,
            "consultants": CONSULTANTS if consultants is None else consultants,
            "cases": [copy.deepcopy(c) for c in cases]}


def write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def rich(**changes) -> dict:
    case = copy.deepcopy(RICH_CASE)
    case.update(changes)
    return case
