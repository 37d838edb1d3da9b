"""Everything the case-detail screen shows of one case, read in one snapshot.

The facts loader reads only what the rules need (the latest MDO, the latest
contact with the youth ...). This module reads the whole history of one case
for people to look at: every meeting with who took part, every event, plan
version, decision, checklist run, review and acknowledgement, with the notes
people typed. Plain SQL on a DB-API connection, like the facts loader, and
the rule facts from the same read transaction, so header, timeline and
signals always describe the same version of the case.

Rows hold stored codes and dates; the screen turns them into words at
display time (so a language switch needs no reload).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from regie_tui.base.errors import NotFoundError
from regie_tui.base.i18n import _
from regie_tui.data import facts_loader
from regie_tui.rules.facts import CaseFacts

# Timeline kinds: the filter on the Tijdlijn tab offers these, in this order.
MEETING = "meeting"
EVENT = "event"
REGIME = "regime"
ESCALATION = "escalation"
PLAN = "plan"
CHECKLIST = "checklist"
DUO = "duo"
ACKNOWLEDGEMENT = "acknowledgement"
RISK = "risk"
CASE = "case"
TIMELINE_KINDS = (MEETING, EVENT, REGIME, ESCALATION, PLAN, CHECKLIST, DUO, ACKNOWLEDGEMENT,
                  RISK, CASE)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class TimelineEntry:
    """One dated thing that happened (or is planned) on the case.

    ``what`` is a stored code whose meaning depends on ``kind`` (a meeting kind,
    an event kind, "requested"/"decided" for escalations ...); ``detail`` is text
    a person typed; ``params`` holds the few extra values the screen shows.
    """

    on: dt.date
    kind: str
    what: str
    detail: str | None = None
    params: tuple[tuple[str, object], ...] = ()
    order: int = 0  # tie-break within a day: later rows first

    def param(self, name: str, default: object = None) -> object:
        return dict(self.params).get(name, default)


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    role: str
    birth_year: int | None


@dataclass(frozen=True)
class ProfessionalRow:
    id: int
    name: str
    organisation: str
    role: str


@dataclass(frozen=True)
class EscalationRow:
    id: int
    level: str
    requested_on: dt.date
    reason: str
    decision: str | None
    decided_on: dt.date | None
    outcome: str | None

    def days_waiting(self, today: dt.date) -> int:
        """Days from the request to the decision, or to today while undecided."""
        return ((self.decided_on or today) - self.requested_on).days


@dataclass(frozen=True)
class CaseView:
    facts: CaseFacts
    process_director: str | None
    duo_partner: str | None
    role_agreement_note: str | None
    waiting_for: str | None
    handover_to: str | None
    aftercare: str | None
    people: tuple[PersonRow, ...] = ()
    professionals: tuple[ProfessionalRow, ...] = ()
    escalations: tuple[EscalationRow, ...] = ()
    timeline: tuple[TimelineEntry, ...] = field(default=())

    @property
    def version(self) -> int:
        return self.facts.version

    def open_escalations(self) -> tuple[EscalationRow, ...]:
        return tuple(e for e in self.escalations if e.decided_on is None)


def load(store, case_id: int) -> CaseView:
    with store.snapshot() as conn:  # every query below sees the same version
        cases = facts_loader.load(conn, [case_id], as_of=store.clock.today()).cases
        if not cases:  # gone, or (--today in the past) not yet opened
            raise facts_loader.not_found(conn, case_id, store.clock.today())
        return _view(conn, cases[0])


def current_version(store, case_id: int) -> int:
    with store.read() as conn:
        row = conn.execute("SELECT version FROM care_case WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("This case no longer exists."))
    return row[0]


def _view(conn, facts: CaseFacts) -> CaseView:
    cid = facts.id
    names = dict(conn.execute("SELECT id, name FROM consultant"))
    (pd, duo, note, waiting_for, handover_to, aftercare) = conn.execute(
        "SELECT process_director_id, duo_partner_id, role_agreement_note, waiting_for, "
        "handover_to, aftercare FROM care_case WHERE id = ?", (cid,)).fetchone()
    people = tuple(PersonRow(*r) for r in conn.execute(
        "SELECT id, name, role, birth_year FROM person WHERE case_id = ? ORDER BY id", (cid,)))
    professionals = tuple(ProfessionalRow(*r) for r in conn.execute(
        "SELECT id, name, organisation, role FROM professional WHERE case_id = ? ORDER BY id",
        (cid,)))
    escalations = tuple(
        EscalationRow(i, level, _date(req), reason, decision, _date(dec), outcome)
        for i, level, req, reason, decision, dec, outcome in conn.execute(
            "SELECT id, level, requested_on, reason, decision, decided_on, outcome "
            "FROM escalation WHERE case_id = ? ORDER BY requested_on, id", (cid,)))
    timeline = _timeline(conn, facts, names, escalations)
    return CaseView(facts, names.get(pd), names.get(duo), note, waiting_for, handover_to,
                    aftercare, people, professionals, escalations, timeline)


def _timeline(conn, facts: CaseFacts, names: dict[int, str],
              escalations: tuple[EscalationRow, ...]) -> tuple[TimelineEntry, ...]:
    cid = facts.id
    out: list[TimelineEntry] = []
    add = out.append
    for i, kind, planned, held, youth, parents, note, by in conn.execute(
            "SELECT id, kind, planned_on, held_on, youth_present, parents_present, note, "
            "recorded_by_id FROM meeting WHERE case_id = ?", (cid,)):
        on = _date(held) or _date(planned)
        add(TimelineEntry(on, MEETING, kind, note,
                          (("planned", held is None), ("youth", bool(youth)),
                           ("parents", bool(parents)), ("by", names.get(by))), i))
    for i, kind, on, description in conn.execute(
            "SELECT id, kind, occurred_on, description FROM significantevent "
            "WHERE case_id = ?", (cid,)):
        add(TimelineEntry(_date(on), EVENT, kind, description, (), i))
    for i, regime, start, ovv, note in conn.execute(
            "SELECT id, regime, start_on, ovv_decision_on, note FROM regimechange "
            "WHERE case_id = ?", (cid,)):
        add(TimelineEntry(_date(start), REGIME, regime, note, (("ovv", _date(ovv)),), i))
    for e in escalations:
        add(TimelineEntry(e.requested_on, ESCALATION, "requested", e.reason,
                          (("level", e.level),), e.id))
        if e.decided_on is not None:
            add(TimelineEntry(e.decided_on, ESCALATION, e.decision or "decided", e.outcome,
                              (("level", e.level),), e.id))
    for i, number, status, created, agreed, reason in conn.execute(
            "SELECT id, number, status, created_on, agreed_on, reason FROM planversion "
            "WHERE case_id = ?", (cid,)):
        add(TimelineEntry(_date(agreed) or _date(created), PLAN, status, reason,
                          (("number", number),), i))
    for i, kind, decided, reason, by in conn.execute(
            "SELECT id, kind, decided_on, reason, decided_by_id FROM plandecision "
            "WHERE case_id = ?", (cid,)):
        # An adjustment is already on the timeline as its new plan version.
        if kind != "adjusted":
            add(TimelineEntry(_date(decided), PLAN, kind, reason, (("by", names.get(by)),), i))
    for i, key, started, completed, by in conn.execute(
            "SELECT id, template_key, started_on, completed_on, consultant_id FROM checklistrun "
            "WHERE case_id = ?", (cid,)):
        add(TimelineEntry(_date(completed) or _date(started), CHECKLIST,
                          "completed" if completed else "started", None,
                          (("template", key), ("by", names.get(by))), i))
    for i, reviewer, on, verdict, remarks, read_on in conn.execute(
            "SELECT id, reviewer_id, reviewed_on, verdict, remarks, read_on FROM duoreview "
            "WHERE case_id = ?", (cid,)):
        add(TimelineEntry(_date(on), DUO, verdict, remarks,
                          (("by", names.get(reviewer)), ("unread", read_on is None)), i))
    for i, code, reason, until, on, by, withdrawn, withdrawn_by in conn.execute(
            "SELECT id, code, reason, until, acknowledged_on, acknowledged_by_id, "
            "withdrawn_on, withdrawn_by_id FROM acknowledgement WHERE case_id = ?", (cid,)):
        if withdrawn:
            # Added before the acknowledgement: on a tie (withdrawn the day it was
            # made) the stable newest-first sort then shows the withdrawal on top.
            add(TimelineEntry(_date(withdrawn), ACKNOWLEDGEMENT, code, None,
                              (("withdrawn", True), ("by", names.get(withdrawn_by))), i))
        add(TimelineEntry(_date(on), ACKNOWLEDGEMENT, code, reason,
                          (("until", _date(until)), ("by", names.get(by))), i))
    for i, on, instrument, outcome in conn.execute(
            "SELECT id, assessed_on, instrument, outcome FROM riskassessment WHERE case_id = ?",
            (cid,)):
        add(TimelineEntry(_date(on), RISK, "assessed", outcome,
                          (("instrument", instrument),), i))
    _case_entries(conn, facts, add)
    out.sort(key=lambda e: (e.on, _KIND_ORDER[e.kind], e.order), reverse=True)
    return tuple(out)


def _case_entries(conn, facts: CaseFacts, add) -> None:
    """Facts stored on the case row itself, each as its own dated entry."""
    f = facts
    add(TimelineEntry(f.opened_on, CASE, "opened"))
    if f.marking_letter_on:
        add(TimelineEntry(f.marking_letter_on, CASE, "marking_letter"))
    if f.case_director_named_on:
        add(TimelineEntry(f.case_director_named_on, CASE, "case_director",
                          None, (("name", f.case_director_name),
                                 ("organisation", f.case_director_org))))
    if f.role_agreement_on:
        note = conn.execute("SELECT role_agreement_note FROM care_case WHERE id = ?",
                            (f.id,)).fetchone()[0]
        add(TimelineEntry(f.role_agreement_on, CASE, "role_agreement", note))
    if f.waiting_since:
        add(TimelineEntry(f.waiting_since, CASE, "waiting"))
    if f.handover_on:
        add(TimelineEntry(f.handover_on, CASE, "handover"))
    if f.closed_on:
        add(TimelineEntry(f.closed_on, CASE, "closed", f.no_handover_reason,
                          (("reason", f.closing_reason),)))


# Within one day, show what follows from what on top: a case opened on a day
# sits below the meeting held that day.
_KIND_ORDER = {CASE: 0, REGIME: 1, EVENT: 2, MEETING: 3, ESCALATION: 4, PLAN: 5, RISK: 6,
               CHECKLIST: 7, DUO: 8, ACKNOWLEDGEMENT: 9}
