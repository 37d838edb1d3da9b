"""Checklist runs in the store: start, save half-way, complete, read-only, facts, signals."""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui.base.errors import ConflictError, ValidationError
from regie_tui.data import checklist_commands as CC
from regie_tui.data import checklist_queries as CQ
from regie_tui.data import facts_loader
from regie_tui.data.store import Store
from regie_tui.rules import checklists as CL
from regie_tui.rules import signals as S
from regie_tui.rules.engine import evaluate_case
from regie_tui.rules.intervals import Intervals
from tests.conftest import TODAY, admin_read, case_row, table_counts, trace_statements

pytestmark = pytest.mark.both_engines

A = CL.Answer


@pytest.fixture
def mdo():
    return CQ.available_templates().templates["mdo_evaluatie_vpr"]


def _all_good(template, **overrides) -> dict[str, CL.Answer]:
    answers = {}
    for item in template.items:
        if item.type == CL.CHOICE:
            answers[item.key] = A(item.options[0].key)
        elif item.type == CL.DATE:
            answers[item.key] = A("yes", None, TODAY + dt.timedelta(days=42))
        else:
            answers[item.key] = A("yes")
    answers.update(overrides)
    return answers


def _audits(store) -> list[tuple[str, str]]:
    with admin_read(store) as conn:
        return list(conn.execute("SELECT action, object FROM audit_log ORDER BY id"))


def test_start_run_keeps_the_template_and_bumps_the_case(store, make_case, mdo):
    case_id, version = make_case()
    saved = CC.start_run(store, case_id, version, mdo)
    assert saved.version == version + 1
    run = CQ.load_run(store, saved.object_id)
    assert run.template.snapshot() == mdo.snapshot()
    assert (run.started_on, run.completed_on, run.consultant) == (TODAY, None, "Tester")
    assert _audits(store)[-1] == ("start_checklist", f"checklist_run:{run.id}")
    assert CQ.open_run_id(store, case_id, mdo.key) == run.id


def test_a_second_open_run_of_the_same_template_is_refused(store, make_case, mdo):
    case_id, version = make_case()
    version = CC.start_run(store, case_id, version, mdo).version
    before = table_counts(store)
    with pytest.raises(ValidationError, match="resume"):
        CC.start_run(store, case_id, version, mdo)
    assert table_counts(store) == before


def test_a_template_changed_without_a_new_version_is_refused(store, make_case, mdo):
    case_id, version = make_case()
    CC.start_run(store, case_id, version, mdo)
    other_case, other_version = make_case()
    raw = dict(mdo.raw, title="Anders")
    changed = CL.from_mapping(raw, "team.toml")
    with pytest.raises(ValidationError, match="version"):
        CC.start_run(store, other_case, other_version, changed)
    bumped = CL.from_mapping(dict(raw, version=2), "team.toml")
    assert CC.start_run(store, other_case, other_version, bumped).object_id


def test_answers_saved_half_way_can_be_resumed(store, make_case, mdo):
    case_id, version = make_case()
    saved = CC.start_run(store, case_id, version, mdo)
    run_id = saved.object_id
    saved = CC.save_answers(store, case_id, saved.version, run_id, {
        "goals_evaluated": A("yes"), "youth_spoken": A("no", "  niet thuis  ")})
    saved = CC.save_answers(store, case_id, saved.version, run_id, {
        "goals_evaluated": A(None), "plan_fits": A("yes")})
    run = CQ.load_run(store, run_id)
    assert run.answers == {"youth_spoken": A("no", "niet thuis"), "plan_fits": A("yes")}
    assert run.progress() == (2, 12)
    assert case_row(store, case_id)["version"] == saved.version
    assert [a for a, _o in _audits(store)][-2:] == ["save_checklist", "save_checklist"]


def test_a_stale_save_is_refused_and_changes_nothing(store, make_case, mdo):
    case_id, version = make_case()
    saved = CC.start_run(store, case_id, version, mdo)
    before = table_counts(store)
    with pytest.raises(ConflictError):
        CC.save_answers(store, case_id, version, saved.object_id, {"plan_fits": A("yes")})
    assert table_counts(store) == before


