"""The fixed vocabularies of the domain: stored codes and their labels.

Codes are what the database holds (English, stable); labels are translated
where shown. Domain terms (MDO, OVV, VPR) stay as they are in both languages.
"""

from __future__ import annotations

from regie_tui.base.i18n import N_

PR, VPR = "PR", "VPR"
REGIMES = {PR: N_("PR (procesregie)"), VPR: N_("VPR (versterkte procesregie)")}

ACTIVE, CLOSED = "active", "closed"
CASE_STATUSES = {ACTIVE: N_("active"), CLOSED: N_("closed")}

# Meetings and contacts.
START_MEETING = "start_meeting"
MDO = "mdo"
OVV = "ovv"
EVALUATION = "evaluation"
YOUTH_CONTACT = "youth_contact"
PARENT_CONTACT = "parent_contact"
HOME_VISIT = "home_visit"
CASELOAD_REVIEW = "caseload_review"
MEETING_KINDS = {
    START_MEETING: N_("start meeting"),
    MDO: N_("MDO"),
    OVV: N_("OVV"),
    EVALUATION: N_("evaluation"),
    YOUTH_CONTACT: N_("contact with the youth"),
    PARENT_CONTACT: N_("contact with the parents"),
    HOME_VISIT: N_("home visit"),
    CASELOAD_REVIEW: N_("caseload review"),
}
CASE_MEETING_KINDS = tuple(k for k in MEETING_KINDS if k != CASELOAD_REVIEW)
# What counts as an evaluation of the plan for MDO_OVERDUE.
EVALUATION_KINDS = frozenset({MDO, EVALUATION})

# Significant events: each one asks for a plan review.
PLACEMENT_FELL_THROUGH = "placement_fell_through"
STAY_INDEFINITE = "stay_indefinite"
LOST_PERSPECTIVE = "lost_perspective"
CRISIS = "crisis"
MOVED_REGION = "moved_region"
CARE_AVOIDANCE = "care_avoidance"
OTHER_EVENT = "other"
EVENT_KINDS = {
    PLACEMENT_FELL_THROUGH: N_("intended placement or treatment fell through"),
    STAY_INDEFINITE: N_("short stay became indefinite"),
    LOST_PERSPECTIVE: N_("signals of lost perspective"),
    CRISIS: N_("crisis"),
    MOVED_REGION: N_("moved to another region"),
    CARE_AVOIDANCE: N_("care avoidance by the parents"),
    OTHER_EVENT: N_("other significant event"),
}

# Escalation ladder.
ESC_VPR = "vpr"
ESC_FORCED = "forced_framework"
ESC_MANAGER = "manager"
ESC_RET = "ret"
ESCALATION_LEVELS = {
    ESC_VPR: N_("to VPR (OVV)"),
    ESC_FORCED: N_("to the forced framework (OVV, Raad voor de Kinderbescherming)"),
    ESC_MANAGER: N_("to the manager"),
    ESC_RET: N_("to the regional expert team (RET)"),
}
GRANTED, REFUSED = "granted", "refused"
ESCALATION_DECISIONS = {GRANTED: N_("granted"), REFUSED: N_("refused")}

SAFE, CONCERNS, UNSAFE = "safe", "concerns", "unsafe"
SAFETY_VIEWS = {SAFE: N_("safe"), CONCERNS: N_("concerns"), UNSAFE: N_("unsafe")}

DRAFT, AGREED = "draft", "agreed"
PLAN_STATUSES = {DRAFT: N_("draft"), AGREED: N_("agreed")}
PLAN_ORIGINS = {
    "own": N_("own plan"),
    "veilig_thuis": N_("Veilig Thuis"),
    "provider": N_("care provider"),
}
ADJUSTED, STILL_FITS = "adjusted", "still_fits"
PLAN_DECISIONS = {ADJUSTED: N_("plan adjusted"), STILL_FITS: N_("plan still fits")}

GOAL_OPEN = "open"
GOAL_STATUSES = {
    GOAL_OPEN: N_("open"),
    "achieved": N_("achieved"),
    "not_achieved": N_("not achieved"),
    "dropped": N_("dropped"),
}
GOAL_OWNERS = {"family": N_("family"), "provider": N_("provider"), "consultant": N_("consultant")}

PERSON_ROLES = {"youth": N_("youth"), "parent": N_("parent"), "carer": N_("carer")}

CONSULTANT = "consultant"
BEHAVIOURAL_SCIENTIST = "behavioural_scientist"
MANAGER = "manager"
CONSULTANT_ROLES = {
    CONSULTANT: N_("youth consultant"),
    BEHAVIOURAL_SCIENTIST: N_("behavioural scientist"),
    MANAGER: N_("manager"),
}

DUO_VERDICTS = {
    "agreed": N_("approved"),
    "concerns": N_("concerns"),
    "discuss": N_("discuss in team"),
}

CLOSING_REASONS = {
    "goals_reached": N_("goals reached, problems manageable"),
    "handed_to_protector": N_("handed over to the child protector (forced framework)"),
    "moved_away": N_("family moved to another municipality"),
    "other": N_("other reason"),
}

# What an operation made offline on a copy changed, by its command name (issue 18):
# "A change you made offline was not applied: <label>". Additions never conflict,
# but a refused one is shown the same way, so they have labels too.
SYNC_COMMANDS = {
    "change_regime": N_("the regime"),
    "record_marking_letter": N_("the marking letter"),
    "name_case_director": N_("the case director"),
    "record_role_agreement": N_("the role agreement"),
    "set_duo_partner": N_("the duo partner"),
    "set_process_director": N_("the process director"),
    "set_cross_region": N_("the cross-region lead organisation"),
    "set_waiting": N_("waiting for a placement or treatment"),
    "decide_escalation": N_("the decision on an escalation"),
    "withdraw_acknowledgement": N_("the withdrawal of an acknowledgement"),
    "close_case": N_("closing the case"),
    "record_handover": N_("the hand-over"),
    "adopt_plan": N_("the plan of approach"),
    "agree_plan": N_("agreeing the plan of approach"),
    "adjust_plan": N_("the plan adjustment"),
    "edit_draft": N_("the draft plan"),
    "set_goal_status": N_("the status of a goal"),
    "plan_still_fits": N_("plan still fits"),
    "add_person": N_("a youth or parent"),
    "add_professional": N_("a professional"),
    "record_meeting": N_("a meeting"),
    "record_event": N_("a significant event"),
    "request_escalation": N_("an escalation request"),
    "record_risk_assessment": N_("a risk assessment"),
    "record_duo_review": N_("a duo review"),
    "acknowledge_signal": N_("an acknowledgement"),
    "start_run": N_("a checklist"),
    "save_answers": N_("checklist answers"),
    "complete_run": N_("completing a checklist"),
}
