"""Faults during synchronisation, on one machine: the connection cut at every
point (a TCP proxy), the server stopped hard (pg_ctl stop -m immediate), the
laptop's process killed between the server's commit and its own mark, two
laptops changing one case. Counted: operations lost 0, applied twice 0,
conflicts shown = conflicts made."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from regie_tui.base.errors import StoreError
from regie_tui.data import commands as C
from regie_tui.data.store import Store
from regie_tui.sync import push_pull, take
from tests.sync.scenario import DAY
from tests.sync.team_cases import PASSPHRASE, make_cases
from tests.tcp_proxy import TcpProxy
from tests.team.conftest import as_login

ROOT = Path(__file__).resolve().parents[2]  # this tree's regie_tui, in the killed child


def _via(url: str, login: str, port: int) -> str:
    parts = urlsplit(url)
    return f"postgresql://{login}@127.0.0.1:{port}{parts.path}"


def _meetings_offline(copy, case_id: int, n: int, tag: str) -> list[str]:
    notes = []
    with copy.read() as conn:
        version = conn.execute("SELECT version FROM care_case WHERE id = ?",
                               (case_id,)).fetchone()[0]
    for i in range(n):
        note = f"{tag}-{i}"
        version = C.record_meeting(copy, case_id, version, kind="home_visit", held_on=DAY,
                                   note=note).version
        notes.append(note)
    return notes


def _server_notes(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute("SELECT note FROM meeting WHERE note IS NOT NULL")]


def _statuses(copy) -> dict[str, int]:
    with copy.read() as conn:
        return dict(conn.execute("SELECT status, COUNT(*) FROM sync_outbox GROUP BY status"))


def _sync_until_done(copy, tries: int = 30) -> int:
    """Synchronise until nothing waits; the number of failed attempts."""
    failed = 0
    for _ in range(tries):
        try:
            report = push_pull.synchronise(copy)
        except StoreError:
            failed += 1
            continue
        if report.waiting == 0:
            return failed
    raise AssertionError("still waiting after every try")


def _durable(url: str) -> None:
    # The test cluster trades durability for speed (synchronous_commit off): a
    # hard stop could then lose a commit the client was told of, which no
    # protocol survives. A team store runs with it on; so does this database.
    # A database made from a template (CREATE DATABASE … TEMPLATE, as the test
    # fixtures do) carries its sequences' pre-logged state without a new WAL
    # record: after a crash they fell back below ids already used (duplicate
    # audit_log keys, seen here). A checkpoint makes the next nextval log again.
    # A team store made with createdb and team init does not have this.
    dbname = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {dbname} SET synchronous_commit = on")
        conn.execute("CHECKPOINT")


def test_a_connection_cut_at_any_point_loses_nothing_and_applies_nothing_twice(
        pg_team, pg_cluster, tmp_path, clock):
    cases = make_cases(pg_team)
    notes = []
    with TcpProxy("127.0.0.1", pg_cluster.port) as proxy:
        path = tmp_path / "copy.sqlite"
        take.take(_via(pg_team.url, "anna", proxy.port), path, clock, PASSPHRASE)
        copy = Store.open(path, clock)
        cuts = failed = 0
        # Every connection is reset after this many bytes: from in the start-up
        # handshake to after several commands, so commits are cut on the way too.
        for trial, limit in enumerate((600, 1500, 2600, 4000, 6000, 9000, 14000, 25000)):
            notes += _meetings_offline(copy, cases["K-1"],
                                       3, f"cut{trial}")
            proxy.cut_after(limit)
            try:
                push_pull.synchronise(copy)
            except StoreError:
                failed += 1
            cuts = proxy.cuts
            proxy.cut_after(None)
            _sync_until_done(copy)
        copy.close()
    assert cuts > 0 and failed > 0
    on_server = _server_notes(pg_team.url)
    assert sorted(on_server) == sorted(notes)  # none lost, none twice
    assert _statuses(Store.open(path, clock)) == {"applied": len(notes)}
    with psycopg.connect(pg_team.url) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT op_id) FROM regie_sync_op"
                            ).fetchone() == (len(notes), len(notes))


def test_the_server_stopped_hard_mid_sync_loses_nothing(pg_team, pg_cluster, tmp_path, clock,
                                                         monkeypatch):
    from regie_tui.sync import outbox_rows

    _durable(pg_team.url)
    cases = make_cases(pg_team)
    path = tmp_path / "copy.sqlite"
    take.take(as_login(pg_team.url, "anna"), path, clock, PASSPHRASE)
    copy = Store.open(path, clock)
    notes = _meetings_offline(copy, cases["K-1"], 6, "stop")
    real = outbox_rows.mark
    marked = []

    def stop_after_third(*args, **kwargs):
        real(*args, **kwargs)
        marked.append(1)
        if len(marked) == 3:
            pg_cluster.stop("immediate")

    monkeypatch.setattr(outbox_rows, "mark", stop_after_third)
    try:
        with pytest.raises(StoreError):
            push_pull.synchronise(copy)
    finally:
        pg_cluster.start()
        pg_cluster.wait_ready()
    monkeypatch.setattr(outbox_rows, "mark", real)
    assert _statuses(copy) == {"applied": 3, "waiting": 3}
    _sync_until_done(copy)
    with copy.read() as conn:
        kept = conn.execute("SELECT message FROM sync_conflict").fetchall()
    assert kept == []
    assert sorted(_server_notes(pg_team.url)) == sorted(notes)
    assert _statuses(copy) == {"applied": 6}
    copy.close()


_KILLED = textwrap.dedent("""
    import os, signal, sys
    from regie_tui.base.clock import Clock
    from regie_tui.data import cipher
    from regie_tui.data.store import Store
    from regie_tui.sync import outbox_rows, push_pull
    import datetime as dt

    cipher.set_passphrase(sys.argv[2])
    after = int(sys.argv[3])
    real = outbox_rows.mark
    done = []

    def mark(*args, **kwargs):
        if len(done) == after:  # the server committed this one; the laptop dies now
            os.kill(os.getpid(), signal.SIGKILL)
        real(*args, **kwargs)
        done.append(1)

    outbox_rows.mark = mark
    push_pull.synchronise(Store.open(sys.argv[1], Clock(dt.date(2026, 11, 16))))
