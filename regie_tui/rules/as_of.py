"""The facts of a case as they stood on an earlier day.

The store keeps what happened with its date, so the state of a caseload on
an earlier day can be reconstructed from today's facts: drop what happened
after that day and undo what was decided after it (a plan agreed later was
still a draft; an escalation decided later was still pending; a case closed
later was still open). The engine, fed these facts and that day as
``today``, gives the signals that were open then. Nothing is stored.

What the store does not date cannot be reconstructed: a goal's status, the
number of professionals involved and a case's waiting period are taken as
they are now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from regie_tui.rules import vocab
from regie_tui.rules.facts import CaseFacts, Caseload, ConsultantFacts

_CLOSED = vocab.CLOSED
_DRAFT = vocab.DRAFT


def case_as_of(case: CaseFacts, day: dt.date) -> CaseFacts | None:
    """``case`` as it stood at the end of ``day``; None when it was not yet opened."""
    if case.opened_on > day:
        return None
    changes: dict = {}
    if case.status == _CLOSED and case.closed_on is not None and case.closed_on > day:
        changes.update(status=vocab.ACTIVE, closed_on=None, closing_reason=None,
                       handover_on=None, no_handover_reason=None)
    elif case.handover_on is not None and case.handover_on > day:
        changes["handover_on"] = None
    named = case.case_director_named_on
    if named is not None and named > day:
        changes.update(case_director_name=None, case_director_org=None,
                       case_director_named_on=None)
    if case.role_agreement_on is not None and case.role_agreement_on > day:
        changes["role_agreement_on"] = None
    if case.marking_letter_on is not None and case.marking_letter_on > day:
        changes["marking_letter_on"] = None
    if case.waiting_since is not None and case.waiting_since > day:
        changes["waiting_since"] = None

    # Lists are kept as they are (same tuple) when nothing in them is later
    # than ``day``: the common case, and the cheap one.
    regimes = case.regimes
    if regimes and any(r.start > day for r in regimes):
        changes["regimes"] = tuple(r for r in regimes if r.start <= day)
    events = case.events
    if events and any(e.occurred_on > day for e in events):
        changes["events"] = tuple(e for e in events if e.occurred_on <= day)
    plans = case.plans
    if plans and any(p.created_on > day or (p.agreed_on is not None and p.agreed_on > day)
                     for p in plans):
        changes["plans"] = tuple(
            p if p.agreed_on is None or p.agreed_on <= day
            else replace(p, status=_DRAFT, agreed_on=None)
            # A plan agreed before it was recorded (stores of before issue 14) existed
            # from its agreement on.
            for p in plans if p.created_on <= day or (p.agreed_on is not None
                                                     and p.agreed_on <= day))
    decisions = case.decisions
    if decisions and any(d.decided_on > day for d in decisions):
        changes["decisions"] = tuple(d for d in decisions if d.decided_on <= day)
    escalations = case.escalations
    if escalations and any(e.requested_on > day or (e.decided_on is not None and e.decided_on > day)
                           for e in escalations):
        changes["escalations"] = tuple(
            e if e.decided_on is None or e.decided_on <= day
            else replace(e, decided_on=None, decision=None)
            for e in escalations if e.requested_on <= day)
    risks = case.risk_assessments
    if risks and max(risks) > day:
        changes["risk_assessments"] = tuple(r for r in risks if r <= day)
    acks = case.acknowledgements
    if acks and any(a.acknowledged_on > day for a in acks):
        changes["acknowledgements"] = tuple(a for a in acks if a.acknowledged_on <= day)
    checklists = case.checklists
    if checklists and any(c.completed_on > day for c in checklists):
        changes["checklists"] = tuple(c for c in checklists if c.completed_on <= day)
    conflicts = case.sync_conflicts
    if conflicts and any(_conflict_day(c) > day for c in conflicts):
        # A conflict cannot predate the server's change it ran into (the trend's weeks).
        changes["sync_conflicts"] = tuple(c for c in conflicts if _conflict_day(c) <= day)
    # Meetings and duo reviews need nothing: the engine ignores those after its today.
    return replace(case, **changes) if changes else case


def _conflict_day(conflict) -> dt.date:
    at = conflict.server_changed_at
    return at.date() if at is not None else dt.date.min


def latest_fact(case: CaseFacts) -> dt.date:
    """The latest date :func:`case_as_of` looks at: on or after it, nothing is undone."""
    latest = case.opened_on
    for day in (case.closed_on, case.handover_on, case.case_director_named_on,
                case.role_agreement_on, case.marking_letter_on, case.waiting_since):
        if day is not None and day > latest:
            latest = day
    days = [r.start for r in case.regimes]
    days += [e.occurred_on for e in case.events]
    for p in case.plans:
        days.append(p.created_on)
        if p.agreed_on is not None:
            days.append(p.agreed_on)
    days += [d.decided_on for d in case.decisions]
    for e in case.escalations:
        days.append(e.requested_on)
        if e.decided_on is not None:
            days.append(e.decided_on)
    days += case.risk_assessments
    days += [a.acknowledged_on for a in case.acknowledgements]
    days += [c.completed_on for c in case.checklists]
    days += [_conflict_day(c) for c in case.sync_conflicts]
    return max([latest, *days])


def consultant_as_of(consultant: ConsultantFacts, day: dt.date) -> ConsultantFacts:
    acks = consultant.acknowledgements
    if acks and any(a.acknowledged_on > day for a in acks):
        return replace(consultant,
                       acknowledgements=tuple(a for a in acks if a.acknowledged_on <= day))
    return consultant  # caseload reviews after ``day`` are ignored by the engine


def caseload_as_of(caseload: Caseload, day: dt.date,
                   latest: dict[int, dt.date] | None = None) -> Caseload:
    """The caseload on ``day``; ``latest`` (case id -> :func:`latest_fact`) skips the
    cases where nothing happened after ``day``, which is most of them."""
    cases = []
    for case in caseload.cases:
        if latest is not None and latest[case.id] <= day:
            cases.append(case)
            continue
        then = case_as_of(case, day)
        if then is not None:
            cases.append(then)
    consultants = {cid: consultant_as_of(c, day) for cid, c in caseload.consultants.items()}
    return Caseload(cases=cases, consultants=consultants)
