"""Every form: a valid save, each validation message, and the conflict path."""

from __future__ import annotations

import pytest

from regie_tui.data import case_view, commands
from regie_tui.screens.case_detail import CaseDetailScreen
from regie_tui.screens.forms.base import ConfirmScreen, FormScreen
from tests.conftest import table_counts
from tests.ui.case_helpers import fill, notifications, open_case, open_form, settle
from tests.ui.conftest import SIZE
from tests.ui.form_specs import NEW_CASE, SPECS

IDS = [s.name for s in SPECS]


async def _form(pilot, store, spec) -> FormScreen:
    if spec.name == "new_case":
        await settle(pilot)
        pilot.app.action_new_case()
        await settle(pilot)
        return pilot.app.screen
    await open_case(pilot, store, spec.code)
    return await open_form(pilot, spec.name, **spec.kwargs)


@pytest.mark.parametrize("spec", [*SPECS, NEW_CASE], ids=[*IDS, "new_case"])
async def test_a_valid_form_saves_once_and_says_what_was_saved(spec, demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await _form(pilot, demo_store, spec)
        case_id = form.case_id
        fill(form, spec.valid)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), form.error_text("form")
        assert isinstance(app.screen, CaseDetailScreen)
        assert any(m.startswith("Opgeslagen: ") for m in notifications(app))
        assert spec.written(demo_store, case_id if case_id else app.screen.case_id)
        if case_id is not None:  # the screen shows the new version at once
            assert app.screen.view.version == case_view.current_version(demo_store, case_id)


@pytest.mark.parametrize("spec", [*SPECS, NEW_CASE], ids=[*IDS, "new_case"])
async def test_each_refusal_is_shown_under_its_field_and_writes_nothing(spec, demo_store,
                                                                       make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await _form(pilot, demo_store, spec)
        before = table_counts(demo_store)
        for changes, field, expected in spec.refusals:
            fill(form, {**spec.valid, **changes})
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form, f"{changes} was saved"
            assert form.error_text(field) == expected(), changes
            others = [f.name for f in form.fields() if f.name != field]
            assert all(form.error_text(o) == "" for o in others)
        # Only the audit entry of opening the case; no command wrote anything.
        after = table_counts(demo_store)
        assert {k: v for k, v in after.items() if k != "audit_log"} == \
            {k: v for k, v in before.items() if k != "audit_log"}
        assert after["audit_log"] == before["audit_log"]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
async def test_a_stale_form_keeps_the_input_and_saves_after_reload(spec, demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await _form(pilot, demo_store, spec)
        fill(form, spec.valid)
        typed = form._snapshot()
        # A colleague changes the case meanwhile.
        commands.add_professional(demo_store, form.case_id, form.version,
                                  commands.ProfessionalInput("Collega", "Elders", "ambulant"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.conflict
        banner = str(form.query_one("#form-conflict").content)
        assert "ctrl+r" in banner
        assert form._snapshot() == typed
        assert not spec.written(demo_store, form.case_id)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not form.conflict and form._snapshot() == typed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert spec.written(demo_store, app.screen.case_id)


async def test_escape_asks_before_throwing_away_what_was_typed(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        form = await open_form(pilot, "event")
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        form = await open_form(pilot, "event")
        form.query_one("#f-occurred_on").focus()
        await pilot.press(*"gisteren")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # "no": back to the form, input kept
        await settle(pilot)
        assert app.screen is form and form.query_one("#f-occurred_on").value == "gisteren"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab", "enter")  # to "Weggooien"
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
    with demo_store.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM significantevent WHERE occurred_on = "
                            "'2026-11-15'").fetchone()[0] == 0


async def test_tab_moves_through_the_fields_in_order(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, demo_store, "DEMO-0001")
        form = await open_form(pilot, "meeting")
        order = []
        for _ in range(4):
            order.append(app.focused.id)
            await pilot.press("tab")
        assert order == ["f-kind", "f-held_on", "f-planned_on", "f-youth_present"]
        await pilot.press("shift+tab")
        assert app.focused.id == "f-youth_present"
        assert form.query_one("#form-body").can_focus is False
