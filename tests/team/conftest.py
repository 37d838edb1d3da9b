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
