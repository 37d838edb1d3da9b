"""Loading rule facts for a whole caseload in a fixed number of queries.

This is the read path to the first screen, so it runs plain, portable SQL on
a DB-API connection and builds the dataclasses of ``rules.facts`` directly:
no ORM objects, no SQLAlchemy import. Each query reads one table for all
cases (or for the requested ones) and rows are grouped by case in Python, so
the number of queries does not depend on the number of cases.
"""

from __future__ import annotations

import gc
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from regie_tui.rules import facts as F

_dates: dict[str, date] = {}


def _d(value: str) -> date:
    # A caseload has a few thousand distinct dates over hundreds of thousands of rows.
    day = _dates.get(value)
    if day is None:
        day = _dates[value] = date.fromisoformat(value)
    return day


def _date(value: str | None) -> date | None:
    return _d(value) if value else None


def _where(case_ids: tuple[int, ...] | None, column: str = "case_id") -> str:
    if case_ids is None:
        return "1 = 1"
    return f"{column} IN ({','.join(str(int(i)) for i in case_ids)})" if case_ids else "0 = 1"


def _grouped(rows: Iterable[tuple], make) -> dict[int, list]:
    groups: dict[int, list] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(make(row))
    return groups


# The meetings rules look at: every start meeting and OVV, planned meetings,
# the latest evaluation (MDO or evaluation) and the latest contact with the
# youth present, both up to ``as_of``. The first MDO after a start meeting
# exists exactly when the latest evaluation is on or after it, so older
# evaluations and contacts cannot change a signal -- and they are most rows.
_COLS = "case_id, id, kind, planned_on, held_on, youth_present, parents_present"
_M = ", ".join(f"m.{c}" for c in _COLS.split(", "))
# Three plain queries rather than one UNION: the de-duplication and sort of a
# UNION cost more than sorting each case's handful of meetings in Python.
_MEETING_QUERIES = (
    f"SELECT {_COLS} FROM meeting WHERE {{where}} "
    "AND case_id IS NOT NULL AND (kind IN ('start_meeting', 'ovv') OR held_on IS NULL)",
    f"SELECT {_M} FROM meeting m JOIN ("
    "SELECT case_id AS cid, MAX(held_on) AS last FROM meeting "
    "WHERE {where} AND kind IN ('mdo', 'evaluation') AND held_on <= :as_of GROUP BY case_id"
    ") latest ON m.case_id = cid AND m.held_on = last AND m.kind IN ('mdo', 'evaluation')",
    f"SELECT {_M} FROM meeting m JOIN ("
    "SELECT case_id AS cid, MAX(held_on) AS last FROM meeting "
    "WHERE {where} AND youth_present = 1 AND held_on <= :as_of GROUP BY case_id"
    ") latest ON m.case_id = cid AND m.held_on = last AND m.youth_present = 1",
)


def _meeting_key(m: F.Meeting):
    return (m.held_on or m.planned_on or date.min, m.id)


def _load_meetings(conn, where: str, as_of: date) -> dict[int, list[F.Meeting]]:
    params = {"as_of": as_of.isoformat()}
    groups: dict[int, dict[int, F.Meeting]] = defaultdict(dict)
    for sql in _MEETING_QUERIES:
        for r in conn.execute(sql.format(where=where), params):
            groups[r[0]][r[1]] = _meeting(r)
    return {cid: sorted(by_id.values(), key=_meeting_key) for cid, by_id in groups.items()}


def _meeting(r) -> F.Meeting:
    return F.Meeting(r[1], r[2], _date(r[3]), _date(r[4]), r[5] == 1, r[6] == 1)


def load(conn: sqlite3.Connection, case_ids: Iterable[int] | None = None,
         as_of: date | None = None) -> F.Caseload:
    """Facts for all cases (``case_ids=None``) or the given ones, and all consultants.

    ``as_of`` is the day the facts are for (today); contacts after it are not
    considered when picking the latest one.
    """
    # Building a few hundred thousand small objects triggers the cyclic
    # garbage collector over and over for nothing: none of them form cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(conn, case_ids, as_of or date.max)
    finally:
        if was_enabled:
            gc.enable()


