"""Which form clears which signal, and the record actions of the case screen.

``Signal.form`` names what clears a signal ("meeting:mdo", "role_agreement"
...); :func:`form_for_signal` turns that into a form class and its arguments,
or into a sentence when the fix lives elsewhere (the plan screen, the
caseload review).
"""

from __future__ import annotations

from dataclasses import dataclass

from regie_tui.base.i18n import N_


@dataclass(frozen=True)
class Action:
    key: str
    name: str  # the screen's action_<name>
    label: str  # msgid
    tooltip: str  # msgid
    show: bool = False  # in the footer (the rest are in the record menu and help)


# Footer space is scarce, and every shown key is a widget the footer rebuilds
# whenever focus moves: only the meeting (recorded after every call) is shown;
# all are in the record menu (r) and the help (F1).
ACTIONS = (
    Action("m", "meeting", N_("Meeting"), N_("Record a meeting or contact"), show=True),
    Action("g", "event", N_("Event"), N_("Record a significant event")),
    Action("e", "escalation_request", N_("Escalate"), N_("Request an escalation")),
    Action("b", "escalation_decision", N_("Escalation decision"),
           N_("Record the decision on an escalation")),
    Action("k", "case_director", N_("Case director"), N_("Name the case director")),
    Action("o", "role_agreement", N_("Role agreement"), N_("Record the role agreement")),
    Action("l", "marking_letter", N_("Marking letter"), N_("Record the marking letter")),
    Action("v", "regime", N_("Regime"), N_("Change the regime (PR / VPR)")),
    Action("t", "risk_assessment", N_("Risk assessment"), N_("Record a risk assessment")),
    Action("p", "plan_still_fits", N_("Plan still fits"),
           N_("Record that the plan still fits after significant events")),
    Action("d", "duo_partner", N_("Duo partner"), N_("Assign a duo partner")),
    Action("u", "duo_review", N_("Duo review"), N_("Record a duo review")),
    Action("h", "lead_organisation", N_("Lead organisation"),
           N_("Cross-region case: record the lead organisation")),
    Action("w", "waiting", N_("Waiting"), N_("Record waiting for a placement or treatment")),
    Action("j", "person", N_("Youth or parent"), N_("Add a youth or parent")),
    Action("i", "professional", N_("Professional"), N_("Add a professional")),
    Action("x", "close_case", N_("Close case"), N_("Close the case with a hand-over")),
    Action("n", "handover", N_("Hand-over"),
           N_("Record the hand-over of a case closed without one")),
)


_FORMS = {
    "meeting": "meeting:MeetingForm",
    "event": "event:EventForm",
    "escalation_request": "escalation_request:EscalationRequestForm",
    "escalation_decision": "escalation_decision:EscalationDecisionForm",
    "case_director": "case_director:CaseDirectorForm",
    "role_agreement": "role_agreement:RoleAgreementForm",
    "marking_letter": "marking_letter:MarkingLetterForm",
    "regime": "regime:RegimeForm",
    "risk_assessment": "risk_assessment:RiskAssessmentForm",
    "plan_still_fits": "plan_still_fits:PlanStillFitsForm",
    "duo_partner": "duo_partner:DuoPartnerForm",
    "duo_review": "duo_review:DuoReviewForm",
    "lead_organisation": "lead_organisation:LeadOrganisationForm",
    "waiting": "waiting:WaitingForm",
    "person": "person:PersonForm",
    "professional": "professional:ProfessionalForm",
    "close_case": "close_case:CloseCaseForm",
    "handover": "handover:HandoverForm",
    "acknowledge": "acknowledge:AcknowledgeForm",
    "new_case": "new_case:NewCaseForm",
}


def form_class(name: str):
    """The form class of a record action, imported when first used (keeps start-up fast)."""
    import importlib

    module, cls = _FORMS[name].split(":")
    return getattr(importlib.import_module(f"regie_tui.screens.forms.{module}"), cls)


# Signal.form -> record action; forms that live on other screens get a pointer.
_SIGNAL_ACTIONS = {
    "marking_letter": "marking_letter",
    "case_director": "case_director",
    "role_agreement": "role_agreement",
    "duo_partner": "duo_partner",
    "duo_review": "duo_review",
    "plan_review": "plan_still_fits",
    "escalation_decision": "escalation_decision",
    "escalation_request": "escalation_request",
    "risk_assessment": "risk_assessment",
    "lead_organisation": "lead_organisation",
    "handover": "handover",
}
ELSEWHERE = {
    "plan": N_("Agree the plan of approach on the plan screen."),
    "goal": N_("Evaluate the goals on the plan screen."),
    "caseload_review": N_("Record the caseload review on the caseload screen."),
    "sync_conflicts": N_("Choose on the conflicts screen (C) what happens to your change."),
}


def action_for_signal(form: str) -> tuple[str | None, dict]:
    """(record action, form arguments) for a ``Signal.form``; (None, {}) when elsewhere."""
    if form.startswith("meeting:"):
        return "meeting", {"kind": form.split(":", 1)[1]}
    return _SIGNAL_ACTIONS.get(form), {}
