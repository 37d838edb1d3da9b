"""The team-store tests: their fixtures (``pg_cluster``, ``team_url``, ``stores``,
``pg_team``, ``team_templates``) live in tests/pg_fixtures.py, loaded by
tests/conftest.py so tests/unit shares the one cluster."""

from __future__ import annotations

# The helpers the team tests import from here.
from tests.pg_fixtures import MEMBERS, EngineStores, as_login, copy_of

__all__ = ["MEMBERS", "EngineStores", "as_login", "copy_of"]
