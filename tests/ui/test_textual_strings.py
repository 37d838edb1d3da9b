"""Textual's own words in the Dutch UI (issue 15, item 7): palette, system commands,
themes, the footer's palette key, ctrl+c, and the note after several errors."""

from __future__ import annotations

from textual.widgets import Input


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_palette_speaks_dutch(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        titles = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert titles["Afsluiten"] == "Regie meteen sluiten"
        assert titles["Thema"] == "Een ander kleurthema kiezen"
        assert "Toetsen" in titles
        assert not {"Quit", "Theme", "Keys", "Maximize", "Screenshot"} & set(titles)
        await pilot.press("ctrl+p")
        await _settle(pilot)
        assert app.screen.query_one(Input).placeholder == "Zoek een opdracht…"


async def test_theme_names_in_dutch(demo_store, make_app):
    from regie_tui.screens.textual_strings import theme_label

    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        app.search_themes()
        await _settle(pilot)
        assert app.screen.query_one(Input).placeholder == "Zoek een kleurthema…"
    assert theme_label("textual-dark") == "Donker (standaard)"
    assert theme_label("solarized-light") == "Solarized, licht"
    assert theme_label("nord") == "Nord"


async def test_footer_palette_key_and_ctrl_c_in_dutch(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        binding = app.screen.active_bindings[app.COMMAND_PALETTE_BINDING].binding
        assert binding.description == "opdrachten"
        app.action_help_quit()
        await pilot.pause()
        toast = list(app._notifications)[-1]
        assert toast.title == "Wil je Regie sluiten?"
        assert toast.message == "Druk op ^q om Regie te sluiten."


def test_no_english_note_after_several_errors(store, make_app, capsys):
    """Textual adds "NOTE: 1 of 2 errors shown. Run with textual run --dev ...";
    the user gets the first (translated) message only."""
    app = make_app(store, user="Tester", demo=False)
    app._exit_renderables.extend(["eerste melding", "tweede melding"])
    app._print_error_renderables()
    err = capsys.readouterr().err
    assert "eerste melding" in err
    assert "NOTE" not in err and "errors shown" not in err
