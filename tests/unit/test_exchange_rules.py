"""The importer keeps the forms' rules on which date may come before which, and its
report names the right case and can be had in full (issue 14, items 4 and 12)."""

from __future__ import annotations

import datetime as dt

import pytest

from regie_tui import cli
from regie_tui.base.errors import ValidationError
from regie_tui.data import commands as C
from regie_tui.exchange import casefile
from regie_tui.exchange.importer import import_cases
from regie_tui.rules import vocab
from tests.conftest import TODAY, table_counts
from tests.trustkit import mode
from tests.unit.exchange_helpers import RICH_CASE, document, rich, write

D = dt.timedelta

# Every test that uses a store runs on a store file and on a team store (as Tester).
pytestmark = pytest.mark.both_engines


def _plans(**changes):
    """RICH_CASE's plans with the first version changed."""
    plans = [dict(p) for p in RICH_CASE["plans"]]
    plans[0] = {**plans[0], **changes}
    return plans


def _goal_deadline(deadline: str):
    goals = [{**RICH_CASE["plans"][0]["goals"][0], "deadline": deadline}]
    return _plans(goals=goals)


# name -> (changes to RICH_CASE (opened 2025-03-01), path of the problem, its message)
LOOSE = {
    "mdo held before the case was opened": (
        dict(meetings=[{**RICH_CASE["meetings"][1], "held_on": "2025-02-20"}]),
        "meetings[0].held_on", "held_on cannot be before the start date."),
    "case closed before it was opened": (
        dict(closed_on="2025-02-01"), "closed_on", "closed_on cannot be before the start date."),
    "plan agreed before it was made": (
        dict(plans=_plans(agreed_on="2025-03-10")), "plans[0].agreed_on",
        "agreed_on cannot be before the date the plan was made."),
    "review read before it was written": (
        dict(duo_reviews=[{**RICH_CASE["duo_reviews"][0], "read_on": "2025-05-09"}]),
        "duo_reviews[0].read_on", "read_on cannot be before the date of the review."),
    "goal deadline before the plan": (
        dict(plans=_goal_deadline("2025-03-19")), "plans[0].goals[0].deadline",
        "deadline cannot be before the date the plan was made."),
    "escalation decided before it was asked": (
        dict(escalations=[{**RICH_CASE["escalations"][0], "decided_on": "2025-06-30"}]),
        "escalations[0].decided_on", "decided_on cannot be before the date requested."),
    "decision before the plan it keeps was agreed": (
        dict(decisions=[{**RICH_CASE["decisions"][0], "decided_on": "2025-06-11"}]),
        "decisions[0].decided_on",
        "decided_on cannot be before the date the current version was agreed."),
    "role agreement before the case director was named": (
        dict(role_agreement_on="2025-03-31"), "role_agreement_on",
        "role_agreement_on cannot be before the date the case director was named."),
    "VPR started before the OVV decided it": (
        dict(regimes=[RICH_CASE["regimes"][0], {**RICH_CASE["regimes"][1],
                                                "ovv_decision_on": "2025-03-16"}]),
        "regimes[1].start_on", "start_on cannot be before the OVV decision date."),
}


@pytest.mark.parametrize("name", list(LOOSE))
def test_the_importer_refuses_what_the_forms_refuse(name, store, tmp_path):
    changes, where, message = LOOSE[name]
    path = write(tmp_path / "case.json", document(rich(**changes)))
    before = table_counts(store)
    report = import_cases(store, casefile.parse(path))
    assert not report.written
    assert table_counts(store) == before
    assert [(p.where, p.reason) for p in report.problems] == [
        (f"{path}, case RICH-1 (cases[0]), {where}", message)]


def test_the_rich_case_itself_is_accepted(store, tmp_path):
    report = import_cases(store, casefile.parse(write(tmp_path / "ok.json",
                                                      document(rich()))))
    assert report.written and report.ok


