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
from datetime import date, datetime, timedelta

from regie_tui.base.errors import NotFoundError
from regie_tui.data import db
from regie_tui.rules import facts as F
from regie_tui.rules.as_of import caseload_as_of


class _Dates(dict):
    """ISO date text -> ``date``, each distinct text parsed once; ``None`` -> ``None``.

    A caseload has a few thousand distinct dates over a hundred thousand
    values. A dict subscript is the cheapest lookup there is: only a miss
    costs a Python call.
    """

    def __missing__(self, value: str) -> date | None:
        day = self[value] = date.fromisoformat(value) if value else None
        return day


_dates = _Dates({None: None})


_DAY = timedelta(days=1)


def _until(until: date, withdrawn: date | None) -> date:
    """The last day an acknowledgement mutes: a withdrawn one ends the day before.

    Rules then need no notion of withdrawal, and a look back at an earlier day
    (``rules.as_of``, the trend) still sees it in force before it was withdrawn.
    """
    if withdrawn is not None and withdrawn <= until:
        return withdrawn - _DAY
    return until


def not_found(conn: sqlite3.Connection, case_id: int, day: date) -> NotFoundError:
    """Why ``load`` gave no facts for a case: gone, or not yet opened on ``day``."""
    from regie_tui.base.i18n import _, format_date

    row = conn.execute("SELECT opened_on FROM care_case WHERE id = ?", (case_id,)).fetchone()
    if row is not None and row[0] and date.fromisoformat(row[0]) > day:
        return NotFoundError(_("This case was opened on {opened}, after the day shown "
                               "({day}).").format(opened=format_date(date.fromisoformat(row[0])),
                                                  day=format_date(day)))
    return NotFoundError(_("This case no longer exists."))


def _where(case_ids: tuple[int, ...] | None, column: str = "case_id") -> str:
    if case_ids is None:
        return "1 = 1"
    return f"{column} IN ({','.join(str(int(i)) for i in case_ids)})" if case_ids else "0 = 1"


def _grouped(rows: Iterable[tuple], make) -> dict[int, list]:
    groups: dict[int, list] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(make(row))
    return groups


def _tuples(groups: dict[int, list]) -> dict[int, tuple]:
    # Once per case that has rows; cases without any share the empty tuple.
    return {key: tuple(values) for key, values in groups.items()}


# The meetings rules look at: every start meeting and OVV, planned meetings,
# the latest evaluation (MDO or evaluation) and the latest contact with the
# youth present, both up to ``as_of``. The first MDO after a start meeting
# exists exactly when the latest evaluation is on or after it, so older
# evaluations and contacts cannot change a signal -- and they are most rows.
_COLS = "case_id, id, kind, planned_on, held_on, youth_present, parents_present"
_M = ", ".join(f"m.{c}" for c in _COLS.split(", "))
# Conditions of two partial indexes on meeting (data.tables, revision 0003):
# SQLite uses a partial index only when the query's WHERE holds its condition
# as one of the ANDed terms, so the queries below repeat them word for word.
EVALUATION_WHERE = "kind IN ('mdo', 'evaluation')"
START_OR_PLANNED_WHERE = "kind IN ('start_meeting', 'ovv') OR held_on IS NULL"
# One UNION ALL sorted by SQLite in the order the rules expect (held, else
# planned, then id) is cheaper than grouping each case's meetings in dicts
# and sorting them in Python. A meeting two parts find (a start meeting with
# the youth present, say) comes twice, on adjacent rows.
# Portable to PostgreSQL (data.engines): TRUE (SQLite reads it as 1, same plan),
# a named subquery, and no '' among dates (a meeting has a date held or planned).
_MEETINGS_SQL = "SELECT * FROM (" + " UNION ALL ".join((
    f"SELECT {_COLS} FROM meeting WHERE {{where}} "
    f"AND case_id IS NOT NULL AND ({START_OR_PLANNED_WHERE})",
    f"SELECT {_M} FROM meeting m JOIN ("
    "SELECT case_id AS cid, MAX(held_on) AS last FROM meeting "
    f"WHERE {{where}} AND {EVALUATION_WHERE} AND held_on <= :as_of GROUP BY case_id"
    f") latest ON m.case_id = cid AND m.held_on = last AND m.{EVALUATION_WHERE}",
    f"SELECT {_M} FROM meeting m JOIN ("
    "SELECT case_id AS cid, MAX(held_on) AS last FROM meeting "
    "WHERE {where} AND youth_present = TRUE AND held_on <= :as_of GROUP BY case_id"
    ") latest ON m.case_id = cid AND m.held_on = last AND m.youth_present = TRUE",
)) + ") AS m_all ORDER BY case_id, COALESCE(held_on, planned_on), id"


def _load_meetings(conn, where: str, as_of: date) -> dict[int, tuple[F.Meeting, ...]]:
    D, Meeting = _dates, F.Meeting
    groups: dict[int, list[F.Meeting]] = defaultdict(list)
    previous = None
    for cid, mid, kind, planned, held, youth, parents in conn.execute(
            _MEETINGS_SQL.format(where=where), {"as_of": as_of.isoformat()}):
        if mid != previous:
            previous = mid
            groups[cid].append(Meeting(mid, kind, D[planned], D[held], youth == 1, parents == 1))
    return _tuples(groups)