""")


def test_the_laptop_killed_between_the_servers_commit_and_its_mark_loses_nothing(
        pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    path = tmp_path / "copy.sqlite"
    take.take(as_login(pg_team.url, "anna"), path, clock, PASSPHRASE)
    copy = Store.open(path, clock)
    notes = _meetings_offline(copy, cases["K-1"], 4, "kill")
    copy.close()
    for after in (0, 2):
        proc = subprocess.run([sys.executable, "-c", _KILLED, str(path), PASSPHRASE,
                               str(after)], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.returncode == -signal.SIGKILL, proc.stderr
    copy = Store.open(path, clock)
    assert _statuses(copy) == {"applied": 2, "waiting": 2}
    report = push_pull.synchronise(copy)
    assert (report.applied, report.already_done) == (2, 1)
    assert sorted(_server_notes(pg_team.url)) == sorted(notes)
    copy.close()


def test_two_laptops_changing_one_case_conflicts_shown_equal_conflicts_made(
        pg_team, tmp_path, clock):
    """Anna's laptop and her second laptop both worked on K-1 offline."""
    cases = make_cases(pg_team)
    url = as_login(pg_team.url, "anna")
    one, two = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    take.take(url, one, clock, PASSPHRASE)
    take.take(url, two, clock, PASSPHRASE)
    first, second = Store.open(one, clock), Store.open(two, clock)
    C.set_waiting(first, cases["K-1"], 1, since=DAY, waiting_for="gezinshuis")
    C.record_meeting(first, cases["K-1"], 2, kind="home_visit", held_on=DAY, note="een")
    C.set_waiting(second, cases["K-1"], 1, since=DAY, waiting_for="pleeggezin")
    C.name_case_director(second, cases["K-1"], 2, name="R. de Wit", organisation="JB",
                         named_on=DAY)
    C.record_meeting(second, cases["K-1"], 3, kind="home_visit", held_on=DAY, note="twee")
    a = push_pull.synchronise(first)
    b = push_pull.synchronise(second)
    assert (a.applied, a.conflicts) == (2, 0)
    assert (b.applied, b.conflicts) == (2, 1)  # the waiting fields: made once
    with second.read() as conn:
        shown = conn.execute("SELECT COUNT(*) FROM sync_conflict WHERE status = 'open'"
                             ).fetchone()[0]
    assert shown == 1
    assert sorted(_server_notes(pg_team.url)) == ["een", "twee"]
    with psycopg.connect(pg_team.url) as conn:
        assert conn.execute("SELECT waiting_for, case_director_name FROM care_case "
                            "WHERE id = %s", (cases["K-1"],)).fetchone() == (
            "gezinshuis", "R. de Wit")
    # Both laptops converge on the server's case after one more round.
    push_pull.synchronise(first)
    for copy in (first, second):
        with copy.read() as conn:
            assert conn.execute("SELECT waiting_for, case_director_name FROM care_case "
                                "WHERE id = ?", (cases["K-1"],)).fetchone() == (
                "gezinshuis", "R. de Wit")
        copy.close()
