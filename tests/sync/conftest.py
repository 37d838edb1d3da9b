"""Fixtures of the sync tests: the team-store fixtures (a real PostgreSQL the suite
starts itself), and copies on SQLite files in tmp_path."""

from __future__ import annotations

# The PostgreSQL fixtures (pg_cluster, pg_team, team_templates, team_url) come from
# tests/pg_fixtures.py, loaded by tests/conftest.py.
from tests.pg_fixtures import MEMBERS, as_login  # noqa: F401 - used by the sync tests