def load(conn: sqlite3.Connection, case_ids: Iterable[int] | None = None,
         as_of: date | None = None, *, as_it_was: bool = True) -> F.Caseload:
    """Facts for all cases (``case_ids=None``) or the given ones, and all consultants.

    ``as_of`` is the day the facts are for (today); contacts after it are not
    considered when picking the latest one, and (``as_it_was``) whatever
    happened after it is undone (``rules.as_of``): a case opened later is left
    out, one closed later is still open, a plan agreed later is still a draft.
    So ``--today`` in the past shows that day as it was, to every rule.
    ``as_it_was=False`` gives the stored facts (the trend undoes per week).
    """
    # Building a few hundred thousand small objects triggers the cyclic
    # garbage collector over and over for nothing: none of them form cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with db.read_transaction(conn):
            caseload = _load(conn, case_ids, as_of or date.max)
        if as_of is not None and as_it_was:
            # ~1.6 us a case when nothing is later than as_of (the usual today).
            caseload = caseload_as_of(caseload, as_of)
        return caseload
    finally:
        if was_enabled:
            gc.enable()


# The loops below are written out per table (no per-row helper function,
# positional arguments, dates by dict subscript): this is the hot path to the
# first screen and a Python call per row costs more than the SQL read of it.
def _load(conn, case_ids, as_of: date) -> F.Caseload:
    ids = None if case_ids is None else tuple(case_ids)
    q = conn.execute
    w = _where(ids)
    D = _dates

    groups: dict[int, list] = defaultdict(list)
    RegimePeriod = F.RegimePeriod
    for cid, regime, start, ovv in q(
            f"SELECT case_id, regime, start_on, ovv_decision_on FROM regimechange WHERE {w} "
            "ORDER BY case_id, start_on, id"):
        groups[cid].append(RegimePeriod(regime, D[start], D[ovv]))
    regimes = _tuples(groups)

    meetings = _load_meetings(conn, w, as_of)

    groups = defaultdict(list)
    Event = F.Event
    for cid, eid, kind, occurred in q(
            f"SELECT case_id, id, kind, occurred_on FROM significantevent WHERE {w} "
            "ORDER BY case_id, occurred_on, id"):
        groups[cid].append(Event(eid, kind, D[occurred]))
    events = _tuples(groups)

    groups = defaultdict(list)
    Goal = F.Goal
    for pid, gid, deadline, status in q(
            f"SELECT g.plan_version_id, g.id, g.deadline, g.status FROM goal g "
            f"JOIN planversion p ON p.id = g.plan_version_id WHERE {_where(ids, 'p.case_id')} "
            "ORDER BY g.plan_version_id, g.position, g.id"):
        groups[pid].append(Goal(gid, D[deadline], status))
    goals = _tuples(groups)

    groups = defaultdict(list)
    PlanVersion = F.PlanVersion
    for cid, pid, number, status, created, agreed, safety in q(
            f"SELECT case_id, id, number, status, created_on, agreed_on, safety FROM planversion "
            f"WHERE {w} ORDER BY case_id, number"):
        groups[cid].append(PlanVersion(pid, number, status, D[created], D[agreed], safety,
                                       goals.get(pid, ())))
    plans = _tuples(groups)

    groups = defaultdict(list)
    for did, eid in q(
            f"SELECT e.decision_id, e.event_id FROM plandecisionevent e "
            f"JOIN plandecision d ON d.id = e.decision_id WHERE {_where(ids, 'd.case_id')}"):
        groups[did].append(eid)
    answers = {did: tuple(sorted(eids)) for did, eids in groups.items()}

    groups = defaultdict(list)
    PlanDecision = F.PlanDecision
    for cid, did, kind, decided in q(
            f"SELECT case_id, id, kind, decided_on FROM plandecision WHERE {w} "
            "ORDER BY case_id, decided_on, id"):
        groups[cid].append(PlanDecision(did, kind, D[decided], answers.get(did, ())))
    decisions = _tuples(groups)

    groups = defaultdict(list)
    Escalation = F.Escalation
    for cid, eid, level, requested, decided, decision in q(
            f"SELECT case_id, id, level, requested_on, decided_on, decision FROM escalation "
            f"WHERE {w} ORDER BY case_id, requested_on, id"):
        groups[cid].append(Escalation(eid, level, D[requested], D[decided], decision))
    escalations = _tuples(groups)

    groups = defaultdict(list)
    DuoReview = F.DuoReview
    for cid, reviewer, reviewed in q(
            f"SELECT case_id, reviewer_id, reviewed_on FROM duoreview WHERE {w} "
            "ORDER BY case_id, reviewed_on, id"):
        groups[cid].append(DuoReview(reviewer, D[reviewed]))
    reviews = _tuples(groups)

    groups = defaultdict(list)
    for cid, assessed in q(
            f"SELECT case_id, assessed_on FROM riskassessment WHERE {w} "
            "ORDER BY case_id, assessed_on"):
        groups[cid].append(D[assessed])
    risks = _tuples(groups)

    groups = defaultdict(list)
    Acknowledgement = F.Acknowledgement
    for cid, code, until, reason, acknowledged, withdrawn in q(
            f"SELECT case_id, code, until, reason, acknowledged_on, withdrawn_on "
            f"FROM acknowledgement WHERE {w} ORDER BY case_id, acknowledged_on, id"):
        groups[cid].append(Acknowledgement(code, _until(D[until], D[withdrawn]), reason,
                                           D[acknowledged]))
    acks = _tuples(groups)

    professionals = dict(
        q(f"SELECT case_id, COUNT(*) FROM professional WHERE {w} GROUP BY case_id")
    )
    checklists = _tuples(_load_checklists(conn, ids, as_of))
    conflicts = _tuples(_load_sync_conflicts(conn, w))

    case_where = "" if ids is None else f"WHERE {_where(ids, 'id')}"
    CaseFacts = F.CaseFacts
    cases = [
        # Positional, in the field order of CaseFacts (keywords cost twice as much).
        CaseFacts(
            cid, code, alias, status, D[opened], director, duo,
            cd_name, cd_org, D[cd_named], D[role_agreement], D[marking_letter],
            bool(cross_region), lead, D[waiting], D[closed], closing_reason,
            D[handover], no_handover_reason, professionals.get(cid, 0), version,
            regimes.get(cid, ()), meetings.get(cid, ()), events.get(cid, ()),
            plans.get(cid, ()), decisions.get(cid, ()), escalations.get(cid, ()),
            reviews.get(cid, ()), risks.get(cid, ()), acks.get(cid, ()),
            checklists.get(cid, ()), conflicts.get(cid, ()),
        )
        for (cid, code, alias, status, opened, director, duo, cd_name, cd_org, cd_named,
             role_agreement, marking_letter, cross_region, lead, waiting, closed,
             closing_reason, handover, no_handover_reason, version) in q(
            "SELECT id, code, alias, status, opened_on, process_director_id, duo_partner_id, "
            "case_director_name, case_director_org, case_director_named_on, role_agreement_on, "
            "marking_letter_on, cross_region, lead_organisation, waiting_since, closed_on, "
            f"closing_reason, handover_on, no_handover_reason, version FROM care_case {case_where} "
            "ORDER BY id")
    ]
    return F.Caseload(cases=cases, consultants=load_consultants(conn))


