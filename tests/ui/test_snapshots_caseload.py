"""Snapshots of the caseload screen: each view and the empty states, dark and light, in Dutch."""

from __future__ import annotations

import pytest

from tests.ui.conftest import SIZE

THEMES = ["textual-dark", "textual-light"]


def _run_before(theme: str, *keys: str):
    async def run_before(pilot) -> None:
        pilot.app.theme = theme
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
def test_caseload_view_snapshot(snap_compare, demo_store, make_app, key, theme):
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=_run_before(theme, key))


@pytest.mark.parametrize("theme", THEMES)
def test_caseload_family_filter_snapshot(snap_compare, demo_store, make_app, theme):
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=_run_before(theme, "3", "e"))


@pytest.mark.parametrize("theme", THEMES)
def test_caseload_nothing_matches_snapshot(snap_compare, demo_store, make_app, theme):
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=_run_before(theme, "slash", *"zzzz"))


@pytest.mark.parametrize("theme", THEMES)
def test_caseload_no_cases_snapshot(snap_compare, store, make_app, theme):
    app = make_app(store, user="Tester", demo=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=_run_before(theme))
