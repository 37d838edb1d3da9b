"""A small stacked bar chart of open signals per week (textual-plotext), one symbol per severity."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from regie_tui.base.i18n import _
from regie_tui.rules import signals as S
from regie_tui.rules.trend import WeekCount

# Fixed colours (not the theme's) so the chart reads the same as the signal badges.
_COLOURS = {S.OVERDUE: "red", S.DUE_SOON: "orange", S.ATTENTION: "cyan"}


class TrendChart(PlotextPlot):
    """Open signals at the end of each week, stacked by severity."""

    DEFAULT_CSS = """
    TrendChart {
        height: 1fr;
        min-height: 10;
    }
    """

    def show_weeks(self, weeks: list[WeekCount]) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        labels = [_("wk {n}").format(n=w.week) for w in weeks]
        severities = list(S.SEVERITIES)
        # Each severity's bar is drawn with its own symbol (▲ ● ○), which the legend
        # shows too: the chart reads the same without colour.
        plt.stacked_bar(labels, [[w.count(s) for w in weeks] for s in severities],
                        labels=[_(S.SEVERITY_LABELS[s]) for s in severities],
                        marker=[S.SYMBOLS[s] for s in severities],
                        color=[_COLOURS[s] for s in severities], width=0.6)
        ticks = _ticks(max((w.total for w in weeks), default=0))
        plt.yticks(ticks, [str(t) for t in ticks])
        self.refresh()


def _ticks(top: int, most: int = 5) -> list[int]:
    """Whole-number axis ticks from 0 past ``top``: steps of 1, 2, 5, 10, 20, 50, ..."""
    step = 1
    while top / step > most - 1:
        for factor in (2, 5 / 2, 2):
            step = int(step * factor)
            if top / step <= most - 1:
                break
    return list(range(0, top + step, step))
