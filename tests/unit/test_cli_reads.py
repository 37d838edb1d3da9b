"""Reads on the command line: a closed pipe is no error, and every read is audited
with the person who did it (issue 14, items 7 and 12)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from regie_tui import cli
from regie_tui.data import commands
from regie_tui.rules import vocab
from tests.conftest import TODAY
from tests.trustkit import scalar


@pytest.fixture
def cli_store(store, make_case):
    case_id, version = make_case(code="KIND-1")
    commands.record_meeting(store, case_id, version, kind=vocab.HOME_VISIT, held_on=TODAY)
    store.close()
    return store.path


def _last_entry(path):
    return scalar(path, "SELECT actor || '|' || action || '|' || object FROM audit_log "
                        "ORDER BY id DESC LIMIT 1")


def test_signals_into_a_closed_pipe_exits_quietly(cli_store, tmp_path):
    # A real pipe whose reader is gone before the first write, as `| head` leaves it.
    env = {**os.environ, "REGIE_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "regie_tui", "signals", "--all", "--db", str(cli_store),
         "--today", TODAY.isoformat(), "--lang", "en"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 141
    assert err == ""


def test_signals_are_audited_with_the_person_named(cli_store, capsys):
    assert cli.main(["signals", "--db", str(cli_store), "--today", TODAY.isoformat(),
                     "--as", "Partner"]) == 0
    assert _last_entry(cli_store) == "Partner|export|export:signals"


def test_a_read_without_a_name_is_audited_with_the_login_not_system(cli_store, capsys,
                                                                    monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "jdevries")
    assert cli.main(["signals", "--all", "--db", str(cli_store), "--today",
                     TODAY.isoformat()]) == 0
    assert _last_entry(cli_store) == "login:jdevries|export|export:signals"


def test_audit_case_is_itself_audited(cli_store, capsys):
    assert cli.main(["audit", "--case", "KIND-1", "--db", str(cli_store), "--today",
                     TODAY.isoformat(), "--as", "Partner"]) == 0
    assert _last_entry(cli_store) == "Partner|read_access_log|access_log"
    assert scalar(cli_store, "SELECT case_code FROM audit_log ORDER BY id DESC LIMIT 1") \
        == "KIND-1"


def test_an_export_without_a_name_is_audited_with_the_login(cli_store, tmp_path, capsys,
                                                            monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "jdevries")
    out = tmp_path / "zaken.json"
    assert cli.main(["export", "cases", "--all", "--out", str(out), "--db", str(cli_store),
                     "--today", TODAY.isoformat()]) == 0
    assert _last_entry(cli_store).startswith("login:jdevries|export_cases|")
