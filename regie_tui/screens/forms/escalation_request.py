"""Request an escalation: to VPR, the forced framework, the manager or the RET."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _
from regie_tui.data import commands
from regie_tui.rules import vocab
from regie_tui.screens.forms._options import today, vocabulary
from regie_tui.screens.forms.base import DATE, NOTE, SELECT, Field, FormScreen
from regie_tui.widgets.case_text import label


class EscalationRequestForm(FormScreen):
    TITLE = N_("Request an escalation")
    FIELDS = (
        Field("level", N_("Level"), SELECT, required=True,
              options=lambda form: vocabulary(vocab.ESCALATION_LEVELS)),
        Field("requested_on", N_("Date requested"), DATE, required=True, initial=today),
        Field("reason", N_("Reason"), NOTE, required=True),
    )

    def submit(self, values: dict) -> str:
        commands.request_escalation(self.context.store, self.case_id, self.version, **values)
        return _("Saved: escalation {level} requested.").format(
            level=label(vocab.ESCALATION_LEVELS, values["level"]))
