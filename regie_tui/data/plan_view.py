"""The plan of approach of one case as the plan screen, history and export show it.

Plain SQL on a DB-API connection (``store.read()``): every version with its
goals (all fields), factors, safety, origin, agreement and reason; the plan
decisions with the events they answered; and the case's significant events.
A handful of queries per case, whatever the number of versions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regie_tui.base.errors import NotFoundError
from regie_tui.base.i18n import _
from regie_tui.rules import vocab


@dataclass(frozen=True)
class GoalView:
    id: int
    position: int
    description: str
    intended_result: str | None
    deadline: dt.date | None
    owner: str
    status: str
    note: str | None


@dataclass(frozen=True)
class EventView:
    id: int
    kind: str
    occurred_on: dt.date
    description: str | None


@dataclass(frozen=True)
class DecisionView:
    id: int
    kind: str  # vocab.ADJUSTED / vocab.STILL_FITS
    decided_on: dt.date
    reason: str
    plan_version_id: int | None
    decided_by: str | None
    answers: tuple[EventView, ...] = ()


@dataclass(frozen=True)
class VersionView:
    id: int
    number: int
    status: str
    origin: str
    created_on: dt.date
    created_by: str | None
    reason: str | None
    agreed_on: dt.date | None
    agreed_by_parents: bool
    agreed_by_youth: bool
    agreed_by_case_director: bool
    safety: str | None
    safety_note: str | None
    goals: tuple[GoalView, ...] = ()
    protective: tuple[str, ...] = ()
    threatening: tuple[str, ...] = ()
    decision: DecisionView | None = None  # the adjustment that made this version

    @property
    def is_agreed(self) -> bool:
        return self.status == vocab.AGREED

    def agreed_by(self) -> list[str]:
        """Who agreed, translated: parents, youth, case director."""
        return [label for flag, label in (
            (self.agreed_by_parents, _("parents")),
            (self.agreed_by_youth, _("youth")),
            (self.agreed_by_case_director, _("case director")),
        ) if flag]


@dataclass(frozen=True)
class PlanHistory:
    case_id: int
    case_code: str
    case_alias: str
    case_version: int
    versions: tuple[VersionView, ...] = ()  # by number
    decisions: tuple[DecisionView, ...] = ()  # by date
    events: tuple[EventView, ...] = ()  # by date

    @property
    def current(self) -> VersionView | None:
        """The agreed version with the highest number."""
        agreed = [p for p in self.versions if p.is_agreed]
        return agreed[-1] if agreed else None

    @property
    def draft(self) -> VersionView | None:
        latest = self.versions[-1] if self.versions else None
        return latest if latest is not None and not latest.is_agreed else None

    def version(self, number: int) -> VersionView:
        for p in self.versions:
            if p.number == number:
                return p
        raise NotFoundError(_("This case has no plan version {n}.").format(n=number))

    def unanswered_events(self) -> list[EventView]:
        """Significant events since the current version that no plan decision answered.

        The same reading as the PLAN_REVIEW_DUE rule: an event is answered when a
        decision links it, or when a decision that links no event was taken on
        or after it.
        """
        current = self.current
        if current is None:
            return []
        since = current.agreed_on or current.created_on
        answered: set[int] = set()
        blanket = None
        for d in self.decisions:
            if d.answers:
                answered.update(e.id for e in d.answers)
            elif blanket is None or d.decided_on > blanket:
                blanket = d.decided_on
        return [e for e in self.events
                if e.occurred_on >= since and e.id not in answered
                and (blanket is None or blanket < e.occurred_on)]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load(conn, case_id: int) -> PlanHistory:
    case = conn.execute("SELECT code, alias, version FROM care_case WHERE id = ?",
                        (case_id,)).fetchone()
    if case is None:
        raise NotFoundError(_("This case no longer exists."))
    events = {
        r[0]: EventView(r[0], r[1], _date(r[2]), r[3])
        for r in conn.execute(
            "SELECT id, kind, occurred_on, description FROM significantevent "
            "WHERE case_id = ? ORDER BY occurred_on, id", (case_id,))
    }
    answers: dict[int, list[EventView]] = {}
    for decision_id, event_id in conn.execute(
            "SELECT e.decision_id, e.event_id FROM plandecisionevent e "
            "JOIN plandecision d ON d.id = e.decision_id WHERE d.case_id = ? "
            "ORDER BY e.event_id", (case_id,)):
        answers.setdefault(decision_id, []).append(events[event_id])
    decisions = tuple(
        DecisionView(r[0], r[1], _date(r[2]), r[3], r[4], r[5],
                     tuple(sorted(answers.get(r[0], ()), key=lambda e: (e.occurred_on, e.id))))
        for r in conn.execute(
            "SELECT d.id, d.kind, d.decided_on, d.reason, d.plan_version_id, c.name "
            "FROM plandecision d LEFT JOIN consultant c ON c.id = d.decided_by_id "
            "WHERE d.case_id = ? ORDER BY d.decided_on, d.id", (case_id,))
    )
    made_by = {d.plan_version_id: d for d in decisions
               if d.kind == vocab.ADJUSTED and d.plan_version_id is not None}
    goals: dict[int, list[GoalView]] = {}
    for r in conn.execute(
            "SELECT g.plan_version_id, g.id, g.position, g.description, g.intended_result, "
            "g.deadline, g.owner, g.status, g.note FROM goal g "
            "JOIN planversion p ON p.id = g.plan_version_id WHERE p.case_id = ? "
            "ORDER BY g.plan_version_id, g.position, g.id", (case_id,)):
        goals.setdefault(r[0], []).append(
            GoalView(r[1], r[2], r[3], r[4], _date(r[5]), r[6], r[7], r[8]))
    factors: dict[tuple[int, str], list[str]] = {}
    for version_id, kind, text in conn.execute(
            "SELECT f.plan_version_id, f.kind, f.text FROM planfactor f "
            "JOIN planversion p ON p.id = f.plan_version_id WHERE p.case_id = ? "
            "ORDER BY f.plan_version_id, f.position, f.id", (case_id,)):
        factors.setdefault((version_id, kind), []).append(text)
    versions = tuple(
        VersionView(
            id=r[0], number=r[1], status=r[2], origin=r[3], created_on=_date(r[4]),
            created_by=r[5], reason=r[6], agreed_on=_date(r[7]),
            agreed_by_parents=bool(r[8]), agreed_by_youth=bool(r[9]),
            agreed_by_case_director=bool(r[10]), safety=r[11], safety_note=r[12],
            goals=tuple(goals.get(r[0], ())),
            protective=tuple(factors.get((r[0], "protective"), ())),
            threatening=tuple(factors.get((r[0], "threatening"), ())),
            decision=made_by.get(r[0]),
        )
        for r in conn.execute(
            "SELECT p.id, p.number, p.status, p.origin, p.created_on, c.name, p.reason, "
            "p.agreed_on, p.agreed_by_parents, p.agreed_by_youth, p.agreed_by_case_director, "
            "p.safety, p.safety_note FROM planversion p "
            "LEFT JOIN consultant c ON c.id = p.created_by_id "
            "WHERE p.case_id = ? ORDER BY p.number", (case_id,))
    )
    return PlanHistory(case_id, case[0], case[1], case[2], versions, decisions,
                       tuple(events.values()))


def load_plan(store, case_id: int) -> PlanHistory:
    with store.snapshot() as conn:
        return load(conn, case_id)
