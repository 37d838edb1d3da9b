"""The app on a 10,000-case team store (PostgreSQL) against the same caseload in a store file.

    .venv/bin/python bench/bench_team_store.py [--cases 10000] [--runs 7] [--keys-runs 3]

Starts a throwaway PostgreSQL cluster (tests/pgcluster.py, on this machine),
runs ``team init``, copies the demo generator's rows of ``--cases`` cases into
it as the administrator (COPY; the same rows ``bench/_common.store_path``
writes to the store file; the audit log starts empty) and adds the demo's
consultants as members, each with their own login. Then, in one alternating
run, starts in a pseudo-terminal of 160x45:

* ``sqlite``: ``regie-tui --db FILE --as "Sanne Voorbeeld"`` as a consultant
  starts it on a later start of the day (the remembered frame, the start-up
  child's first frame);
* ``sqlite-app``: the same with ``REGIE_FIRST_PAINT=0``: no light first frame,
  the caseload screen's own first rows;
* ``team``: ``regie-tui --db postgresql://sanne@…`` (Sanne's login). A team
  store has no light first frame by design (no case rows kept on the laptop,
  no start-up child reading ahead): its first rows are the caseload screen's.

and times process start -> a case row on the emulated screen (pyte), as
bench_first_screen_vs_visidata.py does. The target (issue 17: "first screen
with rows <= 1.5x the SQLite figure") is read as ``team / sqlite-app``: the
app's own first rows on both engines, like with like; ``team / sqlite`` (the
fresh row) is printed too.

Then the filter keystroke on the team store (as bench_caseload.py: a key
written to the pty -> the table repainted, from the app's REGIE_BENCH_LOG),
target <= 50 ms; and, in-process, what one ``Store.read()`` with one small
query costs and what the facts loader costs for Sanne.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import DEMO_DAY, ROOT, machine, median_ms, store_path
from bench_caseload import KEYS, drain, log_times, read_until
from bench_first_screen_vs_visidata import BIN, COLS, LINES, _env, first_row_ms

sys.path.insert(0, str(ROOT))

from tests.pgcluster import Cluster  # noqa: E402

USER, LOGIN = "Sanne Voorbeeld", "sanne"
LOGINS = {"Sanne Voorbeeld": "sanne", "Joris Fictief": "joris", "Leila Proef": "leila",
          "Bram Oefen": "bramo", "Mirjam Model": "mirjam"}
TODAY = DEMO_DAY.isoformat()


def as_login(url: str, login: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{login}@{parts.hostname}:{parts.port}"))


def team_store(cluster: Cluster, cases: int) -> str:
    """A team store with the demo's ``cases`` and its consultants as members; its URL."""
    import psycopg

    from regie_tui.data import bulk, demo
    from regie_tui.data.team import admin

    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE regie")
    url = cluster.url("regie")
    admin.init(url)
    rows = demo.build_rows(cases, DEMO_DAY).rows
    with psycopg.connect(url) as conn, conn.transaction():
        for table, columns in bulk.COLUMNS.items():
            with conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows.get(table, ()):
                    copy.write_row(row)
        for table in ("consultant", "care_case", "significantevent", "planversion",
                      "plandecision", "checklistrun"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT max(id) FROM {table}))")
    for name, role in demo.TEAM:
        admin.add(url, name, LOGINS[name], role)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return url


def file_store(tmp: Path, cases: int) -> Path:
    """A copy of the benchmarks' demo store (its daily backup lands in ``tmp``)."""
    target = tmp / "store.sqlite"
    with sqlite3.connect(store_path(cases)) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def app_argv(db: str) -> list[str]:
    argv = [str(BIN / "regie-tui"), "--db", db, "--today", TODAY, "--lang", "nl"]
    return argv if db.startswith("postgresql://") else [*argv, "--as", USER]


def first_rows(file: Path, url: str, runs: int, home: Path) -> dict[str, list[float]]:
    variants = [("sqlite", app_argv(str(file)), {}),
                ("sqlite-app", app_argv(str(file)), {"REGIE_FIRST_PAINT": "0"}),
                ("team", app_argv(url), {})]
    out: dict[str, list[float]] = {name: [] for name, *_ in variants}
    out["sqlite-fresh"] = []
    for i in range(runs + 1):  # the first round warms caches, bytecode and today's backup
        (home / "regie").mkdir(parents=True, exist_ok=True)
        order = variants if i % 2 == 0 else variants[::-1]
        for name, argv, extra in order:
            shown, fresh, _confirmed, _text = first_row_ms(argv, _env(home, extra), b"\x11")
            if i:
                out[name].append(shown)
                if name == "sqlite":
                    out["sqlite-fresh"].append(fresh)
    return out


