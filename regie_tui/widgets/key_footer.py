"""A footer that rebuilds its keys only when the keys it shows change.

Textual's Footer removes and re-creates every key widget whenever the screen's
bindings may have changed: on every focus move, and whenever its screen is
covered or shown again. Opening a case moved the focus a few times before
the first paint and rebuilt the footers of both the case and the caseload
screen under it: about fifty key widgets restyled for footers that looked
the same. This one compares what it would show (key, label, enabled,
tooltip) with what it shows and rebuilds only on a difference, and it shows
its keys from its first compose instead of one refresh later. What it shows
is Textual's Footer's compose, with one change: the F1 help key keeps its
place at the left however narrow the terminal.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTIONS = ("help", "app.help")


class KeyFooter(Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: tuple | None = None

    DEFAULT_CSS = """
    KeyFooter FooterKey.-help {
        dock: left;
    }
    """

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        for widget in super().compose():
            # F1 is the way to every other key: on a narrow terminal the keys
            # that do not fit scroll away, F1 keeps its place at the left.
            if isinstance(widget, FooterKey) and widget.action in HELP_ACTIONS:
                widget.add_class("-help")
            yield widget

    def _keys(self) -> tuple:
        """Everything Footer.compose reads from the bindings, in its order."""
        palette = self.app.COMMAND_PALETTE_BINDING
        keys = tuple((b.key, b.action, b.description, b.group, enabled, tooltip, b.tooltip)
                     for key, (_node, b, enabled, tooltip) in
                     self.screen.active_bindings.items() if b.show or key == palette)
        return keys, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE

    def bindings_changed(self, screen) -> None:
        # Footer.bindings_changed, with the rebuild only if the keys differ.
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()
