"""Checklist runs in the app: a full run, a resumed run, a read-only run, history and compare."""

from __future__ import annotations

import datetime as dt

from regie_tui.rules import signals as S
from regie_tui.rules.engine import evaluate_case
from regie_tui.rules.intervals import Intervals
from tests.conftest import TODAY, table_counts
from tests.ui.conftest import SIZE

MDO = "mdo_evaluatie_vpr"


async def _settle(app, pilot):
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _push_run(app, pilot, store, code="DEMO-0001", **kwargs):
    from regie_tui.screens.checklist_run import ChecklistRunScreen

    await _settle(app, pilot)
    screen = ChecklistRunScreen(app.context, store.case_id_for_code(code), **kwargs)
    await app.push_screen(screen)
    await _settle(app, pilot)
    return screen


async def _press(app, pilot, *keys):
    for key in keys:
        await pilot.press(key)
    await _settle(app, pilot)


async def _type(app, pilot, text):
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def _runs(store, case_id):
    from regie_tui.data import checklist_queries as CQ

    return CQ.runs_of_case(store, case_id)


def _codes(store, case_id, today=TODAY):
    return {s.code for s in evaluate_case(store.load_case(case_id), today, Intervals())}


async def _answer_all(app, pilot, plan_fits="1"):
    """Answer the twelve MDO items from the keyboard, from the first item on:
    one digit per answer, each moving on; notes and dates on request (Enter)."""
    await _press(app, pilot, "1", "1", "1", "2", "1", "1")      # 1-6 (4: zorgen)
    await pilot.press(plan_fits)                                 # 7, on to 8
    if plan_fits == "2":
        await pilot.press("up", "enter")                         # back to 7, its note
        await _type(app, pilot, "bijstellen")
        await pilot.press("enter")                               # on to 8
    await _press(app, pilot, "1", "1", "enter")                  # 8, 9; 10's date field
    await _type(app, pilot, "28-12-2026")
    await pilot.press("enter")                                   # ja on that date, on
    await _press(app, pilot, "0", "1")                           # 11 n.v.t., 12


