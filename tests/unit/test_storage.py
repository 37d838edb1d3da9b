"""The SQLite store: migrations, file modes, pragmas, audit immutability, query counts."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat

import pytest

from regie_tui.base.clock import Clock
from regie_tui.base.errors import StoreError
from regie_tui.data import commands as C
from regie_tui.data import facts_loader, migrate
from regie_tui.data.migrations import HEAD
from regie_tui.data.store import Store
from regie_tui.rules import vocab
from tests.conftest import TODAY, admin_read, db_errors, trace_statements

pytestmark = pytest.mark.both_engines


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_files_are_private_whatever_the_umask(tmp_path, clock):
    old = os.umask(0)
    try:
        folder = tmp_path / "data"
        store = Store.open(folder / "cases.sqlite", clock, actor="Tester")
        C.create_consultant(store, "Tester")
        with store.read() as conn:  # keep a connection open so -wal and -shm exist
            conn.execute("SELECT 1")
            assert _mode(folder) == 0o700
            for suffix in ("", "-wal", "-shm"):
                path = folder / f"cases.sqlite{suffix}"
                assert path.exists(), suffix
                assert _mode(path) == 0o600, suffix
        store.close()
    finally:
        os.umask(old)


@pytest.mark.sqlite_only  # SQLite's own settings of the file
def test_pragmas(store):
    with store.read() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_audit_log_refuses_update_and_delete_and_chains(store, make_case):
    case_id, version = make_case()
    C.record_marking_letter(store, case_id, version, sent_on=TODAY)
    from regie_tui.data import audit

    # As the administrator on a team store: the owner of the table is refused too.
    with admin_read(store) as conn:
        with pytest.raises(db_errors(), match="append-only"):
            conn.execute("UPDATE audit_log SET actor = 'someone else'")
        with pytest.raises(db_errors(), match="append-only"):
            conn.execute("DELETE FROM audit_log")
        rows = conn.execute("SELECT id, at, actor, case_id, case_code, action, object, device, "
                            "prev_hash, hash FROM audit_log ORDER BY id").fetchall()
    assert len(rows) == 4  # two consultants, the case, the letter
    assert audit.verify(rows).ok
    tampered = [rows[0], rows[1], (*rows[2][:2], "Mallory", *rows[2][3:]), rows[3]]
    assert audit.verify(tampered).first_broken_id == rows[2][0]


def test_upgrade_from_first_revision_keeps_data_and_backs_up(tmp_path):
    path = tmp_path / "old.sqlite"
    migrate.upgrade(path, "0001")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO consultant (id, name, role) VALUES (1, 'Oude Collega', 'consultant')")
    conn.execute("INSERT INTO care_case (id, code, alias, status, opened_on, version, "
                 "cross_region, process_director_id) VALUES "
                 "(1, 'OUD-1', 'Gezin Oud', 'active', '2024-01-02', 1, 0, 1)")
    conn.commit()
    assert migrate.current_revision(conn) == "0001"
    conn.close()

    store = Store.open(path, Clock(TODAY), backup_dir=tmp_path / "backups")
    with store.read() as conn:
        assert migrate.current_revision(conn) == HEAD
        assert conn.execute("SELECT code, alias FROM care_case").fetchall() == [
            ("OUD-1", "Gezin Oud")]
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and _mode(backups[0]) == 0o600
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT code FROM care_case").fetchall() == [("OUD-1",)]
        assert migrate.current_revision(old) == "0001"
    store.close()


def test_head_constant_matches_alembic(tmp_path):
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config(tmp_path / "x.sqlite"))
    assert script.get_current_head() == HEAD


def test_schema_matches_the_tables(tmp_path):
    """Autogenerate finds nothing to do: the migrations build exactly the tables."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import regie_tui.data.tables  # noqa: F401

    store = Store.open(tmp_path / "s.sqlite", Clock(TODAY))
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    store.close()
    assert diff == []


def test_not_a_store_is_refused_clearly(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"these are not the pages you are looking for" * 100)
    with pytest.raises(StoreError, match="not a Regie store"):
        Store.open(path, Clock(TODAY))


def _count_selects(store, **kwargs) -> int:
    statements = []
    with store.read() as conn:
        trace_statements(conn, statements.append)
        facts_loader.load(conn, as_of=TODAY, **kwargs)
    return sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))


def test_facts_load_in_a_fixed_number_of_queries(tmp_path):
    from regie_tui.data import demo

    small = Store(demo.generate(tmp_path / "small.sqlite", 20, TODAY))
    large = Store(demo.generate(tmp_path / "large.sqlite", 400, TODAY))
    assert _count_selects(small) == _count_selects(large)
    assert len(large.load_caseload().cases) == 400


def test_facts_are_read_from_one_committed_state(store, make_case):
    """A save landing while the facts are read is either wholly in them or not at all."""
    make_case()
    selects = []

    def save_between_two_queries(sql: str) -> None:
        if sql.lstrip().upper().startswith("SELECT"):
            selects.append(sql)
            if len(selects) == 2:  # the regimes are read; a colleague saves a case now
                make_case(regime=vocab.VPR)

    with store.read() as conn:
        trace_statements(conn, save_between_two_queries)
        caseload = facts_loader.load(conn, as_of=TODAY)
    assert len(selects) > 2
    # Without one read transaction the new case would be there, without its regime.
    assert [len(c.regimes) for c in caseload.cases] == [1]
    assert len(store.load_caseload().cases) == 2


def test_loaded_facts_match_what_was_recorded(store, make_case):
    case_id, version = make_case()
    v = C.record_meeting(store, case_id, version, kind="youth_contact",
                         held_on=TODAY - dt.timedelta(days=30), youth_present=True).version
    v = C.record_meeting(store, case_id, v, kind="home_visit",
                         held_on=TODAY - dt.timedelta(days=3), youth_present=True).version
    v = C.record_meeting(store, case_id, v, kind="mdo", held_on=TODAY - dt.timedelta(days=50)).version
    v = C.record_meeting(store, case_id, v, kind="mdo", held_on=TODAY - dt.timedelta(days=8)).version
    v = C.record_meeting(store, case_id, v, kind="mdo", planned_on=TODAY + dt.timedelta(days=30)).version
    facts = store.load_case(case_id)
    assert facts.version == v
    kinds = [(m.kind, m.held_on, m.planned_on) for m in facts.meetings]
    # Latest evaluation, latest youth contact, and what is planned: older history is not
    # needed by any rule.
    assert kinds == [("mdo", TODAY - dt.timedelta(days=8), None),
                     ("home_visit", TODAY - dt.timedelta(days=3), None),
                     ("mdo", None, TODAY + dt.timedelta(days=30))]
    # As of an earlier day, later contacts are not the latest.
    with store.read() as conn:
        past = facts_loader.load(conn, [case_id], as_of=TODAY - dt.timedelta(days=10)).cases[0]
    assert [m.held_on for m in past.meetings if m.youth_present] == [TODAY - dt.timedelta(days=30)]


def test_commands_may_run_on_any_thread(store, make_case):
    """The app saves from worker threads; the pooled connection must follow them."""
    import threading

    case_id, version = make_case()  # the engine's connection is made on this thread
    results = []

    def save():
        try:
            results.append(C.record_marking_letter(store, case_id, version,
                                                   sent_on=TODAY))
        except Exception as exc:  # noqa: BLE001 - the assertion below shows it
            results.append(exc)

    worker = threading.Thread(target=save)
    worker.start()
    worker.join()
    assert isinstance(results[0], C.Saved), results[0]
