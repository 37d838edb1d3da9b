"""Issue 15 (a consultant's morning): readable checkboxes, the youth contact in a few
keys, why a signal stays, input that is kept, the timeline entry, worker errors."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from rich.console import Console
from textual import work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import (
    Checkbox,
    Input,
    RadioButton,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from regie_tui.base import errorlog
from regie_tui.base.clock import Clock
from regie_tui.data import commands
from regie_tui.data.store import Store
from regie_tui.rules import signals as S
from regie_tui.rules.engine import evaluate_case
from regie_tui.rules.intervals import Intervals
from regie_tui.screens.case_detail import CaseDetailScreen
from regie_tui.screens.caseload import CaseloadScreen
from regie_tui.screens.error import ErrorScreen
from regie_tui.screens.forms.base import FormScreen
from regie_tui.widgets.tick import (
    CHECK_OFF,
    CHECK_ON,
    RADIO_OFF,
    RADIO_ON,
    TickBox,
    TickRadio,
    TickSelectionList,
)
from regie_tui.widgets.timeline import EntryScreen
from tests.conftest import TODAY
from tests.ui.case_helpers import fill, notifications, open_case, open_form, settle
from tests.ui.conftest import SIZE

DAY = dt.date(2026, 12, 3)  # the morning of the issue: `--demo --today 2026-12-03`


def _codes(store, case_id, today=TODAY) -> set[str]:
    return {s.code for s in evaluate_case(store.load_case(case_id), today, Intervals())}


def _plain(widget) -> str:
    return str(widget.render())


# -- 1. checkboxes and radio buttons read without colour -------------------------------

async def test_a_checkbox_shows_its_state_by_its_symbol(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        form = await open_form(pilot, "meeting")
        box = form.query_one("#f-parents_present", Checkbox)
        assert isinstance(box, TickBox)
        assert CHECK_OFF in _plain(box) and CHECK_ON not in _plain(box)
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert box.value and CHECK_ON in _plain(box) and CHECK_OFF not in _plain(box)
        # No checkbox anywhere in the form is Textual's own (▐X▌ either way).
        assert all(isinstance(b, TickBox) for b in form.query(Checkbox))


async def test_the_plan_agreement_and_the_duo_verdicts_read_without_colour(demo_store,
                                                                           make_app):
    from regie_tui.screens.duo_review import DuoReviewScreen

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        await pilot.press("P")
        await settle(pilot)
        await pilot.press("b")  # adjust: the "agreed by" boxes
        await settle(pilot)
        boxes = list(app.screen.query(Checkbox))
        assert len(boxes) == 3 and all(isinstance(b, TickBox) for b in boxes)
        assert all(CHECK_OFF in _plain(b) for b in boxes)
        answers = app.screen.query_one("#editor-answers", SelectionList)  # events answered
        assert isinstance(answers, TickSelectionList)
        assert answers.render_line(0).text.startswith(f" {CHECK_ON} ")
        answers.focus()
        await pilot.press("space")
        await pilot.pause()
        assert answers.render_line(0).text.startswith(f" {CHECK_OFF} ")
        await pilot.press("escape")
        await settle(pilot)

        await app.push_screen(DuoReviewScreen(app.context,
                                              demo_store.case_id_for_code("DEMO-0007")))
        await settle(pilot)
        radios = list(app.screen.query(RadioButton))
        assert len(radios) == 3 and all(isinstance(r, TickRadio) for r in radios)
        assert all(RADIO_OFF in _plain(r) for r in radios)
        await pilot.press("down", "enter")  # "zorgen"
        await pilot.pause()
        assert [RADIO_ON in _plain(r) for r in radios] == [False, True, False]


# -- 1. the youth contact from the caseload, in a few keys ------------------------------

@pytest.fixture
def morning_store(tmp_path):
    from regie_tui.data import demo

    path = demo.generate(tmp_path / "morning.sqlite", demo.DEMO_SIZE, DAY)
    store = Store.open(path, Clock(DAY), actor="Sanne Voorbeeld")
    yield store
    store.close()


async def test_a_youth_contact_from_the_caseload_takes_four_keys(morning_store, make_app):
    app = make_app(morning_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        keys = ["j",       # signal filter: no contact with the youth
                "enter",   # open the first case: the cursor is on that signal
                "enter",   # the form that clears it: today, the youth took part
                "ctrl+s"]  # save
        await pilot.press(keys[0])
        await settle(pilot)
        await pilot.press(keys[1])
        await settle(pilot)
        case = app.screen
        assert isinstance(case, CaseDetailScreen)
        assert S.YOUTH_CONTACT_OVERDUE in _codes(morning_store, case.case_id, DAY)
        await pilot.press(keys[2])
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#f-kind", Select).value == "youth_contact"
        assert form.query_one("#f-held_on", Input).value == "03-12-2026"
        assert form.query_one("#f-youth_present", Checkbox).value is True
        await pilot.press(keys[3])
        await settle(pilot)
        assert app.screen is case
        assert len(keys) <= 8
        assert S.YOUTH_CONTACT_OVERDUE not in _codes(morning_store, case.case_id, DAY)
        assert not any("nog open" in m for m in notifications(app))


async def test_a_contact_without_the_youth_says_why_the_signal_stays(morning_store,
                                                                     make_app):
    app = make_app(morning_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        case_id = app.screen.case_id
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#f-youth_present", Checkbox).value = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert S.YOUTH_CONTACT_OVERDUE in _codes(morning_store, case_id, DAY)
        warning = [m for m in notifications(app) if "staat nog open" in m]
        assert warning == ["Het signaal ‘Geen recent contact met de jeugdige’ staat nog open: "
                           "de jeugdige was er niet bij (vink ‘De jeugdige was erbij’ aan "
                           "als dat wel zo was)."]


async def test_choosing_a_youth_contact_ticks_the_youth(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        form = await open_form(pilot, "meeting")  # "m": no kind chosen yet
        box = form.query_one("#f-youth_present", Checkbox)
        assert box.value is False
        form.query_one("#f-kind", Select).value = "youth_contact"
        await pilot.pause()
        assert box.value is True


# -- 10. input that is kept -------------------------------------------------------------

async def test_a_planned_date_next_to_a_held_date_is_refused_not_dropped(demo_store,
                                                                         make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        form = await open_form(pilot, "meeting")
        typed = {"kind": "mdo", "held_on": "vandaag", "planned_on": "01-01-2027",
                 "youth_present": True, "note": "Volgende MDO al gepland."}
        fill(form, typed)
        before = form._snapshot()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "gehouden of gepland, niet allebei" in form.error_text("planned_on")
        assert app.focused.id == "f-planned_on"
        assert form._snapshot() == before
    with demo_store.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM meeting WHERE planned_on = '2027-01-01'"
                            ).fetchone()[0] == 0


async def test_the_first_field_at_fault_gets_the_focus_and_everything_stays(demo_store,
                                                                             make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        form = await open_form(pilot, "meeting")
        fill(form, {"kind": "mdo", "held_on": "morgen", "planned_on": "[x]",
                    "note": "Notitie [/] blijft"})
        before = form._snapshot()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.focused.id == "f-held_on"
        assert "morgen" in form.error_text("held_on") and "[x]" in form.error_text("planned_on")
        assert form._snapshot() == before


async def test_meeting_dates_start_on_today_and_take_words(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        form = await open_form(pilot, "meeting")
        assert form.query_one("#f-held_on", Input).value == "16-11-2026"
        fill(form, {"kind": "parent_contact", "held_on": "Gisteren"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
    with demo_store.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM meeting WHERE kind = 'parent_contact' "
                            "AND held_on = '2026-11-15'").fetchone()[0] == 1


async def test_the_note_box_grows_with_what_is_typed(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        form = await open_form(pilot, "meeting")
        note = form.query_one("#f-note", TextArea)
        empty = note.outer_size.height
        note.text = "\n".join(f"regel {i}" for i in range(8))
        await pilot.pause()
        await pilot.pause()
        assert note.outer_size.height >= empty + 5


async def test_escape_and_enter_after_a_plan_message_keep_the_reason(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        await pilot.press("P")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        editor = app.screen
        editor.query_one("#editor-reason", TextArea).focus()
        await pilot.press(*"Crisis thuis")
        await pilot.press("ctrl+s")  # nobody ticked as agreeing: refused
        await settle(pilot)
        assert "ingestemd" in str(editor.query_one("#editor-error", Static).render())
        await pilot.press("escape", "enter")  # "close the message", then Enter
        await settle(pilot)
        assert app.screen is editor
        assert editor.query_one("#editor-reason", TextArea).text == "Crisis thuis"


async def test_the_goal_form_fields_have_a_border(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        await pilot.press("P")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        app.screen.action_add_goal()
        await settle(pilot)
        assert type(app.screen).__name__ == "GoalForm"
        for field in app.screen.query(Input):
            assert not field.compact
            assert field.styles.border_top[0] not in ("", "none", "hidden"), field.id


# -- 11. the timeline: the whole entry on Enter, plain text ------------------------------

async def test_enter_on_a_timeline_row_shows_the_whole_note(demo_store, make_app):
    case_id = demo_store.case_id_for_code("DEMO-0001")
    long_note = ("Gesprek op school [/] met mentor; " * 6).strip()
    commands.record_meeting(demo_store, case_id, demo_store.load_case(case_id).version,
                            kind="home_visit", held_on=TODAY, note=long_note)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        case = await open_case(pilot, demo_store, "DEMO-0001")
        await case.action_tab("timeline")
        await settle(pilot)
        assert app.focused.id == "timeline-table"
        await pilot.press("enter")  # the newest row: the home visit
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert str(app.screen.query_one("#entry-note", Static).render()) == long_note
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is case and case.query_one("#case-tabs").active == "timeline"


async def test_a_duo_review_with_brackets_does_not_break_the_timeline(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        case = await open_case(pilot, demo_store, "DEMO-0007")
        await case.action_tab("timeline")
        await settle(pilot)
        form = await open_form(pilot, "duo_review")
        fill(form, {"reviewer_id": 3, "reviewed_on": "vandaag", "verdict": "concerns",
                    "remarks": "zorgen [/] over [bold school"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause()
        assert app.screen is case
        assert case.query_one("#case-tabs").active == "timeline"


async def test_names_with_brackets_show_as_typed(demo_store, make_app):
    case_id = demo_store.case_id_for_code("DEMO-0001")
    commands.add_professional(demo_store, case_id, demo_store.load_case(case_id).version,
                              commands.ProfessionalInput("J. [/]Hulp", "GGZ [b]", "ambulant"))
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        case = await open_case(pilot, demo_store, "DEMO-0001")
        await case.action_tab("people")
        await settle(pilot)
        await pilot.pause()
        console = Console(width=140, file=io.StringIO(), record=True)
        console.print(case.query_one("#people-professionals", Static).content)
        shown = console.export_text()
        assert "J. [/]Hulp" in shown and "GGZ [b]" in shown


# -- 12. a failing worker: its own stack in the log, a calm code, and the app goes on -----

SECRET = "Gezin Geheim"


class FailingWorker(Screen):
    BINDINGS = [Binding("x", "start", "Start", id="test.start", tooltip="Start")]

    def compose(self):
        yield Static("werker")

    def action_start(self) -> None:
        self.boom()

    @work(thread=True)
    def boom(self) -> None:
        raise LookupError(f"kapot bij {SECRET}")


async def test_a_failing_worker_logs_its_own_stack_and_shows_a_code(demo_store, make_app):
    app = make_app(demo_store)
    with pytest.raises(LookupError):  # run_test re-raises it, so a bug still fails tests
        async with app.run_test(size=SIZE) as pilot:
            await app.push_screen(FailingWorker())
            await pilot.press("x")
            await pilot.pause(0.2)
            await pilot.pause()
            assert isinstance(app.screen, ErrorScreen)
            log = errorlog.log_path().read_text()
            assert app.screen.error_id in log
            entry = log[log.index(app.screen.error_id):]
            assert "in worker boom: builtins.LookupError" in entry
            assert "test_daily_use.py" in entry and " in boom" in entry  # the worker's stack
            assert "WorkerFailed" not in log
            assert SECRET not in log and "kapot" not in log
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, FailingWorker)  # the user goes on


def test_a_chained_cause_is_logged_with_its_stack():
    def inner():
        raise KeyError(SECRET)

    try:
        try:
            inner()
        except KeyError as exc:
            raise RuntimeError("wrapped " + SECRET) from exc
    except RuntimeError as exc:
        error_id = errorlog.log_unexpected(exc, "test")
    log = errorlog.log_path().read_text()
    assert f"error {error_id} in test: builtins.RuntimeError" in log
    assert "caused by builtins.KeyError" in log and " in inner" in log
    assert SECRET not in log


async def test_a_saved_duo_review_is_not_recorded_twice(demo_store, make_app):
    from regie_tui.screens.duo_review import DuoReviewScreen

    case_id = demo_store.case_id_for_code("DEMO-0007")
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(DuoReviewScreen(app.context, case_id))
        await settle(pilot)
        await pilot.press("enter", "ctrl+s")  # akkoord
        await settle(pilot)
        radios = list(app.screen.query(RadioButton))
        assert all(RADIO_OFF in _plain(r) for r in radios)  # the verdict is cleared
        await pilot.press("ctrl+s")  # again: asks for a verdict, records nothing
        await settle(pilot)
        assert "Kies een oordeel" in str(app.screen.query_one("#form-error", Static).render())
    with demo_store.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM duoreview WHERE case_id = ? AND "
                            "reviewed_on = ?", (case_id, TODAY.isoformat())).fetchone()[0] == 1


async def test_two_keys_typed_fast_in_the_record_menu_open_one_form(demo_store, make_app):
    from textual import events

    from regie_tui.screens.forms.menu import RecordMenu

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        case = await open_case(pilot, demo_store, "DEMO-0001")
        await pilot.press("r")
        await settle(pilot)
        menu = app.screen
        assert isinstance(menu, RecordMenu)
        # Both keys arrive before the menu has closed (text typed into the wrong place).
        menu.post_message(events.Key("e", "e"))
        menu.post_message(events.Key("g", "g"))
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert type(app.screen).__name__ == "EscalationRequestForm"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is case


@pytest.mark.parametrize("name,field", [
    ("duo_review", "reviewed_on"), ("plan_still_fits", "decided_on"),
    ("escalation_decision", "decided_on"), ("escalation_request", "requested_on"),
    ("role_agreement", "agreed_on"), ("risk_assessment", "assessed_on"),
    ("marking_letter", "sent_on")])
async def test_dates_that_are_usually_today_start_on_today(name, field, demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        form = await open_form(pilot, name)
        assert form.query_one(f"#f-{field}", Input).value == "16-11-2026"
        assert not form.dirty  # closing it untouched asks nothing
