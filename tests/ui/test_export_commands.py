"""Exports from the command palette: a private file in the exports folder, and a notice."""

from __future__ import annotations

import os

from icalendar import Calendar

from regie_tui.exchange.files import default_folder
from tests.ui.conftest import SIZE


async def _run_palette(app, pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("enter")  # where to save: the name it suggests
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_export_my_caseload_from_the_palette(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await _run_palette(app, pilot, "Excel-lijst van mijn caseload")
        files = sorted(default_folder().glob("caseload-*.xlsx"))
        assert [f.name for f in files] == ["caseload-2026-11-16.xlsx"]
        assert os.stat(files[0]).st_mode & 0o777 == 0o600
        assert os.stat(default_folder()).st_mode & 0o777 == 0o700
        note = _notes(app)[-1]
        assert str(files[0]) in note and "persoonsgegevens" in note
        # A second export does not overwrite the first.
        await _run_palette(app, pilot, "Excel-lijst van mijn caseload")
        assert len(list(default_folder().glob("caseload-*.xlsx"))) == 2
    with demo_store.read() as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log")]
    assert actions.count("export_caseload") == 2


async def test_export_calendar_from_the_palette(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await _run_palette(app, pilot, "agenda")
        (path,) = default_folder().glob("deadlines-*.ics")
        assert list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


async def test_case_screen_offers_summary_of_the_open_case(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        app.open_case(demo_store.case_id_for_code("DEMO-0001"))
        await pilot.pause()
        await _run_palette(app, pilot, "samenvatting van deze casus (Markdown)")
        (path,) = default_folder().glob("summary-DEMO-0001-*.md")
        assert path.read_text("utf-8").startswith("# Samenvatting casus DEMO-0001")
        assert "persoonsgegevens" in _notes(app)[-1]


async def test_export_failure_is_reported(demo_store, make_app, monkeypatch):
    from regie_tui.exchange import exports

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exports, "calendar", broken)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await _run_palette(app, pilot, "agenda")
        notes = list(app._notifications)
        assert notes[-1].severity == "error"
        assert "No space left on device" in str(notes[-1].message)
