"""Shared fixtures: a private home folder, a fixed day, a real store on disk.

The store on either engine: a test module marked ``pytestmark =
pytest.mark.both_engines`` runs each test that uses ``store`` / ``make_case`` /
``new_store`` (anything depending on the ``engine`` fixture) twice, on a SQLite
file and on a team store on PostgreSQL (tests/pg_fixtures.py). Unmarked modules
stay on SQLite, so the suite does not double in time. ``@pytest.mark.sqlite_only``
keeps one test of a marked module on SQLite (a test about the file itself).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os

import pytest

from regie_tui.base import i18n
from regie_tui.base.clock import Clock
from regie_tui.data import cipher
from tests import fuzzing

# PostgreSQL fixtures (one cluster per session, started only when a test asks).
pytest_plugins = ["tests.pg_fixtures"]

TODAY = dt.date(2026, 11, 16)

ENGINES = ("sqlite", "postgresql")

# Class-level UI strings (binding descriptions, titles) are translated when
# their module is imported, as in the app, where the CLI sets the language
# before it imports any screen. Test modules are imported at collection,
# before any fixture runs: pin Dutch now so the screens under test are Dutch.
i18n.set_language("nl")

# Before any test module builds its hypothesis settings, which inherit from it.
fuzzing.load_profile()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "both_engines: run the test's store fixtures (those depending on "
        "`engine`) on SQLite and on PostgreSQL")
    config.addinivalue_line(
        "markers", "sqlite_only(reason): in a both_engines module, a test about the "
        "SQLite file itself (modes, pragmas, backups): SQLite only")


def pytest_generate_tests(metafunc):
    """The one parametrisation of the store's engine (see the module docstring)."""
    if "engine" not in metafunc.fixturenames:
        return
    node = metafunc.definition
    if node.get_closest_marker("both_engines") and not node.get_closest_marker("sqlite_only"):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
def engine(request) -> str:
    """``sqlite`` or ``postgresql``: the engine the test's stores live on."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Every test gets its own config/data/state folders; nothing touches the real ones."""
    home = tmp_path / "home"
    monkeypatch.setenv("REGIE_HOME", str(home))
    monkeypatch.delenv("REGIE_DB", raising=False)
    i18n.set_language("en")
    cipher.forget_passphrase()
    yield home
    i18n.set_language("en")
    cipher.forget_passphrase()


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """An empty store at the newest schema, migrated once for the whole run."""
    from regie_tui.data.store import Store

    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    Store.open(path, Clock(TODAY)).close()
    return path


@pytest.fixture
def new_store_path(migrated_template, tmp_path):
    """Paths of fresh, empty, migrated stores (copies of the template)."""
    import shutil

    counter = iter(range(1000))

    def _new(name: str | None = None):
        path = tmp_path / (name or f"store{next(counter)}.sqlite")
        shutil.copy(migrated_template, path)
        os.chmod(path, 0o600)
        return path

    return _new


@pytest.fixture
def new_store(engine, request, new_store_path, clock):
    """Fresh stores on the test's engine with the consultants Tester and Partner,
    opened as ``actor``: a store file, or a copy of the team template with those two
    members (logins ``tester``, ``partner``) opened as that member's login."""
    from regie_tui.data import commands
    from regie_tui.data.store import Store
    from tests import pg_fixtures

    opened, databases = [], []

    def _new(name: str | None = None, actor: str = "Tester"):
        if engine == "sqlite":
            s = Store.open(new_store_path(name), clock, actor=actor)
            commands.create_consultant(s, "Tester")
            commands.create_consultant(s, "Partner")
        else:
            copies = request.getfixturevalue("pg_copies")
            url = copies.take(request.getfixturevalue("team_templates")["unit"])
            databases.append(url)
            s = Store.open(pg_fixtures.as_login(url, pg_fixtures.login_for(actor)), clock)
        opened.append(s)
        return s

    yield _new
    for s in opened:
        s.close()
    for url in databases:
        request.getfixturevalue("pg_copies").drop(url)


@pytest.fixture
def store(new_store):
    """The test's store (``cases.sqlite`` on SQLite), opened as Tester."""
    return new_store("cases.sqlite")