def _load_sync_conflicts(conn, where: str) -> dict[int, list[F.SyncConflict]]:
    """The open synchronisation conflicts of a copy (issue 18), oldest first.

    The table exists on every store from revision 0006 and is empty except on a
    copy; a team store keeps none (they live on the laptops) and does not grant
    it to its members, so its connection is not asked.
    """
    from regie_tui.data.engines import keeps_sync_conflicts

    groups: dict[int, list[F.SyncConflict]] = defaultdict(list)
    if not keeps_sync_conflicts(conn):
        return groups
    for cid, conflict_id, command, kind, login, changed_at, message in conn.execute(
            "SELECT case_id, id, command, kind, server_login, server_changed_at, message "
            f"FROM sync_conflict WHERE status = 'open' AND {where} ORDER BY case_id, id"):
        groups[cid].append(F.SyncConflict(conflict_id, command, login, _moment(changed_at),
                                          kind == "refused", message))
    return groups


def _moment(text: str | None) -> datetime | None:
    """An ISO time from the team store's clock, in this laptop's time zone."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None  # shown as unknown rather than failing the whole caseload
    return moment.astimezone() if moment.tzinfo is not None else moment


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
        outcomes[cid].append(F.ChecklistOutcome(run_id, key, _dates[completed], codes))
    return outcomes


def load_consultants(conn: sqlite3.Connection) -> dict[int, F.ConsultantFacts]:
    reviews = _grouped(
        conn.execute(
            "SELECT consultant_id, held_on FROM meeting WHERE kind = 'caseload_review' "
            "AND consultant_id IS NOT NULL AND held_on IS NOT NULL ORDER BY consultant_id, held_on"
        ),
        lambda r: _dates[r[1]],
    )
    acks = _grouped(
        conn.execute(
            "SELECT consultant_id, code, until, reason, acknowledged_on, withdrawn_on "
            "FROM acknowledgement WHERE consultant_id IS NOT NULL AND case_id IS NULL "
            "ORDER BY consultant_id, id"
        ),
        lambda r: F.Acknowledgement(r[1], _until(_dates[r[2]], _dates[r[5]]), r[3],
                                    _dates[r[4]]),
    )
    from regie_tui.data.engines import hidden_caseload_reviews

    hidden = hidden_caseload_reviews(conn)
    return {
        cid: F.ConsultantFacts(cid, name, role, tuple(reviews.get(cid, ())),
                               tuple(acks.get(cid, ())), cid not in hidden)
        for cid, name, role in conn.execute("SELECT id, name, role FROM consultant ORDER BY id")
    }
