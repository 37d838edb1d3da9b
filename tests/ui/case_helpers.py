"""Driving the case screen and its forms in Pilot tests."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Select, TextArea

from regie_tui.screens.case_detail import CaseDetailScreen
from regie_tui.screens.forms.base import FormScreen


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_case(pilot, store, code: str) -> CaseDetailScreen:
    await settle(pilot)
    pilot.app.open_case(store.case_id_for_code(code))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CaseDetailScreen) and screen.loaded
    return screen


async def open_form(pilot, name: str, **kwargs) -> FormScreen:
    pilot.app.screen.action_record(name, **kwargs)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


def fill(form: FormScreen, values: dict) -> None:
    """Put values in the widgets as a user would leave them (text, code, or bool)."""
    for name, value in values.items():
        widget = form.query_one(f"#f-{name}")
        if isinstance(widget, TextArea):
            widget.text = value or ""
        elif isinstance(widget, Select):
            if value is None:
                widget.clear()
            else:
                widget.value = value
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        else:
            assert isinstance(widget, Input)
            widget.value = value or ""


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]
