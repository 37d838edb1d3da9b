"""The case file keeps what a case's history says now: a withdrawn acknowledgement
stays withdrawn, and a completed MDO checklist with a choice answer ("veilig" stored
as ``safe``) comes back identically after export and import."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from regie_tui.base import i18n
from regie_tui.data import checklist_commands as CC
from regie_tui.data import commands as C
from regie_tui.data.store import Store
from regie_tui.exchange import casefile
from regie_tui.exchange.importer import import_cases
from regie_tui.rules import checklists as CL
from regie_tui.rules import signals as S
from regie_tui.rules.engine import evaluate_case
from regie_tui.rules.intervals import Intervals
from tests.conftest import TODAY
from tests.unit.exchange_helpers import MDO, document, rich, write

D = dt.timedelta
CODE = S.PLAN_MISSING  # a PR case opened 100 days ago without a plan: overdue

# Every test on a store file and on a team store (Tester's login; Partner a member).
pytestmark = pytest.mark.both_engines


def _round_trip(store, new_store, code: str, tmp_path: Path) -> tuple[str, Store, object]:
    """(exported text, the empty store it was imported into, the import report)."""
    text, _n = casefile.export_text(store, [code])
    path = tmp_path / "out.json"
    path.write_text(text, encoding="utf-8")
    target = new_store("other.sqlite")
    return text, target, import_cases(target, casefile.parse(path))


def _signal(store, code: str):
    facts = store.load_case(store.case_id_for_code(code))
    return next(s for s in evaluate_case(facts, TODAY, Intervals()) if s.code == CODE)


def test_a_withdrawn_acknowledgement_stays_withdrawn_after_export_and_import(
        store, new_store, make_case, tmp_path):
    case_id, version = make_case(code="ACK-1")
    saved = C.acknowledge_signal(store, code=CODE, reason="Plan volgt na MDO",
                                 until=TODAY + D(days=10), case_id=case_id,
                                 expected_version=version)
    C.withdraw_acknowledgement(store, case_id, saved.version, code=CODE)
    assert not _signal(store, "ACK-1").muted

    text, target, report = _round_trip(store, new_store, "ACK-1", tmp_path)
    assert report.ok and report.written, report.problems
    (ack,) = json.loads(text)["cases"][0]["acknowledgements"]
    assert (ack["withdrawn_on"], ack["withdrawn_by"]) == (TODAY.isoformat(), "Tester")
    assert not _signal(target, "ACK-1").muted  # not back in force
    again, _n = casefile.export_text(target, ["ACK-1"])
    assert again == text


def _ack(**changes) -> dict:
    entry = {"code": "MDO_OVERDUE", "reason": "Uitgesteld", "until": "2026-12-01",
             "acknowledged_on": "2026-09-01", "acknowledged_by": "Tester",
             "withdrawn_on": "2026-09-10", "withdrawn_by": "Partner"}
    entry.update(changes)
    return entry


def _problems(new_store, tmp_path, case) -> list[str]:
    """The import's problems as "field path: reason", each into a new empty store."""
    target = new_store()
    report = import_cases(target, casefile.parse(write(tmp_path / "f.json", document(case))))
    assert not report.written or report.ok
    return [f"{p.where.split(', ', 2)[-1]}: {p.reason}" for p in report.problems]


def test_withdrawn_fields_follow_the_forms_rules(new_store, tmp_path):
    assert _problems(new_store, tmp_path, rich(acknowledgements=[_ack()])) == []
    assert _problems(new_store, tmp_path, rich(acknowledgements=[_ack(withdrawn_by=None)])) == []
    assert _problems(new_store, tmp_path, rich(acknowledgements=[_ack(withdrawn_on="2026-08-31")])) == [
        "acknowledgements[0].withdrawn_on: withdrawn_on cannot be before the date "
        "acknowledged."]
    assert _problems(new_store, tmp_path, rich(acknowledgements=[_ack(withdrawn_on="2027-01-01")])) == [
        "acknowledgements[0].withdrawn_on: withdrawn_on cannot be in the future."]
    assert _problems(new_store, tmp_path, rich(acknowledgements=[_ack(withdrawn_on=None)])) == [
        "acknowledgements[0].withdrawn_by: a withdrawal needs the date it was withdrawn "
        "(withdrawn_on)."]
    assert _problems(new_store, tmp_path, rich(acknowledgements=[_ack(withdrawn_by="Niemand")])) == [
        "acknowledgements[0].withdrawn_by: unknown consultant Niemand: check the spelling, "
        "or add them in Regie first."]
    i18n.set_language("nl")
    assert _problems(new_store, tmp_path, rich(acknowledgements=[_ack(withdrawn_on="2026-08-31")])) == [
        "acknowledgements[0].withdrawn_on: withdrawn_on kan niet vóór de datum van accepteren "
        "liggen."]


