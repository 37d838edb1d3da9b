"""Acknowledge a signal: a reason and an end date; until then it counts as acknowledged.

The end date is at most the team's ``acknowledge_max`` days away (rules.toml,
42 by default); the store command refuses a later one with that limit named.
"""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.rules.signals import CATALOGUE
from regie_tui.screens.forms.base import DATE, NOTE, Field, FormScreen


class AcknowledgeForm(FormScreen):
    TITLE = N_("Acknowledge a signal")

    def __init__(self, *args, code: str, **kwargs):
        self.code = code
        super().__init__(*args, **kwargs)

    def fields(self) -> tuple[Field, ...]:
        return (
            Field("reason", N_("Reason"), NOTE, required=True,
                  hint=N_("For example: MDO postponed in agreement with the manager.")),
            Field("until", N_("Until"), DATE, required=True,
                  hint=_("At most {n} days from today (your team's setting).").format(
                      n=self.context.intervals.acknowledge_max)),
        )

    @property
    def INTRO(self) -> str:  # noqa: N802 - the base reads the class attribute's name
        return _("Signal: {title}. It stays visible and counts as acknowledged, with your "
                 "reason, until the end date; press a on it again to withdraw it earlier.").format(
                     title=_(CATALOGUE[self.code].title))

    def submit(self, values: dict) -> str:
        commands.acknowledge_signal(self.context.store, code=self.code, case_id=self.case_id,
                                    expected_version=self.version,
                                    max_days=self.context.intervals.acknowledge_max, **values)
        return _("Saved: \"{title}\" acknowledged until {date}.").format(
            title=_(CATALOGUE[self.code].title), date=format_date(values["until"]))