def test_the_form_refuses_an_mdo_before_the_start_with_the_same_words(store, make_case):
    case_id, version = make_case(opened_on=TODAY - D(days=10))
    with pytest.raises(ValidationError) as refused:
        C.record_meeting(store, case_id, version, kind=vocab.MDO, held_on=TODAY - D(days=11))
    assert refused.value.message == "Date held cannot be before the start date."


def test_a_plan_agreed_before_it_was_recorded_counts_as_made_that_day(store, make_case):
    case_id, version = make_case(opened_on=TODAY - D(days=60))
    agreed = TODAY - D(days=20)
    saved = C.adopt_plan(store, case_id, version, C.PlanInput(goals=[C.GoalInput("Rust")]),
                         C.Agreement(agreed, by_parents=True))
    with store.read() as conn:
        made, on = conn.execute("SELECT created_on, agreed_on FROM planversion WHERE id = ?",
                                (saved.object_id,)).fetchone()
    assert (made, on) == (agreed.isoformat(), agreed.isoformat())


def test_the_form_refuses_a_goal_deadline_before_the_plan(store, make_case):
    case_id, version = make_case(opened_on=TODAY - D(days=60))
    plan = C.PlanInput(goals=[C.GoalInput("Naar school", deadline=TODAY - D(days=30))])
    before = table_counts(store)
    with pytest.raises(ValidationError) as refused:
        C.adopt_plan(store, case_id, version, plan, C.Agreement(TODAY - D(days=20),
                                                                by_parents=True))
    assert refused.value.field == "goals[0].deadline"
    assert refused.value.message == "Deadline cannot be before the date the plan was made."
    assert table_counts(store) == before


# -- the report -------------------------------------------------------------------

def test_a_duplicate_code_names_the_other_case_by_its_place(store, tmp_path):
    path = write(tmp_path / "dup.json", document(rich(code="A"), rich(code="B"),
                                                 rich(code="A")))
    report = import_cases(store, casefile.parse(path))
    assert sorted((p.where, p.reason) for p in report.problems) == [
        (f"{path}, case A (cases[0]), code",
         "the code A appears more than once in this file (also: case A (cases[2]))."),
        (f"{path}, case A (cases[2]), code",
         "the code A appears more than once in this file (also: case A (cases[0]))."),
    ]


@pytest.fixture
def closed_store(store):
    store.close()
    return store


def _many_problems(tmp_path, n: int = 60):
    return write(tmp_path / "many.json",
                 document(*(rich(code=f"M-{i:03d}", colour="blauw") for i in range(n))))


def _import(path, store, *extra) -> int:
    # On a team store the user is the login the store was opened with (Tester's).
    who = [] if store.team else ["--as", "Tester"]
    return cli.main(["import", str(path), "--db", str(store.path), "--today",
                     TODAY.isoformat(), *who, *extra])


def test_a_long_report_says_how_to_see_every_line(closed_store, tmp_path, capsys):
    assert _import(_many_problems(tmp_path), closed_store) == 1
    err = capsys.readouterr().err
    assert "  … and 10 more; add --report FILE to write every line to a file." in err
    assert "M-049" in err and "M-050" not in err


def test_report_file_holds_every_line_and_is_private(closed_store, tmp_path, capsys):
    out = tmp_path / "verslag.txt"
    assert _import(_many_problems(tmp_path), closed_store, "--report", str(out)) == 1
    printed = capsys.readouterr()
    assert mode(out) == 0o600
    text = out.read_text(encoding="utf-8")
    assert all(f"case M-{i:03d} (cases[{i}]), colour: unknown field." in text
               for i in range(60))
    assert "more" not in text
    assert str(out) in printed.out
    assert "--report" not in printed.err  # no hint to do what was done


def test_an_unwritable_report_stops_before_importing(closed_store, tmp_path, capsys):
    path = write(tmp_path / "ok.json", document(rich()))
    assert _import(path, closed_store, "--report", str(tmp_path / "nope" / "r.txt")) == 2
    assert "Cannot write" in capsys.readouterr().err
    assert _import(path, closed_store) == 0  # nothing was imported the first time
