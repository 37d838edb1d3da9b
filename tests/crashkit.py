"""Kill writers with SIGKILL at random moments; check no acknowledged write is lost.

Shared by ``tests/unit/test_crash_safety.py`` (a few trials) and
``bench/bench_crash.py`` (50 trials). One trial:

1. create a fresh store with one case per worker;
2. fork the workers; each runs store commands on its own case in a loop and,
   only AFTER a command returned, appends what it wrote to its own log file
   and fsyncs it: a line in the log is a write the app acknowledged;
3. SIGKILL every worker at its own random moment;
4. reopen the store and check: every acknowledged write is there with its
   text, ``PRAGMA integrity_check`` is ``ok``, no foreign key is broken and
   the audit hash chain is intact.

Workers share one file and one audit chain, so they also contend for the
write lock (busy timeout) while being killed.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

TODAY = dt.date(2026, 11, 16)


@dataclass
class TrialResult:
    acknowledged: int = 0
    lost: list[str] = field(default_factory=list)
    integrity: str = ""
    foreign_key_errors: int = 0
    chain_ok: bool = False
    unacknowledged_commits: int = 0

    @property
    def ok(self) -> bool:
        return (not self.lost and self.integrity == "ok" and self.foreign_key_errors == 0
                and self.chain_ok)


def _setup(path: Path, workers: int) -> list[int]:
    from regie_tui.base.clock import Clock
    from regie_tui.data import commands
    from regie_tui.data.store import Store

    store = Store.open(path, Clock(TODAY), actor="Crash")
    commands.create_consultant(store, "Crash")
    cid = store.consultant_id("Crash")
    cases = [commands.create_case(store, code=f"CRASH-{n}", alias=f"Gezin {n}",
                                  opened_on=TODAY - dt.timedelta(days=30),
                                  process_director_id=cid).case_id
             for n in range(workers)]
    store.close()
    return cases


def _work(path: str, case_id: int, log_path: str, seed: int) -> None:
    """Child process: write until killed. Never returns normally."""
    from regie_tui.base.clock import Clock
    from regie_tui.data import commands
    from regie_tui.data.store import Store
    from regie_tui.rules import vocab

    rng = random.Random(seed)
    store = Store(Path(path), Clock(TODAY), actor="Crash")
    version = 1
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    n = 0
    while True:
        n += 1
        text = f"w{seed}-{n}"
        if rng.random() < 0.7:
            saved = commands.record_meeting(store, case_id, version, kind=vocab.HOME_VISIT,
                                            held_on=TODAY, note=text)
            kind = "meeting"
        else:
            saved = commands.record_event(store, case_id, version, kind=vocab.OTHER_EVENT,
                                          occurred_on=TODAY, description=text)
            kind = "event"
        version = saved.version
        # Acknowledged: the command returned. Record it durably before the next one.
        os.write(fd, f"{kind}\t{saved.object_id}\t{text}\n".encode())
        os.fsync(fd)


def _acknowledged(log: Path) -> list[tuple[str, int, str]]:
    if not log.exists():
        return []
    rows = []
    for line in log.read_text().split("\n"):
        parts = line.split("\t")
        if len(parts) == 3:  # a line cut short by the kill was never acknowledged
            rows.append((parts[0], int(parts[1]), parts[2]))
    return rows


def check(path: Path, logs: list[Path]) -> TrialResult:
    from regie_tui.data import audit, db

    result = TrialResult()
    conn = db.connect(path)
    try:
        result.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        result.foreign_key_errors = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        rows = conn.execute(
            "SELECT id, at, actor, case_id, case_code, action, object, device, prev_hash, hash "
            "FROM audit_log ORDER BY id")
        result.chain_ok = audit.verify(rows).ok
        seen = 0
        for log in logs:
            for kind, object_id, text in _acknowledged(log):
                result.acknowledged += 1
                if kind == "meeting":
                    row = conn.execute("SELECT note FROM meeting WHERE id = ?",
                                       (object_id,)).fetchone()
                else:
                    row = conn.execute("SELECT description FROM significantevent "
                                       "WHERE id = ?", (object_id,)).fetchone()
                if row is None or row[0] != text:
                    result.lost.append(f"{kind}:{object_id}")
                else:
                    seen += 1
        stored = conn.execute("SELECT (SELECT COUNT(*) FROM meeting) + "
                              "(SELECT COUNT(*) FROM significantevent)").fetchone()[0]
        result.unacknowledged_commits = stored - seen
    finally:
        conn.close()
    return result


def run_trial(folder: Path, *, workers: int = 3, seed: int = 0,
              kill_window: tuple[float, float] = (0.3, 1.5)) -> TrialResult:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "crash.sqlite"
    cases = _setup(path, workers)
    rng = random.Random(seed)
    ctx = multiprocessing.get_context("fork")
    logs = [folder / f"worker-{i}.log" for i in range(workers)]
    procs = [ctx.Process(target=_work, args=(str(path), case_id, str(log), seed * 100 + i),
                         daemon=True)
             for i, (case_id, log) in enumerate(zip(cases, logs, strict=True))]
    start = time.monotonic()
    deadlines = [(start + rng.uniform(*kill_window), p) for p in procs]
    for p in procs:
        p.start()
    for deadline, p in sorted(deadlines, key=lambda d: d[0]):
        time.sleep(max(0.0, deadline - time.monotonic()))
        p.kill()  # SIGKILL: no cleanup, no rollback, no atexit
    for p in procs:
        p.join()
    return check(path, logs)