def _load(conn, case_ids, as_of: date) -> F.Caseload:
    ids = None if case_ids is None else tuple(case_ids)
    q = conn.execute
    w = _where(ids)

    regimes = _grouped(
        q(f"SELECT case_id, regime, start_on, ovv_decision_on FROM regimechange WHERE {w} "
          "ORDER BY case_id, start_on, id"),
        lambda r: F.RegimePeriod(r[1], _d(r[2]), _date(r[3])),
    )
    meetings = _load_meetings(conn, w, as_of)
    events = _grouped(
        q(f"SELECT case_id, id, kind, occurred_on FROM significantevent WHERE {w} "
          "ORDER BY case_id, occurred_on, id"),
        lambda r: F.Event(r[1], r[2], _d(r[3])),
    )
    goals = _grouped(
        q(f"SELECT g.plan_version_id, g.id, g.deadline, g.status FROM goal g "
          f"JOIN planversion p ON p.id = g.plan_version_id WHERE {_where(ids, 'p.case_id')} "
          "ORDER BY g.plan_version_id, g.position, g.id"),
        lambda r: F.Goal(r[1], _date(r[2]), r[3]),
    )
    plans = _grouped(
        q(f"SELECT case_id, id, number, status, created_on, agreed_on, safety FROM planversion "
          f"WHERE {w} ORDER BY case_id, number"),
        lambda r: F.PlanVersion(r[1], r[2], r[3], _d(r[4]), _date(r[5]), r[6],
                                tuple(goals.get(r[1], ()))),
    )
    answers = _grouped(
        q(f"SELECT e.decision_id, e.event_id FROM plandecisionevent e "
          f"JOIN plandecision d ON d.id = e.decision_id WHERE {_where(ids, 'd.case_id')}"),
        lambda r: r[1],
    )
    decisions = _grouped(
        q(f"SELECT case_id, id, kind, decided_on FROM plandecision WHERE {w} "
          "ORDER BY case_id, decided_on, id"),
        lambda r: F.PlanDecision(r[1], r[2], _d(r[3]), tuple(sorted(answers.get(r[1], ())))),
    )
    escalations = _grouped(
        q(f"SELECT case_id, id, level, requested_on, decided_on, decision FROM escalation "
          f"WHERE {w} ORDER BY case_id, requested_on, id"),
        lambda r: F.Escalation(r[1], r[2], _d(r[3]), _date(r[4]), r[5]),
    )
    reviews = _grouped(
        q(f"SELECT case_id, reviewer_id, reviewed_on FROM duoreview WHERE {w} "
          "ORDER BY case_id, reviewed_on, id"),
        lambda r: F.DuoReview(r[1], _d(r[2])),
    )
    risks = _grouped(
        q(f"SELECT case_id, assessed_on FROM riskassessment WHERE {w} "
          "ORDER BY case_id, assessed_on"),
        lambda r: _d(r[1]),
    )
    acks = _grouped(
        q(f"SELECT case_id, code, until, reason, acknowledged_on FROM acknowledgement "
          f"WHERE {w} ORDER BY case_id, acknowledged_on, id"),
        lambda r: F.Acknowledgement(r[1], _d(r[2]), r[3], _d(r[4])),
    )
    professionals = dict(
        q(f"SELECT case_id, COUNT(*) FROM professional WHERE {w} GROUP BY case_id")
    )
    checklists = _load_checklists(conn, ids, as_of)

    case_where = "" if ids is None else f"WHERE {_where(ids, 'id')}"
    cases = []
    for r in q(
        "SELECT id, code, alias, status, opened_on, process_director_id, duo_partner_id, "
        "case_director_name, case_director_org, case_director_named_on, role_agreement_on, "
        "marking_letter_on, cross_region, lead_organisation, waiting_since, closed_on, "
        f"closing_reason, handover_on, no_handover_reason, version FROM care_case {case_where} "
        "ORDER BY id"
    ):
        cid = r[0]
        cases.append(F.CaseFacts(
            id=cid, code=r[1], alias=r[2], status=r[3], opened_on=_d(r[4]),
            process_director_id=r[5], duo_partner_id=r[6],
            case_director_name=r[7], case_director_org=r[8],
            case_director_named_on=_date(r[9]), role_agreement_on=_date(r[10]),
            marking_letter_on=_date(r[11]), cross_region=bool(r[12]), lead_organisation=r[13],
            waiting_since=_date(r[14]), closed_on=_date(r[15]), closing_reason=r[16],
            handover_on=_date(r[17]), no_handover_reason=r[18], version=r[19],
            professionals=professionals.get(cid, 0),
            regimes=tuple(regimes.get(cid, ())),
            meetings=tuple(meetings.get(cid, ())),
            events=tuple(events.get(cid, ())),
            plans=tuple(plans.get(cid, ())),
            decisions=tuple(decisions.get(cid, ())),
            escalations=tuple(escalations.get(cid, ())),
            duo_reviews=tuple(reviews.get(cid, ())),
            risk_assessments=tuple(risks.get(cid, ())),
            acknowledgements=tuple(acks.get(cid, ())),
            checklists=tuple(checklists.get(cid, ())),
        ))
    return F.Caseload(cases=cases, consultants=load_consultants(conn))


