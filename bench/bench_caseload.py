"""Time the caseload screen in a real pseudo-terminal on a 10,000-case store.

    .venv/bin/python bench/bench_caseload.py [--cases 10000] [--runs 5] [--store PATH]

Each run starts ``regie-tui`` in a pty (140x42, xterm-256color) and measures:

* start: process start -> the first case row on the terminal (a case code
  "DEMO-" appears in the output the app writes);
* filter keystroke: a key written to the pty -> the table updated and painted.
  The app writes a timestamp after the refresh that follows a filter change
  when ``REGIE_BENCH_LOG`` names a file (off by default);
* peak RSS of the app process (``ru_maxrss`` from ``wait4``).

Prints the median of every figure over the runs. Targets on 2 cores: first
rows <= 1.0 s, filter keystroke <= 16 ms median (one frame), RSS <= 150 MB.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from _common import speed_ms

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "regie-tui"
TODAY = "2026-11-16"
COLS, ROWS = 140, 42
# Typed one by one into the filter; each is one measured keystroke.
KEYS = "berk" + "\x7f" * 4 + "gezin 1" + "\x7f" * 7
PHASES = ("load-start", "load-mine", "rows", "load-facts", "load-rows")


def make_store(path: Path, cases: int) -> None:
    subprocess.run([str(BIN), "demo", "--cases", str(cases), "--out", str(path),
                    "--today", TODAY], check=True, stdout=subprocess.DEVNULL)


def read_until(fd: int, predicate, timeout: float, buf: bytearray) -> float | None:
    """Read the pty into ``buf`` until ``predicate(buf)``; the time it became true."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.01)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return None
            if not chunk:
                return None
            buf += chunk
        if predicate(buf):
            return time.time()
    return None


def drain(fd: int, quiet: float = 0.3, limit: float = 5.0) -> None:
    """Read until the app has written nothing for ``quiet`` seconds."""
    end = time.time() + limit
    last = time.time()
    while time.time() < end and time.time() - last < quiet:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            try:
                if os.read(fd, 65536):
                    last = time.time()
            except OSError:
                return


def log_times(path: Path, event: str, field: int = 1) -> list[float]:
    """Timestamps of ``event``: field 1 is the wall clock, field 2 the app's CPU time."""
    if not path.exists():
        return []
    return [float(line.split()[field]) for line in path.read_text().splitlines()
            if line.startswith(event + " ")]


def one_run(store: Path, home: Path, extra_env: dict | None = None) -> dict:
    log = home / "bench.log"
    log.unlink(missing_ok=True)
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS),
               REGIE_HOME=str(home), REGIE_BENCH_LOG=str(log), **(extra_env or {}))
    env.pop("REGIE_DB", None)
    argv = [str(BIN), "--db", str(store), "--today", TODAY, "--as", "Sanne Voorbeeld",
            "--lang", "nl"]
    start = time.time()
    pid, fd = os.forkpty()
    if pid == 0:  # child: the app
        os.execve(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    buf = bytearray()
    shown = read_until(fd, lambda b: b"DEMO-" in b, 30, buf)
    result = {"first_rows": (shown - start) if shown else float("nan")}
    # Type only once the whole team's caseload is in (it loads after the first rows).
    deadline = time.time() + 30
    while not log_times(log, "load-rows") and time.time() < deadline:
        drain(fd, quiet=0.05, limit=0.1)
    drain(fd, quiet=0.5)
    os.write(fd, b"/")
    drain(fd)
    latencies, cpu_per_key = [], []
    for key in KEYS:
        before = len(log_times(log, "filter-shown"))
        cpu_before = log_times(log, "filter-shown", field=2)[-1:] or [None]
        sent = time.time()
        os.write(fd, key.encode())
        deadline = sent + 5
        while time.time() < deadline:
            drain(fd, quiet=0.01, limit=0.05)
            times = log_times(log, "filter-shown")
            if len(times) > before:
                latencies.append(times[-1] - sent)
                # The app's CPU from the previous key's paint to this one's: the work
                # of one keystroke, much less inflated by a busy machine than the wall.
                if cpu_before[0] is not None:
                    cpu_per_key.append(log_times(log, "filter-shown", field=2)[-1]
                                       - cpu_before[0])
                break
        drain(fd, quiet=0.1)
    result["filter_ms"] = [x * 1000 for x in latencies]
    result["filter_cpu_ms"] = [x * 1000 for x in cpu_per_key]
    cpu = log_times(log, "rows", field=2)
    result["first_rows_cpu"] = cpu[0] if cpu else float("nan")
    # Where the start-up time goes (timestamps the app wrote), relative to the process start.
    result["phases"] = {event: times[0] - start for event in PHASES
                        if (times := log_times(log, event))}
    os.write(fd, b"\x11")  # ctrl+q
    _pid, _status, usage = os.wait4(pid, 0)
    result["rss_mb"] = usage.ru_maxrss / 1024  # kB on Linux
    os.close(fd)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", type=Path, help="an existing store (else one is generated)")
    parser.add_argument("--ab-tree", type=Path, metavar="DIR",
                        help="also run the source tree DIR (PYTHONPATH=DIR, e.g. a `git archive` "
                             "of an earlier commit), alternating with this one; its figures "
                             "are printed after this one's")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        store = args.store or Path(tmp) / "bench.sqlite"
        if args.store is None:
            make_store(store, args.cases)
        runs, other = [], []
        for _ in range(args.runs):
            runs.append(one_run(store, home))
            if args.ab_tree:
                other.append(one_run(store, home, {"PYTHONPATH": str(args.ab_tree.resolve())}))
    report(args, runs)
    if other:
        print(f"--- {args.ab_tree} (alternating with the runs above) ---")
        report(args, other)
    return 0


def report(args, runs: list[dict]) -> None:
    first = [r["first_rows"] for r in runs]
    keys = [ms for r in runs for ms in r["filter_ms"]]
    rss = [r["rss_mb"] for r in runs]
    print(f"cases: {args.cases}  runs: {args.runs}  terminal: {COLS}x{ROWS} pty  "
          f"cpus: {os.cpu_count()}  speed: {speed_ms():.0f} ms reference loop")
    print(f"start -> first case rows: median {statistics.median(first):.3f} s  "
          f"(min {min(first):.3f}, max {max(first):.3f})  target <= 1.0 s")
    if keys:
        print(f"filter keystroke -> table painted: median {statistics.median(keys):.1f} ms  "
              f"(p90 {sorted(keys)[int(len(keys) * 0.9)]:.1f}, n={len(keys)})  "
              "target <= 16 ms (one frame)")
    else:
        print("filter keystroke: no measurement (is REGIE_BENCH_LOG honoured?)")
    cpu_keys = [ms for r in runs for ms in r["filter_cpu_ms"]]
    if cpu_keys:
        print(f"  app CPU per filter keystroke: median {statistics.median(cpu_keys):.1f} ms "
              f"(p90 {sorted(cpu_keys)[int(len(cpu_keys) * 0.9)]:.1f}, n={len(cpu_keys)})")
    cpu = [r["first_rows_cpu"] for r in runs]
    print(f"  CPU time of the app up to the first rows: median {statistics.median(cpu):.3f} s "
          f"(wall time on an idle machine is close to this; the load average was "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    for event in PHASES:
        values = [r["phases"][event] for r in runs if event in r["phases"]]
        if values:
            print(f"  {event:<11} at {statistics.median(values):.3f} s (median)")
    print(f"peak RSS: median {statistics.median(rss):.0f} MB  (max {max(rss):.0f})  "
          "target <= 150 MB")


if __name__ == "__main__":
    raise SystemExit(main())