def _complete_mdo(store, case_id: int, version: int) -> int:
    started = CC.start_run(store, case_id, version, MDO)
    answers = {}
    for item in MDO.items:
        if item.type == CL.CHOICE:
            answers[item.key] = CL.Answer("safe")
        elif item.type == CL.DATE:
            answers[item.key] = CL.Answer(CL.YES, value_date=TODAY + D(days=30))
        else:
            answers[item.key] = CL.Answer(CL.YES)
    return CC.complete_run(store, case_id, started.version, started.object_id, answers).version


def test_a_completed_mdo_checklist_with_a_choice_answer_imports_back_identically(
        store, new_store, make_case, tmp_path):
    case_id, version = make_case(code="MDO-1")
    _complete_mdo(store, case_id, version)
    text, target, report = _round_trip(store, new_store, "MDO-1", tmp_path)
    assert report.ok and report.written, [str(p) for p in report.problems]
    (run,) = json.loads(text)["cases"][0]["checklist_runs"]
    assert {a["item_key"]: a["answer"] for a in run["answers"]}["safety_view"] == "safe"
    again, _n = casefile.export_text(target, ["MDO-1"])
    assert again == text


def _run_with(answer: dict) -> dict:
    return {"template_key": MDO.key, "template_version": MDO.version,
            "template_snapshot": MDO.snapshot(), "consultant": "Tester",
            "started_on": "2025-05-02", "completed_on": "2025-05-02", "answers": [answer]}


def test_checklist_answers_are_checked_against_the_runs_own_template(new_store, tmp_path):
    def answer(item_key, value, value_date=None):
        return rich(checklist_runs=[_run_with({"item_key": item_key, "answer": value,
                                               "note": None, "value_date": value_date})])

    assert _problems(new_store, tmp_path, answer("safety_view", "concerns")) == []
    assert _problems(new_store, tmp_path, answer("safety_view", "na")) == []
    assert _problems(new_store, tmp_path, answer("safety_view", "yes")) == [
        "checklist_runs[0].answers[0].answer: answer: 'yes' is not one of the allowed "
        "values (safe, concerns, unsafe, na)."]
    assert _problems(new_store, tmp_path, answer("goals_evaluated", "safe")) == [
        "checklist_runs[0].answers[0].answer: answer: 'safe' is not one of the allowed "
        "values (yes, no, na)."]
    assert _problems(new_store, tmp_path, answer("no_such_item", "yes")) == [
        "checklist_runs[0].answers[0].item_key: this checklist has no item no_such_item."]
    assert _problems(new_store, tmp_path, answer("goals_evaluated", "yes", "2025-06-01")) == [
        "checklist_runs[0].answers[0].value_date: Only a date item takes a date."]


def test_update_keeps_the_stores_acknowledgement_when_the_file_withdrew_it(new_store,
                                                                           tmp_path):
    """As documented: --update never changes an entry the store has; it says so."""
    target = new_store("laptop.sqlite")
    in_force = rich(acknowledgements=[_ack(withdrawn_on=None, withdrawn_by=None)])
    assert import_cases(target, casefile.parse(write(tmp_path / "a.json",
                                                     document(in_force)))).ok
    report = import_cases(target, casefile.parse(write(tmp_path / "b.json",
                                                       document(rich(acknowledgements=[_ack()])))),
                          update=True)
    assert report.ok and report.unchanged == ["RICH-1"]
    assert [p.where.rsplit(", ", 1)[-1] for p in report.notes] == ["acknowledgements"]
    (ack,) = json.loads(casefile.export_text(target, ["RICH-1"])[0])["cases"][0][
        "acknowledgements"]
    assert ack["withdrawn_on"] is None
