"""Naming a team store: ``store = "postgresql://…"`` in config.toml opens it as --db
and REGIE_DB do, and ``regie-tui config`` shows its URL as written, never a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from regie_tui.base import config
from regie_tui.cli import main
from tests.team.conftest import as_login
from tests.team.test_team_store import TODAY, new_case


@pytest.fixture
def team(pg_team):
    new_case(pg_team.open(), pg_team)  # Anna's A-1, with a signal
    return pg_team.url


def _settings(text: str) -> None:
    config.settings_path().write_text(text, encoding="utf-8")


def test_store_in_config_toml_opens_the_team_store(team, capsys):
    _settings(f'store = "{as_login(team, "anna")}"\n')
    assert main(["--today", TODAY.isoformat(), "signals", "--format", "csv"]) == 0
    assert "A-1" in capsys.readouterr().out
    # As the login named there, not the one a store file would ask for.
    _settings(f'store = "{as_login(team, "carla")}"\n')
    assert main(["--today", TODAY.isoformat(), "signals", "--format", "csv"]) == 0
    assert "A-1" not in capsys.readouterr().out


def test_a_team_store_in_config_toml_refuses_what_needs_a_file(team, capsys):
    _settings(f'store = "{as_login(team, "anna")}"\n')
    assert main(["backup"]) == 2
    assert "pg_dump" in capsys.readouterr().err


def test_regie_db_comes_before_config_toml(tmp_path, monkeypatch):
    _settings('store = "postgresql://anna@server/regie"\n')
    assert config.configured_store() == "postgresql://anna@server/regie"
    monkeypatch.setenv("REGIE_DB", str(tmp_path / "mine.sqlite"))
    assert config.configured_store() == tmp_path / "mine.sqlite"
    assert config.default_db_path() == tmp_path / "mine.sqlite"


def test_a_file_in_config_toml_is_a_path(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    _settings('store = "~/stores/regie.sqlite"\n')
    assert config.default_db_path() == tmp_path / "stores" / "regie.sqlite"
    _settings("")
    assert config.default_db_path() == config.data_dir() / "regie.sqlite"


@pytest.mark.parametrize("value", ["3", '""', "[]"])
def test_a_store_that_is_no_text_is_said_plainly(value):
    _settings(f"store = {value}\n")
    with pytest.raises(config.ConfigError, match="key 'store'"):
        config.default_db_path()


@pytest.mark.parametrize(("written", "shown"), [
    ("postgresql://anna:s3cret@db.example.nl:5433/regie",
     "postgresql://anna@db.example.nl:5433/regie"),
    ("postgresql://anna@db.example.nl/regie?password=s3cret&sslmode=require",
     "postgresql://anna@db.example.nl/regie?sslmode=require"),
    ("postgresql:///regie?service=team", "postgresql:///regie?service=team"),
])
@pytest.mark.parametrize("where", ["REGIE_DB", "config.toml"])
def test_config_shows_the_url_unfolded_without_its_password(monkeypatch, capsys, written,
                                                            shown, where):
    if where == "REGIE_DB":
        monkeypatch.setenv("REGIE_DB", written)
    else:
        _settings(f'store = "{written}"\n')
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert f"Case store: {shown}\n" in out
    assert "s3cret" not in out


def test_config_shows_a_file_as_its_path(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("REGIE_DB", str(tmp_path / "x.sqlite"))
    assert main(["config"]) == 0
    assert f"Case store: {Path(tmp_path / 'x.sqlite')}\n" in capsys.readouterr().out
