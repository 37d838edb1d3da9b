"""Snapshots of the case screen's tabs and of every form, in Dutch, at TODAY and SIZE."""

from __future__ import annotations

import pytest

from tests.ui.case_helpers import open_case, open_form, settle
from tests.ui.conftest import SIZE
from tests.ui.form_specs import SPECS


def _case(demo_store, key: str | None = None):
    async def run_before(pilot):
        await open_case(pilot, demo_store, "DEMO-0001")
        if key:
            await pilot.press(key)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("key", ["1", "2", "3", "4"],
                         ids=["signals", "timeline", "people", "escalations"])
def test_case_tab_snapshot(key, snap_compare, demo_store, make_app):
    assert snap_compare(make_app(demo_store), terminal_size=SIZE,
                        run_before=_case(demo_store, key))


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_form_snapshot(spec, snap_compare, demo_store, make_app):
    async def run_before(pilot):
        await open_case(pilot, demo_store, spec.code)
        await open_form(pilot, spec.name, **spec.kwargs)

    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run_before)


def test_new_case_form_snapshot(snap_compare, demo_store, make_app):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.action_new_case()
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run_before)


def test_form_with_messages_snapshot(snap_compare, demo_store, make_app):
    """A refused save: the message under its field, the input kept."""
    async def run_before(pilot):
        await open_case(pilot, demo_store, "DEMO-0001")
        form = await open_form(pilot, "role_agreement")
        form.query_one("#f-agreed_on").value = "31-02-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=run_before)
