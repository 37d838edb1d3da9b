"""The lines above the tabs: who and what this case is, at a glance."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from regie_tui.base.i18n import _, format_date
from regie_tui.base.safe_text import visible
from regie_tui.data.case_view import CaseView
from regie_tui.rules import vocab
from regie_tui.widgets.case_text import label


class CaseHeader(Static):
    DEFAULT_CSS = """
    CaseHeader { height: auto; padding: 0 1; border-bottom: solid $primary; }
    """

    def show(self, view: CaseView) -> None:
        f = view.facts
        t = Text()  # stored text is appended through visible(): controls shown as escapes
        t.append(visible(f"{f.code} · {f.alias}"), style="bold")
        status = label(vocab.CASE_STATUSES, f.status)
        t.append(f"   {status}", style="bold red" if f.status == vocab.CLOSED else "")
        if f.regime:
            t.append("   " + _("{regime} since {date}").format(
                regime=label(vocab.REGIMES, f.regime), date=format_date(f.regime_since)))
        t.append("\n")
        t.append(visible(_("Process director: {name}").format(name=view.process_director or "—")))
        t.append(visible("   " + _("Duo partner: {name}").format(name=view.duo_partner or "—")))
        t.append("\n")
        if f.case_director_name:
            director = f"{f.case_director_name} ({f.case_director_org})"
        else:
            director = _("not named")
        t.append(visible(_("Case director: {name}").format(name=director)))
        if f.case_director_name:
            if f.role_agreement_on:
                agreement = _("role agreement recorded {date}").format(
                    date=format_date(f.role_agreement_on))
                t.append(f" · {agreement}")
            else:
                t.append(" · " + _("no role agreement recorded"), style="bold")
        if f.cross_region:
            lead = f.lead_organisation or _("not recorded")
            t.append(visible("\n" + _("Cross-region case; lead organisation: {lead}").format(
                lead=lead)))
        if f.closed_on is not None:
            from regie_tui.rules.retention import retention_end

            t.append("\n" + _("Closed {date}; the file is kept until {until} (Jeugdwet: 20 "
                              "years after care ended).").format(
                date=format_date(f.closed_on), until=format_date(retention_end(f.closed_on))))
        if f.waiting_since:
            t.append(visible("\n" + _("Waiting since {date} for: {what}").format(
                date=format_date(f.waiting_since), what=view.waiting_for or "—")))
        self.update(t)
