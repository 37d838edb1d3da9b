"""The Escalaties tab: the ladder, each request with its decision, and the days waited."""

from __future__ import annotations

import datetime as dt

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from regie_tui.base.i18n import _, format_date
from regie_tui.base.safe_text import plain
from regie_tui.data.case_view import CaseView
from regie_tui.rules import vocab
from regie_tui.widgets.case_text import label


class EscalationLadder(Static):
    DEFAULT_CSS = """
    EscalationLadder { height: auto; }
    """

    def show(self, view: CaseView, today: dt.date) -> None:
        table = Table(expand=True, show_lines=True)
        table.add_column(_("Level"), ratio=3)
        table.add_column(_("Requested"), width=18, no_wrap=True)
        table.add_column(_("Reason"), ratio=4)
        table.add_column(_("Decision"), ratio=3)
        table.add_column(_("Outcome"), ratio=4)
        table.add_column(_("Days waiting"), justify="right", width=9)
        # The ladder's order (PR -> VPR -> forced framework; manager; RET), each
        # level with its requests, so the path a case took reads top to bottom.
        for level in vocab.ESCALATION_LEVELS:
            rows = [e for e in view.escalations if e.level == level]
            if not rows:
                table.add_row(Text(label(vocab.ESCALATION_LEVELS, level), style="dim"),
                              Text(_("not requested"), style="dim"), "", "", "", "")
                continue
            for e in rows:
                if e.decided_on is None:
                    decision = Text(_("awaiting decision"), style="bold yellow")
                else:
                    decision = Text(_("{decision} on {date}").format(
                        decision=label(vocab.ESCALATION_DECISIONS, e.decision),
                        date=format_date(e.decided_on)))
                table.add_row(label(vocab.ESCALATION_LEVELS, level),
                              format_date(e.requested_on), plain(e.reason), decision,
                              plain(e.outcome or "—"), str(e.days_waiting(today)))
        path = " → ".join(f"{r.regime} ({format_date(r.start)})" for r in view.facts.regimes)
        self.update(Group(Text(_("Regime: {regime}").format(regime=path or "—")), Text(""),
                          table))
