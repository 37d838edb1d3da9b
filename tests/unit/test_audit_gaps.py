"""What `audit verify` finds, or says plainly it cannot (issue 14, item 7): a rewrite
labelled as a restore, a rewrite with the backups deleted, dropped append-only
triggers, and a restore killed just after the file swap."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from regie_tui import cli
from regie_tui.base.clock import Clock
from regie_tui.data import audit, audit_log, backups, commands, db
from regie_tui.data.store import Store
from tests.conftest import TODAY
from tests.trustkit import scalar

LATER = TODAY + dt.timedelta(days=3)


@pytest.fixture
def cli_store(store, make_case):
    case_id, _version = make_case(code="KIND-1")
    for _ in range(3):
        commands.record_case_opened(store, case_id)
    store.close()
    return store.path


def _verify(path, day=TODAY) -> int:
    return cli.main(["audit", "verify", "--db", str(path), "--today", day.isoformat(),
                     "--as", "Tester", "--lang", "en"])


def _rewrite_from(path, first: int, **changes) -> None:
    """Change entries from ``first`` on and re-hash the rest: an unbroken, new chain."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    cols = ", ".join(audit.FIELDS)
    prev = conn.execute("SELECT hash FROM audit_log WHERE id = ?", (first - 1,)).fetchone()[0]
    for entry_id, *row in conn.execute(
            f"SELECT id, {cols} FROM audit_log WHERE id >= ? ORDER BY id", (first,)).fetchall():
        values = dict(zip(audit.FIELDS, row, strict=True))
        if entry_id == first:
            values.update(changes)
        digest = audit.entry_hash(prev, values)
        conn.execute(f"UPDATE audit_log SET {', '.join(f'{c} = ?' for c in audit.FIELDS)}, "
                     "prev_hash = ?, hash = ? WHERE id = ?",
                     (*values.values(), prev, digest, entry_id))
        prev = digest
    # Put the guards back, as a careful forger would.
    for name in audit.APPEND_ONLY_TRIGGERS:
        verb = "UPDATE" if name.endswith("update") else "DELETE"
        conn.execute(f"CREATE TRIGGER {name} BEFORE {verb} ON audit_log "
                     "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END")
    conn.commit()
    conn.close()


def _last_id(path) -> int:
    return scalar(path, "SELECT MAX(id) FROM audit_log")


def test_a_rewrite_labelled_restore_is_named_with_the_limit_stated(cli_store, capsys):
    assert cli.main(["backup", "--db", str(cli_store), "--today", TODAY.isoformat(),
                     "--as", "Tester"]) == 0
    first = _last_id(cli_store) - 2
    _rewrite_from(cli_store, first, action="restore", actor="Niemand")
    capsys.readouterr()
    _verify(cli_store)
    out = capsys.readouterr().out
    assert (f"From entry {first} on, the log differs from the backup" in out
            and "records a restore" in out and "Niemand" in out
            and "cannot tell a real restore from a rewrite labelled as one" in out)


def test_a_rewrite_with_the_backups_deleted_is_not_vouched_for(cli_store, capsys):
    assert _verify(cli_store) == 0  # makes today's backup, after the check
    _rewrite_from(cli_store, _last_id(cli_store) - 1, actor="Niemand")
    shutil.rmtree(backups.backup_dir(cli_store))
    capsys.readouterr()
    _verify(cli_store, LATER)
    out = capsys.readouterr().out
    # Before the fix verify first took a fresh backup of this log and said it held
    # "every entry its backup holds".
    assert "every entry" not in out
    assert "There is no backup to hold it against" in out
    assert "yet there is no backup of the store" in out


def test_verify_never_backs_up_a_log_it_rejects(cli_store, capsys):
    assert cli.main(["backup", "--db", str(cli_store), "--today", TODAY.isoformat(),
                     "--as", "Tester"]) == 0
    _rewrite_from(cli_store, _last_id(cli_store) - 1, actor="Niemand")
    assert _verify(cli_store, LATER) == 1
    assert not backups.daily_path(cli_store, LATER).exists()


def test_dropped_append_only_triggers_are_found(cli_store, capsys):
    conn = sqlite3.connect(cli_store)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert _verify(cli_store) == 1
    out = capsys.readouterr().out
    assert "no longer append-only" in out and "audit_log_no_update" in out
    assert "intact" not in out


def test_a_trigger_that_no_longer_refuses_is_found(cli_store, capsys):
    conn = sqlite3.connect(cli_store)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                 "BEGIN SELECT 1; END")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert _verify(cli_store) == 1
    assert "audit_log_no_delete" in capsys.readouterr().out


ENTRY = dict(at="2026-11-16T09:30:00+00:00", actor="Tester", device="laptop")


def test_a_restore_killed_just_after_the_swap_is_logged(cli_store, tmp_path, monkeypatch):
    copy = backups.make_backup(cli_store, tmp_path / "kopie.sqlite")
    entries = scalar(copy, "SELECT COUNT(*) FROM audit_log")

    secure = db.secure_files

    def killed(path):  # the first thing done to the store after the rename: dies here
        if Path(path) == cli_store:
            raise KeyboardInterrupt
        secure(path)

    monkeypatch.setattr(db, "secure_files", killed)
    with pytest.raises(KeyboardInterrupt):
        backups.restore(cli_store, copy, dt.datetime(2026, 11, 16, 9, 30), entry=ENTRY)
    monkeypatch.undo()
    assert scalar(cli_store, "SELECT COUNT(*) FROM audit_log") == entries + 1
    assert scalar(cli_store, "SELECT action || '|' || actor FROM audit_log "
                             "ORDER BY id DESC LIMIT 1") == "restore|Tester"
    assert audit_log.verify_store(Store(cli_store, Clock(TODAY))).ok


def test_a_restore_killed_before_the_swap_leaves_the_store_as_it_was(cli_store, tmp_path,
                                                                     monkeypatch):
    copy = backups.make_backup(cli_store, tmp_path / "kopie.sqlite")
    before = _last_id(cli_store)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(audit, "append_raw", killed)
    with pytest.raises(KeyboardInterrupt):
        backups.restore(cli_store, copy, dt.datetime(2026, 11, 16, 9, 30), entry=ENTRY)
    assert _last_id(cli_store) == before
    assert [p.name for p in cli_store.parent.iterdir() if "restoring" in p.name
            or "replaced" in p.name] == []


def test_cli_restore_writes_one_entry_with_the_person(cli_store, tmp_path, capsys):
    copy = backups.make_backup(cli_store, tmp_path / "kopie.sqlite")
    entries = scalar(copy, "SELECT COUNT(*) FROM audit_log")
    assert cli.main(["restore", str(copy), "--yes", "--db", str(cli_store), "--today",
                     TODAY.isoformat(), "--as", "Partner"]) == 0
    assert scalar(cli_store, "SELECT COUNT(*) FROM audit_log") == entries + 1
    assert scalar(cli_store, "SELECT actor FROM audit_log ORDER BY id DESC LIMIT 1") \
        == "Partner"
