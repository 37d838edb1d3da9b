"""Everything a rule may look at: plain, immutable dataclasses.

The store builds these from the database; tests build them by hand. They
hold what happened (dated facts), never what can be derived from it.

Treat them as read-only. They are not ``frozen`` because a frozen dataclass
is four times slower to build, and the store builds a few hundred thousand
of them to open a large caseload. Change a fact with ``dataclasses.replace``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Date = dt.date


@dataclass(slots=True)
class RegimePeriod:
    regime: str  # vocab.PR / vocab.VPR
    start: Date
    ovv_decision_on: Date | None = None


@dataclass(slots=True)
class Meeting:
    id: int
    kind: str  # vocab.MEETING_KINDS
    planned_on: Date | None = None
    held_on: Date | None = None
    youth_present: bool = False
    parents_present: bool = False


@dataclass(slots=True)
class Event:
    id: int
    kind: str  # vocab.EVENT_KINDS
    occurred_on: Date


@dataclass(slots=True)
class Goal:
    id: int
    deadline: Date | None
    status: str  # vocab.GOAL_STATUSES


@dataclass(slots=True)
class PlanVersion:
    id: int
    number: int
    status: str  # vocab.DRAFT / vocab.AGREED
    created_on: Date
    agreed_on: Date | None = None
    safety: str | None = None  # vocab.SAFETY_VIEWS
    goals: tuple[Goal, ...] = ()


@dataclass(slots=True)
class PlanDecision:
    """An adjustment of the plan or an explicit "plan still fits"."""

    id: int
    kind: str  # vocab.ADJUSTED / vocab.STILL_FITS
    decided_on: Date
    answers: tuple[int, ...] = ()  # ids of the significant events it answers


@dataclass(slots=True)
class Escalation:
    id: int
    level: str  # vocab.ESCALATION_LEVELS
    requested_on: Date
    decided_on: Date | None = None
    decision: str | None = None


@dataclass(slots=True)
class DuoReview:
    reviewer_id: int
    reviewed_on: Date


@dataclass(slots=True)
class Acknowledgement:
    code: str
    until: Date
    reason: str
    acknowledged_on: Date


@dataclass(slots=True)
class ChecklistOutcome:
    """A completed checklist run, reduced to what rules need."""

    id: int
    template_key: str
    completed_on: Date
    consequences: tuple[str, ...] = ()  # consequence codes declared by the template


@dataclass(slots=True)
class SyncConflict:
    """A change made offline on a copy that the team store did not apply (issue 18).

    Open until the consultant chooses (mine, the server's, or an edit); while
    open it is a signal on the case, so it never disappears unseen.
    """

    id: int
    command: str  # the operation's command name (vocab.SYNC_COMMANDS labels it)
    server_login: str | None = None  # who changed it on the team store
    server_changed_at: dt.datetime | None = None  # when, by the server's clock
    refused: bool = False  # refused by the team store (access, validation), not a conflict
    message: str | None = None  # the team store's reason for a refusal


@dataclass(slots=True)
class CaseFacts:
    id: int
    code: str
    alias: str
    status: str  # vocab.ACTIVE / vocab.CLOSED
    opened_on: Date
    process_director_id: int | None = None
    duo_partner_id: int | None = None
    case_director_name: str | None = None
    case_director_org: str | None = None
    case_director_named_on: Date | None = None
    role_agreement_on: Date | None = None
    marking_letter_on: Date | None = None
    cross_region: bool = False
    lead_organisation: str | None = None
    waiting_since: Date | None = None
    closed_on: Date | None = None
    closing_reason: str | None = None
    handover_on: Date | None = None
    no_handover_reason: str | None = None
    professionals: int = 0
    version: int = 1
    regimes: tuple[RegimePeriod, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    events: tuple[Event, ...] = ()
    plans: tuple[PlanVersion, ...] = ()
    decisions: tuple[PlanDecision, ...] = ()
    escalations: tuple[Escalation, ...] = ()
    duo_reviews: tuple[DuoReview, ...] = ()
    risk_assessments: tuple[Date, ...] = ()
    acknowledgements: tuple[Acknowledgement, ...] = ()
    checklists: tuple[ChecklistOutcome, ...] = ()
    # Open synchronisation conflicts, oldest first (only ever on a copy).
    sync_conflicts: tuple[SyncConflict, ...] = ()

    @property
    def regime(self) -> str | None:
        """The regime in force: the latest period's."""
        return self.regimes[-1].regime if self.regimes else None

    @property
    def regime_since(self) -> Date | None:
        return self.regimes[-1].start if self.regimes else None

    @property
    def is_active(self) -> bool:
        return self.status == "active"


@dataclass(slots=True)
class ConsultantFacts:
    id: int
    name: str
    role: str
    caseload_reviews: tuple[Date, ...] = ()
    acknowledgements: tuple[Acknowledgement, ...] = ()
    # False when the reader may not see this consultant's caseload reviews (a
    # colleague's, on a team store): then none is known, not "none held".
    reviews_known: bool = True


@dataclass(slots=True)
class Caseload:
    cases: list[CaseFacts] = field(default_factory=list)
    consultants: dict[int, ConsultantFacts] = field(default_factory=dict)
