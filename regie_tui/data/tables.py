"""The case store's tables (SQLModel).

What is stored is what happened, with its date; nothing derivable (signals,
"next MDO due", "days since contact") is. Codes in str columns come from
``regie_tui.rules.vocab``; they are validated by the store commands rather
than by SQL enums so the schema stays portable to PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Index, Text, text
from sqlmodel import Field, SQLModel

from regie_tui.data.facts_loader import EVALUATION_WHERE, START_OR_PLANNED_WHERE

Date = dt.date


class Meta(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=4000)


class Consultant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=120)
    role: str = Field(default="consultant", max_length=32)
    # The database login on a team store (PostgreSQL); None on a SQLite store.
    login: str | None = Field(default=None, max_length=63, index=True, unique=True)


class Case(SQLModel, table=True):
    __tablename__ = "care_case"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=40)
    alias: str = Field(max_length=120)
    status: str = Field(default="active", max_length=16)
    opened_on: Date
    process_director_id: int | None = Field(default=None, foreign_key="consultant.id", index=True)
    duo_partner_id: int | None = Field(default=None, foreign_key="consultant.id", index=True)
    case_director_name: str | None = Field(default=None, max_length=120)
    case_director_org: str | None = Field(default=None, max_length=120)
    case_director_named_on: Date | None = None
    role_agreement_on: Date | None = None
    role_agreement_note: str | None = Field(default=None, max_length=4000)
    marking_letter_on: Date | None = None
    cross_region: bool = False
    lead_organisation: str | None = Field(default=None, max_length=120)
    waiting_since: Date | None = None
    waiting_for: str | None = Field(default=None, max_length=200)
    closed_on: Date | None = None
    closing_reason: str | None = Field(default=None, max_length=32)
    handover_to: str | None = Field(default=None, max_length=200)
    handover_on: Date | None = None
    aftercare: str | None = Field(default=None, max_length=4000)
    no_handover_reason: str | None = Field(default=None, max_length=4000)
    version: int = 1


class RegimeChange(SQLModel, table=True):
    # Matches the facts loader's ORDER BY, so loading needs no sort.
    __table_args__ = (Index("ix_regimechange_case_start", 'case_id', 'start_on', 'id'),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="care_case.id", index=True)
    regime: str = Field(max_length=8)
    start_on: Date
    ovv_decision_on: Date | None = None
    note: str | None = Field(default=None, max_length=4000)


class Person(SQLModel, table=True):
    """Youth and parents: name, birth year and role, nothing more."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="care_case.id", index=True)
    name: str = Field(max_length=120)
    birth_year: int | None = None
    role: str = Field(max_length=16)


class Professional(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="care_case.id", index=True)
    name: str = Field(max_length=120)
    organisation: str = Field(max_length=120)
    role: str = Field(max_length=120)


class Meeting(SQLModel, table=True):
    """Meetings and contacts; a caseload review has a consultant, not a case."""

    # The facts loader picks each case's latest evaluation and latest contact
    # with the youth through these. The partial indexes hold only the rows its
    # meeting queries read (their WHERE must match those queries exactly, or
    # SQLite will not use them): the evaluations, a third of all meetings, and
    # the start meetings, OVVs and planned meetings, a few percent.
    __table_args__ = (
        Index("ix_meeting_case_kind_held", "case_id", "kind", "held_on"),
        Index("ix_meeting_youth_case_held", "youth_present", "case_id", "held_on"),
        Index("ix_meeting_case_held_evaluation", "case_id", "held_on", "kind",
              sqlite_where=text(EVALUATION_WHERE), postgresql_where=text(EVALUATION_WHERE)),
        Index("ix_meeting_case_start_or_planned", "case_id",
              sqlite_where=text(START_OR_PLANNED_WHERE),
              postgresql_where=text(START_OR_PLANNED_WHERE)),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="care_case.id", index=True)
    consultant_id: int | None = Field(default=None, foreign_key="consultant.id", index=True)
    kind: str = Field(max_length=32)
    planned_on: Date | None = None
    held_on: Date | None = None
    youth_present: bool = False
    parents_present: bool = False
    note: str | None = Field(default=None, max_length=4000)
    recorded_by_id: int | None = Field(default=None, foreign_key="consultant.id")


