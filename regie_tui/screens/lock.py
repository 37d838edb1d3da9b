"""The lock screen: covers everything until the user shows who they are.

A full (not modal) screen, so nothing of the screens below shows through.
With an encrypted store unlocking needs the passphrase; for a plain store
the user confirms who they are by typing their name exactly as Regie shows it
(capitals and accents count; only spaces around and between the words do
not); it used to open on any casing of the name. A name is no secret, so
the screen says so and points to the passphrase (``regie-tui encrypt``) for
a lock that is one.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from regie_tui.base.i18n import _
from regie_tui.data import cipher
from regie_tui.session.context import AppContext


class LockScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+q", "app.quit", _("Quit"), id="lock.quit", tooltip=_("Close Regie")),
    ]

    def __init__(self, context: AppContext, by_hand: bool = False):
        super().__init__()
        self.context = context
        self.by_hand = by_hand  # Ctrl+L, not the idle timer
        # A team store has no file to encrypt and its password is libpq's, never
        # Regie's: the lock asks for the name, as on a plain store file.
        self.team = context.store.team
        self.encrypted = not self.team and cipher.is_encrypted(context.store.path)

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-body"):
            yield Label(_("Regie is locked"), classes="title")
            yield Static(_("Case data is hidden until you show who you are.") if self.by_hand
                         else _("Case data is hidden because Regie was not used for a while."))
            if self.encrypted:
                yield Static(_("Type the passphrase of the case store and press Enter to go "
                               "on. Ctrl+Q closes Regie."))
                yield Input(placeholder=_("Passphrase"), password=True, id="lock-answer")
            else:
                yield Static(_("Type your name exactly as Regie knows it (capitals count) and "
                               "press Enter to go on. Ctrl+Q closes Regie."))
                yield Static(_("This lock only covers the screen: anyone who knows your "
                               "name can open it. Close Regie (Ctrl+Q) when you leave the "
                               "laptop.") if self.team else
                             _("This lock only covers the screen: anyone who knows your "
                               "name can open it. Encrypt the store (regie-tui encrypt) "
                               "for a lock with a passphrase."), classes="muted-note")
                yield Input(placeholder=_("Your name"), id="lock-answer")
            yield Static("", id="lock-error", classes="error")

    def _accepts(self, typed: str) -> bool:
        if self.encrypted:
            return cipher.passphrase_matches(typed)
        expected = " ".join((self.context.user or "").split())
        return bool(expected) and " ".join(typed.split()) == expected

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._accepts(event.value):
            self.dismiss(None)
            return
        event.input.value = ""
        self.query_one("#lock-error", Static).update(
            _("That is not the passphrase of this store. Try again, or close Regie.")
            if self.encrypted else
            _("That is not the name Regie was opened with. Try again, or close Regie."))
