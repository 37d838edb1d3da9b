"""Team overview and duo review reads on a generated 10,000-case store.

    .venv/bin/python bench/bench_team.py [sizes ...]   # default: 10000

Measures the team overview's worker (the trend load, today's team rows, and
the open signals per week: the engine at 12 week ends), the duo queue of
one consultant and one case's review summary. The team overview shows its
table after load + rows and the chart after the trend, both off the UI
thread; the target for the table is <= 2 s and for the chart <= 5 s on 2 cores.
"""

from __future__ import annotations

import sys

from _common import DEMO_DAY, machine, median_ms, store_path

from regie_tui.base.clock import Clock
from regie_tui.data.review_view import duo_queue, review_summary
from regie_tui.data.store import Store
from regie_tui.data.team_view import load_trend_caseload, team_rows
from regie_tui.rules.as_of import caseload_as_of
from regie_tui.rules.intervals import Intervals
from regie_tui.rules.trend import open_signals_per_week, week_ends


def measure(n: int) -> dict[str, float]:
    store = Store(store_path(n), Clock(DEMO_DAY))
    iv = Intervals()
    caseload = load_trend_caseload(store, DEMO_DAY)
    oldest = week_ends(DEMO_DAY)[0]
    partner = store.consultant_id("Sanne Voorbeeld")
    return {
        "trend load (facts + window meetings)": median_ms(
            lambda: load_trend_caseload(store, DEMO_DAY), runs=5),
        "team rows (evaluate today)": median_ms(
            lambda: team_rows(caseload, DEMO_DAY, iv), runs=7),
        "facts as of one week end": median_ms(lambda: caseload_as_of(caseload, oldest), runs=7),
        "open signals per week (12 weeks)": median_ms(
            lambda: open_signals_per_week(caseload, DEMO_DAY, iv), runs=5),
        "duo queue of one consultant": median_ms(
            lambda: duo_queue(store, partner, DEMO_DAY, iv), runs=7),
        "review summary of DEMO-0007": median_ms(
            lambda: review_summary(store, 7, partner, DEMO_DAY, iv), runs=9),
    }


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [10_000]
    print(machine())
    for n in sizes:
        for name, ms in measure(n).items():
            print(f"{n:>7} cases  {name:<40} {ms:8.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
