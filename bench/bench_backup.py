"""Backup/restore drill: time a backup, the integrity check, a restore and the
quick_check run on every open, on a demo store of N cases.

    .venv/bin/python bench/bench_backup.py [cases ...]   # default: 150 2000

Each step runs 5 times; prints the median. The drill also checks the restored
store has the same rows as the original.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from regie_tui.data import backups, demo, health  # noqa: E402

TODAY = dt.date(2026, 11, 16)


def _median_ms(fn, runs=5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _rows(path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    total = sum(conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)
    conn.close()
    return total


def drill(n: int, folder: Path) -> None:
    store = demo.generate(folder / f"demo-{n}.sqlite", n, TODAY)
    size = store.stat().st_size / 1e6
    counter = iter(range(10_000))
    backup_ms = _median_ms(lambda: backups.make_backup(
        store, folder / f"b-{n}-{next(counter)}.sqlite"))
    target = folder / f"b-{n}-0.sqlite"
    check_ms = _median_ms(lambda: backups.integrity(target))
    quick_ms = _median_ms(lambda: health.quick_check(store))
    live = folder / f"live-{n}.sqlite"
    restore_ms = _median_ms(lambda: backups.restore(live, target, dt.datetime.now()))
    same = _rows(live) == _rows(store)
    print(f"{n:>6} cases, {size:6.1f} MB: backup {backup_ms:7.1f} ms, integrity_check "
          f"{check_ms:7.1f} ms, restore {restore_ms:7.1f} ms, quick_check on open "
          f"{quick_ms:6.1f} ms, restored rows identical: {same}")


def main() -> int:
    sizes = [int(a) for a in sys.argv[1:]] or [150, 2000]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            drill(n, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
