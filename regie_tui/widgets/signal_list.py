"""The Signalen tab: each signal with its explanation, source, due date and action.

One option per signal (its id is the signal code); the screen opens the form
that clears the highlighted signal on Enter. Acknowledged signals are listed
last, dimmed, marked ◇ with the reason and the end date; ``a`` on one
withdraws the acknowledgement. Every state carries its symbol
(``signals.SYMBOLS``) and its word, never its colour alone.
"""

from __future__ import annotations

import datetime as dt

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from regie_tui.base.i18n import _, format_date
from regie_tui.rules.signals import (
    DUE_SOON,
    OVERDUE,
    STATE_LABELS,
    SYMBOLS,
    Signal,
    sort_signals,
)

_STYLE = {OVERDUE: "bold red", DUE_SOON: "bold yellow"}


class SignalList(OptionList):
    DEFAULT_CSS = """
    SignalList { height: 1fr; border: none; }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.signals: dict[str, Signal] = {}

    def show(self, signals: list[Signal], today: dt.date) -> None:
        current = self.highlighted_signal
        ordered = [s for s in sort_signals(signals) if not s.muted]
        ordered += [s for s in sort_signals(signals) if s.muted]
        self.signals = {s.code: s for s in ordered}
        self.clear_options()
        if not ordered:
            self.add_option(Option(Text(_("No signals: this case follows the work "
                                          "instruction."), style="green"),
                                   id="none", disabled=True))
            return
        for signal in ordered:
            self.add_option(Option(_prompt(signal, today), id=signal.code))
        codes = list(self.signals)
        self.highlighted = codes.index(current.code) if current and current.code in codes else 0

    def highlight_family(self, family: str) -> None:
        """Put the cursor on the first signal of ``family`` (the worst one), if any."""
        for index, signal in enumerate(self.signals.values()):
            if signal.family == family:
                self.highlighted = index
                return

    @property
    def highlighted_signal(self) -> Signal | None:
        if self.highlighted is None or not self.signals:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self.signals.get(option.id)


def _prompt(signal: Signal, today: dt.date) -> Table:
    muted = signal.muted
    dim = "dim" if muted else ""
    # Two columns so wrapped explanations stay indented under the title.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=14, no_wrap=True)
    grid.add_column(ratio=1)
    head = Text(signal.title(), style="dim" if muted else "bold")
    timing = signal.timing(today)
    if timing:
        head.append(f" · {timing}", style=dim)
    state = signal.state
    grid.add_row(Text(f"{SYMBOLS[state]} {_(STATE_LABELS[state]).upper()}",
                      style="dim" if muted else _STYLE.get(signal.severity, "bold")), head)
    grid.add_row("", Text(signal.explanation(), style=dim))
    if muted:
        ack = signal.acknowledgement
        grid.add_row("", Text(
            _("Acknowledged until {until}: {reason}").format(
                until=format_date(ack.until), reason=ack.reason)
            + " · " + _("a: withdraw the acknowledgement"), style="italic"))
    grid.add_row("", Text(_("Action: {action}").format(action=signal.action()), style=dim))
    grid.add_row("", Text(_("Source: {source}").format(source=signal.source()), style="dim"))
    grid.add_row("", "")
    return grid
