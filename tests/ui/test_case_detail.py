"""The case screen: audit on opening, signals to forms, acknowledging, timeline, tabs."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Select, TabbedContent

from regie_tui.rules import signals as S
from regie_tui.screens.forms.acknowledge import AcknowledgeForm
from regie_tui.screens.forms.base import FormScreen
from regie_tui.screens.forms.registry import ELSEWHERE, action_for_signal, form_class
from regie_tui.widgets.case_text import describe
from regie_tui.widgets.signal_list import SignalList
from tests.conftest import TODAY
from tests.ui.case_helpers import fill, open_case, settle
from tests.ui.conftest import SIZE


def _audit(store, action: str) -> list[tuple]:
    with store.read() as conn:
        return list(conn.execute("SELECT actor, case_code FROM audit_log WHERE action = ?",
                                 (action,)))


async def test_opening_a_case_is_audited_once_per_opening(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        await pilot.press("f5")  # reloading is not opening
        await settle(pilot)
        assert _audit(demo_store, "open_case") == [("Sanne Voorbeeld", "DEMO-0001")]
        await pilot.press("escape")
        await open_case(pilot, demo_store, "DEMO-0001")
    assert len(_audit(demo_store, "open_case")) == 2


def test_every_signal_has_a_form_or_says_where_to_go():
    for definition in S.CATALOGUE.values():
        name, _kwargs = action_for_signal(definition.form)
        assert name is not None or definition.form in ELSEWHERE, definition.code
        if name is not None:
            assert issubclass(form_class(name), FormScreen)


@pytest.mark.parametrize("case, code, form, kind", [
    ("DEMO-0002", S.FIRST_MDO_OVERDUE, "MeetingForm", "mdo"),
    ("DEMO-0003", S.START_MEETING_MISSING, "MeetingForm", "start_meeting"),
    ("DEMO-0004", S.MARKING_LETTER_MISSING, "MarkingLetterForm", None),
    ("DEMO-0005", S.CASE_DIRECTOR_MISSING, "CaseDirectorForm", None),
    ("DEMO-0006", S.DUO_PARTNER_MISSING, "DuoPartnerForm", None),
    ("DEMO-0007", S.DUO_REVIEW_OVERDUE, "DuoReviewForm", None),
    ("DEMO-0010", S.STAGNATION, "EscalationRequestForm", None),
    ("DEMO-0011", S.RISK_ASSESSMENT_MISSING, "RiskAssessmentForm", None),
    ("DEMO-0012", S.LEAD_AGREEMENT_MISSING, "LeadOrganisationForm", None),
    ("DEMO-0001", S.ROLE_AGREEMENT_MISSING, "RoleAgreementForm", None),
    ("DEMO-0001", S.YOUTH_CONTACT_OVERDUE, "MeetingForm", "youth_contact"),
    ("DEMO-0001", S.PLAN_REVIEW_DUE, "PlanStillFitsForm", None),
    ("DEMO-0001", S.ESCALATION_PENDING, "EscalationDecisionForm", None),
    ("DEMO-0008", S.PLAN_MISSING, "PlanScreen", None),
    ("DEMO-0009", S.GOAL_OVERDUE, "PlanScreen", None),
])
async def test_enter_on_a_signal_opens_the_form_that_clears_it(case, code, form, kind,
                                                               demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_case(pilot, demo_store, case)
        signal_list = screen.query_one(SignalList)
        assert code in signal_list.signals
        signal_list.highlighted = list(signal_list.signals).index(code)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == form
        if kind is not None:
            assert app.screen.query_one("#f-kind", Select).value == kind


async def test_an_acknowledged_signal_is_shown_muted_with_reason_and_end_date(demo_store,
                                                                             make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_case(pilot, demo_store, "DEMO-0001")
        signal_list = screen.query_one(SignalList)
        signal_list.highlighted = list(signal_list.signals).index(S.MDO_OVERDUE)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AcknowledgeForm) and form.code == S.MDO_OVERDUE
        fill(form, {"reason": "MDO uitgesteld in overleg met de manager.",
                    "until": "12-12-2026"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        muted = signal_list.signals[S.MDO_OVERDUE]
        assert muted.muted and list(signal_list.signals)[-1] == S.MDO_OVERDUE
        index = list(signal_list.signals).index(S.MDO_OVERDUE)
        prompt = signal_list.get_option_at_index(index).prompt
        cells = " ".join(str(cell) for column in prompt.columns for cell in column._cells)
        assert "12 december 2026" in cells and "uitgesteld in overleg" in cells


async def test_the_timeline_is_newest_first_and_filters_by_kind(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_case(pilot, demo_store, "DEMO-0001")
        await pilot.press("2")
        assert screen.query_one(TabbedContent).active == "timeline"
        table = screen.query_one("#timeline-table", DataTable)
        timeline = screen.view.timeline
        days = [e.on for e in timeline]
        assert days == sorted(days, reverse=True) and table.row_count == len(timeline)
        screen.query_one("#timeline-filter", Select).value = "event"
        await settle(pilot)
        events = [describe(e) for e in timeline if e.kind == "event"]
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == events
        assert events[0] == "Signalen van verlies van perspectief"  # 26 October, newest


async def test_number_keys_switch_tabs_and_r_opens_the_record_menu(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_case(pilot, demo_store, "DEMO-0001")
        for key, tab in (("3", "people"), ("4", "escalations"), ("1", "signals")):
            await pilot.press(key)
            assert screen.query_one(TabbedContent).active == tab
        await pilot.press("r")
        await settle(pilot)
        assert type(app.screen).__name__ == "RecordMenu"
        await pilot.press("g")
        await settle(pilot)
        assert type(app.screen).__name__ == "EventForm"


async def test_enter_on_the_home_list_opens_the_case(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "CaseDetailScreen"


async def test_the_case_opens_its_plan_checklists_and_access_log(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_case(pilot, demo_store, "DEMO-0001")
        for key, name in (("P", "PlanScreen"), ("c", "ChecklistHistoryScreen"),
                          ("z", "AccessLogScreen")):
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == name
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen


async def test_a_closed_case_says_until_when_its_file_is_kept(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_case(pilot, demo_store, "DEMO-0013")  # closed, no hand-over
        header = str(screen.query_one("#case-header").render())
        assert "bewaard tot" in header and "2046" in header


async def test_opening_the_case_marks_new_duo_reviews_read_for_the_director(demo_store,
                                                                            make_app):
    from regie_tui.data import commands

    case_id = demo_store.case_id_for_code("DEMO-0007")  # Bram directs, Sanne is duo
    demo_store.actor = "Sanne Voorbeeld"
    commands.record_duo_review(demo_store, case_id, demo_store.load_case(case_id).version,
                               reviewer_id=demo_store.consultant_id("Sanne Voorbeeld"),
                               reviewed_on=TODAY, verdict="agreed")

    def unread() -> int:
        with demo_store.read() as conn:
            return conn.execute("SELECT COUNT(*) FROM duoreview WHERE case_id = ? AND "
                                "read_on IS NULL", (case_id,)).fetchone()[0]

    app = make_app(demo_store)  # Sanne opening it does not mark it read
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0007")
    assert unread() == 1
    app = make_app(demo_store, user="Bram Oefen")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_case(pilot, demo_store, "DEMO-0007")
        screen.action_tab("timeline")
        await settle(pilot)
        await app.workers.wait_for_complete()
    assert unread() == 0


async def test_acknowledging_is_capped_and_a_on_the_acknowledged_signal_withdraws_it(
        demo_store, make_app):
    """Issue 15.2: "until 01-01-2030" is refused naming the limit; the acknowledged signal
    stays in the list marked ◇; the same key withdraws it, audited."""
    from regie_tui.screens.forms.withdraw_acknowledgement import WithdrawAcknowledgementForm

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_case(pilot, demo_store, "DEMO-0001")
        signal_list = screen.query_one(SignalList)
        signal_list.highlighted = list(signal_list.signals).index(S.MDO_OVERDUE)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        fill(form, {"reason": "Uitgesteld.", "until": "01-01-2030"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "ten hoogste 42 dagen" in form.error_text("until")
        assert _audit(demo_store, "acknowledge_signal") == []
        fill(form, {"until": "12-12-2026"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and signal_list.signals[S.MDO_OVERDUE].muted
        index = list(signal_list.signals).index(S.MDO_OVERDUE)
        signal_list.highlighted = index
        prompt = signal_list.get_option_at_index(index).prompt
        cells = " ".join(str(cell) for column in prompt.columns for cell in column._cells)
        assert "◇ GEACCEPTEERD" in cells and "a: acceptatie intrekken" in cells
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, WithdrawAcknowledgementForm)
        await pilot.press("enter")  # the focused button: withdraw
        await settle(pilot)
        assert app.screen is screen
        assert not signal_list.signals[S.MDO_OVERDUE].muted
        assert len(_audit(demo_store, "withdraw_acknowledgement")) == 1
