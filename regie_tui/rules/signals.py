"""The signal catalogue: codes, severities, families, sources and texts.

A :class:`Signal` holds only raw values (code, severity, due date, params);
everything a person reads is rendered lazily by its methods, translated in
the language active at call time. The engine never formats text, so it stays
fast and its output does not depend on the language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.rules import vocab
from regie_tui.rules.facts import Acknowledgement

# Severities, worst first.
OVERDUE = "overdue"
DUE_SOON = "due_soon"
ATTENTION = "attention"
SEVERITIES = (OVERDUE, DUE_SOON, ATTENTION)
# Higher is more severe: overdue > due_soon > attention.
SEVERITY_RANK = {OVERDUE: 3, DUE_SOON: 2, ATTENTION: 1}
SEVERITY_LABELS = {
    OVERDUE: N_("overdue"),
    DUE_SOON: N_("due soon"),
    ATTENTION: N_("attention"),
}

# States of a case (or a list entry) besides the three severities: every open
# signal acknowledged, and no signal at all. Never a severity of a signal.
ACKNOWLEDGED = "acknowledged"
NO_SIGNALS = "none"
STATES = (*SEVERITIES, ACKNOWLEDGED, NO_SIGNALS)
# One symbol per state, defined here once and used by every screen, legend,
# chart and export, so a state is never told by colour alone (▲ is never
# "due soon" in one place and "overdue" in another).
SYMBOLS = {OVERDUE: "▲", DUE_SOON: "●", ATTENTION: "○", ACKNOWLEDGED: "◇", NO_SIGNALS: "✓"}
STATE_LABELS = {
    **SEVERITY_LABELS,
    ACKNOWLEDGED: N_("acknowledged"),
    NO_SIGNALS: N_("no signals"),
}


def legend() -> str:
    """"▲ overdue  ● due soon  ○ attention  ◇ acknowledged  ✓ no signals", translated."""
    return "  ".join(f"{SYMBOLS[s]} {_(STATE_LABELS[s])}" for s in STATES)


# Families: how the summary bar groups signals.
FAMILY_MDO = "mdo"
FAMILY_CASE_DIRECTOR = "case_director"
FAMILY_ESCALATION = "escalation"
FAMILY_YOUTH_CONTACT = "youth_contact"
FAMILY_PLAN = "plan"
FAMILY_DUO = "duo"
FAMILY_OTHER = "other"
FAMILIES = {
    FAMILY_MDO: N_("MDO overdue"),
    FAMILY_CASE_DIRECTOR: N_("case director agreements missing"),
    FAMILY_ESCALATION: N_("open escalations"),
    FAMILY_YOUTH_CONTACT: N_("no contact with the youth"),
    FAMILY_PLAN: N_("adjust the plan"),
    FAMILY_DUO: N_("duo review"),
    FAMILY_OTHER: N_("other signals"),
}

# Codes.
START_MEETING_MISSING = "START_MEETING_MISSING"
MARKING_LETTER_MISSING = "MARKING_LETTER_MISSING"
FIRST_MDO_OVERDUE = "FIRST_MDO_OVERDUE"
MDO_OVERDUE = "MDO_OVERDUE"
CASE_DIRECTOR_MISSING = "CASE_DIRECTOR_MISSING"
ROLE_AGREEMENT_MISSING = "ROLE_AGREEMENT_MISSING"
DUO_PARTNER_MISSING = "DUO_PARTNER_MISSING"
DUO_REVIEW_OVERDUE = "DUO_REVIEW_OVERDUE"
YOUTH_CONTACT_OVERDUE = "YOUTH_CONTACT_OVERDUE"
PLAN_MISSING = "PLAN_MISSING"
PLAN_REVIEW_DUE = "PLAN_REVIEW_DUE"
GOAL_OVERDUE = "GOAL_OVERDUE"
ESCALATION_PENDING = "ESCALATION_PENDING"
STAGNATION = "STAGNATION"
RISK_ASSESSMENT_MISSING = "RISK_ASSESSMENT_MISSING"
LEAD_AGREEMENT_MISSING = "LEAD_AGREEMENT_MISSING"
HANDOVER_INCOMPLETE = "HANDOVER_INCOMPLETE"
CASELOAD_REVIEW_OVERDUE = "CASELOAD_REVIEW_OVERDUE"
SYNC_CONFLICT = "SYNC_CONFLICT"


# The weight of each rule, for "most urgent first" (docs/severity.md). Within a
# severity, the heavier rule goes first: the inspection's findings were a youth
# nobody spoke with, a safety risk nobody assessed, a plan never evaluated in
# an MDO and an escalation never used, so those come before paperwork.
# Ties go to the signal that is most days late (the earliest due date).
# A change made offline that the team store did not apply: the case's record is
# not what the consultant believes it is, so it heads the attention signals.
WEIGHT_SYNC_CONFLICT = 7
WEIGHT_YOUTH_CONTACT = 6
WEIGHT_SAFETY = 5
WEIGHT_MDO = 4
WEIGHT_ESCALATION = 3
WEIGHT_PLAN = 2
WEIGHT_OTHER = 1
RULE_WEIGHTS = {
    YOUTH_CONTACT_OVERDUE: WEIGHT_YOUTH_CONTACT,
    RISK_ASSESSMENT_MISSING: WEIGHT_SAFETY,
    START_MEETING_MISSING: WEIGHT_MDO,
    FIRST_MDO_OVERDUE: WEIGHT_MDO,
    MDO_OVERDUE: WEIGHT_MDO,
    ESCALATION_PENDING: WEIGHT_ESCALATION,
    STAGNATION: WEIGHT_ESCALATION,
    PLAN_MISSING: WEIGHT_PLAN,
    PLAN_REVIEW_DUE: WEIGHT_PLAN,
    GOAL_OVERDUE: WEIGHT_PLAN,
    SYNC_CONFLICT: WEIGHT_SYNC_CONFLICT,
    # Everything else (case director, role agreement, duo, marking letter, lead
    # organisation, hand-over, caseload review) weighs WEIGHT_OTHER.
}

# A few words per rule for the reason a case ranks where it does ("MDO 12 d late").
SHORT_LABELS = {
    START_MEETING_MISSING: N_("start meeting"),
    MARKING_LETTER_MISSING: N_("marking letter"),
    FIRST_MDO_OVERDUE: N_("first MDO"),
    MDO_OVERDUE: N_("MDO"),
    CASE_DIRECTOR_MISSING: N_("no case director"),
    ROLE_AGREEMENT_MISSING: N_("role agreement"),
    DUO_PARTNER_MISSING: N_("no duo partner"),
    DUO_REVIEW_OVERDUE: N_("duo review"),
    YOUTH_CONTACT_OVERDUE: N_("youth contact"),
    PLAN_MISSING: N_("plan of approach"),
    PLAN_REVIEW_DUE: N_("plan review"),
    GOAL_OVERDUE: N_("goal deadline"),
    ESCALATION_PENDING: N_("escalation decision"),
    STAGNATION: N_("waiting"),
    RISK_ASSESSMENT_MISSING: N_("risk assessment"),
    LEAD_AGREEMENT_MISSING: N_("no lead organisation"),
    HANDOVER_INCOMPLETE: N_("hand-over"),
    CASELOAD_REVIEW_OVERDUE: N_("caseload review"),
    SYNC_CONFLICT: N_("synchronisation conflict"),
}


@dataclass(frozen=True, slots=True)
class Definition:
    """One code of the catalogue. Text fields are msgids, translated when shown.

    ``explanation`` is the default template; ``variants`` holds alternative
    templates chosen by the signal's ``variant`` param. Templates name the
    signal's params in braces and end without a full stop: the timing
    ("12 days late") is appended when rendered.
    """

    code: str
    family: str
    title: str
    explanation: str
    source: str
    action: str
    form: str
    variants: tuple[tuple[str, str], ...] = ()

    def template(self, variant: str | None) -> str:
        if variant is not None:
            for key, text in self.variants:
                if key == variant:
                    return text
        return self.explanation


def _def(code, family, title, explanation, source, action, form, **variants) -> Definition:
    return Definition(code, family, title, explanation, source, action, form,
                      tuple(variants.items()))


CATALOGUE: dict[str, Definition] = {d.code: d for d in (
    _def(
        START_MEETING_MISSING, FAMILY_MDO,
        N_("Start meeting not held"),
        N_("VPR decided on {decided}; the start meeting is due within {interval} days"),
        N_("Improvement plan VPR Gooise Meren (002), improvement actions 4 and 5a"),
        N_("Organise the start meeting with parents, youth and providers, and record it."),
        "meeting:start_meeting",
    ),
    _def(
        MARKING_LETTER_MISSING, FAMILY_OTHER,
        N_("Marking letter not recorded"),
        N_("VPR decided on {decided}; the marking letter is due within {interval} days"),
        N_("Improvement plan VPR Gooise Meren (002), improvement action 5b"),
        N_("Send the marking letter to parents and youth, and record the date."),
        "marking_letter",
        before=N_("The last marking letter ({letter}) predates the VPR decision of {decided}; "
                  "a new one is due within {interval} days"),
    ),
    _def(
        FIRST_MDO_OVERDUE, FAMILY_MDO,
        N_("First MDO not held"),
        N_("Start meeting held on {start}; no MDO since; the first MDO is due within "
           "{interval} days"),
        N_("Improvement plan VPR Gooise Meren (002), improvement action 4"),
        N_("Hold the first MDO and record it with the evaluation checklist."),
        "meeting:mdo",
    ),
    _def(
        MDO_OVERDUE, FAMILY_MDO,
        N_("MDO overdue"),
        N_("Last MDO {last}; in {regime} every {interval} days"),
        N_("Improvement plan VPR Gooise Meren (002), §3.3 (evaluate more often); "
           "inspection report (001), finding 4"),
        N_("Hold an MDO or evaluation and record it with the evaluation checklist."),
        "meeting:mdo",
        regime=N_("No MDO since {regime} started on {since}; in {regime} every {interval} days"),
        opened=N_("No MDO since the case was opened on {since}; every {interval} days"),
    ),
    _def(
        CASE_DIRECTOR_MISSING, FAMILY_CASE_DIRECTOR,
        N_("No case director named"),
        N_("Professionals involved: {professionals}; no case director named"),
        N_("Improvement plan VPR Gooise Meren (002), improvement action 4 and §3.3"),
        N_("Agree with the providers who is case director, and record the name."),
        "case_director",
    ),
    _def(
        ROLE_AGREEMENT_MISSING, FAMILY_CASE_DIRECTOR,
        N_("Role agreement not recorded"),
        N_("Case director named on {base}; no role agreement recorded since; due within "
           "{interval} days"),
        N_("Inspection report (001), finding 5"),
        N_("Record the agreement on the division of roles with the case director."),
        "role_agreement",
        start=N_("No role agreement with the case director recorded; due within {interval} "
                 "days of the start meeting on {base}"),
        opened=N_("No role agreement with the case director recorded; due within {interval} "
                  "days of opening the case on {base}"),
    ),
    _def(
        DUO_PARTNER_MISSING, FAMILY_DUO,
        N_("No duo partner"),
        N_("VPR case since {since} without a duo partner"),
        N_("Improvement plan VPR Gooise Meren (002), improvement action 5c"),
        N_("Assign a duo partner to the case."),
        "duo_partner",
    ),
    _def(
        DUO_REVIEW_OVERDUE, FAMILY_DUO,
        N_("Duo review overdue"),
        N_("Last review by the duo partner {last}; in VPR every {interval} days"),
        N_("Improvement plan VPR Gooise Meren (002), improvement actions 5c and 5d"),
        N_("Ask the duo partner to review the case, and record the review."),
        "duo_review",
        none=N_("No review by the duo partner since VPR was decided on {since}; in VPR every "
                "{interval} days"),
    ),
    _def(
        YOUTH_CONTACT_OVERDUE, FAMILY_YOUTH_CONTACT,
        N_("No recent contact with the youth"),
        N_("Last direct contact with the youth {last}; in {regime} at least every "
           "{interval} days"),
        N_("Inspection report (001), finding 1"),
        N_("Speak with the youth directly, and record the contact."),
        "meeting:youth_contact",
        regime=N_("No direct contact with the youth since {regime} started on {since}; in "
                  "{regime} at least every {interval} days"),
        opened=N_("No direct contact with the youth since the case was opened on {since}; at "
                  "least every {interval} days"),
    ),
    _def(
        PLAN_MISSING, FAMILY_PLAN,
        N_("No agreed plan of approach"),
        N_("Case opened on {opened}; no agreed plan of approach; due within {interval} days"),
        N_("Improvement plan VPR Gooise Meren (002), §3.3"),
        N_("Agree the plan of approach with the family and providers, and record it."),
        "plan",
    ),
    _def(
        PLAN_REVIEW_DUE, FAMILY_PLAN,
        N_("Plan review due"),
        N_("Significant event on {since} ({event}) not answered by a plan decision; "
           "unanswered events: {count}; decide within {interval} days"),
        N_("Inspection report (001), finding 2"),
        N_("Adjust the plan, or record that the plan still fits."),
        "plan_review",
        checklist=N_("The checklist of {since} asked to adjust the plan; no adjustment "
                     "recorded since; adjust within {interval} days"),
    ),
    _def(
        GOAL_OVERDUE, FAMILY_PLAN,
        N_("Goal past its deadline"),
        N_("Open goals past their deadline: {overdue}; earliest deadline {deadline}"),
        N_("Improvement plan VPR Gooise Meren (002), §3.3, task 4"),
        N_("Evaluate the goal: record its status or set a new deadline in a plan adjustment."),
        "goal",
        soon=N_("Open goal with deadline {deadline}"),
    ),
    _def(
        ESCALATION_PENDING, FAMILY_ESCALATION,
        N_("Escalation awaiting decision"),
        N_("Escalation {level} requested on {requested}; open escalations: {count}; a "
           "decision is due within {interval} days"),
        N_("Inspection report (001), finding 6; improvement plan VPR Gooise Meren (002), "
           "escalate earlier"),
        N_("Obtain the decision on the escalation and record it."),
        "escalation_decision",
    ),
    _def(
        STAGNATION, FAMILY_ESCALATION,
        N_("Waiting without escalation"),
        N_("Waiting since {since}; no escalation and no plan adjustment since; limit "
           "{interval} days"),
        N_("Inspection report (001), findings 2 and 6"),
        N_("Escalate, or adjust the plan with an interim solution."),
        "escalation_request",
    ),
    _def(
        RISK_ASSESSMENT_MISSING, FAMILY_OTHER,
        N_("Risk assessment missing"),
        N_("Care avoidance recorded on {since}; no risk assessment since; due within "
           "{interval} days"),
        N_("Letter of the inspectorates on a cross-region case (004), themes 2 and 3"),
        N_("Assess the safety risks for the child, and record the risk assessment."),
        "risk_assessment",
        plan=N_("The plan of {since} records the view on safety as \"{safety}\"; no risk "
                "assessment since; due within {interval} days"),
        checklist=N_("The checklist of {since} raised a safety concern; no risk assessment "
                     "since; due within {interval} days"),
    ),
    _def(
        LEAD_AGREEMENT_MISSING, FAMILY_OTHER,
        N_("Lead organisation not recorded"),
        N_("Cross-region case without a recorded lead organisation"),
        N_("Letter of the inspectorates on a cross-region case (004), addendum"),
        N_("Agree which organisation is in the lead, and record it."),
        "lead_organisation",
    ),
    _def(
        HANDOVER_INCOMPLETE, FAMILY_OTHER,
        N_("Hand-over not recorded"),
        N_("Case closed on {closed} without a recorded warm hand-over or a reason for none"),
        N_("Improvement plan VPR Gooise Meren (002), §3.3, task 5; letter of the "
           "inspectorates (004), theme 5"),
        N_("Record the warm hand-over and aftercare, or why there is none."),
        "handover",
        undated=N_("Case closed without a recorded warm hand-over or a reason for none"),
    ),
    _def(
        CASELOAD_REVIEW_OVERDUE, FAMILY_OTHER,
        N_("Caseload review overdue"),
        N_("Last caseload review with the behavioural scientist {last}; every {interval} days"),
        N_("Council letter on the improvements in youth care (003), caseload review every "
           "4 weeks"),
        N_("Plan the caseload review with the behavioural scientist, and record it."),
        "caseload_review",
        none=N_("No caseload review with the behavioural scientist recorded"),
    ),
    _def(
        SYNC_CONFLICT, FAMILY_OTHER,
        N_("Unresolved synchronisation conflict"),
        N_("A change you made offline was not applied: {what}, changed on the team store "
           "by {who} on {when}"),
        N_("Synchronising a copy with the team store: no change is lost or overwritten "
           "silently, yours or a colleague's"),
        N_("Open the conflicts screen (C, or \"Synchronisation conflicts\" in the command "
           "palette) and choose: apply yours, keep the team store's, or edit."),
        "sync_conflicts",
        many=N_("{count} changes you made offline were not applied; the first: {what}, "
                "changed on the team store by {who} on {when}"),
        refused=N_("A change you made offline was refused by the team store: {what} "
                   "({message})"),
        many_refused=N_("{count} changes you made offline were not applied; the first, "
                        "{what}, was refused by the team store ({message})"),
    ),
)}

# Params whose stored code is shown as a translated vocabulary label.
_LABELS = {
    "event": vocab.EVENT_KINDS,
    "level": vocab.ESCALATION_LEVELS,
    "safety": vocab.SAFETY_VIEWS,
    "what": vocab.SYNC_COMMANDS,
}
_NO_DATE = dt.date.min


class _Values(dict):
    """Template values; a name without a value stays visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _render(name: str, value: object) -> str:
    if isinstance(value, dt.datetime):  # a moment on the team store's clock
        return f"{format_date(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return format_date(value)
    if value is None:
        return "—"
    labels = _LABELS.get(name)
    if labels is not None and value in labels:
        return _(labels[value])
    return str(value)


