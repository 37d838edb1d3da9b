"""Store safety (issue 14.5, 14.6, 14.9): a damaged store takes no writes, --db
touches only what Regie made, and every lock-out gets its own plain message
with nothing changed."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import multiprocessing
import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from regie_tui import cli
from regie_tui.base.errors import StoreError
from regie_tui.data import backups, commands, db, health
from regie_tui.rules import vocab
from tests.conftest import TODAY
from tests.trustkit import damage_index, mode

CSV = ("code,alias,regime,start date,process director\n"
       f"NEW-1,Gezin Nieuw,PR,{TODAY.isoformat()},Tester\n")


def _main(path, *args) -> int:
    return cli.main(["--db", str(path), "--today", TODAY.isoformat(), *args])


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes: "nothing was changed"."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _checkpointed(store) -> Path:
    """A copy of the store, in a folder of its own, with everything in its main file
    and no -wal/-shm (as after a clean close); the fixture keeps the original."""
    import shutil

    store.close()
    conn = sqlite3.connect(store.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    folder = store.path.parent / "own"
    folder.mkdir()
    return Path(shutil.copy(store.path, folder / store.path.name))


def _unchanged(before: dict[str, str], after: dict[str, str]) -> bool:
    """The same files with the same bytes; SQLite's own -wal/-shm of a read may appear."""
    def files(found):
        return {k: v for k, v in found.items() if not k.endswith(("-wal", "-shm"))}

    return files(before) == files(after)


def _rewire_index(path: Path) -> None:
    """Damage ``quick_check`` does not see: the audit index's definition names
    another column than its entries hold ("row 1 missing from index")."""
    conn = sqlite3.connect(path)
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX ix_audit_log_case_id ON "
                 "audit_log (actor)' WHERE name = 'ix_audit_log_case_id'")
    conn.execute(f"PRAGMA schema_version = {version + 1}")
    conn.commit()
    conn.close()


def _leave_wal(path: Path) -> None:
    """An unclean shutdown: a process writes and dies without closing the store."""
    def child():
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("INSERT INTO meta (key, value) VALUES ('crash-test', 'x')")
        os._exit(0)

    proc = multiprocessing.get_context("fork").Process(target=child)
    proc.start()
    proc.join()
    assert Path(f"{path}-wal").stat().st_size > 0


# -- 5. a damaged store takes no writes, import included ------------------------------

def test_import_into_a_damaged_store_is_refused_and_changes_nothing(store, tmp_path, capsys):
    path = _checkpointed(store)
    damage_index(path)
    sheet = tmp_path / "cases.csv"
    sheet.write_text(CSV)
    before = _fingerprint(path.parent)
    assert _main(path, "--as", "Tester", "import", str(sheet)) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "nothing can be saved" in err
    # The store and its folder are as they were (the check made no backup either).
    assert _unchanged(before, _fingerprint(path.parent))


def test_a_read_connection_of_a_damaged_store_cannot_write(store, clock):
    path = _checkpointed(store)
    damage_index(path)
    opened = health.open_store(path, clock)
    assert opened.blocked
    with pytest.raises(StoreError, match="read-only"):
        opened.require_writable()
    with opened.read() as conn, pytest.raises(db.errors("OperationalError")):
        conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")


def test_index_damage_is_found_before_the_first_backup_of_the_day(store, clock):
    path = _checkpointed(store)
    _rewire_index(path)
    assert health.check(path) == "ok", "the premise: quick_check does not see this damage"
    opened = health.open_store(path, clock, daily=True)  # no backup of today yet
    assert opened.blocked
    assert not backups.daily_path(path, TODAY).exists()


def test_index_damage_is_found_after_an_unclean_shutdown(store, clock):
    path = _checkpointed(store)
    backups.make_backup(path, backups.daily_path(path, TODAY))  # today's backup is made
    _rewire_index(path)
    assert not health.open_store(path, clock, daily=True).blocked  # quick check only
    _leave_wal(path)
    assert health.open_store(path, clock, daily=True).blocked


# -- 6. --db: the folder, the kind of file, a mistyped path -----------------------------

