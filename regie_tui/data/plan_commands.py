"""Plan commands beyond adopt / agree / adjust / still-fits (which live in ``commands``).

* :func:`edit_draft` rewrites a draft before it is agreed: a draft is work in
  progress, so it is replaced rather than versioned.
* :func:`set_goal_status` records the evaluation of one goal of the current
  agreed version (achieved, not achieved, dropped, open again) with a note.
  A status is the outcome of evaluating the plan, not a change to it, so it
  needs no new version; a new deadline does (an adjustment, with a reason).

Same contract as every command: one transaction, validation first, version
check, one audit row.
"""

from __future__ import annotations

from sqlmodel import delete, select

from regie_tui.base.errors import ValidationError
from regie_tui.base.i18n import _
from regie_tui.data import tables as T
from regie_tui.data import validate as v
from regie_tui.data.commands import (
    NOTE,
    Agreement,
    PlanInput,
    Saved,
    _agree,
    _agreed_before,
    _changing_case,
    _latest_plan,
    _plan_rows,
    _saved,
)
from regie_tui.data.outbox import CHANGE, content_value, recorded
from regie_tui.rules import vocab


def _draft_content(fetch, args) -> dict:
    """A draft's goals and factors, row by row in order: what ``edit_draft`` replaces,
    so what a sync compares (a colleague's edit of the same draft is a conflict)."""
    version_id = args.get("plan_version_id")
    goals = fetch("SELECT description, intended_result, deadline, owner FROM goal "
                  "WHERE plan_version_id = ? ORDER BY position, id", (version_id,))
    factors = fetch("SELECT kind, text FROM planfactor WHERE plan_version_id = ? "
                    "ORDER BY position, id", (version_id,))
    return {"goals": [[content_value(v) for v in row] for row in goals],
            "factors": [[content_value(v) for v in row] for row in factors]}


@recorded(CHANGE, fields=("goals", "factors"), refs={"plan_version_id": "planversion"},
          read=_draft_content)
def edit_draft(store, case_id: int, expected_version: int, plan_version_id: int,
               plan: PlanInput, agreement: Agreement | None = None) -> Saved:
    """Replace the goals, factors, safety and origin of a draft not agreed yet.

    With ``agreement`` the edited draft is agreed in the same transaction, so a
    refused agreement leaves the draft as it was.
    """
    today = store.clock.today()
    goals, factors, header = _plan_rows(plan, today)
    with _changing_case(store, case_id, expected_version, "edit_draft_plan") as ch:
        version = ch.session.get(T.PlanVersion, plan_version_id)
        if version is None or version.case_id != case_id or version.status != vocab.DRAFT:
            raise ValidationError("plan", _(
                "Only a draft can be edited; an agreed plan is changed by adjusting it."))
        ch.session.exec(delete(T.Goal).where(T.Goal.plan_version_id == version.id))
        ch.session.exec(delete(T.PlanFactor).where(T.PlanFactor.plan_version_id == version.id))
        for key, value in header.items():
            setattr(version, key, value)
        for g in goals:
            ch.session.add(T.Goal(plan_version_id=version.id, **g))
        for i, (kind, text) in enumerate(factors):
            ch.session.add(T.PlanFactor(plan_version_id=version.id, kind=kind, position=i,
                                        text=text))
        if agreement is not None:
            _agree(version, agreement, today,
                   _agreed_before(ch.session, case_id, version.number))
        ch.object = f"plan_version:{version.id}"
    return _saved(store, ch, version.id)


@recorded(CHANGE, fields=("status", "note"), refs={"goal_id": "goal"}, row=("goal", "goal_id"))
def set_goal_status(store, case_id: int, expected_version: int, goal_id: int, *,
                    status: str, note: str | None = None) -> Saved:
    """The evaluated status of a goal of the current agreed plan, with a note."""
    status = v.choice("status", _("Status"), status, vocab.GOAL_STATUSES)
    note = v.text("note", _("Note"), note, max_len=NOTE, required=status != vocab.GOAL_OPEN
                  and status != "achieved", multiline=True)
    with _changing_case(store, case_id, expected_version, "set_goal_status") as ch:
        goal = ch.session.get(T.Goal, goal_id)
        version = ch.session.get(T.PlanVersion, goal.plan_version_id) if goal else None
        current = ch.session.exec(
            select(T.PlanVersion).where(T.PlanVersion.case_id == case_id,
                                        T.PlanVersion.status == vocab.AGREED)
            .order_by(T.PlanVersion.number.desc())).first()
        if version is None or version.case_id != case_id:
            raise ValidationError("goal", _("This goal does not belong to the case."))
        if current is None or version.id != current.id:
            latest = _latest_plan(ch.session, case_id)
            if latest is not None and latest.id == version.id:  # a draft: edit the draft
                raise ValidationError("goal", _(
                    "This goal is in a draft: change it by editing the draft."))
            raise ValidationError("goal", _(
                "Only goals of the current plan can be evaluated; older versions stay as "
                "they were."))
        goal.status, goal.note = status, note
        ch.object = f"goal:{goal.id}"
    return _saved(store, ch, goal.id)