@pytest.mark.parametrize(("answers", "field"), [
    ({"plan_fits": A("ja")}, "items.plan_fits"),
    ({"safety_view": A("yes")}, "items.safety_view"),
    ({"nope": A("yes")}, "items.nope"),
    ({"plan_fits": A("yes", None, TODAY)}, "items.plan_fits"),
    ({"plan_fits": A("no", "x" * 4001)}, "items.plan_fits"),
])
def test_bad_answers_are_refused(store, make_case, mdo, answers, field):
    case_id, version = make_case()
    saved = CC.start_run(store, case_id, version, mdo)
    before = table_counts(store)
    with pytest.raises(ValidationError) as info:
        CC.save_answers(store, case_id, saved.version, saved.object_id, answers)
    assert info.value.field == field
    assert table_counts(store) == before


def test_completion_needs_required_items_and_notes(store, make_case, mdo):
    case_id, version = make_case()
    saved = CC.start_run(store, case_id, version, mdo)
    before = table_counts(store)
    answers = _all_good(mdo)
    del answers["escalation_considered"]
    with pytest.raises(ValidationError, match="Item 9: not answered yet") as info:
        CC.complete_run(store, case_id, saved.version, saved.object_id, answers)
    assert info.value.field == "items.escalation_considered"
    with pytest.raises(ValidationError, match="needs a note"):
        CC.complete_run(store, case_id, saved.version, saved.object_id,
                        _all_good(mdo, plan_fits=A("na")))
    with pytest.raises(ValidationError, match="give the date"):
        CC.complete_run(store, case_id, saved.version, saved.object_id,
                        _all_good(mdo, next_mdo=A("yes")))
    assert table_counts(store) == before  # the answers were not saved either


def test_completed_run_is_dated_signed_plans_the_mdo_and_is_read_only(store, make_case, mdo):
    case_id, version = make_case()
    saved = CC.start_run(store, case_id, version, mdo)
    run_id = saved.object_id
    before = table_counts(store)
    answers = _all_good(mdo, plan_fits=A("no", "bijstellen na uitval behandeling"),
                        lead_organisation=A("na"))
    store.clock = type(store.clock)(TODAY)
    saved = CC.complete_run(store, case_id, saved.version, run_id, answers,
                            completed_on=TODAY - dt.timedelta(days=1))
    after = table_counts(store)
    assert after["meeting"] == before["meeting"] + 1
    assert after["audit_log"] == before["audit_log"] + 1
    run = CQ.load_run(store, run_id)
    assert (run.completed_on, run.consultant) == (TODAY - dt.timedelta(days=1), "Tester")
    with store.read() as conn:
        planned = conn.execute("SELECT kind, planned_on, held_on FROM meeting "
                               "WHERE case_id = ?", (case_id,)).fetchall()
    assert planned == [("mdo", (TODAY + dt.timedelta(days=42)).isoformat(), None)]
    for command in (lambda: CC.save_answers(store, case_id, saved.version, run_id,
                                            {"plan_fits": A("yes")}),
                    lambda: CC.complete_run(store, case_id, saved.version, run_id)):
        with pytest.raises(ValidationError, match="can no longer be changed"):
            command()
    assert table_counts(store) == after


def test_only_a_known_consultant_signs(store, make_case, mdo):
    case_id, version = make_case()
    saved = CC.start_run(store, case_id, version, mdo)
    store.actor = "Onbekend"
    with pytest.raises(ValidationError, match="consultant"):
        CC.complete_run(store, case_id, saved.version, saved.object_id, _all_good(mdo))


def test_future_completion_date_is_refused(store, make_case, mdo):
    case_id, version = make_case()
    saved = CC.start_run(store, case_id, version, mdo)
    with pytest.raises(ValidationError, match="future"):
        CC.complete_run(store, case_id, saved.version, saved.object_id, _all_good(mdo),
                        completed_on=TODAY + dt.timedelta(days=1))


