"""What the check on opening costs: quick_check vs integrity_check (issue 14.5).

    .venv/bin/python bench/bench_open_check.py [--cases 500 10000]

``health.open_store`` runs ``quick_check`` on most openings and the slower
``integrity_check`` (which also finds a damaged index) before the first daily
backup of a day and when a -wal is left behind. Record the output in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse

from _common import machine, median_ms, store_path

from regie_tui.data import health


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, nargs="+", default=[500, 10_000])
    args = parser.parse_args()
    print(f"machine: {machine()}")
    for n in args.cases:
        path = store_path(n)
        quick = median_ms(lambda p=path: health.check(p))
        full = median_ms(lambda p=path: health.check(p, full=True))
        print(f"{n:>6} cases ({path.stat().st_size / 1e6:.1f} MB): quick_check {quick:.0f} ms, "
              f"integrity_check {full:.0f} ms (median of 7)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
