"""Change the regime: PR to VPR (after the OVV core decision) or back."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.rules import vocab
from regie_tui.screens.forms._options import vocabulary
from regie_tui.screens.forms.base import DATE, NOTE, SELECT, Field, FormScreen
from regie_tui.widgets.case_text import label


def _other_regime(form) -> str | None:
    current = form.view.facts.regime if form.view else None
    return vocab.PR if current == vocab.VPR else vocab.VPR


class RegimeForm(FormScreen):
    TITLE = N_("Change the regime")
    FIELDS = (
        Field("regime", N_("New regime"), SELECT, required=True,
              options=lambda form: vocabulary(vocab.REGIMES), initial=_other_regime),
        Field("start_on", N_("Start date"), DATE, required=True),
        Field("ovv_decision_on", N_("OVV decision date"), DATE,
              hint=N_("Required for VPR: the date of the core decision at the OVV.")),
        Field("note", N_("Note"), NOTE),
    )

    def submit(self, values: dict) -> str:
        commands.change_regime(self.context.store, self.case_id, self.version, **values)
        return _("Saved: {regime} from {date}.").format(
            regime=label(vocab.REGIMES, values["regime"]), date=format_date(values["start_on"]))