def _load_checklists(conn, ids, as_of: date) -> dict[int, list[F.ChecklistOutcome]]:
    """Completed checklist runs with the consequence codes their answers imply.

    Two queries: the answers of every completed run, and one snapshot per
    distinct (template, version) -- the store refuses two different snapshots
    under one version -- parsed once here, however many runs use it.
    """
    from regie_tui.rules import checklists

    where = _where(ids, "r.case_id")
    done = f"r.completed_on IS NOT NULL AND r.completed_on <= :as_of AND {where}"
    params = {"as_of": as_of.isoformat()}
    templates = {
        (key, version): checklists.from_snapshot(snapshot)
        for key, version, snapshot in conn.execute(
            "SELECT template_key, template_version, template_snapshot FROM checklistrun "
            f"WHERE id IN (SELECT MIN(r.id) FROM checklistrun r WHERE {done} "
            "GROUP BY r.template_key, r.template_version)", params)
    }
    runs: dict[int, tuple] = {}
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    for cid, run_id, key, version, completed, item_key, answer in conn.execute(
            "SELECT r.case_id, r.id, r.template_key, r.template_version, r.completed_on, "
            "a.item_key, a.answer FROM checklistrun r "
            f"LEFT JOIN checklistanswer a ON a.run_id = r.id WHERE {done} "
            "ORDER BY r.case_id, r.completed_on, r.id", params):
        runs[run_id] = (cid, key, version, completed)
        if item_key is not None:
            answers[run_id][item_key] = answer
    outcomes: dict[int, list[F.ChecklistOutcome]] = defaultdict(list)
    for run_id, (cid, key, version, completed) in runs.items():
        codes = checklists.consequences(templates[key, version], answers.get(run_id, {}))
        outcomes[cid].append(F.ChecklistOutcome(run_id, key, _d(completed), codes))
    return outcomes


def load_consultants(conn: sqlite3.Connection) -> dict[int, F.ConsultantFacts]:
    reviews = _grouped(
        conn.execute(
            "SELECT consultant_id, held_on FROM meeting WHERE kind = 'caseload_review' "
            "AND consultant_id IS NOT NULL AND held_on IS NOT NULL ORDER BY consultant_id, held_on"
        ),
        lambda r: _d(r[1]),
    )
    acks = _grouped(
        conn.execute(
            "SELECT consultant_id, code, until, reason, acknowledged_on FROM acknowledgement "
            "WHERE consultant_id IS NOT NULL AND case_id IS NULL ORDER BY consultant_id, id"
        ),
        lambda r: F.Acknowledgement(r[1], _d(r[2]), r[3], _d(r[4])),
    )
    return {
        cid: F.ConsultantFacts(cid, name, role, tuple(reviews.get(cid, ())),
                               tuple(acks.get(cid, ())))
        for cid, name, role in conn.execute("SELECT id, name, role FROM consultant ORDER BY id")
    }
