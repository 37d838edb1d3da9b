"""Taking cases along and synchronising (issue 18), against a private PostgreSQL.

    .venv/bin/python bench/bench_sync.py

Starts a throwaway cluster (as the test suite does, tests/pgcluster.py: fsync
off, synchronous_commit off, on this machine's loopback), sets up a team store
with Anna's 60 cases (each: a start meeting, three contacts, an event), and
measures as Anna's own login:

* take: the encrypted copy of her 60 cases (key derivation included);
* sync of 200 operations made offline (record_meeting on the 60 cases) and the
  pull that follows;
* sync after "30 days offline": 30 days of work on the team store meanwhile
  (5 changes a day by Anna at the office: 150 changes, 60 cases touched) and
  20 operations on the laptop.
Medians of 3 runs, each on a fresh copy.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from _common import machine

from regie_tui.base.clock import Clock
from regie_tui.data import commands as C
from regie_tui.data.store import Store
from regie_tui.data.team import admin
from regie_tui.sync import push_pull, take
from tests.pgcluster import Cluster

DAY = dt.date(2026, 11, 10)
CLOCK = Clock(dt.date(2026, 11, 16))
PASS = "bench-wachtwoord"


def _version(store, case_id):
    with store.read() as conn:
        return conn.execute("SELECT version FROM care_case WHERE id = ?",
                            (case_id,)).fetchone()[0]


def setup(cluster: Cluster) -> tuple[str, list[int]]:
    import psycopg

    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE bench")
    url = cluster.url("bench")
    admin.init(url)
    anna = admin.add(url, "Anna de Vries", "anna", "consultant")
    admin.add(url, "Bram Jansen", "bram", "consultant")
    anna_url = url.replace("postgres@", "anna@")
    store = Store.open(anna_url, CLOCK)
    ids = []
    for i in range(60):
        saved = C.create_case(store, code=f"B-{i:03d}", alias=f"Gezin {i}",
                              opened_on=dt.date(2026, 6, 1), process_director_id=anna)
        v = C.record_meeting(store, saved.case_id, saved.version, kind="start_meeting",
                             held_on=dt.date(2026, 6, 2)).version
        for k in range(3):
            v = C.record_meeting(store, saved.case_id, v, kind="youth_contact",
                                 held_on=dt.date(2026, 7, 1 + k), note="Contact.").version
        C.record_event(store, saved.case_id, v, kind="crisis", occurred_on=dt.date(2026, 8, 1))
        ids.append(saved.case_id)
    store.close()
    return anna_url, ids


def fresh_copy(url: str, folder: Path, n: int) -> tuple[Path, float]:
    path = folder / f"copy-{n}.sqlite"
    start = time.perf_counter()
    take.take(url, path, CLOCK, PASS)
    return path, time.perf_counter() - start


def offline_ops(path: Path, ids: list[int], n: int) -> None:
    copy = Store.open(path, CLOCK)
    for i in range(n):
        case = ids[i % len(ids)]
        C.record_meeting(copy, case, _version(copy, case), kind="home_visit", held_on=DAY,
                         note=f"Offline {i}.")
    copy.close()


def timed_sync(path: Path) -> float:
    copy = Store.open(path, CLOCK)
    start = time.perf_counter()
    report = push_pull.synchronise(copy)
    took = time.perf_counter() - start
    assert report.waiting == 0 and report.conflicts == 0 and report.refused == 0
    copy.close()
    return took


def office_work(url: str, ids: list[int], days: int = 30, per_day: int = 5) -> None:
    store = Store.open(url, CLOCK)
    for d in range(days):
        for k in range(per_day):
            case = ids[(d * per_day + k) % len(ids)]
            if k % 2:
                C.set_waiting(store, case, _version(store, case), since=DAY,
                              waiting_for=f"plek {d}")
            else:
                C.record_meeting(store, case, _version(store, case), kind="parent_contact",
                                 held_on=DAY, note=f"Kantoor dag {d}.")
    store.close()


def main() -> None:
    print(machine())
    cluster = Cluster().start()
    cluster.wait_ready()
    try:
        url, ids = setup(cluster)
        folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
        takes, syncs, offline = [], [], []
        for run in range(3):
            path, took = fresh_copy(url, folder, run)
            takes.append(took)
            offline_ops(path, ids, 200)
            syncs.append(timed_sync(path))
        for run in range(3):
            path, _took = fresh_copy(url, folder, 10 + run)
            office_work(url, ids)
            offline_ops(path, ids, 20)
            offline.append(timed_sync(path))
        print(f"take of 60 cases (encrypted copy)          {statistics.median(takes):6.2f} s "
              f"median of 3 ({', '.join(f'{t:.2f}' for t in takes)})")
        print(f"sync of 200 operations (push + pull)       {statistics.median(syncs):6.2f} s "
              f"median of 3 ({', '.join(f'{t:.2f}' for t in syncs)})")
        print(f"sync after 30 days offline (150 + 20 ops)  {statistics.median(offline):6.2f} s "
              f"median of 3 ({', '.join(f'{t:.2f}' for t in offline)})")
    finally:
        cluster.destroy()


if __name__ == "__main__":
    main()
