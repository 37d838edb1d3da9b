"""Crash safety: SIGKILL concurrent writers at random moments, N trials.

    .venv/bin/python bench/bench_crash.py [--trials 50] [--workers 4]

Each trial forks the workers on a fresh store (one case each, one shared audit
chain), kills each with SIGKILL at a random moment 0.3-2.0 s after the start,
then checks that every acknowledged write (logged and fsynced by the worker
after the command returned) is in the store, ``PRAGMA integrity_check`` is
``ok``, foreign keys hold and the audit hash chain verifies. Goal: 0 lost,
N/N sound. Record the output in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import crashkit  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    acknowledged, lost, sound, extra, seconds = [], 0, 0, 0, []
    with tempfile.TemporaryDirectory() as tmp:
        for trial in range(1, args.trials + 1):
            start = time.perf_counter()
            r = crashkit.run_trial(Path(tmp) / f"t{trial}", workers=args.workers, seed=trial,
                                   kill_window=(0.3, 2.0))
            seconds.append(time.perf_counter() - start)
            acknowledged.append(r.acknowledged)
            lost += len(r.lost)
            sound += r.integrity == "ok" and r.foreign_key_errors == 0 and r.chain_ok
            extra += r.unacknowledged_commits
            if not r.ok:
                print(f"trial {trial}: lost={r.lost} integrity={r.integrity!r} "
                      f"fk={r.foreign_key_errors} chain_ok={r.chain_ok}")
    print(f"machine: {platform.machine()} {platform.system()} {platform.release()}, "
          f"python {platform.python_version()}")
    print(f"trials: {args.trials}, workers per trial: {args.workers}")
    print(f"acknowledged writes: {sum(acknowledged)} "
          f"(median {statistics.median(acknowledged):.0f} per trial)")
    print(f"acknowledged writes lost: {lost}")
    print(f"integrity ok + foreign keys + audit chain: {sound}/{args.trials}")
    print(f"committed but not yet acknowledged when killed: {extra}")
    print(f"median trial time: {statistics.median(seconds):.2f} s")
    return 0 if lost == 0 and sound == args.trials else 1


if __name__ == "__main__":
    raise SystemExit(main())
