"""Open signals per week: the engine run again at the end of each past week.

Computed from the facts on demand (see ``rules.as_of``), never stored. A
week's point is the number of signals that were open (not acknowledged) at
the end of its Sunday; the current week's point is today.
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass

from regie_tui.rules.as_of import caseload_as_of, latest_fact
from regie_tui.rules.engine import evaluate
from regie_tui.rules.facts import Caseload
from regie_tui.rules.intervals import Intervals
from regie_tui.rules.signals import SEVERITIES


@dataclass(frozen=True)
class WeekCount:
    day: dt.date  # the day the signals were evaluated on (Sunday, or today)
    counts: tuple[tuple[str, int], ...]  # (severity, open signals), worst first

    @property
    def total(self) -> int:
        return sum(n for _severity, n in self.counts)

    def count(self, severity: str) -> int:
        return dict(self.counts).get(severity, 0)

    @property
    def week(self) -> int:
        return self.day.isocalendar().week


def week_ends(today: dt.date, weeks: int = 12) -> list[dt.date]:
    """The Sundays of the ``weeks - 1`` weeks before this one, then today; oldest first."""
    last_sunday = today - dt.timedelta(days=today.isoweekday())  # Sunday: the one before
    days = [last_sunday - dt.timedelta(weeks=k) for k in range(weeks - 2, -1, -1)]
    return [*days, today]


def open_signals_per_week(caseload: Caseload, today: dt.date, intervals: Intervals,
                          weeks: int = 12) -> list[WeekCount]:
    """Per week end (oldest first), the open signals of the caseload by severity.

    ``caseload`` must hold every fact the past days need: in particular the
    latest evaluation and youth contact on or before each of those days
    (``data.team_view.load_trend_caseload`` loads exactly that).
    """
    result = []
    collecting = gc.isenabled()
    if collecting:
        gc.disable()  # many small acyclic objects, as in the engine
    try:
        latest = {case.id: latest_fact(case) for case in caseload.cases}
        for day in week_ends(today, weeks):
            counts = dict.fromkeys(SEVERITIES, 0)
            for signal in evaluate(caseload_as_of(caseload, day, latest), day, intervals):
                if not signal.muted:
                    counts[signal.severity] += 1
            result.append(WeekCount(day, tuple(counts.items())))
    finally:
        if collecting:
            gc.enable()
    return result
