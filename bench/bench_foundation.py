"""Foundation figures: import time, opening a 10,000-case store, loading all facts.

    .venv/bin/python bench/bench_foundation.py

Target (2 cores): loading all facts for 10,000 cases <= 300 ms (median).
"""

from __future__ import annotations

import statistics
import sys
import time

from _common import DEMO_DAY, command_ms, machine, median_ms, speed_ms, store_path

from regie_tui.base.clock import Clock
from regie_tui.data.store import Store


def main() -> None:
    path = store_path(10_000)
    print(f"machine: {machine()}")
    python = sys.executable
    base = command_ms([python, "-c", "pass"], runs=7)
    for module in ("regie_tui.cli", "regie_tui.data.store", "regie_tui.app"):
        ms = command_ms([python, "-c", f"import {module}"], runs=7) - base
        print(f"import {module:<22} {ms:7.1f} ms (median of 7, interpreter start subtracted)")
    open_ms = median_ms(lambda: Store.open(path, Clock(DEMO_DAY)), runs=7)
    print(f"open 10,000-case store       {open_ms:7.1f} ms (schema check, no migration)")
    store = Store(path, Clock(DEMO_DAY))
    store.load_caseload()  # warm the OS page cache: the app reads a store it just opened
    loads, frees = [], []
    for _ in range(9):
        start = time.perf_counter()
        caseload = store.load_caseload()
        loads.append((time.perf_counter() - start) * 1000)
        # Freeing the previous 120,000 objects is not part of loading (the app
        # does it when it replaces a caseload); timed apart.
        start = time.perf_counter()
        del caseload
        frees.append((time.perf_counter() - start) * 1000)
    print(f"load all facts, 10,000 cases {statistics.median(loads):7.1f} ms "
          f"(median of 9, min {min(loads):.0f}, max {max(loads):.0f}; target <= 300)")
    print(f"free them again              {statistics.median(frees):7.1f} ms (median of 9)")
    print(f"machine speed after the loads: {speed_ms():.0f} ms reference loop")


if __name__ == "__main__":
    main()
