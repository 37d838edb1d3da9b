"""regie-tui backup / restore / audit, and the daily backup at start-up."""

from __future__ import annotations

import sqlite3

import pytest

from regie_tui import cli
from regie_tui.data import audit_log, backups, commands
from regie_tui.data.store import Store
from regie_tui.rules import vocab
from tests.conftest import TODAY
from tests.trustkit import damage_index, meetings, mode, scalar


@pytest.fixture
def cli_store(store, make_case):
    """A store with one case, closed so the CLI opens it as a fresh run would."""
    case_id, version = make_case(code="KIND-1")
    commands.record_meeting(store, case_id, version, kind=vocab.HOME_VISIT, held_on=TODAY)
    commands.record_case_opened(store, case_id)
    store.close()
    return store.path



def _main(path, *args) -> int:
    return cli.main(["--db", str(path), "--today", TODAY.isoformat(), "--as", "Tester", *args])



def test_start_up_makes_the_daily_backup_once(cli_store, capsys):
    daily = backups.daily_path(cli_store, TODAY)
    assert not daily.exists()
    assert _main(cli_store, "audit", "verify") == 0
    assert daily.exists() and mode(daily) == 0o600
    stamp = daily.stat().st_mtime_ns
    assert _main(cli_store, "audit", "verify") == 0
    assert daily.stat().st_mtime_ns == stamp


def test_backup_writes_a_private_copy_and_audits_it(cli_store, tmp_path, capsys):
    out = tmp_path / "usb" / "kopie.sqlite"
    assert _main(cli_store, "backup", "--out", str(out)) == 0
    assert str(out) in capsys.readouterr().out
    assert mode(out) == 0o600 and backups.integrity(out) == "ok"
    store = Store(cli_store)
    with store.read() as conn:
        last = conn.execute("SELECT actor, action, object FROM audit_log ORDER BY id DESC "
                            "LIMIT 1").fetchone()
    assert last == ("Tester", "export", "export:backup")


def test_backup_refuses_to_overwrite(cli_store, tmp_path, capsys):
    out = tmp_path / "kopie.sqlite"
    out.write_text("mine")
    assert _main(cli_store, "backup", "--out", str(out)) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text() == "mine"


def test_backup_without_out_goes_to_the_backups_folder(cli_store, capsys):
    assert _main(cli_store, "backup") == 0
    made = [p for p in backups.backup_dir(cli_store).iterdir() if "-manual-" in p.name]
    assert len(made) == 1 and mode(made[0]) == 0o600


def test_restore_drill(cli_store, tmp_path, capsys):
    out = tmp_path / "kopie.sqlite"
    assert _main(cli_store, "backup", "--out", str(out)) == 0
    store = Store(cli_store, actor="Tester")
    case_id = store.case_id_for_code("KIND-1")
    version = store.load_case(case_id).version
    commands.record_meeting(store, case_id, version, kind=vocab.MDO, held_on=TODAY)
    store.close()
    assert meetings(cli_store) == 2
    capsys.readouterr()
    assert _main(cli_store, "restore", str(out), "--yes") == 0
    printed = capsys.readouterr().out
    assert "Restored" in printed and "kept as" in printed
    assert meetings(cli_store) == 1
    aside = next(cli_store.parent.glob("cases-replaced-*.sqlite"))
    assert meetings(aside) == 2
    assert audit_log.verify_store(Store(cli_store)).ok
    with Store(cli_store).read() as conn:
        assert conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"
                            ).fetchone() == ("restore",)


def test_restore_needs_confirmation_when_not_interactive(cli_store, tmp_path, capsys,
                                                         monkeypatch):
    out = backups.make_backup(cli_store, tmp_path / "kopie.sqlite")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert _main(cli_store, "restore", str(out)) == 2
    assert "--yes" in capsys.readouterr().err
    assert list(cli_store.parent.glob("*replaced*")) == []


def test_restore_refuses_a_damaged_backup(cli_store, tmp_path, capsys):
    out = backups.make_backup(cli_store, tmp_path / "kopie.sqlite")
    damage_index(out)
    before = cli_store.read_bytes()
    assert _main(cli_store, "restore", str(out), "--yes") == 2
    assert "failed its check" in capsys.readouterr().err
    assert cli_store.read_bytes() == before


def test_audit_verify_names_the_first_broken_link(cli_store, capsys):
    assert _main(cli_store, "audit", "verify") == 0
    assert "intact" in capsys.readouterr().out
    conn = sqlite3.connect(cli_store)
    # Someone with the file and sqlite3 drops the trigger and edits an entry.
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'Niemand' WHERE id = 3")
    conn.commit()
    conn.close()
    assert _main(cli_store, "audit", "verify") == 1
    assert "broken at entry 3" in capsys.readouterr().out


def _add_entries(path, n: int = 3) -> None:
    store = Store(path, actor="Tester")
    case_id = store.case_id_for_code("KIND-1")
    for _ in range(n):
        commands.record_case_opened(store, case_id)
    store.close()


