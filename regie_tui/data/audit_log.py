"""Reading and extending the audit log beyond the store commands.

Store commands write their own audit entry in their transaction; this module
adds entries for what is not a change (exports, backups, restores, searches
of the team view) and reads the log back (chain check, a case's access list).

Entries hold who, when, which case, what kind of action and which object (an
id) on which device; never case content such as names, notes or search text.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

from regie_tui.base.errors import NotFoundError
from regie_tui.base.i18n import N_, _
from regie_tui.data import audit
from regie_tui.data import tables as T

CHAIN_COLUMNS = ("id, at, actor, case_id, case_code, action, object, device, prev_hash, hash")

# Labels for the actions the store writes; an unknown action shows its code.
ACTION_LABELS = {
    "open_case": N_("opened the case"),
    "create_case": N_("created the case"),
    "create_consultant": N_("added a consultant"),
    "record_caseload_review": N_("recorded a caseload review"),
    "add_person": N_("added a person"),
    "add_professional": N_("added a professional"),
    "record_meeting": N_("recorded a meeting or contact"),
    "record_event": N_("recorded an event"),
    "change_regime": N_("changed the regime"),
    "record_marking_letter": N_("recorded the marking letter"),
    "name_case_director": N_("named the case director"),
    "record_role_agreement": N_("recorded the role agreement"),
    "set_duo_partner": N_("set the duo partner"),
    "set_process_director": N_("set the process director"),
    "set_cross_region": N_("changed the cross-region details"),
    "set_waiting": N_("changed the waiting details"),
    "request_escalation": N_("requested an escalation"),
    "decide_escalation": N_("recorded an escalation decision"),
    "record_risk_assessment": N_("recorded a risk assessment"),
    "record_duo_review": N_("recorded a duo review"),
    "acknowledge_signal": N_("acknowledged a signal"),
    "withdraw_acknowledgement": N_("withdrew an acknowledgement"),
    "close_case": N_("closed the case"),
    "record_handover": N_("recorded the hand-over"),
    "adopt_plan": N_("adopted a plan of approach"),
    "agree_plan": N_("recorded agreement on the plan"),
    "adjust_plan": N_("adjusted the plan of approach"),
    "plan_still_fits": N_("decided the plan still fits"),
    "export": N_("exported data"),
    "search_team": N_("searched the team view"),
    "read_access_log": N_("looked at the case's access log"),
    "restore": N_("restored a backup"),
    "encrypt": N_("encrypted the store"),
    "generate_demo": N_("generated the demo"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return _(label) if label else action


def record(store, action: str, obj: str, case_id: int | None = None,
           case_code: str | None = None) -> None:
    """One audit entry in its own transaction (for actions that change nothing).

    With ``case_code`` given the case is not read (the privacy officer of a team
    store, who reads the log, may not read the case itself)."""
    with store.session() as session:
        if case_id is not None and case_code is None:
            case = session.get(T.Case, case_id)
            if case is None:
                raise NotFoundError(_("This case no longer exists."))
            case_code = case.code
        audit.append(session, at=store.clock.now().isoformat(timespec="seconds"),
                     actor=store.actor, action=action, object=obj[:200], device=store.device,
                     case_id=case_id, case_code=case_code)


def audit_export(store, what: str, case: int | None = None) -> None:
    """Log that data left Regie: ``what`` names the kind (e.g. "digest", "backup")."""
    record(store, "export", f"export:{what}", case)


def audit_search(store, results: int, view: str = "team") -> None:
    """Log a search of the team view: how many cases it found, never the query text
    (a name typed into a search box is case content)."""
    record(store, "search_team", f"search:{view}:{int(results)}")


@contextmanager
def reading_the_log(store):
    """Around a read of the log: where the store's access rules keep it from the user
    (a team store: it is the privacy officer's), a refusal that says so."""
    from regie_tui.data.engines import AccessRefused

    try:
        with store.backend.reads_said_plainly():
            yield
    except AccessRefused:
        raise AccessRefused(_("The team store's access rules do not let you read this: the "
                              "access log is the privacy officer's.")) from None


def missing_protection(store) -> list[str]:
    """The append-only protections no longer in the store (names; empty when all hold)."""
    with store.read() as conn:
        return store.backend.audit_unprotected(conn)


def first_entry_day(store) -> dt.date | None:
    """The day of the log's first entry (UTC), None for an empty log."""
    with store.read() as conn, reading_the_log(store):
        row = conn.execute("SELECT at FROM audit_log ORDER BY id LIMIT 1").fetchone()
    try:
        return dt.datetime.fromisoformat(row[0]).date() if row else None
    except (TypeError, ValueError):
        return None


def entry_who_when(store, entry_id: int) -> dict[str, str]:
    with store.read() as conn, reading_the_log(store):
        row = conn.execute("SELECT at, actor FROM audit_log WHERE id = ?",
                           (entry_id,)).fetchone()
    return {"when": local_time(row[0]) if row else "?", "actor": row[1] if row else "?"}


def verify_store(store) -> audit.ChainReport:
    with store.read() as conn, reading_the_log(store):
        return audit.verify(conn.execute(f"SELECT {CHAIN_COLUMNS} FROM audit_log ORDER BY id"))


# Entries are stored in UTC; shown in the computer's own time zone (None).
# Tests pin it to UTC so their output does not depend on the machine.
DISPLAY_TZ: dt.tzinfo | None = None


def local_time(at: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(DISPLAY_TZ).strftime("%d-%m-%Y %H:%M")


@dataclass(frozen=True)
class Access:
    at: str
    actor: str
    action: str
    object: str
    device: str

    @property
    def label(self) -> str:
        return action_label(self.action)

    @property
    def when(self) -> str:
        return local_time(self.at)


def case_entries(store, case_id: int) -> list[Access]:
    """Everything logged on one case, newest first (refused plainly where the
    team store's rules keep the log from the user)."""
    with store.read() as conn, reading_the_log(store):
        rows = conn.execute(
            "SELECT at, actor, action, object, device FROM audit_log WHERE case_id = ? "
            "ORDER BY id DESC", (case_id,)).fetchall()
    return [Access(*row) for row in rows]


def case_by_code(store, code: str) -> int:
    """The id of the case with ``code``. Someone who may read the log but not the
    cases (a team store's privacy officer) finds it in the log's entries."""
    from regie_tui.data.engines import AccessRefused

    try:
        with store.backend.reads_said_plainly():
            return store.case_id_for_code(code)
    except AccessRefused:
        pass
    with store.read() as conn, reading_the_log(store):
        row = conn.execute("SELECT case_id FROM audit_log WHERE case_code = ? AND case_id IS "
                           "NOT NULL ORDER BY id DESC LIMIT 1", (code,)).fetchone()
    if row is None:
        raise NotFoundError(_("There is no case with code {code}.").format(code=code))
    return row[0]


def case_code(store, case_id: int) -> str:
    with store.read() as conn:
        row = conn.execute("SELECT code FROM care_case WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("This case no longer exists."))
    return row[0]
