"""Reading whole cases out of the store as case-file documents.

One query per table for all requested cases (like the facts loader), rows
grouped by case in Python. Entries carry their database id under ``_id``
(and plans, events the ids they link by) so ``import --update`` can link new
entries to existing ones; the writer of the file drops every ``_`` key.

Order is chronological, ties broken by id, so a file imported into an empty
store (ids follow file order) reads back in exactly the same order.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict

CASE_COLUMNS = (
    "code", "alias", "status", "opened_on", "process_director_id", "duo_partner_id",
    "case_director_name", "case_director_org", "case_director_named_on", "role_agreement_on",
    "role_agreement_note", "marking_letter_on", "cross_region", "lead_organisation",
    "waiting_since", "waiting_for", "closed_on", "closing_reason", "handover_to",
    "handover_on", "aftercare", "no_handover_reason",
)


def _in(ids: list[int], column: str = "case_id") -> str:
    return f"{column} IN ({','.join(str(int(i)) for i in ids)})" if ids else "0 = 1"


def _by_case(rows) -> dict[int, list]:
    groups: dict[int, list] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row)
    return groups


def _bool(value) -> bool:
    return bool(value)


def case_ids(conn: sqlite3.Connection, codes: list[str] | None = None) -> list[int]:
    """Ids of the cases with these codes (all cases when None), ordered by code."""
    if codes is None:
        # Sorted here, by code point: a server's collation would order codes otherwise.
        return [case_id for _code, case_id in sorted(conn.execute(
            "SELECT code, id FROM care_case"))]
    found = dict(conn.execute(
        f"SELECT code, id FROM care_case WHERE code IN ({','.join('?' * len(codes))})", codes))
    return [found[c] for c in sorted(found)]


def read_cases(conn: sqlite3.Connection, ids: list[int]) -> tuple[list[dict], list[dict]]:
    """(case documents, consultants they reference) for the given case ids.

    Large id lists are read in chunks so the IN lists stay a sensible size.
    """
    names = {cid: (name, role) for cid, name, role in
             conn.execute("SELECT id, name, role FROM consultant")}
    used: set[int] = set()
    cases: list[dict] = []
    for start in range(0, len(ids), 2000):
        cases.extend(_read_chunk(conn, ids[start:start + 2000], names, used))
    consultants = sorted(({"name": names[i][0], "role": names[i][1]} for i in used),
                         key=lambda c: c["name"])
    return cases, consultants


def _read_chunk(conn, ids, names, used) -> list[dict]:
    q = conn.execute
    w = _in(ids)

    def who(consultant_id):
        if consultant_id is None:
            return None
        used.add(consultant_id)
        return names[consultant_id][0]

    regimes = _by_case(q(
        f"SELECT case_id, id, regime, start_on, ovv_decision_on, note FROM regimechange "
        f"WHERE {w} ORDER BY case_id, start_on, id"))
    people = _by_case(q(
        f"SELECT case_id, id, name, birth_year, role FROM person WHERE {w} ORDER BY case_id, id"))
    professionals = _by_case(q(
        f"SELECT case_id, id, name, organisation, role FROM professional WHERE {w} "
        "ORDER BY case_id, id"))
    meetings = _by_case(q(
        f"SELECT case_id, id, kind, planned_on, held_on, youth_present, parents_present, note, "
        f"consultant_id, recorded_by_id FROM meeting WHERE {w} "
        "ORDER BY case_id, COALESCE(held_on, planned_on), id"))
    events = _by_case(q(
        f"SELECT case_id, id, kind, occurred_on, description FROM significantevent "
        f"WHERE {w} ORDER BY case_id, occurred_on, id"))
    plans = _by_case(q(
        f"SELECT case_id, id, number, status, origin, created_on, created_by_id, reason, "
        f"agreed_on, agreed_by_parents, agreed_by_youth, agreed_by_case_director, safety, "
        f"safety_note FROM planversion WHERE {w} ORDER BY case_id, number, id"))
    goals = _by_case(q(
        f"SELECT g.plan_version_id, g.description, g.intended_result, g.deadline, g.owner, "
        f"g.status, g.note FROM goal g JOIN planversion p ON p.id = g.plan_version_id "
        f"WHERE {_in(ids, 'p.case_id')} ORDER BY g.plan_version_id, g.position, g.id"))
    factors = _by_case(q(
        f"SELECT f.plan_version_id, f.kind, f.text FROM planfactor f "
        f"JOIN planversion p ON p.id = f.plan_version_id WHERE {_in(ids, 'p.case_id')} "
        "ORDER BY f.plan_version_id, f.position, f.id"))
    decisions = _by_case(q(
        f"SELECT case_id, id, kind, decided_on, reason, plan_version_id, decided_by_id "
        f"FROM plandecision WHERE {w} ORDER BY case_id, decided_on, id"))
    answers = _by_case(q(
        f"SELECT e.decision_id, e.event_id FROM plandecisionevent e "
        f"JOIN plandecision d ON d.id = e.decision_id WHERE {_in(ids, 'd.case_id')}"))
    runs = _by_case(q(
        f"SELECT case_id, id, template_key, template_version, template_snapshot, "
        f"consultant_id, started_on, completed_on FROM checklistrun WHERE {w} "
        "ORDER BY case_id, started_on, id"))
    run_answers = _by_case(q(
        f"SELECT a.run_id, a.item_key, a.answer, a.note, a.value_date FROM checklistanswer a "
        f"JOIN checklistrun r ON r.id = a.run_id WHERE {_in(ids, 'r.case_id')} "
        "ORDER BY a.run_id, a.id"))
    escalations = _by_case(q(
        f"SELECT case_id, id, level, requested_on, reason, decision, decided_on, outcome "
        f"FROM escalation WHERE {w} ORDER BY case_id, requested_on, id"))
    reviews = _by_case(q(
        f"SELECT case_id, id, reviewer_id, reviewed_on, verdict, remarks, read_on "
        f"FROM duoreview WHERE {w} ORDER BY case_id, reviewed_on, id"))
    risks = _by_case(q(
        f"SELECT case_id, id, assessed_on, instrument, outcome FROM riskassessment "
        f"WHERE {w} ORDER BY case_id, assessed_on, id"))
    acks = _by_case(q(
        f"SELECT case_id, id, code, reason, until, acknowledged_on, acknowledged_by_id, "
        f"withdrawn_on, withdrawn_by_id FROM acknowledgement WHERE {w} ORDER BY case_id, acknowledged_on, id"))

    out = []
    for row in sorted(q(f"SELECT id, {', '.join(CASE_COLUMNS)} FROM care_case "
                        f"WHERE {_in(ids, 'id')}"), key=lambda r: r[1]):  # by code, as above
        cid = row[0]
        doc = dict(zip(CASE_COLUMNS, row[1:], strict=True))
        doc["_id"] = cid
        doc["process_director"] = who(doc.pop("process_director_id"))
        doc["duo_partner"] = who(doc.pop("duo_partner_id"))
        doc["cross_region"] = _bool(doc["cross_region"])
        doc["regimes"] = [dict(_id=r[1], regime=r[2], start_on=r[3], ovv_decision_on=r[4],
                               note=r[5]) for r in regimes.get(cid, ())]
        doc["people"] = [dict(_id=r[1], name=r[2], birth_year=r[3], role=r[4])
                         for r in people.get(cid, ())]
        doc["professionals"] = [dict(_id=r[1], name=r[2], organisation=r[3], role=r[4])
                                for r in professionals.get(cid, ())]
        doc["meetings"] = [dict(_id=r[1], kind=r[2], planned_on=r[3], held_on=r[4],
                                youth_present=_bool(r[5]), parents_present=_bool(r[6]),
                                note=r[7], consultant=who(r[8]), recorded_by=who(r[9]))
                           for r in meetings.get(cid, ())]
        # Events are numbered within the case; decisions point at them by number.
        event_ref = {}
        doc["events"] = []
        for n, r in enumerate(events.get(cid, ()), start=1):
            event_ref[r[1]] = n
            doc["events"].append(dict(_id=r[1], ref=n, kind=r[2], occurred_on=r[3],
                                      description=r[4]))
        plan_number = {}
        doc["plans"] = []
        for r in plans.get(cid, ()):
            plan_number[r[1]] = r[2]
            doc["plans"].append(dict(
                _id=r[1], number=r[2], status=r[3], origin=r[4], created_on=r[5],
                created_by=who(r[6]), reason=r[7], agreed_on=r[8],
                agreed_by_parents=_bool(r[9]), agreed_by_youth=_bool(r[10]),
                agreed_by_case_director=_bool(r[11]), safety=r[12], safety_note=r[13],
                goals=[dict(description=g[1], intended_result=g[2], deadline=g[3], owner=g[4],
                            status=g[5], note=g[6]) for g in goals.get(r[1], ())],
                factors=[dict(kind=f[1], text=f[2]) for f in factors.get(r[1], ())],
            ))
        doc["decisions"] = [dict(
            _id=r[1], kind=r[2], decided_on=r[3], reason=r[4],
            plan=plan_number.get(r[5]), decided_by=who(r[6]),
            answers=sorted(event_ref[a[1]] for a in answers.get(r[1], ())),
        ) for r in decisions.get(cid, ())]
        doc["checklist_runs"] = [dict(
            _id=r[1], template_key=r[2], template_version=r[3], template_snapshot=r[4],
            consultant=who(r[5]), started_on=r[6], completed_on=r[7],
            answers=[dict(item_key=a[1], answer=a[2], note=a[3], value_date=a[4])
                     for a in run_answers.get(r[1], ())],
        ) for r in runs.get(cid, ())]
        doc["escalations"] = [dict(_id=r[1], level=r[2], requested_on=r[3], reason=r[4],
                                   decision=r[5], decided_on=r[6], outcome=r[7])
                              for r in escalations.get(cid, ())]
        doc["duo_reviews"] = [dict(_id=r[1], reviewer=who(r[2]), reviewed_on=r[3],
                                   verdict=r[4], remarks=r[5], read_on=r[6])
                              for r in reviews.get(cid, ())]
        doc["risk_assessments"] = [dict(_id=r[1], assessed_on=r[2], instrument=r[3],
                                        outcome=r[4]) for r in risks.get(cid, ())]
        doc["acknowledgements"] = [dict(_id=r[1], code=r[2], reason=r[3], until=r[4],
                                        acknowledged_on=r[5], acknowledged_by=who(r[6]),
                                        withdrawn_on=r[7], withdrawn_by=who(r[8]))
                                   for r in acks.get(cid, ())]
        out.append(doc)
    return out
