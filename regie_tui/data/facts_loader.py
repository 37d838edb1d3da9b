"""Loading rule facts for a whole caseload in a fixed number of queries.

This is the read path to the first screen, so it runs plain, portable SQL on
a DB-API connection and builds the dataclasses of ``rules.facts`` directly:
no ORM objects, no SQLAlchemy import. Each query reads one table for all
cases (or for the requested ones) and rows are grouped by case in Python, so
the number of queries does not depend on the number of cases.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from regie_tui.rules import facts as F

_d = date.fromisoformat


def _date(value: str | None) -> date | None:
    return _d(value) if value else None


def _where(case_ids: tuple[int, ...] | None, column: str = "case_id") -> str:
    if case_ids is None:
        return f"{column} IS NOT NULL"
    return f"{column} IN ({','.join(str(int(i)) for i in case_ids)})" if case_ids else "0 = 1"


def _grouped(rows: Iterable[tuple], make) -> dict[int, list]:
    groups: dict[int, list] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(make(row))
    return groups


def load(conn: sqlite3.Connection, case_ids: Iterable[int] | None = None) -> F.Caseload:
    """Facts for all cases (``case_ids=None``) or the given ones, and all consultants."""
    ids = None if case_ids is None else tuple(case_ids)
    q = conn.execute
    w = _where(ids)

    regimes = _grouped(
        q(f"SELECT case_id, regime, start_on, ovv_decision_on FROM regimechange WHERE {w} "
          "ORDER BY case_id, start_on, id"),
        lambda r: F.RegimePeriod(r[1], _d(r[2]), _date(r[3])),
    )
    meetings = _grouped(
        q(f"SELECT case_id, id, kind, planned_on, held_on, youth_present, parents_present "
          f"FROM meeting WHERE {w} ORDER BY case_id, COALESCE(held_on, planned_on), id"),
        lambda r: F.Meeting(r[1], r[2], _date(r[3]), _date(r[4]), bool(r[5]), bool(r[6])),
    )
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
        ))
    return F.Caseload(cases=cases, consultants=load_consultants(conn))


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