def _tamper(path, sql: str, *params) -> None:
    """What someone with the file and sqlite3 could do: drop the guards, then edit."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    conn.execute(sql, params)
    conn.commit()
    conn.close()



def test_audit_verify_holds_the_log_against_its_backups(cli_store, capsys):
    assert _main(cli_store, "audit", "verify") == 0
    out = capsys.readouterr().out
    assert "intact" in out and "There is no backup to hold it against" in out
    # Today's backup is made after the log passed, never before verifying it.
    assert backups.daily_path(cli_store, TODAY).exists()
    assert _main(cli_store, "audit", "verify") == 0
    out = capsys.readouterr().out
    assert "intact" in out and "every entry its backup holds" in out


def test_audit_verify_finds_entries_removed_from_the_end(cli_store, capsys):
    _add_entries(cli_store)
    assert _main(cli_store, "backup") == 0  # a manual backup holds the newest entries
    last = scalar(cli_store, "SELECT MAX(id) FROM audit_log")
    # The chain that is left is unbroken: only the backups can tell.
    _tamper(cli_store, "DELETE FROM audit_log WHERE id > ?", last - 2)
    assert audit_log.verify_store(Store(cli_store)).ok
    capsys.readouterr()
    assert _main(cli_store, "audit", "verify") == 1
    out = capsys.readouterr().out
    assert "intact" not in out
    assert f"entries {last - 1} to {last} were removed from the end" in out
    assert "-manual-" in out


def test_audit_verify_finds_a_log_rewritten_with_fresh_hashes(cli_store, capsys):
    from regie_tui.data import audit

    _add_entries(cli_store)
    assert _main(cli_store, "backup") == 0
    last = scalar(cli_store, "SELECT MAX(id) FROM audit_log")
    conn = sqlite3.connect(cli_store)
    prev, *row = conn.execute(
        f"SELECT prev_hash, {', '.join(audit.FIELDS)} FROM audit_log WHERE id = ?", (last,)
    ).fetchone()
    conn.close()
    values = dict(zip(audit.FIELDS, row, strict=True))
    values["actor"] = "Niemand"  # the entry re-hashed, so the chain stays unbroken
    _tamper(cli_store, "UPDATE audit_log SET actor = ?, hash = ? WHERE id = ?",
            "Niemand", audit.entry_hash(prev, values), last)
    assert audit_log.verify_store(Store(cli_store)).ok
    capsys.readouterr()
    assert _main(cli_store, "audit", "verify") == 1
    assert f"from entry {last} on, the log was rewritten" in capsys.readouterr().out


def test_audit_verify_accepts_the_history_a_restore_left(cli_store, tmp_path, capsys):
    older = tmp_path / "kopie.sqlite"
    assert _main(cli_store, "backup", "--out", str(older)) == 0
    _add_entries(cli_store)
    assert _main(cli_store, "backup") == 0  # holds entries the restore will drop
    assert _main(cli_store, "restore", str(older), "--yes") == 0
    capsys.readouterr()
    assert _main(cli_store, "audit", "verify") == 0
    assert "intact" in capsys.readouterr().out


def test_audit_verify_names_backups_it_could_not_read(cli_store, capsys):
    assert _main(cli_store, "audit", "verify") == 0
    (backups.backup_dir(cli_store) / f"{cli_store.stem}-kapot.sqlite").write_bytes(b"x" * 4096)
    capsys.readouterr()
    assert _main(cli_store, "audit", "verify") == 0
    assert "1 backup could not be read" in capsys.readouterr().out


def test_the_audit_log_refuses_changes(cli_store):
    conn = sqlite3.connect(cli_store)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_log SET actor = 'x' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_log")
    conn.close()


def test_audit_case_lists_who_did_what(cli_store, capsys, monkeypatch):
    monkeypatch.setattr(audit_log, "DISPLAY_TZ", __import__("datetime").UTC)
    assert _main(cli_store, "audit", "--case", "KIND-1") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "KIND-1" in lines[0]
    assert "opened the case" in lines[1] and "Tester" in lines[1]
    assert "recorded a meeting or contact" in lines[2]
    assert "created the case" in lines[3]
    assert TODAY.strftime("%d-%m-%Y") in lines[1]


def test_audit_needs_an_action(cli_store, capsys):
    assert _main(cli_store, "audit") == 2
    assert "audit verify" in capsys.readouterr().err
    assert _main(cli_store, "audit", "--case", "NOPE") == 2


def test_a_damaged_store_warns_on_the_cli_and_names_the_backup(cli_store, capsys):
    backups.daily_backup(cli_store, TODAY)
    damage_index(cli_store)
    assert _main(cli_store, "signals", "--case", "KIND-1") == 0
    err = capsys.readouterr().err
    assert "read-only" in err and "regie-tui restore" in err


def test_a_damaged_store_can_still_be_copied_out(cli_store, tmp_path, capsys):
    damage_index(cli_store)
    out = tmp_path / "redding.sqlite"
    assert _main(cli_store, "backup", "--out", str(out)) == 0
    assert out.exists() and mode(out) == 0o600


def test_audit_case_of_a_closed_case_gives_the_retention_end(store, make_case, capsys):
    case_id, version = make_case(code="DICHT-1")
    commands.close_case(store, case_id, version, closed_on=TODAY, reason="goals_reached",
                        handover_to="Buurtteam", handover_on=TODAY, aftercare="Nazorg")
    store.close()
    assert _main(store.path, "audit", "--case", "DICHT-1") == 0
    assert "keep the file until 16 November 2046" in capsys.readouterr().out


def test_restore_of_a_missing_file_says_so(cli_store, tmp_path, capsys):
    assert _main(cli_store, "restore", "--yes", str(tmp_path / "nergens.sqlite")) == 2
    assert "There is no backup file" in capsys.readouterr().err
