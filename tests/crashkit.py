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



# -- beside short-lived CLI processes ------------------------------------------------
#
# Issue 14.1: the app reading the file header with open()/close() dropped the
# POSIX locks SQLite held in its process; a short-lived `regie-tui` closing the
# store then deleted the -wal/-shm under it: lost writes and a damaged index.
# The workers here behave like the app (one long-lived Store whose engine
# connection stays open, a read before every write) while real `regie-tui`
# processes come and go on the same file.

@dataclass
class MixedResult(TrialResult):
    cli_runs: int = 0
    cli_failures: list[str] = field(default_factory=list)
    imports_lost: list[str] = field(default_factory=list)
    audit_verify: str = ""
    worker_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (super().ok and not self.cli_failures and not self.imports_lost
                and self.audit_verify == "ok" and not self.worker_errors)


def _app_like_work(path: str, case_id: int, log_path: str, seed: int) -> None:
    """Child process: read then write, like the app, until killed. Never returns."""
    from regie_tui.base.clock import Clock
    from regie_tui.data import commands
    from regie_tui.data.store import Store
    from regie_tui.rules import vocab

    rng = random.Random(seed)
    store = Store(Path(path), Clock(TODAY), actor="Crash")
    version = store.load_case(case_id).version
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    n = 0
    try:
        while True:
            n += 1
            text = f"w{seed}-{n}"
            store.load_case(case_id)  # the app reads (a new connection) between saves
            saved = commands.record_meeting(store, case_id, version, kind=vocab.HOME_VISIT,
                                            held_on=TODAY, note=text)
            version = saved.version
            os.write(fd, f"meeting\t{saved.object_id}\t{text}\n".encode())
            os.fsync(fd)
            time.sleep(rng.uniform(0.0, 0.02))
    except Exception as exc:  # noqa: BLE001 - reported through the exit code
        os.write(fd, f"error {type(exc).__name__}: {exc}\n".encode())
        os._exit(3)


def _cli(folder: Path, path: Path, *args: str):
    import subprocess
    import sys

    env = dict(os.environ, REGIE_HOME=str(folder / "home"))
    env.pop("REGIE_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "regie_tui.cli", "--db", str(path), "--today", TODAY.isoformat(),
         *args], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)


def run_mixed_trial(folder: Path, *, workers: int = 2, seed: int = 0, rounds: int = 2
                    ) -> MixedResult:
    """``workers`` app-like writers; meanwhile ``rounds`` x (`signals --all`, `import`)
    as real processes; then SIGKILL the writers and check everything."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mixed.sqlite"
    cases = _setup(path, workers)
    rng = random.Random(seed)
    ctx = multiprocessing.get_context("fork")
    logs = [folder / f"worker-{i}.log" for i in range(workers)]
    procs = [ctx.Process(target=_app_like_work,
                         args=(str(path), case_id, str(log), seed * 100 + i), daemon=True)
             for i, (case_id, log) in enumerate(zip(cases, logs, strict=True))]
    result = MixedResult()
    imported = []
    for p in procs:
        p.start()
    try:
        for r in range(rounds):
            runs = [("signals", "--all")]
            code = f"IMP-{seed}-{r}"
            sheet = folder / f"import-{r}.csv"
            sheet.write_text("code,alias,regime,start date,process director\n"
                             f"{code},Gezin {r},PR,{TODAY.isoformat()},Crash\n")
            runs.append(("import", str(sheet)))
            if rng.random() < 0.5:
                runs.reverse()
            for args in runs:
                done = _cli(folder, path, *args)
                result.cli_runs += 1
                if done.returncode != 0:
                    result.cli_failures.append(f"{args[0]}: {done.returncode} "
                                               f"{done.stderr.strip()[-300:]}")
                elif args[0] == "import":
                    imported.append(code)
                time.sleep(rng.uniform(0.0, 0.2))
        time.sleep(rng.uniform(0.05, 0.3))  # the writers save on the file the CLI left
    finally:
        for p in procs:
            p.kill()
        for p in procs:
            p.join()
    for p, log in zip(procs, logs, strict=True):
        if p.exitcode != -9:  # a worker that stopped before the kill: its command failed
            errors = [line for line in log.read_text().splitlines() if line.startswith("error")]
            result.worker_errors.append(f"exit {p.exitcode}: {errors[-1:] or '?'}")
    base = check(path, logs)
    result.__dict__.update({k: v for k, v in base.__dict__.items()})
    conn = sqlite3_connect(path)
    try:
        have = {row[0] for row in conn.execute("SELECT code FROM care_case")}
    finally:
        conn.close()
    result.imports_lost = [c for c in imported if c not in have]
    verify = _cli(folder, path, "audit", "verify")
    result.audit_verify = "ok" if verify.returncode == 0 else (
        f"exit {verify.returncode}: {(verify.stdout + verify.stderr).strip()[-300:]}")
    return result


def sqlite3_connect(path: Path):
    from regie_tui.data import db

    return db.connect(path)
