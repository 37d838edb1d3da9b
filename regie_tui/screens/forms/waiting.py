"""Waiting for a placement or treatment: since when and for what (or end the wait)."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.screens.forms.base import DATE, TEXT, Field, FormScreen


class WaitingForm(FormScreen):
    TITLE = N_("Waiting for a placement or treatment")
    INTRO = N_("Leave the date empty to record that the wait is over.")
    FIELDS = (
        Field("since", N_("Waiting since"), DATE,
              initial=lambda form: form.view.facts.waiting_since if form.view else None),
        Field("waiting_for", N_("Waiting for"), TEXT,
              initial=lambda form: form.view.waiting_for if form.view else None),
    )

    def submit(self, values: dict) -> str:
        commands.set_waiting(self.context.store, self.case_id, self.version, **values)
        if values["since"] is None:
            return _("Saved: no longer waiting.")
        return _("Saved: waiting since {date}.").format(date=format_date(values["since"]))