@pytest.fixture
def open_as():
    """``open_as(store, name)``: the same store opened as another consultant (on a
    team store, by that member's own login). Closed after the test."""
    from regie_tui.data.store import Store
    from tests import pg_fixtures

    opened = []

    def _open(store, name: str):
        if store.team:
            with admin_read(store) as conn:
                row = conn.execute("SELECT login FROM consultant WHERE name = ?",
                                   (name,)).fetchone()
            assert row and row[0], f"{name} is no member of the team store"
            other = Store.open(pg_fixtures.as_login(store.path, row[0]), store.clock)
        else:
            other = Store.open(store.path, store.clock, actor=name)
        opened.append(other)
        return other

    yield _open
    for other in opened:
        other.close()


@pytest.fixture
def make_case(store):
    """Create a case through the store command; returns (case_id, version)."""
    from regie_tui.data import commands
    from regie_tui.rules import vocab

    counter = iter(range(1, 10_000))

    def _make(regime=vocab.PR, opened_on=TODAY - dt.timedelta(days=100), **kwargs):
        n = next(counter)
        saved = commands.create_case(
            store, code=kwargs.pop("code", f"T-{n:03d}"), alias=kwargs.pop("alias", f"Gezin {n}"),
            opened_on=opened_on, regime=regime,
            ovv_decision_on=kwargs.pop("ovv_decision_on",
                                       opened_on if regime == vocab.VPR else None),
            process_director_id=store.consultant_id("Tester"), **kwargs)
        return saved.case_id, saved.version

    return _make


def add_consultant(store, name: str, role: str = "consultant") -> int:
    """Another consultant in the store: the store command on a store file; on a team
    store the administrator's ``team add`` (login from the name: tests/pg_fixtures)."""
    if not store.team:
        from regie_tui.data import commands

        return commands.create_consultant(store, name, role)
    from regie_tui.data.team import admin
    from tests import pg_fixtures

    return admin.add(pg_fixtures.admin_url(store.path), name, pg_fixtures.login_for(name), role)


@contextlib.contextmanager
def admin_read(store):
    """A read connection that sees every row: the file itself, or the team store as
    its administrator (row-level security hides nothing from the tables' owner)."""
    from regie_tui.data import engines
    from tests import pg_fixtures

    target = pg_fixtures.admin_url(store.path) if store.team else store.path
    conn = engines.for_target(target).connect()
    try:
        yield conn
    finally:
        conn.close()


def audited_as(store, name: str) -> str:
    """Who the audit log names for consultant ``name``: the name in a store file, the
    real database login on a team store (NEN 7513: the login, not what the app says)."""
    if not store.team:
        return name
    with admin_read(store) as conn:
        return conn.execute("SELECT login FROM consultant WHERE name = ?", (name,)).fetchone()[0]


def trace_statements(conn, callback) -> None:
    """Call ``callback(sql)`` for each statement ``conn`` runs from now on: SQLite's
    trace callback; on a team store's connection (data/engines/dbapi_pg) its
    ``execute`` is wrapped, so the statements are the read path's own SQL."""
    if hasattr(conn, "set_trace_callback"):
        conn.set_trace_callback(callback)
        return
    execute, executemany = conn.execute, conn.executemany

    def traced(sql, params=()):
        callback(sql)
        return execute(sql, params)

    def traced_many(sql, rows):
        callback(sql)
        return executemany(sql, rows)

    conn.execute, conn.executemany = traced, traced_many


def db_errors() -> tuple[type[Exception], ...]:
    """What a refused statement raises on either engine's connection."""
    import sqlite3

    try:
        import psycopg
    except ImportError:  # a store file's test needs no psycopg; a team store's fails anyway
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, psycopg.Error)


def table_counts(store) -> dict[str, int]:
    """Rows per table, all of them (as the administrator on a team store): to prove
    that a refused command wrote nothing."""
    with admin_read(store) as conn:
        if store.team:
            listed = ("SELECT table_name FROM information_schema.tables "
                      "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
        else:
            listed = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        tables = [r[0] for r in conn.execute(listed)]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def case_row(store, case_id: int) -> dict:
    """The case's row as stored (dates as ISO text on both engines)."""
    with admin_read(store) as conn:
        cur = conn.execute("SELECT * FROM care_case WHERE id = ?", (case_id,))
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row, strict=True))
