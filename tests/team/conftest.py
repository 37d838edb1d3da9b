"""A real PostgreSQL for the team-store tests: one cluster per test session, a fresh
database per test, members connected by their own logins."""

from __future__ import annotations

import itertools

import pytest

from tests.pgcluster import Cluster

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
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# -- a store on either engine ----------------------------------------------------

# The team every store test works in: name, login, role. Anna is the one logged in.
MEMBERS = (("Anna de Vries", "anna", "consultant"), ("Bram Jansen", "bram", "consultant"),
           ("Carla Bos", "carla", "consultant"),
           ("Bea Smit", "bea", "behavioural_scientist"))


def as_login(url: str, login: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{login}@{parts.hostname}:{parts.port}"))


@pytest.fixture(scope="session")
def team_templates(pg_cluster):
    """Two migrated team databases to copy (CREATE DATABASE … TEMPLATE, a file copy):
    ``bare`` (team init only) and ``team`` (with ``MEMBERS`` added)."""
    import psycopg

    from regie_tui.data.team import admin

    names = {"bare": "regie_tpl_bare", "team": "regie_tpl_team"}
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        for name in names.values():
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
    for kind, name in names.items():
        admin.init(pg_cluster.url(name))
        if kind == "team":
            for member in MEMBERS:
                admin.add(pg_cluster.url(name), *member)
    return names


def copy_of(pg_cluster, template: str) -> str:
    import psycopg

    name = f"store_{next(_numbers)}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return pg_cluster.url(name)


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
        cluster = request.getfixturevalue("pg_cluster")
        templates = request.getfixturevalue("team_templates")
        url = copy_of(cluster, templates["team"])
        stores = EngineStores("postgresql", url, clock, admin_url=url)
        import psycopg

        with psycopg.connect(url) as conn:
            stores.ids = dict(conn.execute("SELECT name, id FROM consultant"))
    yield stores
    stores.close()
    if request.param == "postgresql":
        import psycopg

        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


@pytest.fixture
def pg_team(pg_cluster, team_templates, clock):
    """A team store on PostgreSQL with the template's members; ``url``, ``ids``, ``open(name)``."""
    import psycopg

    url = copy_of(pg_cluster, team_templates["team"])
    stores = EngineStores("postgresql", url, clock)
    with psycopg.connect(url) as conn:
        stores.ids = dict(conn.execute("SELECT name, id FROM consultant"))
    stores.url = url
    yield stores
    stores.close()
