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
