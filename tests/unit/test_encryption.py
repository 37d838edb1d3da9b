"""Encryption at rest: converting a store, opening it, and nothing legible on disk."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import sqlite3
from pathlib import Path

import pytest

from regie_tui import cli
from regie_tui.base.errors import StoreError
from regie_tui.data import audit_log, backups, cipher, commands, encrypt, health
from regie_tui.data.store import Store
from regie_tui.rules import vocab
from tests.conftest import TODAY, table_counts
from tests.trustkit import mode

PASSPHRASE = "lange wachtzin 42"
NOW = dt.datetime(2026, 11, 16, 9, 30)
# Fictional names that must never be legible on disk once the store is encrypted.
CANARIES = ("Zwaluwstaart", "Korhoen Blauwborst", "Ijsvogeltje")


def _case_with_canaries(store, code: str) -> None:
    saved = commands.create_case(
        store, code=code, alias=f"Gezin {CANARIES[0]}", opened_on=TODAY - dt.timedelta(days=30),
        process_director_id=store.consultant_id("Tester"),
        people=[commands.PersonInput(name=CANARIES[1], role="youth", birth_year=2012)])
    commands.record_meeting(store, saved.case_id, saved.version, kind=vocab.HOME_VISIT,
                            held_on=TODAY, youth_present=True,
                            note=f"{CANARIES[2]} vertelde over school")


def _files_under(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*") if p.is_file()]


def _legible(path: Path) -> list[str]:
    data = path.read_bytes()
    return [name for name in CANARIES
            if name.encode("utf-8") in data or name.encode("utf-16-le") in data]


@pytest.fixture
def plain_store(new_store_path, clock):
    """A plain store with cases, a daily and a manual backup; closed, as before `encrypt`."""
    store = Store.open(new_store_path("cases.sqlite"), clock, actor="Tester")
    commands.create_consultant(store, "Tester")
    commands.create_case(store, code="KIND-1", alias="Gezin Een", opened_on=TODAY,
                         process_director_id=store.consultant_id("Tester"))
    _case_with_canaries(store, "KIND-2")
    backups.daily_backup(store.path, TODAY)
    backups.make_backup(store.path, backups.backup_dir(store.path) / "cases-manual-1.sqlite")
    store.close()
    return store.path


def _encrypt(path: Path) -> encrypt.Converted:
    cipher.set_passphrase(PASSPHRASE)
    return encrypt.encrypt_store(path, NOW)


def test_encrypting_converts_the_store_and_every_backup_and_keeps_all_rows(plain_store, clock):
    before = table_counts(Store(plain_store, clock))
    result = _encrypt(plain_store)

    assert cipher.is_encrypted(plain_store)
    assert {p.name for p in result.backups} == {
        "cases-2026-11-16.sqlite", "cases-manual-1.sqlite", result.safety_backup.name}
    for path in (plain_store, *result.backups):
        assert cipher.is_encrypted(path) and mode(path) == 0o600
        assert backups.integrity(path) == "ok"
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(plain_store).execute("SELECT count(*) FROM care_case").fetchone()
    store = health.open_store(plain_store, clock, actor="Tester")
    assert table_counts(store) == before
    assert {c.code for c in store.load_caseload().cases} == {"KIND-1", "KIND-2"}
    store.close()


def test_an_encrypted_store_takes_writes_backups_and_restores(plain_store, clock, tmp_path):
    _encrypt(plain_store)
    store = health.open_store(plain_store, clock, actor="Tester")
    _case_with_canaries(store, "KIND-3")
    copy = backups.make_backup(plain_store, tmp_path / "copy.sqlite")
    assert cipher.is_encrypted(copy) and backups.integrity(copy) == "ok"
    assert cipher.header(copy) == cipher.header(plain_store)  # same salt: same passphrase opens
    store.close()

    backups.restore(plain_store, copy, NOW)
    restored = Store.open(plain_store, clock)
    assert cipher.is_encrypted(plain_store)
    assert "KIND-3" in {c.code for c in restored.load_caseload().cases}
    restored.close()


def test_the_canaries_appear_nowhere_on_disk(plain_store, clock, private_home, tmp_path):
    # Before encryption the canary test itself must be able to fail.
    assert _legible(plain_store) or _legible(Path(f"{plain_store}-wal"))
    _encrypt(plain_store)
    store = health.open_store(plain_store, clock, actor="Tester")
    _case_with_canaries(store, "KIND-4")  # new writes land in the WAL first
    assert Path(f"{plain_store}-wal").stat().st_size > 0
    backups.daily_backup(plain_store, TODAY + dt.timedelta(days=1))
    backups.make_backup(plain_store, backups.backup_dir(plain_store) / "cases-manual-2.sqlite")
    audit_log.record(store, "export", "export:test")
    files = _files_under(tmp_path, private_home)
    assert any(p.name.endswith("-wal") for p in files)
    assert {p.name: _legible(p) for p in files if _legible(p)} == {}
    store.close()


def test_a_wrong_passphrase_is_one_clear_sentence_and_nothing_on_the_terminal(
        plain_store, capfd):
    _encrypt(plain_store)
    cipher.forget_passphrase()
    capfd.readouterr()
    with pytest.raises(cipher.WrongPassphrase) as caught:
        cipher.unlock(plain_store, "niet de goede")
    assert str(caught.value) == "The passphrase is not right for cases.sqlite."
    assert capfd.readouterr() == ("", "")
    assert not cipher.has_passphrase()
    with pytest.raises(cipher.PassphraseNeeded):
        Store(plain_store).load_caseload()


def test_the_key_is_derived_once_per_file_not_per_connection(plain_store, clock, monkeypatch):
    _encrypt(plain_store)
    cipher.forget_passphrase()
    calls = []
    real = hashlib.pbkdf2_hmac
    monkeypatch.setattr(hashlib, "pbkdf2_hmac",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    cipher.unlock(plain_store, PASSPHRASE)
    store = Store(plain_store, clock)
    for _ in range(5):
        store.load_caseload()
    assert len(calls) == 1


def test_sqlcipher_opens_it_with_the_passphrase_alone(plain_store):
    """Interoperability: the raw key Regie uses is SQLCipher 4's own derivation."""
    _encrypt(plain_store)
    conn = cipher.module().connect(plain_store)
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    assert conn.execute("SELECT count(*) FROM care_case").fetchone()[0] == 2
    conn.close()


