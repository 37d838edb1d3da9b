"""Facts + today + intervals in, signals out. Pure and fast.

The engine formats no text and never reads the clock: ``today`` and the
intervals are parameters. Interval lookups are turned into timedeltas once
per call (:func:`_compile`), and each case is read in one pass per list of
facts, so a caseload of 10,000 cases evaluates in well under 100 ms.

At most one signal per (case, code). A signal acknowledged with the same code
until a date on or after ``today`` is returned muted, with the
acknowledgement attached; an expired acknowledgement hides nothing. No
acknowledgement runs longer than the team's ``acknowledge_max`` days from the
day it was made, whatever end date the store holds (an old or imported
"until 2030" counts as that many days), and a muted signal is still returned:
screens show it as acknowledged, never as a case without signals. An
unresolved synchronisation conflict (``SYNC_CONFLICT``) is never muted.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from contextlib import contextmanager

from regie_tui.rules import signals as S
from regie_tui.rules import vocab
from regie_tui.rules.facts import Acknowledgement, CaseFacts, Caseload, ConsultantFacts
from regie_tui.rules.intervals import Intervals
from regie_tui.rules.signals import ATTENTION, DUE_SOON, OVERDUE, Signal

# Consequence codes a completed checklist can carry (declared by its template).
CONSEQUENCE_EVALUATION = "evaluation"
CONSEQUENCE_YOUTH_CONTACT = "youth_contact"
CONSEQUENCE_ADJUST_PLAN = "adjust_plan"
CONSEQUENCE_SAFETY_CONCERN = "safety_concern"

_VPR = vocab.VPR
_ACTIVE = vocab.ACTIVE
_CLOSED = vocab.CLOSED
_AGREED = vocab.AGREED
_ADJUSTED = vocab.ADJUSTED
_START = vocab.START_MEETING
_EVALUATION_KINDS = vocab.EVALUATION_KINDS
_CARE_AVOIDANCE = vocab.CARE_AVOIDANCE
_UNSAFE_VIEWS = frozenset({vocab.CONCERNS, vocab.UNSAFE})
_GOAL_OPEN = vocab.GOAL_OPEN
_CONSULTANT = vocab.CONSULTANT

# A Signal built without the frozen dataclass __init__ (which sets each field
# through object.__setattr__): same object, about twice as fast to make.
_new = object.__new__
_set_code = Signal.code.__set__
_set_severity = Signal.severity.__set__
_set_due = Signal.due.__set__
_set_case_id = Signal.case_id.__set__
_set_case_code = Signal.case_code.__set__
_set_consultant_id = Signal.consultant_id.__set__
_set_params = Signal.params.__set__
_set_ack = Signal.acknowledgement.__set__


def _signal(code, severity, due, case_id, case_code, consultant_id, params, ack) -> Signal:
    signal = _new(Signal)
    _set_code(signal, code)
    _set_severity(signal, severity)
    _set_due(signal, due)
    _set_case_id(signal, case_id)
    _set_case_code(signal, case_code)
    _set_consultant_id(signal, consultant_id)
    _set_params(signal, params)
    _set_ack(signal, ack)
    return signal


def active_acknowledgement(
    acks: tuple[Acknowledgement, ...], code: str, today: dt.date,
    longest: dt.timedelta | None = None,
) -> Acknowledgement | None:
    """The acknowledgement of ``code`` still in force on ``today`` (the longest-running one).

    With ``longest``, an acknowledgement ends at the latest that long after it
    was made; one capped so is returned with its capped end date.
    """
    best = None
    for ack in acks:
        if ack.code != code:
            continue
        if longest is not None and ack.until > ack.acknowledged_on + longest:
            ack = Acknowledgement(ack.code, ack.acknowledged_on + longest, ack.reason,
                                  ack.acknowledged_on)
        if ack.until >= today and (best is None or ack.until > best.until):
            best = ack
    return best


_Evaluator = Callable[[CaseFacts, list], None]
_ConsultantEvaluator = Callable[[ConsultantFacts, list], None]


def _compile(today: dt.date, iv: Intervals) -> tuple[_Evaluator, _ConsultantEvaluator]:
    """Two closures that append the signals of one case / consultant to a list.

    Everything that depends only on ``today`` and the intervals is computed
    here, once; the closures read it as fast local cells.
    """
    days = dt.timedelta
    soon = today + days(days=iv.due_soon)  # due on or before this date -> a signal
    d_start_meeting = days(days=iv.start_meeting)
    d_marking_letter = days(days=iv.marking_letter)
    d_first_mdo = days(days=iv.first_mdo)
    d_mdo_vpr = days(days=iv.mdo_vpr)
    d_mdo_pr = days(days=iv.mdo_pr)
    d_role_agreement = days(days=iv.role_agreement)
    d_duo_review = days(days=iv.duo_review)
    d_youth_vpr = days(days=iv.youth_contact_vpr)
    d_youth_pr = days(days=iv.youth_contact_pr)
    d_plan_missing = days(days=iv.plan_missing)
    d_plan_review = days(days=iv.plan_review)
    d_escalation = days(days=iv.escalation_decision)
    d_stagnation = days(days=iv.stagnation)
    d_risk = days(days=iv.risk_assessment)
    d_caseload = days(days=iv.caseload_review)
    i_start_meeting = ("interval", iv.start_meeting)
    i_marking_letter = ("interval", iv.marking_letter)
    i_first_mdo = ("interval", iv.first_mdo)
    i_mdo_vpr = ("interval", iv.mdo_vpr)
    i_mdo_pr = ("interval", iv.mdo_pr)
    i_role_agreement = ("interval", iv.role_agreement)
    i_duo_review = ("interval", iv.duo_review)
    i_youth_vpr = ("interval", iv.youth_contact_vpr)
    i_youth_pr = ("interval", iv.youth_contact_pr)
    i_plan_missing = ("interval", iv.plan_missing)
    i_plan_review = ("interval", iv.plan_review)
    i_escalation = ("interval", iv.escalation_decision)
    i_stagnation = ("interval", iv.stagnation)
    i_risk = ("interval", iv.risk_assessment)
    i_caseload = ("interval", iv.caseload_review)
    p_today = ("today", today)
    ack_longest = days(days=iv.acknowledge_max)
    regime_vpr = ("regime", _VPR)
    make = _signal
    new = _new
    set_code, set_severity, set_due = _set_code, _set_severity, _set_due
    set_case_id, set_case_code, set_consultant_id = _set_case_id, _set_case_code, _set_consultant_id
    set_params, set_ack = _set_params, _set_ack
    find_ack = active_acknowledgement
    evaluation_kinds = _EVALUATION_KINDS
    unsafe_views = _UNSAFE_VIEWS

    def emit(case: CaseFacts, out: list, code: str, severity: str, due, params) -> None:
        signal = new(Signal)
        set_code(signal, code)
        set_severity(signal, severity)
        set_due(signal, due)
        set_case_id(signal, case.id)
        set_case_code(signal, case.code)
        set_consultant_id(signal, case.process_director_id)
        set_params(signal, params)
        acks = case.acknowledgements
        set_ack(signal, find_ack(acks, code, today, ack_longest) if acks else None)
        out.append(signal)

    def case_signals(case: CaseFacts, out: list) -> None:
        conflicts = case.sync_conflicts
        if conflicts:
            # On any case, open or closed, and never muted by an acknowledgement:
            # a conflict is resolved on the conflicts screen, not put off.
            first = conflicts[0]
            variant = "many" if len(conflicts) > 1 else None
            if first.refused:
                variant = "many_refused" if variant else "refused"
            out.append(make(S.SYNC_CONFLICT, ATTENTION, None, case.id, case.code,
                            case.process_director_id,
                            (("variant", variant), ("count", len(conflicts)),
                             ("what", first.command), ("who", first.server_login),
                             ("when", first.server_changed_at), ("message", first.message)),
                            None))
        status = case.status
        if status != _ACTIVE:
            if status == _CLOSED and case.handover_on is None and not case.no_handover_reason:
                closed = case.closed_on
                emit(case, out, S.HANDOVER_INCOMPLETE, ATTENTION, None,
                     (("variant", None if closed else "undated"), ("closed", closed)))
            return

        opened = case.opened_on
        regimes = case.regimes
        if regimes:
            period = regimes[-1]
            regime = period.regime
            regime_start = period.start
            vpr = regime == _VPR
            decided = (period.ovv_decision_on or regime_start) if vpr else None
        else:
            regime = regime_start = decided = None
            vpr = False

        # -- meetings: first start meeting since the VPR decision, last
        #    evaluation, last contact with the youth (held: held_on <= today).
        first_start = last_eval = last_youth = None
        for m in case.meetings:
            held = m.held_on
            if held is None or held > today:
                continue
            kind = m.kind
            if kind in evaluation_kinds:
                if last_eval is None or held > last_eval:
                    last_eval = held
            elif (kind == _START and vpr and held >= decided
                  and (first_start is None or held < first_start)):
                first_start = held
            if m.youth_present and (last_youth is None or held > last_youth):
                last_youth = held

        risks = case.risk_assessments
        last_risk = max(risks) if risks else None  # resolves every trigger on or before it

        # -- completed checklists and their consequences.
        adjust_asked = None  # earliest "adjust the plan" not followed by an adjustment
        checklist_safety = None  # earliest safety concern (resolved below)
        checklists = case.checklists
        if checklists:
            adjusted_dates = [d.decided_on for d in case.decisions if d.kind == _ADJUSTED]
            last_adjusted = max(adjusted_dates) if adjusted_dates else None
            for c in checklists:
                cons = c.consequences
                if not cons:
                    continue
                done = c.completed_on
                if CONSEQUENCE_EVALUATION in cons and (last_eval is None or done > last_eval):
                    last_eval = done
                if CONSEQUENCE_YOUTH_CONTACT in cons and (last_youth is None or done > last_youth):
                    last_youth = done
                if (CONSEQUENCE_ADJUST_PLAN in cons
                        and (last_adjusted is None or last_adjusted < done)
                        and (adjust_asked is None or done < adjust_asked)):
                    adjust_asked = done
                if (CONSEQUENCE_SAFETY_CONCERN in cons
                        and (last_risk is None or last_risk < done)
                        and (checklist_safety is None or done < checklist_safety)):
                    checklist_safety = done

        # -- VPR: start meeting, marking letter, first MDO, duo partner and review.
        if vpr:
            if first_start is None:
                due = decided + d_start_meeting
                if due <= soon:
                    emit(case, out, S.START_MEETING_MISSING, OVERDUE if due < today else DUE_SOON, due,
                         (("decided", decided), i_start_meeting, p_today))
            letter = case.marking_letter_on
            if letter is None or letter < decided:
                due = decided + d_marking_letter
                if due <= soon:
                    emit(case, out, S.MARKING_LETTER_MISSING, OVERDUE if due < today else DUE_SOON, due,
                         (("variant", None if letter is None else "before"), ("letter", letter),
                          ("decided", decided), i_marking_letter, p_today))
            if first_start is not None:
                if last_eval is None or last_eval < first_start:
                    due = first_start + d_first_mdo
                    if due <= soon:
                        emit(case, out, S.FIRST_MDO_OVERDUE, OVERDUE if due < today else DUE_SOON, due,
                             (("start", first_start), i_first_mdo, p_today))
                else:
                    due = last_eval + d_mdo_vpr
                    if due <= soon:
                        emit(case, out, S.MDO_OVERDUE, OVERDUE if due < today else DUE_SOON, due,
                             (("last", last_eval), regime_vpr, i_mdo_vpr, p_today))
            partner = case.duo_partner_id
            if partner is None:
                emit(case, out, S.DUO_PARTNER_MISSING, ATTENTION, None, (("since", decided),))
            else:
                last_review = None
                for r in case.duo_reviews:
                    on = r.reviewed_on
                    if (r.reviewer_id == partner and on <= today
                            and (last_review is None or on > last_review)):
                        last_review = on
                due = (last_review or decided) + d_duo_review
                if due <= soon:
                    emit(case, out, S.DUO_REVIEW_OVERDUE, OVERDUE if due < today else DUE_SOON, due,
                         (("variant", None if last_review else "none"), ("last", last_review),
                          ("since", decided), i_duo_review, p_today))
        else:
            # PR (or no regime recorded): the clock runs from the later of the last
            # evaluation and the start of the current regime (or the opening).
            since = regime_start or opened
            if last_eval is not None and last_eval >= since:
                due = last_eval + d_mdo_pr
                if due <= soon:
                    emit(case, out, S.MDO_OVERDUE, OVERDUE if due < today else DUE_SOON, due,
                         (("last", last_eval), ("regime", regime or vocab.PR), i_mdo_pr,
                          p_today))
            else:
                due = since + d_mdo_pr
                if due <= soon:
                    emit(case, out, S.MDO_OVERDUE, OVERDUE if due < today else DUE_SOON, due,
                         (("variant", "regime" if regime else "opened"), ("since", since),
                          ("regime", regime), ("last", last_eval), i_mdo_pr, p_today))

        # -- case director and role agreement.
        director = case.case_director_name
        if not director:
            if case.professionals > 0:
                emit(case, out, S.CASE_DIRECTOR_MISSING, ATTENTION, None,
                     (("professionals", case.professionals),))
        else:
            named = case.case_director_named_on
            agreed = case.role_agreement_on
            if agreed is None or (named is not None and agreed < named):
                if first_start is not None:
                    base, variant = first_start, "start"
                elif named is not None:
                    base, variant = named, None
                else:
                    base, variant = opened, "opened"
                due = base + d_role_agreement
                if due <= soon:
                    emit(case, out, S.ROLE_AGREEMENT_MISSING, OVERDUE if due < today else DUE_SOON, due,
                         (("variant", variant), ("base", base), ("agreement", agreed),
                          i_role_agreement, p_today))

        # -- contact with the youth.
        if last_youth is not None:
            base, variant = last_youth, None
        elif regime_start is not None:
            base, variant = regime_start, "regime"
        else:
            base, variant = opened, "opened"
        due = base + (d_youth_vpr if vpr else d_youth_pr)
        if due <= soon:
            emit(case, out, S.YOUTH_CONTACT_OVERDUE, OVERDUE if due < today else DUE_SOON, due,
                 (("variant", variant), ("last", last_youth), ("since", base),
                  ("regime", regime or vocab.PR), i_youth_vpr if vpr else i_youth_pr,
                  p_today))

        # -- plan of approach, risk triggers from the plan's view on safety.
        current = None
        plan_safety = plan_safety_view = None  # earliest agreed version with concerns/unsafe
        for p in case.plans:
            if p.status != _AGREED:
                continue
            if current is None or p.number > current.number:
                current = p
            if p.safety in unsafe_views:
                on = p.agreed_on or p.created_on
                if ((last_risk is None or last_risk < on)
                        and (plan_safety is None or on < plan_safety)):
                    plan_safety, plan_safety_view = on, p.safety

        if current is None:
            due = opened + d_plan_missing
            if due <= soon:
                emit(case, out, S.PLAN_MISSING, OVERDUE if due < today else DUE_SOON, due,
                     (("opened", opened), i_plan_missing, p_today))
        else:
            # Significant events since the current version, not answered by a decision.
            agreed_on = current.agreed_on or current.created_on
            events = case.events
            first_event = first_event_kind = None
            unanswered = 0
            if events:
                answered: set[int] = set()
                blanket = None  # last decision answering everything before it
                for d in case.decisions:
                    if d.answers:
                        answered.update(d.answers)
                    elif blanket is None or d.decided_on > blanket:
                        blanket = d.decided_on
                for e in events:
                    on = e.occurred_on
                    if (agreed_on <= on <= today and e.id not in answered
                            and (blanket is None or blanket < on)):
                        unanswered += 1
                        if first_event is None or on < first_event:
                            first_event, first_event_kind = on, e.kind
            if first_event is not None or adjust_asked is not None:
                if adjust_asked is None or (first_event is not None
                                            and first_event <= adjust_asked):
                    base = first_event
                    params = (("since", first_event), ("event", first_event_kind),
                              ("count", unanswered))
                else:
                    base = adjust_asked
                    params = (("variant", "checklist"), ("since", adjust_asked),
                              ("count", unanswered))
                due = base + d_plan_review
                if due <= soon:
                    emit(case, out, S.PLAN_REVIEW_DUE, OVERDUE if due < today else DUE_SOON, due,
                         (*params, i_plan_review, p_today))

            # Open goals with a deadline in the current plan.
            earliest = None
            late = 0
            for g in current.goals:
                deadline = g.deadline
                if deadline is not None and g.status == _GOAL_OPEN:
                    if deadline < today:
                        late += 1
                    if earliest is None or deadline < earliest:
                        earliest = deadline
            if earliest is not None and earliest <= soon:
                emit(case, out, S.GOAL_OVERDUE, OVERDUE if earliest < today else DUE_SOON, earliest,
                     (("variant", None if late else "soon"), ("overdue", late),
                      ("deadline", earliest), p_today))

        # -- escalations and stagnation.
        escalations = case.escalations
        waiting = case.waiting_since
        escalated_since_waiting = False
        if escalations:
            oldest = oldest_level = None
            pending = 0
            for e in escalations:
                on = e.requested_on
                if waiting is not None and on >= waiting:
                    escalated_since_waiting = True
                if e.decided_on is None:
                    pending += 1
                    if oldest is None or on < oldest:
                        oldest, oldest_level = on, e.level
            if oldest is not None:
                due = oldest + d_escalation
                if due <= soon:
                    emit(case, out, S.ESCALATION_PENDING, OVERDUE if due < today else DUE_SOON, due,
                         (("requested", oldest), ("level", oldest_level), ("count", pending),
                          i_escalation, p_today))
        if waiting is not None and not escalated_since_waiting:
            due = waiting + d_stagnation
            if due <= soon:
                adjusted = False
                for d in case.decisions:
                    if d.kind == _ADJUSTED and d.decided_on >= waiting:
                        adjusted = True
                        break
                if not adjusted:
                    emit(case, out, S.STAGNATION, OVERDUE if due < today else DUE_SOON, due,
                         (("since", waiting), i_stagnation, p_today))

        # -- risk assessment after care avoidance or a safety concern.
        trigger = variant = safety_view = None
        for e in case.events:
            if e.kind == _CARE_AVOIDANCE:
                on = e.occurred_on
                if (last_risk is None or last_risk < on) and (trigger is None or on < trigger):
                    trigger = on
        if plan_safety is not None and (trigger is None or plan_safety < trigger):
            trigger, variant, safety_view = plan_safety, "plan", plan_safety_view
        if checklist_safety is not None and (trigger is None or checklist_safety < trigger):
            trigger, variant, safety_view = checklist_safety, "checklist", None
        if trigger is not None:
            due = trigger + d_risk
            if due <= soon:
                emit(case, out, S.RISK_ASSESSMENT_MISSING, OVERDUE if due < today else DUE_SOON, due,
                     (("variant", variant), ("since", trigger), ("safety", safety_view),
                      i_risk, p_today))

        # -- cross-region lead.
        if case.cross_region and not case.lead_organisation:
            emit(case, out, S.LEAD_AGREEMENT_MISSING, ATTENTION, None, ())

    def consultant_signals(consultant: ConsultantFacts, out: list) -> None:
        if consultant.role != _CONSULTANT or not consultant.reviews_known:
            return  # no reviews to keep; or hidden from the reader: no wrong signal
        last = None
        for on in consultant.caseload_reviews:
            if on <= today and (last is None or on > last):
                last = on
        if last is None:
            severity, due, params = OVERDUE, None, (("variant", "none"), i_caseload)
        else:
            due = last + d_caseload
            if due > soon:
                return
            severity = OVERDUE if due < today else DUE_SOON
            params = (("last", last), i_caseload, p_today)
        acks = consultant.acknowledgements
        ack = find_ack(acks, S.CASELOAD_REVIEW_OVERDUE, today, ack_longest) if acks else None
        out.append(make(S.CASELOAD_REVIEW_OVERDUE, severity, due, None, None, consultant.id,
                        params, ack))

    return case_signals, consultant_signals


def evaluate_case(case: CaseFacts, today: dt.date, intervals: Intervals) -> list[Signal]:
    """The signals of one case, in rule order (sort with ``signals.sort_signals``)."""
    out: list[Signal] = []
    _compile(today, intervals)[0](case, out)
    return out


def evaluate_consultant(
    consultant: ConsultantFacts, today: dt.date, intervals: Intervals
) -> list[Signal]:
    """The signals of one consultant (caseload review)."""
    out: list[Signal] = []
    _compile(today, intervals)[1](consultant, out)
    return out


def evaluate(caseload: Caseload, today: dt.date, intervals: Intervals) -> list[Signal]:
    """The signals of every case, then of every consultant, in that order."""
    case_signals, consultant_signals = _compile(today, intervals)
    out: list[Signal] = []
    with _collector_paused():
        for case in caseload.cases:
            case_signals(case, out)
        for consultant in caseload.consultants.values():
            consultant_signals(consultant, out)
    return out


def evaluate_cases(
    cases: list[CaseFacts], today: dt.date, intervals: Intervals
) -> dict[int, list[Signal]]:
    """Signals grouped by case id (every case present, possibly with an empty list)."""
    case_signals = _compile(today, intervals)[0]
    grouped: dict[int, list[Signal]] = {}
    with _collector_paused():
        for case in cases:
            out: list[Signal] = []
            case_signals(case, out)
            grouped[case.id] = out
    return grouped


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector around a big evaluation.

    The engine allocates only acyclic objects (signals, tuples, dates), yet
    each allocation counts towards a collection that scans every live object,
    caseload included: pausing it saves about a quarter of the time on big
    caseloads. Nothing is leaked; reference counting still frees everything.
    """
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
