"""Time importing a 10,000-case JSON case file into an empty store.

    .venv/bin/python bench/bench_import.py [--cases N] [--runs R]

Builds the demo caseload (``regie-tui demo --cases N --today 2026-11-16``),
exports it with ``regie-tui export cases --all``, then runs
``regie-tui import FILE`` into a fresh, empty store R times (the whole
command: start-up, creating the store, reading, checking, writing, audit) and
``import --update`` of the same file into the filled store (nothing to add).
Prints the median of each; the target is <= 10 s for 10,000 cases on a
2-core machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2026-11-16"
ROOT = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def regie(*args: str, env: dict, cpu: list | None = None) -> float:
    """Wall time of one command; its CPU time is appended to ``cpu``."""
    start, start_cpu = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "regie_tui", "--today", TODAY, *args], check=True,
                   env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    if cpu is not None:
        cpu.append(_children_cpu() - start_cpu)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = dict(os.environ, REGIE_HOME=str(folder / "home"))
        regie("demo", "--cases", str(args.cases), "--out", str(folder / "demo.sqlite"), env=env)
        casefile = folder / "cases.json"
        regie("--db", str(folder / "demo.sqlite"), "export", "cases", "--all", "--out",
              str(casefile), env=env)
        size = casefile.stat().st_size / 1e6
        fresh, update, fresh_cpu, update_cpu = [], [], [], []
        for run in range(args.runs):
            store = folder / f"empty-{run}.sqlite"
            fresh.append(regie("--db", str(store), "import", str(casefile), env=env,
                               cpu=fresh_cpu))
            update.append(regie("--db", str(store), "import", "--update", str(casefile),
                                env=env, cpu=update_cpu))
        print(f"{args.cases} cases, case file {size:.1f} MB, {args.runs} runs, "
              f"load average: {os.getloadavg()[0]:.1f}")
        for label, wall, cpu in (("import into an empty store", fresh, fresh_cpu),
                                 ("import --update, nothing new", update, update_cpu)):
            print(f"{label}: median {statistics.median(wall):.2f} s wall "
                  f"(min {min(wall):.2f}, max {max(wall):.2f}); "
                  f"median {statistics.median(cpu):.2f} s CPU")


if __name__ == "__main__":
    main()