def filter_keys(url: str, home: Path, runs: int) -> list[float]:
    """Key -> table repainted on the team store, ms (bench_caseload.py's method)."""
    import fcntl
    import struct
    import termios

    latencies: list[float] = []
    for _ in range(runs):
        log = home / "keys.log"
        log.unlink(missing_ok=True)
        env = _env(home, {"REGIE_BENCH_LOG": str(log)})
        argv = app_argv(url)
        pid, fd = os.forkpty()
        if pid == 0:
            os.execve(argv[0], argv, env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLS, 0, 0))
        read_until(fd, lambda b: b"DEMO-" in b, 30, bytearray())
        deadline = time.time() + 30
        while not log_times(log, "load-rows") and time.time() < deadline:
            drain(fd, quiet=0.05, limit=0.1)
        drain(fd, quiet=0.5)
        os.write(fd, b"/")
        drain(fd)
        for key in KEYS:
            before = len(log_times(log, "filter-shown"))
            sent = time.time()
            os.write(fd, key.encode())
            end = sent + 5
            while time.time() < end:
                drain(fd, quiet=0.01, limit=0.05)
                times = log_times(log, "filter-shown")
                if len(times) > before:
                    latencies.append((times[-1] - sent) * 1000)
                    break
            drain(fd, quiet=0.1)
        os.write(fd, b"\x11")
        os.waitpid(pid, 0)
        os.close(fd)
    return latencies


def in_process(file: Path, url: str) -> dict[str, float]:
    from regie_tui.base.clock import Clock
    from regie_tui.data.store import Store

    out = {}
    for name, target, actor in (("sqlite", file, USER), ("team", url, "")):
        store = Store.open(target, Clock(DEMO_DAY), actor=actor)
        try:
            def one_read(store=store):
                with store.read() as conn:
                    conn.execute("SELECT 1").fetchone()

            out[f"{name}: one Store.read() with SELECT 1"] = median_ms(one_read, runs=21)
            out[f"{name}: facts of Sanne's caseload (load_caseload)"] = median_ms(
                store.load_caseload, runs=5)
        finally:
            store.close()
    return out


def summary(name: str, values: list[float]) -> str:
    return (f"{name:<13} median {statistics.median(values):7.1f} ms  min {min(values):7.1f}  "
            f"max {max(values):7.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keys-runs", type=int, default=3)
    args = parser.parse_args()
    cluster = Cluster().start()
    try:
        cluster.wait_ready()
        with tempfile.TemporaryDirectory() as name:
            tmp = Path(name)
            started = time.perf_counter()
            url = as_login(team_store(cluster, args.cases), LOGIN)
            print(f"team store loaded in {time.perf_counter() - started:.1f} s")
            file = file_store(tmp, args.cases)
            reads = in_process(file, url)
            load_before = os.getloadavg()[0]
            rows = first_rows(file, url, args.runs, tmp / "home")
            keys = filter_keys(url, tmp / "keys-home", args.keys_runs)
            load_after = os.getloadavg()[0]
    finally:
        cluster.destroy()
    print(f"machine: {machine()}")
    print(f"load average (1 min): {load_before:.1f} before, {load_after:.1f} after; "
          f"{args.cases} cases; pty {COLS}x{LINES}; {args.runs} runs each, alternating")
    print("process start -> first case row painted:")
    for name in ("sqlite", "sqlite-fresh", "sqlite-app", "team"):
        print("  " + summary(name, rows[name]))
    team = statistics.median(rows["team"])
    print(f"  ratio team / sqlite-app (the app's own first rows on both): "
          f"{team / statistics.median(rows['sqlite-app']):.2f}  target <= 1.5")
    print(f"  ratio team / sqlite-fresh (SQLite's usual start, fresh row): "
          f"{team / statistics.median(rows['sqlite-fresh']):.2f}")
    if keys:
        print(f"filter keystroke on the team store: median {statistics.median(keys):.1f} ms  "
              f"(p90 {sorted(keys)[int(len(keys) * 0.9)]:.1f}, n={len(keys)})  target <= 50 ms")
    else:
        print("filter keystroke: no measurement")
    for label, ms in reads.items():
        print(f"  {label:<55} {ms:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
