"""Shared helpers for the benchmark scripts: demo stores of a given size, medians."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEMO_DAY = dt.date(2026, 11, 16)
sys.path.insert(0, str(ROOT))


def store_path(n_cases: int) -> Path:
    """A generated demo store of ``n_cases`` at the demo day (made once, then reused)."""
    from regie_tui.data import demo

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"demo-{n_cases}.sqlite"
    return demo.ensure_demo(path, DEMO_DAY, n_cases)


def median_ms(fn, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def command_ms(argv: list[str], runs: int = 5, env: dict | None = None) -> float:
    """Median wall time of a whole process."""
    environment = {**os.environ, **(env or {})}

    def once():
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=environment)

    return median_ms(once, runs)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, " \
           f"Python {platform.python_version()}, speed: {speed_ms():.0f} ms reference loop"


def speed_ms() -> float:
    """A fixed pure-Python loop (median of 5): how fast this (virtual) machine is right now.

    The shared VMs these figures come from vary by a factor of two from hour to
    hour; this number lets a reader compare figures taken at different times.
    """
    def loop():
        total = 0
        for i in range(2_000_000):
            total += i
        return total

    return median_ms(loop, runs=5)