async def test_full_run_from_the_keyboard_completes_and_changes_the_signals(
        demo_store, make_app):
    app = make_app(demo_store)
    case_id = demo_store.case_id_for_code("DEMO-0001")
    assert S.MDO_OVERDUE in _codes(demo_store, case_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _push_run(app, pilot, demo_store, template_key=MDO)
        await _answer_all(app, pilot, plan_fits="2")
        assert "12/12" in str(screen.query_one("#run-status").render())
        await pilot.press("d")
        await _settle(app, pilot)
        from regie_tui.screens.checklist_confirm import ChecklistConfirm

        assert isinstance(app.screen, ChecklistConfirm)
        await _press(app, pilot, "enter")
        assert app.screen is screen
        assert screen.read_only
        status = str(screen.query_one("#run-status").render())
        assert "Sanne Voorbeeld" in status and "Alleen lezen" in status
    [run] = _runs(demo_store, case_id)
    assert run.completed_on == TODAY and run.consultant == "Sanne Voorbeeld"
    assert run.answers["plan_fits"].note == "bijstellen"
    assert run.answers["safety_view"].answer == "concerns"
    assert run.answers["next_mdo"].value_date == dt.date(2026, 12, 28)
    codes = _codes(demo_store, case_id)
    assert S.MDO_OVERDUE not in codes
    assert S.YOUTH_CONTACT_OVERDUE not in codes  # "youth spoken: ja"
    # "zorgen" asks for a risk assessment, due 14 days on: shown once it is due soon.
    later = _codes(demo_store, case_id, TODAY + dt.timedelta(days=8))
    assert S.RISK_ASSESSMENT_MISSING in later
    with demo_store.read() as conn:
        planned = conn.execute("SELECT planned_on FROM meeting WHERE case_id = ? AND "
                               "kind = 'mdo' AND held_on IS NULL", (case_id,)).fetchall()
    assert ("2026-12-28",) in planned


async def test_completion_with_open_items_points_at_the_first_one(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _push_run(app, pilot, demo_store, template_key=MDO)
        await _press(app, pilot, "1", "1", "2")   # 3: nee without a note
        await _press(app, pilot, "d")
        assert app.screen is screen  # no confirmation: not complete yet
        from textual.widgets import OptionList

        assert screen.query_one("#run-items", OptionList).highlighted == 2
        assert any("Onderdeel 3" in n.message for n in app._notifications)


async def test_a_run_saved_half_way_is_resumed(demo_store, make_app):
    app = make_app(demo_store)
    case_id = demo_store.case_id_for_code("DEMO-0001")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _push_run(app, pilot, demo_store, template_key=MDO)
        await _press(app, pilot, "1", "1", "enter")
        await _type(app, pilot, "alleen moeder")
        await _press(app, pilot, "escape", "ctrl+s")
        assert not screen.dirty
        await _press(app, pilot, "escape")
        assert app.screen is not screen
        [run] = _runs(demo_store, case_id)
        assert run.completed_on is None and run.progress() == (2, 12)
        assert run.answers["threatening_factors"].note == "alleen moeder"
        again = await _push_run(app, pilot, demo_store, template_key=MDO)
        assert again.run_id == run.id
        assert "2/12" in str(again.query_one("#run-status").render())
        await _press(app, pilot, "down", "down", "down", "3")  # 4: onveilig
        assert again.answers["safety_view"].answer == "unsafe"
        assert again.answers["threatening_factors"].note == "alleen moeder"
        assert again.dirty


async def test_leaving_with_unsaved_answers_asks_first(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _push_run(app, pilot, demo_store, template_key=MDO)
        before = table_counts(demo_store)
        await _press(app, pilot, "1", "escape")
        from regie_tui.screens.checklist_confirm import ChecklistConfirm

        assert isinstance(app.screen, ChecklistConfirm)
        await _press(app, pilot, "escape")
        assert app.screen is screen and screen.answers  # stayed, answers kept
        await _press(app, pilot, "escape", "enter")
        assert app.screen is not screen
        assert table_counts(demo_store) == before  # nothing was written


async def test_a_completed_run_is_read_only(demo_store, make_app):
    from regie_tui.data import checklist_commands as CC
    from regie_tui.data import checklist_queries as CQ
    from regie_tui.rules import checklists as CL

    case_id = demo_store.case_id_for_code("DEMO-0001")
    template = CQ.available_templates().templates["afsluiting_overdracht"]
    saved = CC.start_run(demo_store, case_id, demo_store.load_case(case_id).version, template)
    CC.complete_run(demo_store, case_id, saved.version, saved.object_id,
                    {i.key: CL.Answer("yes") for i in template.items})
    before = table_counts(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _push_run(app, pilot, demo_store, run_id=saved.object_id)
        assert screen.read_only
        await _press(app, pilot, "2", "0", "enter", "d", "ctrl+s")
        assert screen.answers["goals_evaluated"].answer == "yes"
        assert all(w.disabled and not w.display for w in screen.query("Input"))
        # Only the keys that still work are shown: no editing keys, not even greyed.
        shown = {b.action for _k, (_n, b, enabled, _t) in screen.active_bindings.items()
                 if b.show and enabled}
        assert shown.isdisjoint({"choose(1)", "answer('na')", "note", "save", "complete"})
        assert "back" in shown
        help_text = screen.query_one("#run-help").render()
        assert "1 ja" not in str(help_text)  # no answer keys offered in the edit panel
        assert app.screen is screen
    assert table_counts(demo_store) == before


async def test_a_stale_save_keeps_the_answers(demo_store, make_app):
    from regie_tui.data import commands

    app = make_app(demo_store)
    case_id = demo_store.case_id_for_code("DEMO-0001")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _push_run(app, pilot, demo_store, template_key=MDO)
        await _press(app, pilot, "1")
        version = demo_store.load_case(case_id).version
        commands.record_event(demo_store, case_id, version, kind="crisis", occurred_on=TODAY)
        await _press(app, pilot, "ctrl+s")
        assert screen.dirty and screen.answers["goals_evaluated"].answer == "yes"
        assert any(n.title == "Niet opgeslagen" and n.severity == "error"
                   for n in app._notifications)
    assert _runs(demo_store, case_id) == []


async def test_history_lists_runs_and_compares_with_the_previous_one(demo_store, make_app):
    from textual.widgets import DataTable

    from regie_tui.screens.checklist_compare import ChecklistCompareScreen
    from regie_tui.screens.checklist_history import ChecklistHistoryScreen
    from regie_tui.screens.checklist_run import ChecklistRunScreen

    case_id = demo_store.case_id_for_code("DEMO-0001")
    _complete_two_runs(demo_store, case_id)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await app.push_screen(ChecklistHistoryScreen(app.context, case_id))
        await _settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        await _press(app, pilot, "v")
        assert isinstance(app.screen, ChecklistCompareScreen)
        summary = str(app.screen.query_one("#compare-summary").render())
        assert "Antwoorden gewijzigd sinds de vorige afname: 3." in summary
        await _press(app, pilot, "escape", "enter")
        assert isinstance(app.screen, ChecklistRunScreen) and app.screen.read_only
        await _press(app, pilot, "escape", "n")
        await _press(app, pilot, "enter")  # the first template in the list
        assert isinstance(app.screen, ChecklistRunScreen)
        assert app.screen.template is not None and not app.screen.read_only


def _complete_two_runs(store, case_id):
    from regie_tui.data import checklist_commands as CC
    from regie_tui.data import checklist_queries as CQ
    from regie_tui.rules import checklists as CL

    template = CQ.available_templates().templates[MDO]

    def answers(**overrides):
        out = {}
        for item in template.items:
            if item.type == CL.CHOICE:
                out[item.key] = CL.Answer("safe")
            elif item.type == CL.DATE:
                out[item.key] = CL.Answer("yes", None, TODAY + dt.timedelta(days=40))
            else:
                out[item.key] = CL.Answer("yes")
        out.update(overrides)
        return out

    version = store.load_case(case_id).version
    saved = CC.start_run(store, case_id, version, template)
    version = CC.complete_run(store, case_id, saved.version, saved.object_id,
                              answers(youth_spoken=CL.Answer("no", "niet bereikt")),
                              completed_on=TODAY - dt.timedelta(days=42)).version
    saved = CC.start_run(store, case_id, version, template)
    CC.complete_run(store, case_id, saved.version, saved.object_id,
                    answers(plan_fits=CL.Answer("no", "behandelplek valt weg"),
                            lead_organisation=CL.Answer("na")))
    return saved.object_id


async def test_every_answer_moves_on_and_never_types_into_the_note(demo_store, make_app):
    """Issue 15.4: "nee" on a required item put the focus in the note, so the next
    answer key was typed into it; an answer now always moves to the next item."""
    from textual.widgets import OptionList

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _push_run(app, pilot, demo_store, template_key=MDO)
        items = screen.query_one("#run-items", OptionList)
        await _press(app, pilot, "2", "0", "1")   # 1 nee, 2 n.v.t. (both required), 3 ja
        assert items.has_focus and items.highlighted == 3
        assert [screen.answers[k].answer for k in
                ("goals_evaluated", "protective_factors", "threatening_factors")] == \
            ["no", "na", "yes"]
        assert not any(a.note for a in screen.answers.values())
        # The row says what is missing and how to add it.
        assert "Enter" in str(items.get_option_at_index(0).prompt)
        # Item 4 is a choice item: the same digits pick its options, and 0 is n.v.t.
        await _press(app, pilot, "3")
        assert screen.answers["safety_view"].answer == "unsafe" and items.highlighted == 4


async def test_a_note_only_on_request_and_back_to_the_list(demo_store, make_app):
    from textual.widgets import Input, OptionList

    from regie_tui.rules.checklists import Answer

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _push_run(app, pilot, demo_store, template_key=MDO)
        await _press(app, pilot, "2", "up", "enter")
        assert screen.query_one("#run-note", Input).has_focus
        await _type(app, pilot, "niet besproken")
        await _press(app, pilot, "enter")
        items = screen.query_one("#run-items", OptionList)
        assert items.has_focus and items.highlighted == 1
        assert screen.answers["goals_evaluated"] == Answer("no", "niet besproken")
        assert "Enter" not in str(items.get_option_at_index(0).prompt).split("niet besproken")[1]


async def test_a_digit_an_item_does_not_have_says_which_it_has(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _push_run(app, pilot, demo_store, template_key=MDO)
        await _press(app, pilot, "5")
        assert "goals_evaluated" not in screen.answers
        assert any("1 ja" in n.message and "0 n.v.t." in n.message
                   for n in app._notifications)
