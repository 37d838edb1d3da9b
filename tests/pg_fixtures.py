"""A real PostgreSQL for the tests: one cluster per test session, a fresh database
per test (a copy of a migrated template), members connected by their own logins.

Loaded by tests/conftest.py (``pytest_plugins``), so tests/team and the store,
command and signal tests in tests/unit share one cluster. Nothing here starts
PostgreSQL until a test asks for it: a SQLite-only run never pays for it.
"""

from __future__ import annotations

import itertools
import re

import pytest

from tests.pgcluster import SUPERUSER, Cluster

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = Cluster().start()
    cluster.wait_ready()
    yield cluster
    cluster.destroy()


@pytest.fixture
def team_url(pg_cluster):
    """An empty database, owned by the administrator (the cluster's superuser)."""
    import psycopg

    name = f"team_{next(_numbers)}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield pg_cluster.url(name)
    drop_database(pg_cluster, name)


# -- a store on either engine ----------------------------------------------------

# The team every tests/team store test works in: name, login, role. Anna is the one
# logged in.
MEMBERS = (("Anna de Vries", "anna", "consultant"), ("Bram Jansen", "bram", "consultant"),
           ("Carla Bos", "carla", "consultant"),
           ("Bea Smit", "bea", "behavioural_scientist"))

# The two consultants of the tests/unit ``store`` fixture (tests/conftest.py), as
# team members; the store is opened as Tester.
UNIT_MEMBERS = (("Tester", "tester", "consultant"), ("Partner", "partner", "consultant"))


def as_login(url: str, login: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{login}@{parts.hostname}:{parts.port}"))


def admin_url(url: str) -> str:
    """The same database as the administrator (the tables' owner, the cluster's
    superuser: row-level security hides nothing from it)."""
    return as_login(url, SUPERUSER)


def login_for(name: str) -> str:
    """The database login a test gives a consultant it adds: ``Collega B`` -> ``collega_b``."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:63] or "member"


def drop_database(pg_cluster, name: str) -> None:
    import psycopg

    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def team_templates(pg_cluster):
    """Migrated team databases to copy (CREATE DATABASE … TEMPLATE, a file copy):
    ``bare`` (team init only), ``team`` (with ``MEMBERS`` added) and ``unit`` (with
    ``UNIT_MEMBERS``). Migrated once; the other two are copies of ``bare``."""
    import psycopg

    from regie_tui.data.team import admin

    names = {"bare": "regie_tpl_bare", "team": "regie_tpl_team", "unit": "regie_tpl_unit"}
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        for name in names.values():
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {names['bare']}")
    admin.init(pg_cluster.url(names["bare"]))
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        for kind in ("team", "unit"):
            conn.execute(f"CREATE DATABASE {names[kind]} TEMPLATE {names['bare']}")
    for member in MEMBERS:
        admin.add(pg_cluster.url(names["team"]), *member)
    for member in UNIT_MEMBERS:
        admin.add(pg_cluster.url(names["unit"]), *member)
    return names


def copy_of(pg_cluster, template: str) -> str:
    """A new database copied from ``template``; its URL as the administrator."""
    import psycopg

    name = f"store_{next(_numbers)}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
    return pg_cluster.url(name)


class Copies:
    """Copies of a template made one ahead, by a worker thread while a test runs (a
    copy takes 0.1-0.5 s on a busy machine), and dropped there after the test."""

    def __init__(self, cluster) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.cluster = cluster
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-copies")
        self._ahead: dict = {}

    def take(self, template: str) -> str:
        """A fresh copy of ``template``; its URL as the administrator."""
        ahead = self._ahead.pop(template, None)
        url = ahead.result() if ahead is not None else copy_of(self.cluster, template)
        self._ahead[template] = self._worker.submit(copy_of, self.cluster, template)
        return url

    def drop(self, url: str) -> None:
        self._worker.submit(drop_database, self.cluster, url.rsplit("/", 1)[1])

    def close(self) -> None:
        self._worker.shutdown(wait=True)


@pytest.fixture(scope="session")
def pg_copies(pg_cluster):
    copies = Copies(pg_cluster)
    yield copies
    copies.close()


class EngineStores:
    """Stores on one engine, each as one member: ``open(name)``, ``ids[name]``."""

    def __init__(self, kind: str, target, clock, admin_url: str | None = None):
        self.kind, self.target, self.clock, self.admin_url = kind, target, clock, admin_url
        self.ids: dict[str, int] = {}
        self._open: list = []

    def open(self, name: str = "Anna de Vries"):
        from regie_tui.data.store import Store

        if self.kind == "sqlite":
            store = Store.open(self.target, self.clock, actor=name)
        else:
            login = next(m[1] for m in MEMBERS if m[0] == name)
            store = Store.open(as_login(self.target, login), self.clock)
        self._open.append(store)
        return store

    def close(self) -> None:
        for store in self._open:
            store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request, tmp_path, clock):
    """The same team on a store file and on a team store (a copy of a migrated
    template, connected as each member's own login)."""
    if request.param == "sqlite":
        from regie_tui.data import commands
        from regie_tui.data.store import Store

        path = tmp_path / "team.sqlite"
        first = Store.open(path, clock, actor="admin")
        for name, _login, role in MEMBERS:
            commands.create_consultant(first, name, role)
        stores = EngineStores("sqlite", path, clock)
        stores.ids = {name: first.consultant_id(name) for name, *_ in MEMBERS}
        first.close()
    else:
        copies = request.getfixturevalue("pg_copies")
        url = copies.take(request.getfixturevalue("team_templates")["team"])
        stores = EngineStores("postgresql", url, clock, admin_url=url)
        import psycopg

        with psycopg.connect(url) as conn:
            stores.ids = dict(conn.execute("SELECT name, id FROM consultant"))
    yield stores
    stores.close()
    if request.param == "postgresql":
        copies.drop(url)


@pytest.fixture
def pg_team(pg_copies, team_templates, clock):
    """A team store on PostgreSQL with the template's members; ``url``, ``ids``, ``open(name)``."""
    import psycopg

    url = pg_copies.take(team_templates["team"])
    stores = EngineStores("postgresql", url, clock)
    with psycopg.connect(url) as conn:
        stores.ids = dict(conn.execute("SELECT name, id FROM consultant"))
    stores.url = url
    yield stores
    stores.close()
    pg_copies.drop(url)