def test_an_existing_folder_keeps_its_mode(tmp_path, capsys):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    assert _main(shared / "s.sqlite", "--create", "signals", "--all") == 0
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o1777
    assert mode(shared / "s.sqlite") == 0o600


def test_only_folders_regie_makes_become_private(tmp_path, capsys):
    os.chmod(tmp_path, 0o755)
    assert _main(tmp_path / "new" / "deeper" / "s.sqlite", "--create",
                 "signals", "--all") == 0
    assert mode(tmp_path) == 0o755
    assert mode(tmp_path / "new") == 0o700
    assert mode(tmp_path / "new" / "deeper") == 0o700


def test_a_folder_given_as_the_store_is_refused(tmp_path, capsys):
    folder = tmp_path / "winkel"
    folder.mkdir()
    assert _main(folder, "signals", "--all") == 2
    err = capsys.readouterr().err
    assert "is a folder, not a case store file" in err
    assert list(folder.iterdir()) == []


def test_a_pipe_given_as_the_store_is_refused_and_not_touched(tmp_path, capsys):
    pipe = tmp_path / "pijp"
    os.mkfifo(pipe, 0o644)
    assert _main(pipe, "--create", "signals", "--all") == 2
    assert "not a regular file" in capsys.readouterr().err
    assert mode(pipe) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "pijp"]


def test_a_device_is_refused_before_anything_is_done():
    # Only the refusal itself: the CLI test above proves nothing is chmodded, on a
    # pipe of the test's own (a regression must never chmod this machine's /dev/null).
    with pytest.raises(StoreError, match="not a regular file"):
        db.refuse_non_file(Path("/dev/null"))


def test_a_mistyped_db_is_refused_without_create(tmp_path, capsys):
    typo = tmp_path / "regie.sqlite3"
    assert _main(typo, "signals", "--all") == 2
    assert "There is no case store at" in capsys.readouterr().err
    assert not typo.exists()
    assert _main(typo, "--create", "signals", "--all") == 0
    assert typo.is_file()


class _Terminal:
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "created"), [("n", False), ("", False), ("j", True),
                                                 ("yes", True)])
def test_the_app_asks_before_making_a_new_store(tmp_path, monkeypatch, answer, created):
    typo = tmp_path / "nieuw.sqlite"
    monkeypatch.setattr(sys, "stdin", _Terminal())
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or answer)
    args = cli.build_parser().parse_args(["--db", str(typo)])
    if created:
        assert cli._store_path(args, for_app=True) == typo
    else:
        with pytest.raises(cli.CliError, match="--create"):
            cli._store_path(args, for_app=True)
    assert asked and str(typo) in asked[0]


def test_the_app_without_a_terminal_does_not_make_a_store(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    args = cli.build_parser().parse_args(["--db", str(tmp_path / "x.sqlite")])
    with pytest.raises(cli.CliError, match="--create"):
        cli._store_path(args, for_app=True)


# -- 9. lock-outs and wrong advice ------------------------------------------------------

def test_a_write_lock_held_too_long_says_the_store_is_busy(store, make_case, monkeypatch):
    case_id, version = make_case()
    store.close()  # the next connection gets the short timeout below
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another Regie, saving
    try:
        with pytest.raises(db.StoreBusy, match="busy"):
            commands.record_meeting(store, case_id, version, kind=vocab.HOME_VISIT,
                                    held_on=TODAY, note="bezet")
    finally:
        other.execute("ROLLBACK")
        other.close()
    saved = commands.record_meeting(store, case_id, version, kind=vocab.HOME_VISIT,
                                    held_on=TODAY, note="daarna")
    assert saved.version == version + 1


def _no_room(conn, target, key=None):
    """The backup writer on a full disk: its file is created, then the copy fails."""
    db.prepare_file(target)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))


