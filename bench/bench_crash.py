"""Crash safety: SIGKILL concurrent writers at random moments, N trials.

    .venv/bin/python bench/bench_crash.py [--trials 50] [--workers 4]

Each trial forks the workers on a fresh store (one case each, one shared audit
chain), kills each with SIGKILL at a random moment 0.3-2.0 s after the start,
then checks that every acknowledged write (logged and fsynced by the worker
after the command returned) is in the store, ``PRAGMA integrity_check`` is
``ok``, foreign keys hold and the audit hash chain verifies. Goal: 0 lost,
N/N sound. Record the output in docs/benchmarks.md.

    .venv/bin/python bench/bench_crash.py --mix cli [--trials 50]

The mix of issue 14.1: two app-like writers (one long-lived store each, a read
before every save) while real short-lived `regie-tui signals --all` and
`regie-tui import` processes open and close the same store; then SIGKILL the
writers. Checked as above, plus: every CLI run succeeded, every imported case
is there, and `regie-tui audit verify` passes.
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
    parser.add_argument("--mix", choices=("kill", "cli"), default="kill",
                        help="kill: SIGKILLed writers only; cli: app-like writers beside "
                             "short-lived regie-tui processes")
    args = parser.parse_args()
    if args.mix == "cli":
        return mixed(args.trials)
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


def mixed(trials: int) -> int:
    acknowledged, seconds, clean, cli_runs = [], [], 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for trial in range(1, trials + 1):
            start = time.perf_counter()
            r = crashkit.run_mixed_trial(Path(tmp) / f"m{trial}", workers=2, seed=trial,
                                         rounds=2)
            seconds.append(time.perf_counter() - start)
            acknowledged.append(r.acknowledged)
            cli_runs += r.cli_runs
            clean += r.ok
            if not r.ok:
                print(f"trial {trial}: lost={r.lost[:5]} imports_lost={r.imports_lost} "
                      f"integrity={r.integrity!r} chain_ok={r.chain_ok} "
                      f"verify={r.audit_verify!r} cli={r.cli_failures[:2]} "
                      f"workers={r.worker_errors}")
    print(f"machine: {platform.machine()} {platform.system()} {platform.release()}, "
          f"python {platform.python_version()}")
    print(f"trials: {trials}, 2 app-like writers + {cli_runs} regie-tui runs "
          "(signals --all, import)")
    print(f"acknowledged writes: {sum(acknowledged)} "
          f"(median {statistics.median(acknowledged):.0f} per trial)")
    print(f"clean trials (nothing lost, integrity ok, chain ok, audit verify ok): "
          f"{clean}/{trials}")
    print(f"median trial time: {statistics.median(seconds):.2f} s")
    return 0 if clean == trials else 1


if __name__ == "__main__":
    raise SystemExit(main())
