"""The command line: demo, signals digest, config, language, identity, errors."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from regie_tui import cli
from regie_tui.base import config, i18n
from regie_tui.rules.signals import CATALOGUE, SYNC_CONFLICT

DEMO_DAY = "2026-11-16"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_signals_on_the_demo_list_every_code(capsys):
    code, out, err = run(capsys, "signals", "--demo", "--all", "--today", DEMO_DAY,
                         "--format", "json", "--lang", "en")
    assert code == 0, err
    records = json.loads(out)
    # Only a copy of a team store has synchronisation conflicts; the demo is none.
    assert {r["code"] for r in records} == set(CATALOGUE) - {SYNC_CONFLICT}
    assert set(records[0]) == {"code", "severity", "case_code", "consultant", "due", "title",
                               "explanation", "source", "action", "acknowledged",
                               "acknowledged_until", "acknowledgement_reason"}


def test_signals_for_one_consultant_and_one_case(capsys):
    code, out, _ = run(capsys, "signals", "--demo", "--as", "Joris Fictief", "--today",
                       DEMO_DAY, "--format", "json")
    assert code == 0
    mine = json.loads(out)
    assert mine and {r["consultant"] for r in mine} == {"Joris Fictief"}
    code, out, _ = run(capsys, "signals", "--demo", "--case", "DEMO-0001", "--today", DEMO_DAY,
                       "--format", "csv")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("code,severity,case_code")
    assert all(",DEMO-0001," in line for line in lines[1:]) and len(lines) > 3


def test_signals_table_in_dutch(capsys):
    code, out, _ = run(capsys, "signals", "--demo", "--case", "DEMO-0001", "--today", DEMO_DAY,
                       "--lang", "nl")
    assert code == 0
    assert "te laat" in out and "DEMO-0001" in out


def test_unknown_case_and_consultant_are_one_clear_sentence(capsys):
    code, _, err = run(capsys, "signals", "--demo", "--case", "NOPE-1", "--today", DEMO_DAY)
    assert code == 2 and "NOPE-1" in err and "Traceback" not in err
    code, _, err = run(capsys, "signals", "--demo", "--as", "Niemand", "--today", DEMO_DAY)
    assert code == 2 and "Niemand" in err


@pytest.mark.parametrize(("text", "key", "reason"), [
    ("[intervals]\nmdo_vpr = -3\n", "mdo_vpr", "negative"),
    ("[intervals]\nmdo_vpr = \"zes weken\"\n", "mdo_vpr", "number"),
    ("[intervals]\nmdo_weekly = 7\n", "mdo_weekly", "unknown"),
])
def test_bad_team_rules_are_refused_naming_file_key_and_reason(capsys, text, key, reason):
    config.rules_path().write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "signals", "--demo", "--all", "--today", DEMO_DAY, "--lang", "en")
    assert code == 2
    assert str(config.rules_path()) in err and key in err and reason in err.lower()
    assert "Traceback" not in err


def test_team_rules_change_the_signals_and_config_shows_them(capsys):
    config.rules_path().write_text("[intervals]\nmdo_vpr = 90\n", encoding="utf-8")
    code, out, _ = run(capsys, "config", "--lang", "en")
    assert code == 0
    assert str(config.rules_path()) in out
    line = next(line for line in out.splitlines() if line.strip().startswith("mdo_vpr"))
    assert "90" in line and "42" in line  # value in force and the default


def test_demo_command_writes_the_asked_size(capsys, tmp_path):
    import sqlite3

    out_path = tmp_path / "big.sqlite"
    code, out, _ = run(capsys, "demo", "--cases", "300", "--out", str(out_path), "--today",
                       DEMO_DAY)
    assert code == 0 and "300" in out
    with sqlite3.connect(out_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM care_case").fetchone()[0] == 300


def test_language_follows_system_locale_and_can_be_overridden(monkeypatch):
    monkeypatch.setenv("LC_ALL", "nl_NL.UTF-8")
    assert i18n.system_language() == "nl"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert i18n.system_language() == "en"
    monkeypatch.setenv("LC_ALL", "nl_NL.UTF-8")
    args = cli.build_parser().parse_args(["--lang", "en"])
    cli._setup_language(args)
    assert i18n.current_language() == "en"
    config.save_settings(config.Settings(language="en"))
    cli._setup_language(cli.build_parser().parse_args([]))
    assert i18n.current_language() == "en"


def test_settings_file_is_private():
    import os
    import stat

    config.save_settings(config.Settings(user="Sanne Voorbeeld"))
    assert stat.S_IMODE(os.stat(config.settings_path()).st_mode) == 0o600
    assert config.load_settings().user == "Sanne Voorbeeld"


def test_context_uses_remembered_identity_and_as_overrides(tmp_path):
    from regie_tui.data import demo

    path = demo.generate(tmp_path / "d.sqlite", 20, dt.date(2026, 11, 16))
    config.save_settings(config.Settings(user="Leila Proef"))
    context = cli.make_context(cli.build_parser().parse_args(["--db", str(path)]))
    assert context.user == "Leila Proef"
    context = cli.make_context(cli.build_parser().parse_args(
        ["--db", str(path), "--as", "Bram Oefen"]))
    assert context.user == "Bram Oefen" and context.store.actor == "Bram Oefen"


def test_python_dash_m_works():
    out = subprocess.run([sys.executable, "-m", "regie_tui", "--version"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.startswith("regie-tui ")


def test_opening_the_app_does_not_import_the_sub_commands():
    code = ("import sys; from regie_tui import cli; "
            "p = cli.build_parser(['--db', 'x.sqlite', '--as', 'signals']); "
            "a = p.parse_args(['--db', 'x.sqlite', '--as', 'signals']); "
            "print(a.user, any(m.startswith('regie_tui.subcommands.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["signals", "True"]  # a sub-command's name as a value: the full parser
    code = code.replace("'signals'", "'Sanne'")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["Sanne", "False"]


def test_an_unknown_command_and_help_still_name_the_sub_commands(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "frobnicate"])
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "--help"])
    assert "encrypt" in capsys.readouterr().out
