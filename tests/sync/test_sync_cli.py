"""regie-tui take and regie-tui sync on the command line, against a real team store."""

from __future__ import annotations

import io

from regie_tui import cli
from regie_tui.data import cipher
from regie_tui.data import commands as C
from regie_tui.data.store import Store
from tests.sync.scenario import DAY
from tests.sync.team_cases import PASSPHRASE, make_cases
from tests.team.conftest import as_login


def _run(monkeypatch, capsys, argv, stdin: str):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_take_then_work_then_sync(pg_team, tmp_path, clock, monkeypatch, capsys):
    cases = make_cases(pg_team)
    path = tmp_path / "copy.sqlite"
    url = as_login(pg_team.url, "anna")
    code, out, err = _run(monkeypatch, capsys, ["take", "--from", url, "--db", str(path),
                                                "--today", "2026-11-16"],
                          f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert (code, err) == (0, "")
    assert "2 cases were taken along for Anna de Vries" in out
    assert cipher.is_encrypted(path)
    copy = Store.open(path, clock)
    C.record_meeting(copy, cases["K-1"], 1, kind="home_visit", held_on=DAY, note="Op bezoek.")
    copy.close()
    cipher.forget_passphrase()
    code, out, err = _run(monkeypatch, capsys, ["sync", "--db", str(path),
                                                "--today", "2026-11-16"], f"{PASSPHRASE}\n")
    assert (code, err) == (0, "")
    assert "1 operation was applied on the team store." in out


def test_take_without_a_team_store_says_how(monkeypatch, capsys, tmp_path):
    code, _out, err = _run(monkeypatch, capsys, ["take", "--db", str(tmp_path / "c.sqlite")],
                           "")
    assert code == 2 and "--from postgresql://" in err


def test_sync_without_a_copy_says_so(monkeypatch, capsys, tmp_path):
    code, _out, err = _run(monkeypatch, capsys, ["sync", "--db", str(tmp_path / "none.sqlite")],
                           "")
    assert code == 2 and "There is no copy" in err
    assert not (tmp_path / "none.sqlite").exists()


def test_sync_of_a_store_file_that_is_no_copy_is_refused(monkeypatch, capsys, tmp_path, clock):
    path = tmp_path / "mine.sqlite"
    Store.open(path, clock).close()
    code, _out, err = _run(monkeypatch, capsys, ["sync", "--db", str(path)], "")
    assert code == 2 and "not a copy of a team store" in err
