"""Signal figures on generated stores of 10,000 and 100,000 cases.

    .venv/bin/python bench/bench_signals.py [sizes ...]

Measures: evaluation of facts already in memory; load + evaluate; and the wall
time of `regie-tui signals --all --format json` as a whole process.
Targets (2 cores): evaluate 10,000 <= 100 ms; load + evaluate <= 400 ms;
100,000 cases <= 10x the 10,000 figure.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from _common import DEMO_DAY, OUT, command_ms, machine, median_ms, store_path

from regie_tui.base.clock import Clock
from regie_tui.data.store import Store
from regie_tui.rules.engine import evaluate
from regie_tui.rules.intervals import Intervals


def measure(n: int) -> dict[str, float]:
    path = store_path(n)
    store = Store(path, Clock(DEMO_DAY))
    intervals = Intervals()
    caseload = store.load_caseload()
    signals = evaluate(caseload, DEMO_DAY, intervals)
    figures = {
        "evaluate": median_ms(lambda: evaluate(caseload, DEMO_DAY, intervals), runs=9),
        "load+evaluate": median_ms(
            lambda: evaluate(store.load_caseload(), DEMO_DAY, intervals), runs=7),
    }
    cli = Path(sys.executable).with_name("regie-tui")
    figures["cli signals --all json"] = command_ms(
        [str(cli), "signals", "--db", str(path), "--all", "--format", "json",
         "--today", DEMO_DAY.isoformat()],
        runs=5, env={"REGIE_HOME": str(OUT / "home")})
    print(f"{n:>7} cases, {len(signals)} signals: " + "; ".join(
        f"{name} {ms:.0f} ms" for name, ms in figures.items()))
    return figures


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [10_000, 100_000]
    os.makedirs(OUT / "home", exist_ok=True)
    print(f"machine: {machine()}")
    results = {n: measure(n) for n in sizes}
    if 10_000 in results and 100_000 in results:
        for name in results[10_000]:
            ratio = results[100_000][name] / results[10_000][name]
            print(f"100k / 10k {name}: {ratio:.1f}x (target <= 10x)")


if __name__ == "__main__":
    main(sys.argv[1:])