def test_facts_hold_completed_runs_with_their_consequences(store, make_case, mdo):
    case_id, version = make_case()
    open_run = CC.start_run(store, case_id, version, mdo)
    start = CQ.available_templates().templates["startbijeenkomst"]
    saved = CC.start_run(store, case_id, open_run.version, start)
    saved = CC.complete_run(store, case_id, saved.version, saved.object_id,
                            _all_good(start, parents_youth_present=A("no", "ziek")))
    facts = store.load_case(case_id)
    assert [(c.template_key, c.completed_on, c.consequences) for c in facts.checklists] == [
        ("startbijeenkomst", TODAY, ())]
    saved = CC.complete_run(store, case_id, saved.version, open_run.object_id,
                            _all_good(mdo, safety_view=A("unsafe")))
    facts = store.load_case(case_id)
    # Same day: in the order the runs were started.
    assert [c.consequences for c in facts.checklists] == [
        ("evaluation", "safety_concern", "youth_contact"), ()]
    # As of an earlier day, a run completed later does not count.
    with store.read() as conn:
        past = facts_loader.load(conn, [case_id], as_of=TODAY - dt.timedelta(days=1)).cases[0]
    assert past.checklists == ()


def _selects(store) -> int:
    statements = []
    with store.read() as conn:
        trace_statements(conn, statements.append)
        facts_loader.load(conn, as_of=TODAY)
    return sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))


def test_facts_load_in_a_fixed_number_of_queries_with_runs(store, make_case, mdo):
    case_id, version = make_case()
    saved = CC.start_run(store, case_id, version, mdo)
    CC.complete_run(store, case_id, saved.version, saved.object_id, _all_good(mdo))
    one = _selects(store)
    start = CQ.available_templates().templates["startbijeenkomst"]
    for _n in range(5):
        cid, v = make_case()
        for template in (mdo, start):
            saved = CC.start_run(store, cid, v, template)
            v = CC.complete_run(store, cid, saved.version, saved.object_id,
                                _all_good(template)).version
    assert _selects(store) == one
    assert sum(len(c.checklists) for c in store.load_caseload().cases) == 11


def test_completing_the_mdo_evaluation_clears_mdo_overdue_on_the_demo_case(tmp_path, mdo):
    from regie_tui.base.clock import Clock
    from regie_tui.data import demo

    store = Store.open(demo.generate(tmp_path / "demo.sqlite", 20, TODAY), Clock(TODAY),
                       actor="Joris Fictief")
    case_id = store.case_id_for_code("DEMO-0001")
    case = store.load_case(case_id)
    codes = {s.code for s in evaluate_case(case, TODAY, Intervals())}
    assert {S.MDO_OVERDUE, S.YOUTH_CONTACT_OVERDUE} <= codes
    saved = CC.start_run(store, case_id, case.version, mdo)
    CC.complete_run(store, case_id, saved.version, saved.object_id,
                    _all_good(mdo, youth_spoken=A("no", "jeugdige niet bereikt")))
    after = {s.code for s in evaluate_case(store.load_case(case_id), TODAY, Intervals())}
    assert S.MDO_OVERDUE not in after
    assert S.YOUTH_CONTACT_OVERDUE in after  # "youth spoken: no" leaves it standing
    store.close()


def test_history_and_previous_run(store, make_case, mdo):
    case_id, version = make_case()
    first = CC.start_run(store, case_id, version, mdo)
    v = CC.complete_run(store, case_id, first.version, first.object_id,
                        _all_good(mdo, plan_fits=A("no", "uitval"))).version
    second = CC.start_run(store, case_id, v, mdo)
    runs = CQ.runs_of_case(store, case_id)
    assert [r.id for r in runs] == [first.object_id, second.object_id]
    previous = CQ.previous_run(store, runs[1])
    assert previous.id == first.object_id
    assert previous.answers["plan_fits"] == A("no", "uitval")
    assert CQ.previous_run(store, runs[0]) is None
