"""Store commands: every write the screens need.

Each command is one transaction: it validates its input (``ValidationError``
names the field and rule), checks the case's version (``ConflictError`` when
the case changed since it was read), writes, and appends one audit entry —
all or nothing. Commands on a case take ``expected_version`` and return a
:class:`Saved` with the case's new version, so a screen can keep editing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlmodel import select

from regie_tui.base.errors import ConflictError, NotFoundError, ValidationError
from regie_tui.base.i18n import _, format_date
from regie_tui.data import audit
from regie_tui.data import date_rules as R
from regie_tui.data import tables as T
from regie_tui.data import validate as v
from regie_tui.data.outbox import ADDITION, CHANGE, before_change, on_audit, recorded
from regie_tui.rules import vocab
from regie_tui.rules.intervals import Intervals

NAME, NOTE, ORG = 120, 4000, 120
ACKNOWLEDGE_MAX_DAYS = Intervals.acknowledge_max  # the default; screens pass the team's


@dataclass(frozen=True)
class Saved:
    case_id: int | None
    version: int | None
    object_id: int | None = None


@dataclass
class _Change:
    session: object
    case: T.Case | None
    object: str = ""


@dataclass(frozen=True)
class PersonInput:
    name: str
    role: str
    birth_year: int | None = None


@dataclass(frozen=True)
class ProfessionalInput:
    name: str
    organisation: str
    role: str


@dataclass(frozen=True)
class GoalInput:
    description: str
    intended_result: str | None = None
    deadline: dt.date | None = None
    owner: str = "family"
    status: str = vocab.GOAL_OPEN
    note: str | None = None


@dataclass(frozen=True)
class PlanInput:
    goals: Sequence[GoalInput] = ()
    protective: Sequence[str] = ()
    threatening: Sequence[str] = ()
    safety: str | None = None
    safety_note: str | None = None
    origin: str = "own"


@dataclass(frozen=True)
class Agreement:
    agreed_on: dt.date
    by_parents: bool = False
    by_youth: bool = False
    by_case_director: bool = False


def _conflict() -> ConflictError:
    return ConflictError(_(
        "This case was changed elsewhere since you opened it. Nothing was saved: "
        "reload the case to see the latest version."))


def _audit(store, session, action: str, obj: str, case: T.Case | None = None) -> None:
    # On a copy taken along: the outbox row of this command (data.outbox); on the
    # team store during a push: the operation's outcome. Same transaction.
    on_audit(store, session, action, obj, case)
    audit.append(
        session, at=store.clock.now().isoformat(timespec="seconds"), actor=store.actor,
        action=action, object=obj, device=store.device,
        case_id=case.id if case else None, case_code=case.code if case else None,
    )


@contextmanager
def _changing_case(store, case_id: int, expected_version: int, action: str) -> Iterator[_Change]:
    """The transaction of one command on one case, with version check and audit."""
    with store.session() as session:
        # Locked until the commit, so a second writer waits and then sees the new
        # version (data.engines); a case that may be read but not changed is refused.
        case = store.backend.case_for_change(session, T.Case, case_id)
        if case is None:
            raise NotFoundError(_("This case no longer exists."))
        if case.version != expected_version:
            raise _conflict()
        before_change(case)
        case.version += 1
        change = _Change(session, case)
        yield change
        session.flush()
        _audit(store, session, action, change.object or f"case:{case.id}", case)


@contextmanager
def _adding_to_case(store, case_id: int, expected_version: int,
                    action: str) -> Iterator[_Change]:
    """The transaction of an addition someone who may not change the case makes
    (the duo partner's review): the same version check and audit, but the case row
    is only held, not changed, so its version stays and the process director's
    open edits stay valid (a team store's rules would refuse the partner a change
    of the row anyway)."""
    with store.session() as session:
        case = store.backend.case_for_addition(session, T.Case, case_id)
        if case is None:
            raise NotFoundError(_("This case no longer exists."))
        if case.version != expected_version:
            raise _conflict()
        change = _Change(session, case)
        yield change
        session.flush()
        _audit(store, session, action, change.object or f"case:{case.id}", case)


def _add(change: _Change, row, label: str) -> int:
    """Add a history row to the case in this transaction; it is what the audit entry names."""
    change.session.add(row)
    change.session.flush()
    change.object = f"{label}:{row.id}"
    return row.id


def _saved(store, change: _Change, obj_id: int | None = None) -> Saved:
    return Saved(change.case.id, change.case.version, obj_id)


def _consultant(session, field_name: str, label: str, consultant_id: int | None,
                required: bool = False) -> int | None:
    if consultant_id is None:
        if required:
            raise ValidationError(field_name, _("{label} is required.").format(label=label))
        return None
    if session.get(T.Consultant, consultant_id) is None:
        raise ValidationError(field_name, _("{label}: unknown consultant.").format(label=label))
    return consultant_id


def _actor_id(store, session) -> int | None:
    return session.exec(select(T.Consultant.id).where(T.Consultant.name == store.actor)).first()


# -- consultants --------------------------------------------------------------

def create_consultant(store, name: str, role: str = vocab.CONSULTANT) -> int:
    name = v.text("name", _("Name"), name, max_len=NAME)
    role = v.choice("role", _("Role"), role, vocab.CONSULTANT_ROLES)
    with store.session() as session:
        if session.exec(select(T.Consultant).where(T.Consultant.name == name)).first():
            raise ValidationError("name", _("There is already a consultant with this name."))
        consultant = T.Consultant(name=name, role=role)
        session.add(consultant)
        session.flush()
        _audit(store, session, "create_consultant", f"consultant:{consultant.id}")
        return consultant.id


def record_caseload_review(store, consultant_id: int, held_on: dt.date,
                           note: str | None = None) -> int:
    today = store.clock.today()
    held_on = v.happened("held_on", _("Date held"), held_on, today)
    note = v.text("note", _("Note"), note, max_len=NOTE, required=False, multiline=True)
    with store.session() as session:
        _consultant(session, "consultant", _("Consultant"), consultant_id, required=True)
        meeting = T.Meeting(consultant_id=consultant_id, kind=vocab.CASELOAD_REVIEW,
                            held_on=held_on, note=note, recorded_by_id=_actor_id(store, session))
        session.add(meeting)
        session.flush()
        _audit(store, session, "record_caseload_review", f"meeting:{meeting.id}")
        return meeting.id


# -- cases ----------------------------------------------------------------------

def create_case(store, *, code: str, alias: str, opened_on: dt.date,
                process_director_id: int | None, regime: str = vocab.PR,
                ovv_decision_on: dt.date | None = None, duo_partner_id: int | None = None,
                people: Sequence[PersonInput] = (),
                professionals: Sequence[ProfessionalInput] = ()) -> Saved:
    today = store.clock.today()
    code = v.text("code", _("Case code"), code, max_len=40)
    alias = v.text("alias", _("Family alias"), alias, max_len=NAME)
    opened_on = v.happened("opened_on", _("Start date"), opened_on, today)
    regime = v.choice("regime", _("Regime"), regime, vocab.REGIMES)
    if regime == vocab.VPR:
        ovv_decision_on = v.happened("ovv_decision_on", _("OVV decision date"),
                                     ovv_decision_on, today)
    people = [_person(p, i, today) for i, p in enumerate(people)]
    professionals = [_professional(p, i) for i, p in enumerate(professionals)]
    with store.session() as session:
        if session.exec(select(T.Case.id).where(T.Case.code == code)).first() is not None:
            raise ValidationError("code", _("There is already a case with code {code}.").format(
                code=code))
        _consultant(session, "process_director", _("Process director"), process_director_id,
                    required=True)
        _consultant(session, "duo_partner", _("Duo partner"), duo_partner_id)
        case = T.Case(code=code, alias=alias, opened_on=opened_on,
                      process_director_id=process_director_id, duo_partner_id=duo_partner_id)
        session.add(case)
        session.flush()
        session.add(T.RegimeChange(case_id=case.id, regime=regime, start_on=opened_on,
                                   ovv_decision_on=ovv_decision_on))
        for p in people:
            session.add(T.Person(case_id=case.id, **p))
        for p in professionals:
            session.add(T.Professional(case_id=case.id, **p))
        session.flush()
        _audit(store, session, "create_case", f"case:{case.id}", case)
        return Saved(case.id, case.version, case.id)


def _person(p: PersonInput, i: int, today: dt.date) -> dict:
    return dict(
        name=v.text(f"people[{i}].name", _("Name"), p.name, max_len=NAME),
        role=v.choice(f"people[{i}].role", _("Role"), p.role, vocab.PERSON_ROLES),
        birth_year=v.birth_year(f"people[{i}].birth_year", _("Birth year"), p.birth_year, today),
    )


def _professional(p: ProfessionalInput, i: int) -> dict:
    return dict(
        name=v.text(f"professionals[{i}].name", _("Name"), p.name, max_len=NAME),
        organisation=v.text(f"professionals[{i}].organisation", _("Organisation"),
                            p.organisation, max_len=ORG),
        role=v.text(f"professionals[{i}].role", _("Role"), p.role, max_len=NAME),
    )


@recorded(ADDITION)
def add_person(store, case_id: int, expected_version: int, person: PersonInput) -> Saved:
    data = _person(person, 0, store.clock.today())
    with _changing_case(store, case_id, expected_version, "add_person") as ch:
        row_id = _add(ch, T.Person(case_id=case_id, **data), "person")
    return _saved(store, ch, row_id)


@recorded(ADDITION)
def add_professional(store, case_id: int, expected_version: int,
                     professional: ProfessionalInput) -> Saved:
    data = _professional(professional, 0)
    with _changing_case(store, case_id, expected_version, "add_professional") as ch:
        row_id = _add(ch, T.Professional(case_id=case_id, **data), "professional")
    return _saved(store, ch, row_id)


@recorded(ADDITION)
def record_meeting(store, case_id: int, expected_version: int, *, kind: str,
                   held_on: dt.date | None = None, planned_on: dt.date | None = None,
                   youth_present: bool = False, parents_present: bool = False,
                   note: str | None = None) -> Saved:
    """A meeting or contact that was held, or one planned for later."""
    today = store.clock.today()
    kind = v.choice("kind", _("Kind"), kind, dict.fromkeys(vocab.CASE_MEETING_KINDS))
    held_on = v.happened("held_on", _("Date held"), held_on, today, required=False)
    planned_on = v.date("planned_on", _("Planned date"), planned_on, required=False)
    if held_on is None and planned_on is None:
        raise ValidationError("held_on", _("Give the date it was held, or the planned date."))
    if held_on is None and (youth_present or parents_present):
        raise ValidationError("youth_present", _(
            "Who took part can only be recorded for a meeting that was held."))
    note = v.text("note", _("Note"), note, max_len=NOTE, required=False, multiline=True)
    with _changing_case(store, case_id, expected_version, "record_meeting") as ch:
        R.after_opening("held_on", _("Date held"), held_on, ch.case.opened_on)
        row_id = _add(ch, T.Meeting(case_id=case_id, kind=kind, held_on=held_on, planned_on=planned_on,
                        youth_present=youth_present, parents_present=parents_present, note=note,
                        recorded_by_id=_actor_id(store, ch.session)), "meeting")
    return _saved(store, ch, row_id)


@recorded(ADDITION)
def record_event(store, case_id: int, expected_version: int, *, kind: str,
                 occurred_on: dt.date, description: str | None = None) -> Saved:
    today = store.clock.today()
    kind = v.choice("kind", _("Kind"), kind, vocab.EVENT_KINDS)
    occurred_on = v.happened("occurred_on", _("Date"), occurred_on, today)
    description = v.text("description", _("Description"), description, max_len=NOTE,
                         required=kind == vocab.OTHER_EVENT, multiline=True)
    with _changing_case(store, case_id, expected_version, "record_event") as ch:
        row_id = _add(ch, T.SignificantEvent(case_id=case_id, kind=kind, occurred_on=occurred_on,
                                 description=description), "event")
    return _saved(store, ch, row_id)


@recorded(ADDITION)
def change_regime(store, case_id: int, expected_version: int, *, regime: str,
                  start_on: dt.date, ovv_decision_on: dt.date | None = None,
                  note: str | None = None) -> Saved:
    today = store.clock.today()
    regime = v.choice("regime", _("Regime"), regime, vocab.REGIMES)
    start_on = v.happened("start_on", _("Start date"), start_on, today)
    if regime == vocab.VPR:
        ovv_decision_on = v.happened("ovv_decision_on", _("OVV decision date"),
                                     ovv_decision_on, today)
        R.after_ovv("start_on", _("Start date"), start_on, ovv_decision_on)
    note = v.text("note", _("Note"), note, max_len=NOTE, required=False, multiline=True)
    with _changing_case(store, case_id, expected_version, "change_regime") as ch:
        current = ch.session.exec(
            select(T.RegimeChange).where(T.RegimeChange.case_id == case_id)
            .order_by(T.RegimeChange.start_on.desc(), T.RegimeChange.id.desc())).first()
        if current is not None:
            if current.regime == regime:
                raise ValidationError("regime", _("The case is already in this regime."))
            v.not_before("start_on", _("Start date"), start_on, current.start_on,
                         _("the start of the current regime"))
        row_id = _add(ch, T.RegimeChange(case_id=case_id, regime=regime, start_on=start_on,
                             ovv_decision_on=ovv_decision_on, note=note), "regime")
    return _saved(store, ch, row_id)


@recorded(CHANGE, fields=("marking_letter_on",))
def record_marking_letter(store, case_id: int, expected_version: int, *,
                          sent_on: dt.date) -> Saved:
    sent_on = v.happened("sent_on", _("Date sent"), sent_on, store.clock.today())
    with _changing_case(store, case_id, expected_version, "record_marking_letter") as ch:
        ch.case.marking_letter_on = sent_on
    return _saved(store, ch)


@recorded(CHANGE, fields=("case_director_name", "case_director_org", "case_director_named_on"))
def name_case_director(store, case_id: int, expected_version: int, *, name: str,
                       organisation: str, named_on: dt.date) -> Saved:
    name = v.text("name", _("Case director"), name, max_len=NAME)
    organisation = v.text("organisation", _("Organisation"), organisation, max_len=ORG)
    named_on = v.happened("named_on", _("Date named"), named_on, store.clock.today())
    with _changing_case(store, case_id, expected_version, "name_case_director") as ch:
        ch.case.case_director_name = name
        ch.case.case_director_org = organisation
        ch.case.case_director_named_on = named_on
    return _saved(store, ch)


@recorded(CHANGE, fields=("role_agreement_on", "role_agreement_note"))
def record_role_agreement(store, case_id: int, expected_version: int, *,
                          agreed_on: dt.date, note: str | None = None) -> Saved:
    agreed_on = v.happened("agreed_on", _("Date agreed"), agreed_on, store.clock.today())
    note = v.text("note", _("Agreements"), note, max_len=NOTE, required=True, multiline=True)
    with _changing_case(store, case_id, expected_version, "record_role_agreement") as ch:
        if not ch.case.case_director_name:
            raise ValidationError("agreed_on", _(
                "Name the case director first: a role agreement is made with them."))
        R.after_naming("agreed_on", _("Date agreed"), agreed_on, ch.case.case_director_named_on)
        ch.case.role_agreement_on = agreed_on
        ch.case.role_agreement_note = note
    return _saved(store, ch)


@recorded(CHANGE, fields=("duo_partner_id",))
def set_duo_partner(store, case_id: int, expected_version: int, *,
                    consultant_id: int | None) -> Saved:
    with _changing_case(store, case_id, expected_version, "set_duo_partner") as ch:
        _consultant(ch.session, "duo_partner", _("Duo partner"), consultant_id, required=True)
        if consultant_id == ch.case.process_director_id:
            raise ValidationError("duo_partner", _(
                "The duo partner must be another consultant than the process director."))
        ch.case.duo_partner_id = consultant_id
    return _saved(store, ch)


@recorded(CHANGE, fields=("process_director_id",))
def set_process_director(store, case_id: int, expected_version: int, *,
                         consultant_id: int) -> Saved:
    with _changing_case(store, case_id, expected_version, "set_process_director") as ch:
        _consultant(ch.session, "process_director", _("Process director"), consultant_id,
                    required=True)
        ch.case.process_director_id = consultant_id
    return _saved(store, ch)


@recorded(CHANGE, fields=("cross_region", "lead_organisation"))
def set_cross_region(store, case_id: int, expected_version: int, *, cross_region: bool,
                     lead_organisation: str | None = None) -> Saved:
    lead = v.text("lead_organisation", _("Lead organisation"), lead_organisation, max_len=ORG,
                  required=False)
    with _changing_case(store, case_id, expected_version, "set_cross_region") as ch:
        ch.case.cross_region = cross_region
        ch.case.lead_organisation = lead if cross_region else None
    return _saved(store, ch)


@recorded(CHANGE, fields=("waiting_since", "waiting_for"))
def set_waiting(store, case_id: int, expected_version: int, *, since: dt.date | None,
                waiting_for: str | None = None) -> Saved:
    """Waiting for a placement or treatment since a date; ``since=None`` ends the wait."""
    since = v.happened("since", _("Waiting since"), since, store.clock.today(), required=False)
    waiting_for = v.text("waiting_for", _("Waiting for"), waiting_for, max_len=200,
                         required=since is not None)
    with _changing_case(store, case_id, expected_version, "set_waiting") as ch:
        ch.case.waiting_since = since
        ch.case.waiting_for = waiting_for
    return _saved(store, ch)


@recorded(ADDITION)
def request_escalation(store, case_id: int, expected_version: int, *, level: str,
                       requested_on: dt.date, reason: str) -> Saved:
    level = v.choice("level", _("Level"), level, vocab.ESCALATION_LEVELS)
    requested_on = v.happened("requested_on", _("Date requested"), requested_on,
                              store.clock.today())
    reason = v.text("reason", _("Reason"), reason, max_len=NOTE, multiline=True)
    with _changing_case(store, case_id, expected_version, "request_escalation") as ch:
        row_id = _add(ch, T.Escalation(case_id=case_id, level=level, requested_on=requested_on,
                           reason=reason), "escalation")
    return _saved(store, ch, row_id)


@recorded(ADDITION, refs={"escalation_id": "escalation"})
def decide_escalation(store, case_id: int, expected_version: int, *, escalation_id: int,
                      decision: str, decided_on: dt.date, outcome: str | None = None) -> Saved:
    decision = v.choice("decision", _("Decision"), decision, vocab.ESCALATION_DECISIONS)
    decided_on = v.happened("decided_on", _("Date decided"), decided_on, store.clock.today())
    outcome = v.text("outcome", _("Outcome"), outcome, max_len=NOTE, required=False,
                     multiline=True)
    with _changing_case(store, case_id, expected_version, "decide_escalation") as ch:
        row = ch.session.get(T.Escalation, escalation_id)
        if row is None or row.case_id != case_id:
            raise ValidationError("escalation", _("This escalation does not belong to the case."))
        if row.decision is not None:
            raise ValidationError("escalation", _("This escalation has already been decided."))
        R.after_request("decided_on", _("Date decided"), decided_on, row.requested_on)
        row.decision, row.decided_on, row.outcome = decision, decided_on, outcome
        ch.object = f"escalation:{row.id}"
    return _saved(store, ch, row.id)


@recorded(ADDITION)
def record_risk_assessment(store, case_id: int, expected_version: int, *,
                           assessed_on: dt.date, instrument: str | None = None,
                           outcome: str | None = None) -> Saved:
    assessed_on = v.happened("assessed_on", _("Date assessed"), assessed_on,
                             store.clock.today())
    instrument = v.text("instrument", _("Instrument"), instrument, max_len=NAME, required=False)
    outcome = v.text("outcome", _("Outcome"), outcome, max_len=NOTE, required=True,
                     multiline=True)
    with _changing_case(store, case_id, expected_version, "record_risk_assessment") as ch:
        row_id = _add(ch, T.RiskAssessment(case_id=case_id, assessed_on=assessed_on, instrument=instrument,
                               outcome=outcome), "risk_assessment")
    return _saved(store, ch, row_id)


@recorded(ADDITION)
def record_duo_review(store, case_id: int, expected_version: int, *, reviewer_id: int,
                      reviewed_on: dt.date, verdict: str, remarks: str | None = None) -> Saved:
    reviewed_on = v.happened("reviewed_on", _("Date reviewed"), reviewed_on,
                             store.clock.today())
    verdict = v.choice("verdict", _("Verdict"), verdict, vocab.DUO_VERDICTS)
    remarks = v.text("remarks", _("Remarks"), remarks, max_len=NOTE, required=verdict != "agreed",
                     multiline=True)
    with _adding_to_case(store, case_id, expected_version, "record_duo_review") as ch:
        _consultant(ch.session, "reviewer", _("Reviewer"), reviewer_id, required=True)
        if reviewer_id == ch.case.process_director_id:
            raise ValidationError("reviewer", _(
                "The process director cannot review their own case as duo partner."))
        row_id = _add(ch, T.DuoReview(case_id=case_id, reviewer_id=reviewer_id, reviewed_on=reviewed_on,
                          verdict=verdict, remarks=remarks), "duo_review")
    return _saved(store, ch, row_id)


@recorded(ADDITION)
def acknowledge_signal(store, *, code: str, reason: str, until: dt.date,
                       case_id: int | None = None, expected_version: int | None = None,
                       consultant_id: int | None = None,
                       max_days: int = ACKNOWLEDGE_MAX_DAYS) -> Saved:
    """Mute a signal with a reason until a date (for a case, or a consultant's own signal).

    ``max_days`` is the team's ``acknowledge_max`` (rules.toml): a later end
    date is refused, so nobody hides a late signal for years.
    """
    today = store.clock.today()
    code = v.text("code", _("Signal"), code, max_len=40)
    reason = v.text("reason", _("Reason"), reason, max_len=NOTE, multiline=True)
    until = v.date("until", _("Until"), until)
    if until < today:
        raise ValidationError("until", _("Until cannot be in the past."))
    latest = today + dt.timedelta(days=max_days)
    if until > latest:
        raise ValidationError("until", _(
            "A signal can be acknowledged for at most {n} days (your team's setting): "
            "until {date} at the latest.").format(n=max_days, date=format_date(latest)))
    if (case_id is None) == (consultant_id is None):
        raise ValidationError("code", _("Acknowledge a signal of one case or one consultant."))
    if case_id is not None:
        with _changing_case(store, case_id, expected_version, "acknowledge_signal") as ch:
            row_id = _add(ch, T.Acknowledgement(
                case_id=case_id, code=code, reason=reason, until=until, acknowledged_on=today,
                acknowledged_by_id=_actor_id(store, ch.session)), "acknowledgement")
        return _saved(store, ch, row_id)
    with store.session() as session:
        _consultant(session, "consultant", _("Consultant"), consultant_id, required=True)
        row = T.Acknowledgement(consultant_id=consultant_id, code=code, reason=reason,
                                until=until, acknowledged_on=today,
                                acknowledged_by_id=_actor_id(store, session))
        session.add(row)
        session.flush()
        _audit(store, session, "acknowledge_signal", f"acknowledgement:{row.id}")
        return Saved(None, None, row.id)


@recorded(ADDITION)
def withdraw_acknowledgement(store, case_id: int, expected_version: int, *,
                             code: str) -> Saved:
    """Withdraw the acknowledgement of ``code`` on a case: the signal counts again today.

    The acknowledgement stays on record with who withdrew it and when; every
    one of that signal still in force is withdrawn (normally there is one).
    """
    today = store.clock.today()
    code = v.text("code", _("Signal"), code, max_len=40)
    with _changing_case(store, case_id, expected_version, "withdraw_acknowledgement") as ch:
        rows = ch.session.exec(select(T.Acknowledgement).where(
            T.Acknowledgement.case_id == case_id, T.Acknowledgement.code == code,
            T.Acknowledgement.until >= today,
            T.Acknowledgement.withdrawn_on.is_(None))).all()  # type: ignore[union-attr]
        if not rows:
            raise ValidationError("code", _("This signal is not acknowledged."))
        actor = _actor_id(store, ch.session)
        for row in rows:
            row.withdrawn_on, row.withdrawn_by_id = today, actor
        ch.object = f"acknowledgement:{rows[0].id}"
    return _saved(store, ch, rows[0].id)


def _handover(today: dt.date, handover_to, handover_on, aftercare, no_handover_reason) -> dict:
    """The warm hand-over and aftercare, or why none is needed: one or the other."""
    handover_to = v.text("handover_to", _("Handed over to"), handover_to, max_len=200,
                         required=False)
    handover_on = v.happened("handover_on", _("Date of hand-over"), handover_on, today,
                             required=False)
    aftercare = v.text("aftercare", _("Aftercare"), aftercare, max_len=NOTE, required=False,
                       multiline=True)
    no_handover_reason = v.text("no_handover_reason", _("Why no hand-over is needed"),
                                no_handover_reason, max_len=NOTE, required=False,
                                multiline=True)
    if (handover_to is None) != (handover_on is None):
        raise ValidationError("handover_on", _(
            "A warm hand-over needs both who it was to and the date."))
    if handover_to is None and not no_handover_reason:
        raise ValidationError("handover_to", _(
            "Record the warm hand-over and aftercare, or say why none is needed."))
    return dict(handover_to=handover_to, handover_on=handover_on, aftercare=aftercare,
                no_handover_reason=no_handover_reason)


def _set_handover(case, handover: dict) -> None:
    for name, value in handover.items():
        setattr(case, name, value)


@recorded(CHANGE, fields=("status", "closed_on", "closing_reason", "handover_to", "handover_on",
                           "aftercare", "no_handover_reason"))
def close_case(store, case_id: int, expected_version: int, *, closed_on: dt.date, reason: str,
               handover_to: str | None = None, handover_on: dt.date | None = None,
               aftercare: str | None = None, no_handover_reason: str | None = None) -> Saved:
    today = store.clock.today()
    closed_on = v.happened("closed_on", _("Date closed"), closed_on, today)
    reason = v.choice("reason", _("Closing reason"), reason, vocab.CLOSING_REASONS)
    handover = _handover(today, handover_to, handover_on, aftercare, no_handover_reason)
    with _changing_case(store, case_id, expected_version, "close_case") as ch:
        if ch.case.status == vocab.CLOSED:
            raise ValidationError("closed_on", _("This case is already closed."))
        R.after_opening("closed_on", _("Date closed"), closed_on, ch.case.opened_on)
        R.after_opening("handover_on", _("Date of hand-over"), handover["handover_on"],
                        ch.case.opened_on)
        ch.case.status = vocab.CLOSED
        ch.case.closed_on, ch.case.closing_reason = closed_on, reason
        _set_handover(ch.case, handover)
    return _saved(store, ch)


@recorded(CHANGE, fields=("handover_to", "handover_on", "aftercare", "no_handover_reason"))
def record_handover(store, case_id: int, expected_version: int, *,
                    handover_to: str | None = None, handover_on: dt.date | None = None,
                    aftercare: str | None = None, no_handover_reason: str | None = None) -> Saved:
    """The hand-over of a case that was closed without one (e.g. brought in by an import)."""
    handover = _handover(store.clock.today(), handover_to, handover_on, aftercare,
                         no_handover_reason)
    with _changing_case(store, case_id, expected_version, "record_handover") as ch:
        if ch.case.status != vocab.CLOSED:
            raise ValidationError("handover_to", _(
                "This case is still open: record the hand-over when you close it (x)."))
        R.after_opening("handover_on", _("Date of hand-over"), handover["handover_on"],
                        ch.case.opened_on)
        _set_handover(ch.case, handover)
    return _saved(store, ch)


# -- plan of approach ------------------------------------------------------------

def _plan_rows(plan: PlanInput, today: dt.date) -> tuple[list[dict], list[tuple[str, str]], dict]:
    goals = []
    for i, g in enumerate(plan.goals):
        goals.append(dict(
            position=i,
            description=v.text(f"goals[{i}].description", _("Goal"), g.description,
                               max_len=1000),
            intended_result=v.text(f"goals[{i}].intended_result", _("Intended result"),
                                   g.intended_result, max_len=1000, required=False),
            deadline=v.date(f"goals[{i}].deadline", _("Deadline"), g.deadline, required=False),
            owner=v.choice(f"goals[{i}].owner", _("Owner"), g.owner, vocab.GOAL_OWNERS),
            status=v.choice(f"goals[{i}].status", _("Status"), g.status, vocab.GOAL_STATUSES),
            note=v.text(f"goals[{i}].note", _("Note"), g.note, max_len=NOTE, required=False,
                        multiline=True),
        ))
    factors = []
    for kind, items, label in (("protective", plan.protective, _("Protective factor")),
                               ("threatening", plan.threatening, _("Threatening factor"))):
        for i, text in enumerate(items):
            factors.append((kind, v.text(f"{kind}[{i}]", label, text, max_len=1000)))
    header = dict(
        safety=None if plan.safety is None else v.choice(
            "safety", _("View on safety"), plan.safety, vocab.SAFETY_VIEWS),
        safety_note=v.text("safety_note", _("Note on safety"), plan.safety_note, max_len=NOTE,
                           required=False, multiline=True),
        origin=v.choice("origin", _("Origin"), plan.origin, vocab.PLAN_ORIGINS),
    )
    return goals, factors, header


def _write_plan(session, version: T.PlanVersion, goals: list[dict],
                factors: list[tuple[str, str]]) -> None:
    session.add(version)
    session.flush()
    for g in goals:
        session.add(T.Goal(plan_version_id=version.id, **g))
    for i, (kind, text) in enumerate(factors):
        session.add(T.PlanFactor(plan_version_id=version.id, kind=kind, position=i, text=text))


def _first_made(session, case_id: int, this_one: dt.date) -> dt.date:
    """The day the case's plan was first made (its first version, or this one)."""
    made = session.exec(select(T.PlanVersion.created_on).where(
        T.PlanVersion.case_id == case_id).order_by(T.PlanVersion.created_on)).first()
    return this_one if made is None else min(made, this_one)


def _deadlines_after_plan(goals: list[dict], first_made: dt.date) -> None:
    for i, g in enumerate(goals):
        R.deadline_after_plan(f"goals[{i}].deadline", _("Deadline"), g["deadline"], first_made)


def _latest_plan(session, case_id: int) -> T.PlanVersion | None:
    return session.exec(select(T.PlanVersion).where(T.PlanVersion.case_id == case_id)
                        .order_by(T.PlanVersion.number.desc())).first()


def _agree(version: T.PlanVersion, agreement: Agreement, today: dt.date,
           previous: T.PlanVersion | None = None) -> None:
    agreed_on = v.happened("agreed_on", _("Date agreed"), agreement.agreed_on, today)
    if not (agreement.by_parents or agreement.by_youth or agreement.by_case_director):
        raise ValidationError("agreed_by", _(
            "Record who agreed to the plan: the parents, the youth or the case director."))
    # A later version agreed before the current one would make the order of the
    # plan's history (and the events it answers) meaningless.
    if previous is not None and previous.agreed_on is not None:
        R.after_agreement("agreed_on", _("Date agreed"), agreed_on, previous.agreed_on)
    # A plan agreed on a day exists from that day, even when recorded later: the
    # date it was made is never after its agreement (data.date_rules; the view of
    # an earlier day, rules.as_of, counts a plan from the day it was made).
    if version.created_on is None or agreed_on < version.created_on:
        version.created_on = agreed_on
    version.status = vocab.AGREED
    version.agreed_on = agreed_on
    version.agreed_by_parents = agreement.by_parents
    version.agreed_by_youth = agreement.by_youth
    version.agreed_by_case_director = agreement.by_case_director


@recorded(ADDITION)
def adopt_plan(store, case_id: int, expected_version: int, plan: PlanInput,
               agreement: Agreement | None = None) -> Saved:
    """A new plan: a draft, or the current version at once when ``agreement`` is given."""
    today = store.clock.today()
    goals, factors, header = _plan_rows(plan, today)
    with _changing_case(store, case_id, expected_version, "adopt_plan") as ch:
        latest = _latest_plan(ch.session, case_id)
        if latest is not None and latest.status == vocab.DRAFT:
            raise ValidationError("plan", _("There is already a draft plan: agree or adjust it."))
        # Once a plan is agreed, every change is an adjustment with a reason
        # (inspection finding 2): a fresh plan must not replace it silently.
        if latest is not None:
            raise ValidationError("plan", _(
                "This case already has an agreed plan: adjust it, and give the reason."))
        version = T.PlanVersion(case_id=case_id, number=(latest.number + 1) if latest else 1,
                                created_on=today, created_by_id=_actor_id(store, ch.session),
                                **header)
        if agreement is not None:
            _agree(version, agreement, today)
        _deadlines_after_plan(goals, version.created_on)
        _write_plan(ch.session, version, goals, factors)
        ch.object = f"plan_version:{version.id}"
    return _saved(store, ch, version.id)


def _agreed_before(session, case_id: int, number: int) -> T.PlanVersion | None:
    return session.exec(select(T.PlanVersion).where(
        T.PlanVersion.case_id == case_id, T.PlanVersion.number < number,
        T.PlanVersion.status == vocab.AGREED).order_by(T.PlanVersion.number.desc())).first()


@recorded(ADDITION, refs={"plan_version_id": "planversion"})
def agree_plan(store, case_id: int, expected_version: int, plan_version_id: int,
               agreement: Agreement) -> Saved:
    today = store.clock.today()
    with _changing_case(store, case_id, expected_version, "agree_plan") as ch:
        version = ch.session.get(T.PlanVersion, plan_version_id)
        if version is None or version.case_id != case_id or version.status != vocab.DRAFT:
            raise ValidationError("plan", _("Only a draft plan of this case can be agreed."))
        _agree(version, agreement, today, _agreed_before(ch.session, case_id, version.number))
        ch.object = f"plan_version:{version.id}"
    return _saved(store, ch, version.id)


@recorded(ADDITION, refs={"answers": "significantevent"})
def adjust_plan(store, case_id: int, expected_version: int, plan: PlanInput, *, reason: str,
                agreement: Agreement, answers: Sequence[int] = ()) -> Saved:
    """Bijstellen: the next version of the plan, with the reason and the events it answers."""
    today = store.clock.today()
    reason = v.text("reason", _("Reason for the adjustment"), reason, max_len=NOTE,
                    multiline=True)
    goals, factors, header = _plan_rows(plan, today)
    with _changing_case(store, case_id, expected_version, "adjust_plan") as ch:
        latest = _latest_plan(ch.session, case_id)
        if latest is None or latest.status != vocab.AGREED:
            raise ValidationError("plan", _("There is no agreed plan to adjust."))
        version = T.PlanVersion(case_id=case_id, number=latest.number + 1, created_on=today,
                                created_by_id=_actor_id(store, ch.session), reason=reason,
                                **header)
        _agree(version, agreement, today, latest)
        _deadlines_after_plan(goals, _first_made(ch.session, case_id, version.created_on))
        _write_plan(ch.session, version, goals, factors)
        decision = _decide(ch.session, case_id, vocab.ADJUSTED, version.agreed_on, reason,
                           answers, store, version.id)
        ch.object = f"plan_version:{version.id}"
    return _saved(store, ch, decision)


@recorded(ADDITION, refs={"answers": "significantevent"})
def plan_still_fits(store, case_id: int, expected_version: int, *, decided_on: dt.date,
                    reason: str, answers: Sequence[int] = ()) -> Saved:
    """Plan past nog: an explicit decision that no change is needed."""
    decided_on = v.happened("decided_on", _("Date decided"), decided_on, store.clock.today())
    reason = v.text("reason", _("Reason"), reason, max_len=NOTE, multiline=True)
    with _changing_case(store, case_id, expected_version, "plan_still_fits") as ch:
        latest = _latest_plan(ch.session, case_id)
        if latest is None or latest.status != vocab.AGREED:
            raise ValidationError("plan", _("There is no agreed plan to keep."))
        R.after_agreement("decided_on", _("Date decided"), decided_on, latest.agreed_on)
        decision = _decide(ch.session, case_id, vocab.STILL_FITS, decided_on, reason, answers,
                           store, latest.id)
        ch.object = f"plan_decision:{decision}"
    return _saved(store, ch, decision)


def _decide(session, case_id: int, kind: str, decided_on: dt.date, reason: str,
            answers: Sequence[int], store, plan_version_id: int | None) -> int:
    decision = T.PlanDecision(case_id=case_id, kind=kind, decided_on=decided_on, reason=reason,
                              plan_version_id=plan_version_id,
                              decided_by_id=_actor_id(store, session))
    session.add(decision)
    session.flush()
    for event_id in dict.fromkeys(answers):
        event = session.get(T.SignificantEvent, event_id)
        if event is None or event.case_id != case_id:
            raise ValidationError("answers", _("An answered event does not belong to the case."))
        session.add(T.PlanDecisionEvent(decision_id=decision.id, event_id=event_id))
    return decision.id


# -- audit of reads ---------------------------------------------------------------

def record_case_opened(store, case_id: int) -> None:
    """NEN 7513: who looked at which case, when."""
    with store.session() as session:
        case = session.get(T.Case, case_id)
        if case is None:
            raise NotFoundError(_("This case no longer exists."))
        _audit(store, session, "open_case", f"case:{case.id}", case)

