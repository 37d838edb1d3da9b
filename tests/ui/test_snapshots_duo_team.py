"""Snapshots of the duo queue, the duo review, the team overview and its forms (Dutch, TODAY)."""

from __future__ import annotations

from tests.ui.conftest import SIZE


async def _settled(pilot) -> None:
    """Until no worker runs: a pushed screen starts its worker only once mounted,
    which can be after a single wait_for_complete() returned."""
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            break
    # The chart repaints once its data arrived: give that frame time to land.
    await pilot.pause(0.3)


def _keys(*keys):
    async def run_before(pilot):
        for key in keys:
            await pilot.press(key)
            await _settled(pilot)

    return run_before


def test_duo_queue_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("w"))


def test_duo_review_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store)  # the queue's first case: DEMO-0007, review overdue
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("w", "enter"))


def test_team_overview_snapshot(snap_compare, demo_store, make_app):
    # Was flaky while the table's columns widened on an idle pass after the rows
    # arrived: the header line could keep the old widths. Widths are explicit now.
    app = make_app(demo_store, user="Mirjam Model")
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("t"))


async def test_team_overview_content(demo_store, make_app):
    # The snapshot's content in words; the chart's numbers in tests/unit/test_trend.py.
    from textual.widgets import DataTable

    app = make_app(demo_store, user="Mirjam Model")
    async with app.run_test(size=SIZE) as pilot:
        await _keys("t")(pilot)
        table = app.screen.query_one("#team", DataTable)
        rows = {str(table.get_row_at(i)[0]): [str(c) for c in table.get_row_at(i)]
                for i in range(table.row_count)}
        assert set(rows) == {"Bram Oefen", "Joris Fictief", "Leila Proef", "Sanne Voorbeeld"}
        assert rows["Bram Oefen"][1:3] == ["23", "10"]
        assert rows["Bram Oefen"][-1].startswith("▲ te laat")  # symbol and word, not colour
        assert rows["Sanne Voorbeeld"][-1] == "✓ op tijd"
        assert len(app.screen.rows) == 4
        # Header and rows share the widths: nothing is cut off.
        widths = [c.get_render_width(table) - 2 * table.cell_padding
                  for c in table.ordered_columns]
        assert widths[0] >= len("Sanne Voorbeeld")
        assert widths[-1] >= len(rows["Bram Oefen"][-1])


def test_caseload_review_form_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store, user="Mirjam Model")
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("t", "b"))


def test_consultant_cases_snapshot(snap_compare, demo_store, make_app):
    app = make_app(demo_store, user="Mirjam Model")
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("t", "enter"))
