"""Withdraw an acknowledgement: the signal counts as open again from today."""

from __future__ import annotations

from textual.widgets import Button

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.rules.signals import CATALOGUE, Signal
from regie_tui.screens.forms.base import FormScreen


class WithdrawAcknowledgementForm(FormScreen):
    TITLE = N_("Withdraw the acknowledgement")

    def __init__(self, *args, signal: Signal, **kwargs):
        self.signal = signal
        super().__init__(*args, **kwargs)

    @property
    def INTRO(self) -> str:  # noqa: N802 - the base reads the class attribute's name
        # No reason from the store here: the intro is markup, the reason is the user's text.
        ack = self.signal.acknowledgement
        return _("Signal: {title}, acknowledged until {until}. Withdrawn, it counts as open "
                 "again from today; the acknowledgement stays on record.").format(
                     title=_(CATALOGUE[self.signal.code].title),
                     until=format_date(ack.until) if ack else "—")

    def on_mount(self) -> None:
        super().on_mount()
        # No fields: the keyboard goes straight to the button (Enter withdraws, Esc cancels).
        self.query_one("#form-save", Button).focus()

    def submit(self, values: dict) -> str:
        commands.withdraw_acknowledgement(self.context.store, self.case_id, self.version,
                                          code=self.signal.code)
        return _("Saved: the acknowledgement of \"{title}\" is withdrawn.").format(
            title=_(CATALOGUE[self.signal.code].title))
