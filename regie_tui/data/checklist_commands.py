"""Store commands for checklist runs: start, save half-way, complete.

Like every command in ``data.commands``: one transaction, validated before
anything is written, version-checked against the case (the case's version
goes up), one audit entry. A completed run is read-only: every command on it
is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlmodel import select

from regie_tui.base.errors import ValidationError
from regie_tui.base.i18n import _
from regie_tui.data import date_rules as R
from regie_tui.data import tables as T
from regie_tui.data import validate as v
from regie_tui.data.commands import NOTE, Saved, _actor_id, _changing_case, _saved
from regie_tui.data.outbox import ADDITION, CHANGE, content_value, recorded
from regie_tui.rules import checklists as CL


@recorded(ADDITION)
def start_run(store, case_id: int, expected_version: int, template: CL.Template) -> Saved:
    """A new, empty run of ``template`` on the case; ``Saved.object_id`` is the run's id."""
    snapshot = template.snapshot()
    with _changing_case(store, case_id, expected_version, "start_checklist") as ch:
        session = ch.session
        open_run = session.exec(select(T.ChecklistRun.id).where(
            T.ChecklistRun.case_id == case_id, T.ChecklistRun.template_key == template.key,
            T.ChecklistRun.completed_on.is_(None))).first()
        if open_run is not None:
            raise ValidationError("template", _(
                "This checklist was already started on this case and is not completed: "
                "resume it."))
        # Runs are told apart by (key, version): a template changed without a new
        # version would make two different checklists look the same.
        other = session.exec(select(T.ChecklistRun.template_snapshot).where(
            T.ChecklistRun.template_key == template.key,
            T.ChecklistRun.template_version == template.version)).first()
        if other is not None and other != snapshot:
            raise ValidationError("template", _(
                "The checklist file was changed without raising its version. Raise "
                "'version' in the file, then start again."))
        run = T.ChecklistRun(case_id=case_id, template_key=template.key,
                             template_version=template.version, template_snapshot=snapshot,
                             consultant_id=_actor_id(store, session),
                             started_on=store.clock.today())
        session.add(run)
        session.flush()
        ch.object = f"checklist_run:{run.id}"
    return _saved(store, ch, run.id)


def _saved_answers(fetch, args) -> dict:
    """The run's answers to the items being saved (an item not answered: its key
    alone): what ``save_answers`` replaces, so what a sync compares."""
    keys = sorted(args.get("answers") or {})
    if not keys:
        return {"answers": []}
    found = {row[0]: [content_value(v) for v in row] for row in fetch(
        "SELECT item_key, answer, note, value_date FROM checklistanswer WHERE run_id = ? "
        f"AND item_key IN ({', '.join('?' * len(keys))})", (args.get("run_id"), *keys))}
    return {"answers": [found.get(key, [key]) for key in keys]}


@recorded(CHANGE, fields=("answers",), refs={"run_id": "checklistrun"}, read=_saved_answers)
def save_answers(store, case_id: int, expected_version: int, run_id: int,
                 answers: Mapping[str, CL.Answer]) -> Saved:
    """Save some answers of an open run (resumable): the given items are replaced."""
    with _changing_case(store, case_id, expected_version, "save_checklist") as ch:
        run, template = _open_run(ch.session, case_id, run_id)
        _write_answers(ch.session, run, template, answers)
        ch.object = f"checklist_run:{run.id}"
    return _saved(store, ch, run.id)


@recorded(ADDITION, refs={"run_id": "checklistrun"})
def complete_run(store, case_id: int, expected_version: int, run_id: int,
                 answers: Mapping[str, CL.Answer] | None = None,
                 completed_on: dt.date | None = None) -> Saved:
    """Complete a run: dated, signed by the consultant working (the store's actor).

    Every required item must be answered, "no"/"n/a" on a required item needs a
    note. A date item that plans a meeting records that meeting as planned.
    """
    today = store.clock.today()
    completed_on = v.happened("completed_on", _("Date"), completed_on or today, today)
    with _changing_case(store, case_id, expected_version, "complete_checklist") as ch:
        session = ch.session
        run, template = _open_run(session, case_id, run_id)
        R.after_opening("completed_on", _("Date"), completed_on, ch.case.opened_on)
        signer = _actor_id(store, session)
        if signer is None:
            raise ValidationError("consultant", _(
                "Only a consultant known in this store can sign a checklist."))
        stored = _write_answers(session, run, template, answers or {})
        found = CL.problems(template, stored, on=completed_on)
        if found:
            raise _problem_error(template, found)
        run.completed_on = completed_on
        run.consultant_id = signer
        session.add(run)
        for item_key, kind, planned_on in CL.planned_meetings(template, stored):
            session.add(T.Meeting(case_id=case_id, kind=kind, planned_on=planned_on,
                                  recorded_by_id=signer,
                                  note=_("Planned in checklist {title} ({item}).").format(
                                      title=template.label(), item=item_key)))
        ch.object = f"checklist_run:{run.id}"
    return _saved(store, ch, run.id)


def _problem_error(template: CL.Template, found: list[CL.Problem]) -> ValidationError:
    first = found[0]
    number = next(i for i, item in enumerate(template.items, 1) if item.key == first.item_key)
    message = _("Item {number}: {reason}.").format(number=number, reason=_(first.reason))
    if len(found) > 1:
        message += " " + _("Items still to do: {count}.").format(count=len(found))
    return ValidationError(f"items.{first.item_key}", message)


def _open_run(session, case_id: int, run_id: int) -> tuple[T.ChecklistRun, CL.Template]:
    run = session.get(T.ChecklistRun, run_id)
    if run is None or run.case_id != case_id:
        raise ValidationError("run", _("This checklist does not belong to the case."))
    if run.completed_on is not None:
        raise ValidationError("run", _(
            "This checklist was completed and can no longer be changed."))
    return run, CL.from_snapshot(run.template_snapshot)


def _write_answers(session, run: T.ChecklistRun, template: CL.Template,
                   answers: Mapping[str, CL.Answer]) -> dict[str, CL.Answer]:
    """Validate and write ``answers``; returns every answer of the run afterwards."""
    cleaned = {key: _clean(template, key, a) for key, a in answers.items()}
    rows = {row.item_key: row for row in session.exec(
        select(T.ChecklistAnswer).where(T.ChecklistAnswer.run_id == run.id))}
    for key, answer in cleaned.items():
        row = rows.get(key)
        if answer == CL.Answer():
            if row is not None:
                session.delete(row)
                del rows[key]
            continue
        if row is None:
            row = rows[key] = T.ChecklistAnswer(run_id=run.id, item_key=key)
        row.answer, row.note, row.value_date = answer.answer, answer.note, answer.value_date
        session.add(row)
    session.flush()
    return {key: CL.Answer(r.answer, r.note, r.value_date) for key, r in rows.items()}


def _clean(template: CL.Template, key: str, answer: CL.Answer) -> CL.Answer:
    item = template.item(key)
    if item is None:
        raise ValidationError(f"items.{key}", _("This checklist has no such item."))
    field = f"items.{key}"
    if answer.answer is not None and answer.answer not in item.answer_codes():
        raise ValidationError(field, _("Answer: choose one of the listed options."))
    note = v.text(field, _("Note"), answer.note, max_len=NOTE, required=False, multiline=True)
    value_date = answer.value_date
    if value_date is not None:
        if item.type != CL.DATE:
            raise ValidationError(field, _("Only a date item takes a date."))
        value_date = v.date(field, _("Date"), value_date)
    return CL.Answer(answer.answer, note, value_date)
