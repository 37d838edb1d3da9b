"""Importing a case file into a store file and into a team store, as a member.

    .venv/bin/python bench/bench_team_import.py [--cases 2000] [--runs 3]

Writes a case file of ``--cases`` copies of the unit tests' rich case (every
section filled: about 27 rows a case; tests/unit/exchange_helpers.py), starts a
throwaway PostgreSQL cluster (tests/pgcluster.py), runs ``team init`` and adds
Tester and Partner as members. Then, alternating, ``import_cases`` (in-process:
reading, checking and writing; no start-up) into a fresh store file with the two
consultants, and into a fresh copy of the team store as Tester's own login,
under the team's access rules. Prints the median of each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 16)


def main() -> None:
    import psycopg

    from regie_tui.base.clock import Clock
    from regie_tui.data import commands
    from regie_tui.data.store import Store
    from regie_tui.data.team import admin
    from regie_tui.exchange import casefile
    from regie_tui.exchange.importer import import_cases
    from tests.pg_fixtures import as_login
    from tests.pgcluster import Cluster
    from tests.unit.exchange_helpers import document, rich, write

    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    path = write(folder / "cases.json",
                 document(*(rich(code=f"R-{i:05d}") for i in range(args.cases))))
    cluster = Cluster().start()
    cluster.wait_ready()
    try:
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE template_team")
        admin.init(cluster.url("template_team"))
        for name in ("Tester", "Partner"):
            admin.add(cluster.url("template_team"), name, name.lower(), "consultant")
        times: dict[str, list[float]] = {"store file": [], "team store": []}
        rows = 0
        for run in range(args.runs):
            for kind in (("store file", "team store") if run % 2 == 0
                         else ("team store", "store file")):
                if kind == "store file":
                    store = Store.open(folder / f"s{run}.sqlite", Clock(TODAY), actor="Tester")
                    commands.create_consultant(store, "Tester")
                    commands.create_consultant(store, "Partner")
                else:
                    with psycopg.connect(cluster.url(), autocommit=True) as conn:
                        conn.execute(f"CREATE DATABASE team_{run} TEMPLATE template_team")
                    store = Store.open(as_login(cluster.url(f"team_{run}"), "tester"),
                                       Clock(TODAY))
                start = time.perf_counter()
                report = import_cases(store, casefile.parse(path))
                times[kind].append(time.perf_counter() - start)
                assert report.written and len(report.created) == args.cases, report.problems[:3]
                rows = report.rows
                store.close()
        print(f"{args.cases} cases ({rows} rows), {args.runs} runs, "
              f"load average {os.getloadavg()[0]:.1f}")
        for kind, wall in times.items():
            print(f"{kind}: median {statistics.median(wall):.2f} s "
                  f"(min {min(wall):.2f}, max {max(wall):.2f})")
    finally:
        cluster.destroy()


if __name__ == "__main__":
    main()