@dataclass(frozen=True, slots=True)
class Signal:
    """One finding on a case (or a consultant), with raw params; text is rendered lazily."""

    code: str
    severity: str
    due: dt.date | None
    case_id: int | None
    case_code: str | None
    consultant_id: int | None
    params: tuple[tuple[str, object], ...] = ()
    acknowledgement: Acknowledgement | None = None

    # -- facts ---------------------------------------------------------------
    @property
    def definition(self) -> Definition:
        return CATALOGUE[self.code]

    @property
    def family(self) -> str:
        return CATALOGUE[self.code].family

    @property
    def form(self) -> str:
        return CATALOGUE[self.code].form

    @property
    def muted(self) -> bool:
        """Acknowledged until a date not yet passed (the engine only attaches those)."""
        return self.acknowledgement is not None

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]

    @property
    def weight(self) -> int:
        return RULE_WEIGHTS.get(self.code, WEIGHT_OTHER)

    @property
    def state(self) -> str:
        """Its severity, or ACKNOWLEDGED while it is muted."""
        return ACKNOWLEDGED if self.acknowledgement is not None else self.severity

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.state]

    @property
    def sort_key(self) -> tuple:
        """Worst first (docs/severity.md): severity, the rule's weight, most days late
        (earliest due date; none first), then code and case for a stable order."""
        return (-SEVERITY_RANK[self.severity], -RULE_WEIGHTS.get(self.code, WEIGHT_OTHER),
                self.due or _NO_DATE, self.code, self.case_code or "")

    def param(self, name: str, default: object = None) -> object:
        for key, value in self.params:
            if key == name:
                return value
        return default

    def params_dict(self) -> dict[str, object]:
        return dict(self.params)

    def days_late(self, today: dt.date) -> int:
        """Days past the due date (0 when not late or without a due date)."""
        if self.due is None or self.due >= today:
            return 0
        return (today - self.due).days

    def days_left(self, today: dt.date) -> int | None:
        """Days until the due date (negative when late; None without a due date)."""
        return None if self.due is None else (self.due - today).days

    # -- text, translated at call time ----------------------------------------
    def title(self) -> str:
        return _(CATALOGUE[self.code].title)

    def action(self) -> str:
        return _(CATALOGUE[self.code].action)

    def source(self) -> str:
        return _(CATALOGUE[self.code].source)

    def severity_label(self) -> str:
        return _(SEVERITY_LABELS[self.severity])

    def reason(self, today: dt.date | None = None) -> str:
        """Why this signal ranks where it does, in a few words: "youth not seen for 172 d",
        "MDO 12 d late", "role agreement due in 3 d", "no duo partner"."""
        if today is None:
            today = self.param("today")
        if self.code == YOUTH_CONTACT_OVERDUE and today is not None:
            since = self.param("last") or self.param("since")
            if isinstance(since, dt.date):
                return _("youth not seen for {n} d").format(n=(today - since).days)
        label = _(SHORT_LABELS.get(self.code, CATALOGUE[self.code].title))
        if self.due is None or today is None:
            return label
        days = (self.due - today).days
        if days < 0:
            return _("{what} {n} d late").format(what=label, n=-days)
        if days == 0:
            return _("{what} due today").format(what=label)
        return _("{what} due in {n} d").format(what=label, n=days)

    def family_label(self) -> str:
        return _(FAMILIES[self.family])

    def explanation(self) -> str:
        params = dict(self.params)
        template = _(CATALOGUE[self.code].template(params.get("variant")))
        text = template.format_map(_Values((k, _render(k, v)) for k, v in params.items()))
        timing = self.timing(params.get("today"))
        return f"{text}; {timing}." if timing else f"{text}."

    def timing(self, today: dt.date | None = None) -> str:
        """"12 days late", "due 15 January 2026, 3 days left"; empty without a deadline."""
        if today is None:
            today = self.param("today")
        if self.due is None or today is None:
            return ""
        # Two plain strings rather than ngettext: tools/catalog.py checks singular
        # msgids only, and Dutch and English share the plural rule (n != 1).
        days = (self.due - today).days
        if days < 0:
            late = _("1 day late") if days == -1 else _("{n} days late")
            return late.format(n=-days)
        if days == 0:
            return _("due today ({due})").format(due=format_date(self.due))
        left = _("due {due}, 1 day left") if days == 1 else _("due {due}, {n} days left")
        return left.format(due=format_date(self.due), n=days)


def sort_signals(signals: list[Signal]) -> list[Signal]:
    """A new list, worst first (see :attr:`Signal.sort_key`)."""
    return sorted(signals, key=_sort_key)


def _sort_key(signal: Signal) -> tuple:
    return signal.sort_key


def worst(signals: list[Signal], include_muted: bool = False) -> Signal | None:
    """The most pressing signal of a list (unmuted ones only unless asked)."""
    candidates = [s for s in signals if include_muted or not s.muted]
    return min(candidates, key=_sort_key) if candidates else None