def test_a_full_disk_on_a_new_day_warns_and_does_not_lock_out(store, monkeypatch, capsys):
    path = _checkpointed(store)
    monkeypatch.setattr(backups, "backup_to", _no_room)
    assert _main(path, "--as", "Tester", "signals") == 0
    err = capsys.readouterr().err
    assert "backup could not be made" in err and "No space left on device" in err
    folder = backups.backup_dir(path)
    assert not any(p.name.endswith(".partial") for p in folder.iterdir())
    assert not backups.daily_path(path, TODAY).exists()


def test_a_full_disk_warning_reaches_the_app(store, monkeypatch):
    path = _checkpointed(store)
    monkeypatch.setattr(backups, "backup_to", _no_room)
    args = cli.build_parser().parse_args(["--db", str(path), "--today", TODAY.isoformat()])
    context = cli.make_context(args, for_app=True)
    assert len(context.warnings) == 1 and "No space left" in context.warnings[0]


def _as_nobody(function, *args):
    """Run ``function`` as an unprivileged user (root writes in any folder)."""
    if os.geteuid() != 0:
        return function(*args)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to nobody, report the outcome through the pipe
        code = 0
        try:
            os.setgid(65534)
            os.setuid(65534)
            result = repr(function(*args))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            result = f"{type(exc).__name__}: {exc}"
        with os.fdopen(write_end, "w") as out:
            out.write(result)
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end) as incoming:
        result = incoming.read()
    os.waitpid(pid, 0)
    return result


def _open_report(path: str) -> str:
    try:
        opened = health.open_store(Path(path))
    except StoreError as exc:
        return f"StoreError: {exc}"
    return f"blocked: {opened.blocked}"


def test_a_read_only_folder_says_so(store, tmp_path_factory):
    # A folder an unprivileged user reaches (pytest's own tree may be private).
    import shutil
    import tempfile

    shared = [d for d in ("/var/tmp", "/dev/shm", tempfile.gettempdir())
              if os.path.isdir(d) and os.stat(d).st_mode & 0o001]
    assert shared, "no world-reachable temporary folder on this machine"
    folder = Path(tempfile.mkdtemp(prefix="regie-ro-", dir=shared[0]))
    try:
        path = folder / "regie.sqlite"
        shutil.copy(_checkpointed(store), path)
        os.chmod(path, 0o644)
        os.chmod(folder, 0o555)
        before = _fingerprint(folder)
        report = _as_nobody(_open_report, str(path))
        assert "read-only" in report and str(folder) in report, report
        assert "restore" not in report and "backup" not in report, report
        assert _fingerprint(folder) == before
    finally:
        os.chmod(folder, 0o700)
        shutil.rmtree(folder)


def test_a_zeroed_header_gets_its_own_message(store, tmp_path, capsys, monkeypatch):
    path = _checkpointed(store)
    with open(path, "r+b") as f:
        f.write(bytes(100))
    before = _fingerprint(path.parent)
    monkeypatch.setattr(sys, "stdin", None)  # no passphrase could be typed
    assert _main(path, "signals", "--all") == 2
    err = capsys.readouterr().err
    assert "overwritten with zeros" in err
    assert "passphrase was given" not in err
    assert _fingerprint(path.parent) == before


def test_a_store_of_a_newer_regie_gets_its_own_message(store, tmp_path, capsys):
    path = _checkpointed(store)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = _fingerprint(path.parent)
    assert _main(path, "signals", "--all") == 2
    err = capsys.readouterr().err
    assert "newer version of Regie" in err and "9999" in err
    assert _unchanged(before, _fingerprint(path.parent))


def test_a_percent_sign_in_the_path_works(tmp_path, capsys):
    path = tmp_path / "100% zeker" / "regie%20.sqlite"
    assert _main(path, "--create", "signals", "--all") == 0
    assert path.is_file()
    assert _main(path, "signals", "--all") == 0


def test_restore_never_moves_a_non_file_aside(store, tmp_path):
    backup = backups.make_backup(store.path, tmp_path / "b.sqlite")
    pipe = tmp_path / "pijp"
    os.mkfifo(pipe, 0o644)
    with pytest.raises(StoreError, match="not a regular file"):
        backups.restore(pipe, backup, dt.datetime(2026, 11, 16, 9, 0))
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
