"""Taking cases along: own and duo cases only, encrypted, the copy's state set."""

from __future__ import annotations

import pytest

from regie_tui.base.errors import StoreError
from regie_tui.data import cipher
from regie_tui.data import commands as C
from regie_tui.data.store import Store
from regie_tui.sync import state, take
from tests.sync.scenario import DAY
from tests.sync.team_cases import PASSPHRASE, make_cases
from tests.team.conftest import as_login


def _codes(store) -> list[str]:
    with store.read() as conn:
        return [r[0] for r in conn.execute("SELECT code FROM care_case ORDER BY code")]


def test_take_copies_own_and_duo_cases_only(pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    carla = pg_team.open("Carla Bos")
    C.record_meeting(carla, cases["K-3"], 1, kind="home_visit", held_on=DAY, note="Carla's")
    anna_server = pg_team.open("Anna de Vries")
    C.record_meeting(anna_server, cases["K-1"], 1, kind="home_visit", held_on=DAY,
                     note="Bij het gezin thuis.")
    # Anna may read K-3 today by breaking the glass: still not hers to take along.
    with anna_server.read() as conn:
        conn.execute("SELECT regie_break_glass(?, ?, ?)",
                     (cases["K-3"], "Spoed: collega ziek.", "test"))
    path = tmp_path / "copy.sqlite"
    report = take.take(as_login(pg_team.url, "anna"), path, clock, PASSPHRASE)
    assert (report.cases, report.consultant) == (2, "Anna de Vries")
    assert cipher.is_encrypted(path)
    copy = Store.open(path, clock)
    assert copy.is_copy and copy.actor == "Anna de Vries"
    assert _codes(copy) == ["K-1", "K-2"]
    with copy.read() as conn:
        notes = [r[0] for r in conn.execute("SELECT note FROM meeting")]
        values = state.read_all(conn)
        consultants = {r[0] for r in conn.execute("SELECT name FROM consultant")}
    assert notes == ["Bij het gezin thuis."]
    assert values["login"] == "anna" and values["consultant"] == "Anna de Vries"
    assert values["team_url"].startswith("postgresql://anna@")
    assert int(values["cursor"]) > 0 and values["server_schema"] == "0006"
    assert {"Anna de Vries", "Bram Jansen", "Carla Bos"} <= consultants
    # The screens' reads work on it: the case facts load.
    assert copy.load_case(cases["K-1"]).code == "K-1"
    copy.close()


def test_the_copy_cannot_be_read_without_the_passphrase(pg_team, tmp_path, clock):
    make_cases(pg_team)
    path = tmp_path / "copy.sqlite"
    take.take(as_login(pg_team.url, "anna"), path, clock, PASSPHRASE)
    cipher.forget_passphrase()
    with pytest.raises(cipher.PassphraseNeeded):
        Store.open(path, clock)
    with pytest.raises(cipher.WrongPassphrase):
        cipher.unlock(path, "een ander wachtwoord")


def test_take_is_refused_for_a_login_that_is_no_consultant(pg_team, tmp_path, clock):
    with pytest.raises(StoreError, match="Only a consultant"):
        take.take(as_login(pg_team.url, "bea"), tmp_path / "copy.sqlite", clock, PASSPHRASE)
    assert not (tmp_path / "copy.sqlite").exists()


def test_take_does_not_replace_a_copy_with_work_waiting(pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    path = tmp_path / "copy.sqlite"
    url = as_login(pg_team.url, "anna")
    take.take(url, path, clock, PASSPHRASE)
    copy = Store.open(path, clock)
    C.record_meeting(copy, cases["K-1"], 1, kind="home_visit", held_on=DAY)
    copy.close()
    with pytest.raises(StoreError, match="1 operations waiting"):
        take.take(url, path, clock, PASSPHRASE)
    copy = Store.open(path, clock)
    with copy.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM sync_outbox").fetchone()[0] == 1
    copy.close()


def test_take_again_replaces_a_copy_with_nothing_waiting(pg_team, tmp_path, clock):
    cases = make_cases(pg_team)
    path = tmp_path / "copy.sqlite"
    url = as_login(pg_team.url, "anna")
    take.take(url, path, clock, PASSPHRASE)
    C.record_meeting(pg_team.open("Anna de Vries"), cases["K-1"], 1, kind="home_visit",
                     held_on=DAY, note="later")
    take.take(url, path, clock, PASSPHRASE)
    copy = Store.open(path, clock)
    with copy.read() as conn:
        assert [r[0] for r in conn.execute("SELECT note FROM meeting")] == ["later"]
    copy.close()


def test_take_refuses_a_store_file_that_is_no_copy(pg_team, tmp_path, clock):
    path = tmp_path / "mine.sqlite"
    Store.open(path, clock).close()
    with pytest.raises(StoreError, match="not a copy"):
        take.take(as_login(pg_team.url, "anna"), path, clock, PASSPHRASE)


def test_the_copy_keeps_no_password_and_is_private(pg_team, tmp_path, clock):
    import stat
    from urllib.parse import urlsplit

    make_cases(pg_team)
    parts = urlsplit(pg_team.url)
    url = f"postgresql://anna:geheim-wachtwoord@{parts.hostname}:{parts.port}{parts.path}"
    path = tmp_path / "copy.sqlite"
    take.take(url, path, clock, PASSPHRASE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    copy = Store.open(path, clock)
    with copy.read() as conn:
        stored = state.read_all(conn)["team_url"]
    assert "geheim" not in stored and stored.startswith("postgresql://anna@")
    assert not (tmp_path / "copy.sqlite.taking").exists()
    copy.close()
