"""Checklist templates: loading, refusing malformed files (file, line, reason), consequences."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from regie_tui.data import checklist_queries
from regie_tui.rules import checklists as CL
from regie_tui.rules import engine
from regie_tui.rules import facts as F
from regie_tui.rules import signals as S
from regie_tui.rules.intervals import Intervals
from tests.conftest import TODAY

SHIPPED = Path(checklist_queries.SHIPPED)

VALID = textwrap.dedent('''\
    key = "kort"
    version = 2
    title = "Kort"
    consequences = { on_complete = ["evaluation"] }

    [[items]]
    key = "spoken"
    text = "Jeugdige gesproken"
    required = true
    consequences = { yes = ["youth_contact"] }

    [[items]]
    key = "next"
    type = "date"
    text = "Volgende MDO"
    plans_meeting = "mdo"

    [[items]]
    key = "safety"
    type = "choice"
    text = { nl = "Veiligheid", en = "Safety" }
    options = [{ key = "safe", text = "veilig" }, { key = "unsafe", text = "onveilig" }]
    consequences = { unsafe = ["safety_concern"] }
''')


def test_shipped_templates_load():
    loaded = CL.load_folders([SHIPPED])
    assert loaded.errors == []
    assert set(loaded.templates) == {"mdo_evaluatie_vpr", "startbijeenkomst",
                                     "afsluiting_overdracht"}
    mdo = loaded.templates["mdo_evaluatie_vpr"]
    assert len(mdo.items) == 12
    assert mdo.on_complete == ("evaluation",)
    assert mdo.item("plan_fits").consequences == {"no": ("adjust_plan",)}
    assert mdo.item("next_mdo").plans_meeting == "mdo"
    assert len(loaded.templates["startbijeenkomst"].items) == 5
    assert len(loaded.templates["afsluiting_overdracht"].items) == 4


def test_valid_template_and_its_snapshot():
    template = CL.load_text(VALID, "kort.toml")
    assert (template.key, template.version, template.label()) == ("kort", 2, "Kort")
    assert [i.type for i in template.items] == ["answer", "date", "choice"]
    assert template.item("safety").answer_codes() == ("safe", "unsafe", "na")
    again = CL.from_snapshot(template.snapshot())
    assert again.items == template.items
    assert again.snapshot() == template.snapshot()


def test_text_follows_the_language():
    from regie_tui.base import i18n

    item = CL.load_text(VALID, "kort.toml").item("safety")
    assert item.label() == "Safety"
    i18n.set_language("nl")
    assert item.label() == "Veiligheid"


def _error(text: str) -> CL.TemplateError:
    with pytest.raises(CL.TemplateError) as info:
        CL.load_text(text, "team.toml")
    return info.value


def _with(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


@pytest.mark.parametrize(("text", "line", "words"), [
    # TOML syntax: tomllib's line.
    (_with('title = "Kort"', 'title = "Kort'), 3, "not valid TOML"),
    # Missing top-level keys.
    (_with('version = 2\n', ''), 1, "'version' is missing"),
    (_with('key = "kort"\n', ''), 1, "'key' is missing"),
    # Wrong values at the top.
    (_with('version = 2', 'version = "2"'), 2, "whole number"),
    (_with('version = 2', 'version = 0'), 2, "whole number"),
    (_with('key = "kort"', 'key = "Kort lijst"'), 1, "lower-case"),
    (_with('title = "Kort"', 'title = ""'), 3, "'title' must be a text"),
    (_with('title = "Kort"', 'title = "Kort"\nauthor = "x"'), 4, "unknown key 'author'"),
    (_with('on_complete = ["evaluation"]', 'on_complete = ["evalution"]'), 4,
     "unknown consequence 'evalution'"),
    (_with('consequences = { on_complete', 'consequences = { on_done'), 4, "on_complete"),
    # Items.
    (VALID.split("[[items]]")[0], 1, "'items' must be a list"),
    (_with('text = "Jeugdige gesproken"\n', ''), 6, "'text' is missing"),
    (_with('required = true', 'required = "ja"'), 9, "true or false"),
    (_with('key = "next"', 'key = "spoken"'), 13, "used twice"),
    (_with('type = "date"', 'type = "datum"'), 14, "'type' must be one of"),
    (_with('consequences = { yes = ["youth_contact"] }', 'consequences = { ja = ["youth_contact"] }'),
     10, "'consequences' must be a table from yes, no, na"),
    (_with('consequences = { yes = ["youth_contact"] }', 'consequences = { yes = ["contact"] }'),
     10, "unknown consequence 'contact'"),
    (_with('plans_meeting = "mdo"', 'plans_meeting = "feest"'), 16, "plans_meeting"),
    (_with('{ key = "unsafe", text = "onveilig" }', '{ key = "onveilig_x", text = "x" }'), 22,
     "'options' of a choice item"),
    (_with('text = "Jeugdige gesproken"', 'text = "Jeugdige gesproken"\nvraag = 1'), 9,
     "unknown key 'vraag'"),
])
def test_malformed_templates_are_refused_with_file_line_and_reason(text, line, words):
    error = _error(text)
    assert error.source == "team.toml"
    assert error.line == line, str(error)
    assert words in error.reason
    assert str(error).startswith(f"team.toml, line {line}: ")


def test_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "kapot.toml"
    path.write_bytes(b'key = "\xff"\n')
    with pytest.raises(CL.TemplateError) as info:
        CL.load_file(path)
    assert str(path) in str(info.value)


def test_team_folder_overrides_and_reports_broken_files(tmp_path):
    team = tmp_path / "team"
    team.mkdir()
    (team / "mine.toml").write_text(VALID.replace('"kort"', '"mdo_evaluatie_vpr"', 1),
                                    encoding="utf-8")
    (team / "broken.toml").write_text("key = [", encoding="utf-8")
    loaded = CL.load_folders([SHIPPED, team, tmp_path / "absent"])
    assert loaded.templates["mdo_evaluatie_vpr"].version == 2  # the team's own
    assert len(loaded.errors) == 1
    assert "broken.toml, line 1" in str(loaded.errors[0])


def test_team_templates_come_from_the_config_folder(private_home):
    from regie_tui.base import config

    folder = config.config_dir() / "checklists"
    folder.mkdir()
    (folder / "kort.toml").write_text(VALID, encoding="utf-8")
    assert "kort" in checklist_queries.available_templates().templates


# -- runs: progress, completion rules, consequences ---------------------------------

def test_completion_problems():
    template = CL.load_text(VALID, "kort.toml")
    assert [p.item_key for p in CL.problems(template, {})] == ["spoken"]
    no_note = {"spoken": CL.Answer("no")}
    assert [p.reason for p in CL.problems(template, no_note)] == [CL.P_NOTE]
    ok = {"spoken": CL.Answer("no", "jeugdige weigerde")}
    assert CL.problems(template, ok) == []
    dated = {**ok, "next": CL.Answer("yes")}
    assert [p.reason for p in CL.problems(template, dated)] == [CL.P_DATE]
    early = {**ok, "next": CL.Answer("yes", None, TODAY - dt.timedelta(days=1))}
    assert [p.reason for p in CL.problems(template, early, on=TODAY)] == [CL.P_DATE_EARLY]
    assert CL.progress(template, dated) == (2, 3)


def test_consequences_are_what_the_template_declares():
    template = CL.load_text(VALID, "kort.toml")
    assert CL.consequences(template, {}) == ("evaluation",)
    assert CL.consequences(template, {"spoken": "yes", "safety": "unsafe"}) == (
        "evaluation", "youth_contact", "safety_concern")
    assert CL.consequences(template, {"spoken": CL.Answer("no"), "safety": "safe"}) == (
        "evaluation",)
    mdo = CL.load_folders([SHIPPED]).templates["mdo_evaluatie_vpr"]
    assert CL.consequences(mdo, {"plan_fits": "no", "youth_spoken": "no"}) == (
        "evaluation", "adjust_plan")
    assert CL.consequences(mdo, {"safety_view": "concerns", "youth_spoken": "yes"}) == (
        "evaluation", "safety_concern", "youth_contact")


def test_planned_meetings_and_changes():
    template = CL.load_text(VALID, "kort.toml")
    day = TODAY + dt.timedelta(days=30)
    answers = {"next": CL.Answer("yes", None, day), "spoken": CL.Answer("yes")}
    assert CL.planned_meetings(template, answers) == [("next", "mdo", day)]
    before = {"spoken": CL.Answer("no", "niet bereikt")}
    rows = CL.changes(template, answers, template, before)
    assert [(key, changed) for key, _i, _b, _a, changed in rows] == [
        ("spoken", True), ("next", True), ("safety", False)]


def _vpr_case(**kwargs) -> F.CaseFacts:
    start = TODAY - dt.timedelta(days=200)
    return F.CaseFacts(
        id=1, code="T-1", alias="Gezin", status="active", opened_on=start,
        regimes=(F.RegimePeriod("VPR", start, start),),
        meetings=(F.Meeting(1, "start_meeting", held_on=start + dt.timedelta(days=5)),
                  F.Meeting(2, "mdo", held_on=start + dt.timedelta(days=40))),
        plans=(F.PlanVersion(1, 1, "agreed", start, start),),
        **kwargs)


def _codes(case) -> set[str]:
    return {s.code for s in engine.evaluate_case(case, TODAY, Intervals())}


def test_completed_mdo_checklist_counts_for_the_engine():
    mdo = CL.load_folders([SHIPPED]).templates["mdo_evaluatie_vpr"]
    assert S.MDO_OVERDUE in _codes(_vpr_case())
    run = F.ChecklistOutcome(1, mdo.key, TODAY,
                             CL.consequences(mdo, {"youth_spoken": "yes", "plan_fits": "no"}))
    codes = _codes(_vpr_case(checklists=(run,)))
    assert S.MDO_OVERDUE not in codes
    assert S.YOUTH_CONTACT_OVERDUE not in codes
    # "plan still fits: no" opens a plan review from the checklist's date; it shows
    # once it is due soon, and stays until the plan is adjusted.
    later = TODAY + dt.timedelta(days=10)
    signals = engine.evaluate_case(_vpr_case(checklists=(run,)), later, Intervals())
    review = [s for s in signals if s.code == S.PLAN_REVIEW_DUE]
    assert [dict(s.params).get("variant") for s in review] == ["checklist"]
    adjusted = F.PlanDecision(9, "adjusted", TODAY + dt.timedelta(days=2))
    case = _vpr_case(checklists=(run,), decisions=(adjusted,))
    assert S.PLAN_REVIEW_DUE not in {s.code for s in engine.evaluate_case(case, later, Intervals())}
    # "youth spoken: no" leaves the youth-contact signal standing.
    run = F.ChecklistOutcome(1, mdo.key, TODAY, CL.consequences(mdo, {"youth_spoken": "no"}))
    assert S.YOUTH_CONTACT_OVERDUE in _codes(_vpr_case(checklists=(run,)))