def test_encrypting_twice_or_a_missing_store_is_refused(plain_store, tmp_path):
    _encrypt(plain_store)
    with pytest.raises(StoreError, match="already encrypted"):
        encrypt.encrypt_store(plain_store, NOW)
    with pytest.raises(StoreError, match="no case store"):
        encrypt.encrypt_store(tmp_path / "nothing.sqlite", NOW)


def test_a_new_passphrase_must_be_long_enough_and_typed_twice():
    with pytest.raises(StoreError, match="at least 8"):
        cipher.check_new_passphrase("kort", "kort")
    with pytest.raises(StoreError, match="not the same"):
        cipher.check_new_passphrase("lang genoeg 1", "lang genoeg 2")
    cipher.check_new_passphrase("lang genoeg", "lang genoeg")


def test_without_the_extra_the_message_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "sqlcipher3", None)
    with pytest.raises(StoreError, match=r"regie-tui\[encrypted\]"):
        cipher.module()


def test_temporary_storage_stays_in_memory(store):
    with store.read() as conn:
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY


def test_an_encrypted_store_at_an_old_revision_is_upgraded(tmp_path, clock):
    from regie_tui.data import migrate
    from regie_tui.data.migrations import HEAD

    path = tmp_path / "old.sqlite"
    migrate.upgrade(path, "0001")
    cipher.set_passphrase(PASSPHRASE)
    encrypt.encrypt_file(path, cipher.new_key_spec())
    store = Store.open(path, clock, backup_dir=tmp_path / "backups")
    with store.read() as conn:
        assert migrate.current_revision(conn) == HEAD
    (backup,) = (tmp_path / "backups").iterdir()
    assert cipher.is_encrypted(backup) and backups.integrity(backup) == "ok"
    store.close()


# -- the command line ------------------------------------------------------------

