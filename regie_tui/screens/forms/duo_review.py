"""Record a review of the case by the duo partner (improvement actions 5c-d)."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.rules import vocab
from regie_tui.screens.forms._options import consultants, today, vocabulary
from regie_tui.screens.forms.base import DATE, NOTE, SELECT, Field, FormScreen


class DuoReviewForm(FormScreen):
    TITLE = N_("Record a duo review")
    FIELDS = (
        Field("reviewer_id", N_("Reviewer"), SELECT, required=True,
              options=lambda form: consultants(form),
              initial=lambda form: form.view.facts.duo_partner_id if form.view else None,
              also=("reviewer",)),
        Field("reviewed_on", N_("Date reviewed"), DATE, required=True, initial=today),
        Field("verdict", N_("Verdict"), SELECT, required=True,
              options=lambda form: vocabulary(vocab.DUO_VERDICTS)),
        Field("remarks", N_("Remarks"), NOTE, hint=N_("Required unless the verdict is "
                                                       "\"approved\".")),
    )

    def submit(self, values: dict) -> str:
        commands.record_duo_review(self.context.store, self.case_id, self.version, **values)
        return _("Saved: duo review of {date}.").format(date=format_date(values["reviewed_on"]))