class SignificantEvent(SQLModel, table=True):
    # Matches the facts loader's ORDER BY, so loading needs no sort.
    __table_args__ = (Index("ix_significantevent_case_date", 'case_id', 'occurred_on', 'id'),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="care_case.id", index=True)
    kind: str = Field(max_length=32)
    occurred_on: Date
    description: str | None = Field(default=None, max_length=4000)


class PlanVersion(SQLModel, table=True):
    # Matches the facts loader's ORDER BY, so loading needs no sort.
    __table_args__ = (Index("ix_planversion_case_number", 'case_id', 'number'),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="care_case.id", index=True)
    number: int
    status: str = Field(default="draft", max_length=16)
    origin: str = Field(default="own", max_length=32)
    created_on: Date
    created_by_id: int | None = Field(default=None, foreign_key="consultant.id")
    reason: str | None = Field(default=None, max_length=4000)
    agreed_on: Date | None = None
    agreed_by_parents: bool = False
    agreed_by_youth: bool = False
    agreed_by_case_director: bool = False
    safety: str | None = Field(default=None, max_length=16)
    safety_note: str | None = Field(default=None, max_length=4000)


class Goal(SQLModel, table=True):
    # Matches the facts loader's ORDER BY, so loading needs no sort.
    __table_args__ = (Index("ix_goal_plan_position", 'plan_version_id', 'position', 'id'),)
    id: int | None = Field(default=None, primary_key=True)
    plan_version_id: int = Field(foreign_key="planversion.id", index=True)
    position: int = 0
    description: str = Field(max_length=1000)
    intended_result: str | None = Field(default=None, max_length=1000)
    deadline: Date | None = None
    owner: str = Field(default="family", max_length=16)
    status: str = Field(default="open", max_length=16)
    note: str | None = Field(default=None, max_length=4000)


