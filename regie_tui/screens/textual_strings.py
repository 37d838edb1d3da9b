"""Textual's own words, in the user's language.

Textual writes a few things itself: the command palette (its placeholder,
"No matches found", the system commands), the theme picker, the footer's
"^p palette", the ctrl+c hint and the note after several errors at exit.
They are English in Textual; here each one goes through the app's catalog,
hooked in where Textual offers a hook (``App.get_system_commands``, the
palette's placeholder, a provider for themes) and, where it offers none, by
overriding the one small method that writes it.

The msgids are Textual's English, so a new Textual that rewords one shows up
as English in the Dutch UI, which tests/ui/test_language_walk.py catches.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from regie_tui.base.i18n import N_, _

# Textual's system commands, title and help (textual/app.py get_system_commands).
SYSTEM_COMMANDS = {
    "Theme": N_("Theme"),
    "Change the current theme": N_("Change the current theme"),
    "Quit": N_("Quit"),
    "Quit the application as soon as possible": N_("Quit the application as soon as possible"),
    "Maximize": N_("Maximize"),
    "Maximize the focused widget": N_("Maximize the focused widget"),
    "Minimize": N_("Minimize"),
    "Minimize the widget and restore to normal size":
        N_("Minimize the widget and restore to normal size"),
}
# "Keys" opens Textual's help panel (English help of Textual's widgets); Regie's
# own F1 help lists every key in the user's language, so the palette offers that.
# "Screenshot" writes an SVG of the screen -- case data -- to the Downloads
# folder with default permissions; Regie keeps what it writes private (0600),
# so the palette does not offer it.
_LEFT_OUT = {"Keys", "Screenshot"}

# Themes: the name of a variant is translated, the name of a palette is a name.
_VARIANTS = {"dark": N_("dark"), "light": N_("light")}
_THEME_NAMES = {
    "textual-dark": N_("Dark (standard)"),
    "textual-light": N_("Light (standard)"),
    "ansi-dark": N_("Terminal colours, dark"),
    "ansi-light": N_("Terminal colours, light"),
}


def system_commands(commands: Iterable[SystemCommand], show_help) -> Iterable[SystemCommand]:
    """Textual's system commands in the current language; ``show_help`` opens Regie's help."""
    for command in commands:
        if command.title in _LEFT_OUT:
            if command.title == "Keys":
                yield SystemCommand(_("Keys"), _("Show all keys and what they do"), show_help)
            continue
        yield command._replace(title=_(SYSTEM_COMMANDS.get(command.title, command.title)),
                               help=_(SYSTEM_COMMANDS.get(command.help, command.help)))


def theme_label(name: str) -> str:
    """A theme's name as the picker shows it: "Solarized, light" / "Solarized, licht"."""
    if name in _THEME_NAMES:
        return _(_THEME_NAMES[name])
    words = name.split("-")
    variant = _VARIANTS.get(words[-1]) if len(words) > 1 else None
    base = " ".join(words[:-1] if variant else words).title()
    return f"{base}, {_(variant)}" if variant else base


def palette_binding(key: str, key_display: str | None) -> Binding:
    """The palette key as the footer shows it (Textual's says "palette")."""
    return Binding(key, "command_palette", _("commands"), show=False,
                   key_display=key_display, priority=True,
                   tooltip=_("Open the command palette: search commands and cases"))


class ThemeProvider(Provider):
    """Textual's theme list, with names a person reads in their language."""

    def _themes(self) -> list[tuple[str, object]]:
        def choose(name: str) -> None:
            self.app.theme = name

        return sorted(((theme_label(name), partial(choose, name))
                       for name in self.app.available_themes), key=lambda t: t[0].lower())

    async def discover(self) -> Hits:
        for label, callback in self._themes():
            yield DiscoveryHit(label, callback)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, callback in self._themes():
            if (score := matcher.match(label)) > 0:
                yield Hit(score, matcher.highlight(label), callback)


class Palette(CommandPalette):
    """Textual's command palette with its placeholder and "no matches" translated."""

    def __init__(self, providers=None, *, placeholder: str | None = None, **kwargs) -> None:
        super().__init__(providers, placeholder=placeholder or _("Search for commands…"),
                         **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's method, with its one English sentence through the catalog.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(_("No matches found"), style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