def _main(path, *args, stdin: str = "") -> int:
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return cli.main(["--db", str(path), "--today", TODAY.isoformat(), "--as", "Tester", *args])
    finally:
        sys.stdin = old


def test_cli_encrypt_then_every_command_asks_for_the_passphrase(plain_store, capsys):
    typed = f"{PASSPHRASE}\n{PASSPHRASE}\n"
    assert _main(plain_store, "encrypt", stdin=typed) == 0
    out = capsys.readouterr().out
    assert "is now encrypted" in out and "3 backups were encrypted" in out
    cipher.forget_passphrase()

    assert _main(plain_store, "signals", "--format", "csv",
                 stdin=f"{PASSPHRASE}\n") == 0
    assert "CASELOAD_REVIEW_OVERDUE,overdue,,Tester" in capsys.readouterr().out
    cipher.forget_passphrase()
    assert _main(plain_store, "audit", "verify", stdin=f"{PASSPHRASE}\n") == 0
    out = capsys.readouterr().out
    # The encrypted backups open with the same passphrase and are compared.
    assert "intact" in out and "every entry its 3 backups hold" in out
    assert "could not be read" not in out
    entries = [e.action for e in audit_log.case_entries(Store(plain_store), 1)]
    assert entries  # the store reads, with the passphrase still in this process


def test_cli_three_wrong_passphrases_stop_with_one_sentence(plain_store, capsys):
    _encrypt(plain_store)
    cipher.forget_passphrase()
    assert _main(plain_store, "signals", stdin="een\ntwee\ndrie\n") == 2
    err = capsys.readouterr().err
    assert err.count("The passphrase is not right for cases.sqlite.") == 3
    assert "Traceback" not in err


def test_cli_no_passphrase_keeps_the_store_closed(plain_store, capsys):
    _encrypt(plain_store)
    cipher.forget_passphrase()
    assert _main(plain_store, "signals", stdin="") == 2
    assert "stays closed" in capsys.readouterr().err


def test_cli_encrypt_refuses_a_short_passphrase_and_changes_nothing(plain_store, capsys):
    assert _main(plain_store, "encrypt", stdin="kort\nkort\n") == 2
    assert "at least 8" in capsys.readouterr().err
    assert not cipher.is_encrypted(plain_store)
    assert not any(cipher.is_encrypted(p) for p in backups.backup_dir(plain_store).iterdir())


def test_cli_restore_of_an_encrypted_backup(plain_store, capsys):
    _encrypt(plain_store)
    backup = backups.daily_path(plain_store, TODAY)
    cipher.forget_passphrase()
    assert _main(plain_store, "restore", "--yes", str(backup), stdin=f"{PASSPHRASE}\n") == 0
    assert "Restored" in capsys.readouterr().out
    assert cipher.is_encrypted(plain_store)


def test_cli_encrypt_also_encrypts_the_store_a_restore_set_aside(plain_store, capsys):
    aside = backups.restore(plain_store, backups.daily_path(plain_store, TODAY), NOW)
    assert aside is not None and _legible(aside)  # the plain copy the issue found
    typed = f"{PASSPHRASE}\n{PASSPHRASE}\n"
    assert _main(plain_store, "encrypt", stdin=typed) == 0
    out = capsys.readouterr().out
    assert f"The earlier store {aside}, set aside by a restore, was encrypted" in out
    assert cipher.is_encrypted(aside) and mode(aside) == 0o600
    assert backups.integrity(aside) == "ok"  # still a store, with the new passphrase
    files = _files_under(plain_store.parent)
    assert {p.name: _legible(p) for p in files if _legible(p)} == {}


def test_a_damaged_store_set_aside_is_deleted_and_named(plain_store, capsys):
    aside = backups.restore(plain_store, backups.daily_path(plain_store, TODAY), NOW)
    with open(aside, "r+b") as f:  # a restore often replaces a damaged store
        f.seek(4096)
        f.write(b"\x07" * 4096)
    assert _main(plain_store, "encrypt", stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n") == 0
    out = capsys.readouterr().out
    assert f"The earlier store {aside}, set aside by a restore, could not be read" in out
    assert not aside.exists()
    assert [p.name for p in plain_store.parent.iterdir() if "replaced" in p.name] == []
