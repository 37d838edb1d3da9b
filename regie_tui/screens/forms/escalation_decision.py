"""Record the decision on a requested escalation, and its outcome."""

from __future__ import annotations

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data import commands
from regie_tui.rules import vocab
from regie_tui.screens.forms._options import today, vocabulary
from regie_tui.screens.forms.base import DATE, NOTE, SELECT, Field, FormScreen
from regie_tui.widgets.case_text import label


def _open(form) -> list[tuple[str, int]]:
    if form.view is None:
        return []
    return [(_("{level}, requested {date}").format(
                level=label(vocab.ESCALATION_LEVELS, e.level),
                date=format_date(e.requested_on)), e.id)
            for e in form.view.open_escalations()]


def _oldest(form) -> int | None:
    options = _open(form)
    return options[0][1] if options else None


class EscalationDecisionForm(FormScreen):
    TITLE = N_("Record the decision on an escalation")
    FIELDS = (
        Field("escalation_id", N_("Escalation"), SELECT, required=True, options=_open,
              initial=_oldest, also=("escalation",)),
        Field("decision", N_("Decision"), SELECT, required=True,
              options=lambda form: vocabulary(vocab.ESCALATION_DECISIONS)),
        Field("decided_on", N_("Date decided"), DATE, required=True, initial=today),
        Field("outcome", N_("Outcome"), NOTE),
    )

    def submit(self, values: dict) -> str:
        if values["escalation_id"] is None:
            from regie_tui.base.errors import ValidationError

            raise ValidationError("escalation_id", _("Choose the escalation that was decided."))
        commands.decide_escalation(self.context.store, self.case_id, self.version, **values)
        return _("Saved: escalation {decision} on {date}.").format(
            decision=label(vocab.ESCALATION_DECISIONS, values["decision"]),
            date=format_date(values["decided_on"]))

    def reloaded(self, view) -> None:
        from textual.widgets import Select

        select = self.query_one("#f-escalation_id", Select)
        chosen, options = select.value, _open(self)
        select.set_options(options)
        # Keep the user's choice when that escalation is still open.
        if any(value == chosen for _label, value in options):
            select.value = chosen