class PlanFactor(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    plan_version_id: int = Field(foreign_key="planversion.id", index=True)
    kind: str = Field(max_length=16)  # protective / threatening
    position: int = 0
    text: str = Field(max_length=1000)


class PlanDecision(SQLModel, table=True):
    """An adjustment (new plan version) or an explicit "plan still fits"."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="care_case.id", index=True)
    kind: str = Field(max_length=16)
    decided_on: Date
    reason: str = Field(max_length=4000)
    plan_version_id: int | None = Field(default=None, foreign_key="planversion.id")
    decided_by_id: int | None = Field(default=None, foreign_key="consultant.id")


class PlanDecisionEvent(SQLModel, table=True):
    decision_id: int = Field(foreign_key="plandecision.id", primary_key=True)
    event_id: int = Field(foreign_key="significantevent.id", primary_key=True)


class ChecklistRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="care_case.id", index=True)
    template_key: str = Field(max_length=64)
    template_version: int
    # The template as it was when the run started, so editing a template
    # never changes a past run.
    template_snapshot: str = Field(max_length=100_000)
    consultant_id: int | None = Field(default=None, foreign_key="consultant.id")
    started_on: Date
    completed_on: Date | None = None


class ChecklistAnswer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="checklistrun.id", index=True)
    item_key: str = Field(max_length=64)
    answer: str | None = Field(default=None, max_length=8)  # yes / no / na
    note: str | None = Field(default=None, max_length=4000)
    value_date: Date | None = None


class Escalation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="care_case.id", index=True)
    level: str = Field(max_length=32)
    requested_on: Date
    reason: str = Field(max_length=4000)
    decision: str | None = Field(default=None, max_length=16)
    decided_on: Date | None = None
    outcome: str | None = Field(default=None, max_length=4000)


class DuoReview(SQLModel, table=True):
    # Matches the facts loader's ORDER BY, so loading needs no sort.
    __table_args__ = (Index("ix_duoreview_case_date", 'case_id', 'reviewed_on', 'id'),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="care_case.id", index=True)
    reviewer_id: int = Field(foreign_key="consultant.id")
    reviewed_on: Date
    verdict: str = Field(max_length=16)
    remarks: str | None = Field(default=None, max_length=4000)
    read_on: Date | None = None


class RiskAssessment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="care_case.id", index=True)
    assessed_on: Date
    instrument: str | None = Field(default=None, max_length=120)
    outcome: str | None = Field(default=None, max_length=4000)


class Acknowledgement(SQLModel, table=True):
    """A signal acknowledged with a reason until a date (case or consultant)."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="care_case.id", index=True)
    consultant_id: int | None = Field(default=None, foreign_key="consultant.id")
    code: str = Field(max_length=40)
    reason: str = Field(max_length=4000)
    until: Date
    acknowledged_on: Date
    acknowledged_by_id: int | None = Field(default=None, foreign_key="consultant.id")
    # Withdrawn: from this day on it mutes nothing (kept on record, not deleted).
    withdrawn_on: Date | None = None
    withdrawn_by_id: int | None = Field(default=None, foreign_key="consultant.id")


class AuditEntry(SQLModel, table=True):
    """Append-only (NEN 7513): triggers refuse UPDATE and DELETE; a hash chain."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: str = Field(max_length=40)  # ISO timestamp, UTC
    actor: str = Field(max_length=120)
    case_id: int | None = Field(default=None, index=True)
    case_code: str | None = Field(default=None, max_length=40)
    action: str = Field(max_length=40)
    object: str = Field(max_length=200)
    device: str = Field(max_length=200)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


# -- a copy of the team store on a laptop (issue 18, regie_tui/sync) ----------------
# Empty on a store file and on the team store; migration 0006.

class SyncState(SQLModel, table=True):
    """``team_url`` (set only on a copy), ``login``, ``consultant``, ``cursor``,
    ``last_sync_at``, ``server_schema``, ``copy_id``."""

    __tablename__ = "sync_state"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=4000)


class SyncOutbox(SQLModel, table=True):
    __tablename__ = "sync_outbox"
    __table_args__ = {"sqlite_autoincrement": True}

    seq: int | None = Field(default=None, primary_key=True)
    op_id: str = Field(max_length=36, index=True, unique=True)  # UUIDv7
    command: str = Field(max_length=64)
    command_version: int
    args: str = Field(sa_type=Text)  # JSON (data.outbox encodes)
    case_id: int | None = None
    base_version: int | None = None
    base_fields: str | None = Field(default=None, sa_type=Text)  # JSON {field: value on the copy before the command}
    actor: str = Field(max_length=120)
    device: str = Field(max_length=200)
    made_at: str = Field(max_length=40)  # the laptop's clock: claimed, never ordered by
    status: str = Field(max_length=16, index=True)  # waiting / applied / conflict / refused
    outcome: str | None = Field(default=None, sa_type=Text)  # JSON, the server's


class SyncConflict(SQLModel, table=True):
    __tablename__ = "sync_conflict"
    __table_args__ = (Index("ix_sync_conflict_case_status", "case_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    op_id: str = Field(max_length=36, index=True, unique=True)
    case_id: int | None = None
    case_code: str | None = Field(default=None, max_length=40)
    command: str = Field(max_length=64)
    kind: str = Field(max_length=16)  # conflict / refused
    fields: str | None = Field(default=None, sa_type=Text)  # JSON {field: {"mine", "base", "server"}}
    message: str | None = Field(default=None, max_length=4000)
    server_login: str | None = Field(default=None, max_length=120)
    server_changed_at: str | None = Field(default=None, max_length=40)
    made_at: str = Field(max_length=40)
    status: str = Field(max_length=16)  # open / resolved
    resolution: str | None = Field(default=None, max_length=16)  # mine / server / edited
    resolved_at: str | None = Field(default=None, max_length=40)


class SyncIdMap(SQLModel, table=True):
    """Rows made on the copy (ids from the reserved range) -> the ids the server gave."""

    __tablename__ = "sync_id_map"

    table_name: str = Field(primary_key=True, max_length=64)
    local_id: int = Field(primary_key=True, sa_type=BigInteger)
    server_id: int = Field(sa_type=BigInteger)
