"""The inspection case, cleared through the UI alone, with the keyboard only.

DEMO-0001 shows the inspection's findings at TODAY: no role agreement, no
contact with the youth, MDO overdue, plan review due, escalation pending. Each
is cleared by Enter on the top signal, typing into the form that opens, and
ctrl+s — until the case has no signals.
"""

from __future__ import annotations

from regie_tui.rules import signals as S
from regie_tui.rules.engine import evaluate_case
from regie_tui.screens.forms.base import FormScreen
from regie_tui.widgets.signal_list import SignalList
from tests.conftest import TODAY
from tests.ui.case_helpers import open_case, settle
from tests.ui.conftest import SIZE

INSPECTION = {S.ROLE_AGREEMENT_MISSING, S.YOUTH_CONTACT_OVERDUE, S.MDO_OVERDUE,
              S.PLAN_REVIEW_DUE, S.ESCALATION_PENDING}


def _codes(store, case_id) -> set[str]:
    from regie_tui.rules.intervals import Intervals

    return {s.code for s in evaluate_case(store.load_case(case_id), TODAY, Intervals())}


async def _resolve_top(pilot, code: str, *keys: str) -> None:
    """Enter on the top signal (it must be ``code``), then type ``keys`` into the form."""
    screen = pilot.app.screen
    signal_list = screen.query_one(SignalList)
    assert signal_list.has_focus
    assert signal_list.highlighted_signal.code == code
    await pilot.press("enter")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    for key in keys:
        if len(key) > 1 and key not in ("tab", "enter", "space", "down", "ctrl+s"):
            await pilot.press(*key)  # typed text
        else:
            await pilot.press(key)
        await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert pilot.app.screen is screen, form.error_text("form")
    assert code not in signal_list.signals


async def test_the_inspection_case_is_cleared_through_the_ui(demo_store, make_app):
    case_id = demo_store.case_id_for_code("DEMO-0001")
    assert _codes(demo_store, case_id) == INSPECTION
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_case(pilot, demo_store, "DEMO-0001")
        assert set(screen.query_one(SignalList).signals) == INSPECTION
        # Worst first (docs/severity.md): youth contact, MDO, escalation, plan, role.
        # Contact with the youth: the form opens on that kind, held today, youth ticked.
        await _resolve_top(pilot, S.YOUTH_CONTACT_OVERDUE)
        # MDO with youth and parents present.
        await _resolve_top(pilot, S.MDO_OVERDUE,
                           "tab", "vandaag", "tab", "tab", "space", "tab", "space")
        # The escalation: the open one is preselected; choose "granted" in the list.
        await _resolve_top(pilot, S.ESCALATION_PENDING,
                           "tab", "enter", "down", "enter", "tab", "vandaag", "tab",
                           "RET zoekt een behandelplek.")
        # Plan review: record that the plan still fits.
        await _resolve_top(pilot, S.PLAN_REVIEW_DUE,
                           "vandaag", "tab", "Plan past nog; het RET zoekt een plek.")
        # Role agreement: date, then the agreements.
        await _resolve_top(pilot, S.ROLE_AGREEMENT_MISSING,
                           "vandaag", "tab", "PR bewaakt het geheel; CR roept het MDO bijeen.")
        assert screen.query_one(SignalList).signals == {}
        assert "Geen signalen" in str(screen.query_one(SignalList).get_option_at_index(0).prompt)
    assert _codes(demo_store, case_id) == set()
