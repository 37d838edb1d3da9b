"""Fixtures of the sync tests: the team-store fixtures (a real PostgreSQL the suite
starts itself), and copies on SQLite files in tmp_path."""

from __future__ import annotations

from tests.team.conftest import (  # noqa: F401 - fixtures, found by name
    MEMBERS,
    as_login,
    pg_cluster,
    pg_team,
    team_templates,
    team_url,
)
