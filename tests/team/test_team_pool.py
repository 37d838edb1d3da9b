"""A team store keeps its read connections between reads (``dbapi_pg.Pool``): one
connection serves read after read, a read that failed is not handed on, one the
server ended is replaced, and closing the store closes them all."""

from __future__ import annotations

import psycopg
import pytest

from tests.team.conftest import as_login


def _backend(conn) -> int:
    return conn.execute("SELECT pg_backend_pid()").fetchone()[0]


def _pid(store) -> int:
    with store.read() as conn:
        return _backend(conn)


def _sessions(url: str, pids) -> set[int]:
    """Those of ``pids`` whose server process still runs (asked as the administrator)."""
    with psycopg.connect(url, autocommit=True) as admin:
        return {r[0] for r in admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE pid = ANY(%s)", (list(pids),))}


def _until_gone(url: str, pids) -> None:
    """Until the server processes ``pids`` ended (a condition, not a timing)."""
    for _ in range(10_000):
        if not _sessions(url, pids):
            return
    raise AssertionError(f"server processes {pids} never ended")


def test_reads_share_one_connection_and_close_closes_it(pg_team):
    store = pg_team.open()
    pids = {_pid(store) for _ in range(5)}
    store.load_caseload()
    assert store.consultants()  # other reads, the same connection
    pids.add(_pid(store))
    assert len(pids) == 1
    assert _sessions(pg_team.url, pids) == pids
    store.close()
    _until_gone(pg_team.url, pids)


def test_a_read_under_way_gets_its_own_connection(pg_team):
    store = pg_team.open()
    try:
        with store.read() as outer:
            first = outer.execute("SELECT pg_backend_pid()").fetchone()[0]
            second = _pid(store)  # a worker thread reading meanwhile
        assert second != first
        with store.read() as a, store.read() as b:  # both were kept for later reads
            assert {_backend(a), _backend(b)} == {first, second}
    finally:
        store.close()


def test_a_read_that_failed_in_its_transaction_is_not_handed_on(pg_team):
    store = pg_team.open()
    try:
        with pytest.raises(psycopg.errors.DivisionByZero), store.read() as conn:
            conn.execute("BEGIN")
            failed = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
            conn.execute("SELECT 1 / 0")
        assert _pid(store) != failed
        _until_gone(pg_team.url, {failed})
    finally:
        store.close()


def test_a_connection_the_server_ended_is_replaced_without_a_failed_read(pg_team):
    store = pg_team.open()
    try:
        ended = _pid(store)
        with psycopg.connect(pg_team.url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (ended,))
        _until_gone(pg_team.url, {ended})
        assert store.consultants()
        assert _pid(store) != ended
    finally:
        store.close()


def test_each_store_reads_as_its_own_login(pg_team):
    """The pool belongs to one store (one login): Bram's reads are never Anna's."""
    anna, bram = pg_team.open("Anna de Vries"), pg_team.open("Bram Jansen")
    try:
        for _ in range(3):
            with anna.read() as conn:
                assert conn.execute("SELECT current_user").fetchone()[0] == "anna"
            with bram.read() as conn:
                assert conn.execute("SELECT current_user").fetchone()[0] == "bram"
        assert as_login(pg_team.url, "anna") == anna.path
    finally:
        anna.close()
        bram.close()
