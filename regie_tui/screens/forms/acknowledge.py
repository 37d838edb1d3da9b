"""Acknowledge a signal: a reason and an end date; until then it is shown muted."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.rules.signals import CATALOGUE
from regie_tui.screens.forms.base import DATE, NOTE, Field, FormScreen


class AcknowledgeForm(FormScreen):
    TITLE = N_("Acknowledge a signal")
    FIELDS = (
        Field("reason", N_("Reason"), NOTE, required=True,
              hint=N_("For example: MDO postponed in agreement with the manager.")),
        Field("until", N_("Until"), DATE, required=True),
    )

    def __init__(self, *args, code: str, **kwargs):
        self.code = code
        super().__init__(*args, **kwargs)

    @property
    def INTRO(self) -> str:  # noqa: N802 - the base reads the class attribute's name
        return _("Signal: {title}. It stays visible, muted, with your reason until the end "
                 "date.").format(title=_(CATALOGUE[self.code].title))

    def submit(self, values: dict) -> str:
        commands.acknowledge_signal(self.context.store, code=self.code, case_id=self.case_id,
                                    expected_version=self.version, **values)
        return _("Saved: \"{title}\" acknowledged until {date}.").format(
            title=_(CATALOGUE[self.code].title), date=format_date(values["until"]))
