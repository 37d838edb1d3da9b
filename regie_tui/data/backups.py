"""Daily backups with rotation, manual backups, and restoring one.

Every copy goes through SQLite's backup API (``backup.backup_to``), never a
file copy, so a backup taken while the app writes is still consistent. A
backup is written under a temporary name and renamed when complete: a crash
mid-backup never leaves a half file under a backup's name.

Daily backups are ``<store>-YYYY-MM-DD.sqlite`` in ``backups/`` next to the
store. Rotation keeps the 7 newest days and, for the 4 weeks before those,
the newest backup of each week. Other files there (manual backups, backups
before a schema upgrade, replaced stores) are never pruned.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from pathlib import Path

from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _
from regie_tui.data import cipher, db
from regie_tui.data.backup import backup_to

DAILY_KEEP = 7
WEEKLY_KEEP = 4
FOLDER = "backups"


def backup_dir(store_path: Path) -> Path:
    return Path(store_path).parent / FOLDER


def daily_path(store_path: Path, day: dt.date) -> Path:
    return backup_dir(store_path) / f"{Path(store_path).stem}-{day.isoformat()}.sqlite"


def make_backup(source: Path, target: Path) -> Path:
    """A consistent copy of ``source`` at ``target`` (0600), all or nothing."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    remove_with_sidecars(partial)
    try:
        conn = db.connect(source)
        try:
            backup_to(conn, partial, cipher.key_spec_of(source))
        finally:
            conn.close()
        os.replace(partial, target)
    except BaseException:
        # A full disk, a kill: no half copy (or 0-byte file) stays behind.
        remove_with_sidecars(partial)
        raise
    db.secure_files(target)
    return target


def daily_backup(store_path: Path, today: dt.date) -> Path | None:
    """Back up once a day; cheap (one stat) when today's backup already exists."""
    target = daily_path(store_path, today)
    if target.exists():
        return None
    make_backup(store_path, target)
    prune(store_path)
    return target


def daily_backups(store_path: Path) -> dict[dt.date, Path]:
    folder = backup_dir(store_path)
    pattern = re.compile(rf"^{re.escape(Path(store_path).stem)}-(\d{{4}}-\d{{2}}-\d{{2}})\.sqlite$")
    found = {}
    if folder.is_dir():
        for path in folder.iterdir():
            match = pattern.match(path.name)
            if match:
                with contextlib.suppress(ValueError):
                    found[dt.date.fromisoformat(match.group(1))] = path
    return found


def to_keep(days, daily: int = DAILY_KEEP, weekly: int = WEEKLY_KEEP) -> set[dt.date]:
    """The days whose backups rotation keeps: the newest ``daily`` days, then the
    newest backup of each of the ``weekly`` ISO weeks before the kept days' weeks."""
    newest_first = sorted(set(days), reverse=True)
    keep = set(newest_first[:daily])
    covered = {d.isocalendar()[:2] for d in keep}
    weeks = 0
    for day in newest_first[daily:]:
        week = day.isocalendar()[:2]
        if week in covered:
            continue
        if weeks == weekly:
            break
        covered.add(week)
        keep.add(day)
        weeks += 1
    return keep


def prune(store_path: Path) -> list[Path]:
    backups = daily_backups(store_path)
    keep = to_keep(backups)
    removed = []
    for day, path in backups.items():
        if day not in keep:
            remove_with_sidecars(path)
            removed.append(path)
    return removed


def remove_with_sidecars(path: Path) -> None:
    """Delete a database file with its -wal, -shm and -journal, whichever exist."""
    for candidate in (path, *(Path(f"{path}{s}") for s in db.SIDECARS)):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


# -- checking and restoring -------------------------------------------------------

@contextlib.contextmanager
def read_only(path: Path):
    """A read-only connection that leaves the folder as it was.

    A file without -wal/-shm (a backup, a store nobody has open) is read as
    immutable: SQLite then creates no -wal/-shm beside it. Removing ones it
    created afterwards is not safe: another process may have opened the file
    in the meantime, and its -wal/-shm would go from under it.
    """
    in_use = any(Path(f"{path}{s}").exists() for s in ("-wal", "-shm"))
    conn = db.open_file(path, readonly=True, pragmas=False, immutable=not in_use)
    try:
        yield conn
    finally:
        conn.close()


def integrity(path: Path, *, quick: bool = False) -> str:
    """``ok`` or SQLite's first complaint about the file; read-only, changes nothing."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        with read_only(path) as conn:
            return _check(conn, pragma)
    except db.errors() as exc:
        return str(exc)


def _check(conn: sqlite3.Connection, pragma: str) -> str:
    try:
        row = conn.execute(f"PRAGMA {pragma}").fetchone()
        if row[0] != "ok":
            return row[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"audit_log", "care_case"} <= tables:
            return _("not a Regie store")
        return "ok"
    except db.errors() as exc:
        return str(exc)


def all_backups(store_path: Path) -> list[Path]:
    """Every backup of this store in its backups folder (daily, manual, before an
    upgrade), newest first."""
    folder = backup_dir(store_path)
    if not folder.is_dir():
        return []
    stem = Path(store_path).stem
    candidates = [p for p in folder.iterdir()
                  if p.name.startswith(stem + "-") and p.name.endswith(".sqlite")]
    return sorted(candidates, key=lambda p: p.stat().st_mtime, reverse=True)


def newest_good_backup(store_path: Path) -> Path | None:
    """The newest backup of this store that passes the integrity check."""
    for path in all_backups(store_path):
        if integrity(path) == "ok":
            return path
    return None


def require_file(backup: Path) -> None:
    """Refuse a backup path that names no file, in those words (not as a failed check)."""
    if not Path(backup).is_file():
        raise StoreError(_("There is no backup file {path}.").format(path=backup))


def restore(store_path: Path, backup: Path, now: dt.datetime, *,
            entry: dict | None = None) -> Path | None:
    """Replace the store by ``backup`` after checking the backup's integrity.

    The backup is copied to a file beside the store; ``entry`` (the audit
    fields ``at``, ``actor``, ``device``) is appended there as the restore's
    entry, and only then does the copy take the store's name, in one rename: a
    restore in place without its entry cannot happen, wherever it is killed.
    The current file (with its -wal/-shm) is kept aside, not deleted; returns
    where it went (None when there was no store yet). Close Regie first.
    """
    store_path, backup = Path(store_path), Path(backup)
    db.refuse_non_file(store_path)  # never move /dev/null or a folder aside
    require_file(backup)
    if store_path.exists() and backup.resolve() == store_path.resolve():
        raise StoreError(_("This is the case store itself, not a backup."))
    problem = integrity(backup)
    if problem != "ok":
        raise StoreError(_("The backup {path} failed its check ({problem}). Nothing was "
                           "changed.").format(path=backup, problem=problem))
    partial = store_path.with_name(store_path.name + ".restoring")
    remove_with_sidecars(partial)
    db.prepare_file(partial)
    try:
        _copy_with_entry(backup, partial, entry)
    except BaseException:
        remove_with_sidecars(partial)
        raise
    db.secure_files(partial)
    aside = None
    if store_path.exists():
        aside = store_path.with_name(
            f"{store_path.stem}-replaced-{now.strftime('%Y%m%d-%H%M%S')}.sqlite")
        _checkpoint(store_path)  # an empty WAL: nothing of the old store is left behind
        # A second name for the old file first, so the store's own name is never
        # without a file; its WAL moves along: together they are the old store.
        try:
            os.link(store_path, aside)
        except OSError:  # no hard links here (some USB file systems): a plain copy
            import shutil

            shutil.copy2(store_path, aside)
        for suffix in db.SIDECARS:
            source = Path(f"{store_path}{suffix}")
            if source.exists():
                os.replace(source, Path(f"{aside}{suffix}"))
        db.secure_files(aside)
    os.replace(partial, store_path)
    db.secure_files(store_path)
    return aside


def _copy_with_entry(backup: Path, target: Path, entry: dict | None) -> None:
    from regie_tui.data import audit

    with read_only(backup) as src:
        dest = db.open_file(target, key=cipher.key_spec_of(backup), pragmas=False)
        try:
            src.backup(dest)
            if entry is not None:
                dest.execute("BEGIN IMMEDIATE")
                audit.append_raw(dest, action="restore", object="restore:backup", **entry)
                dest.execute("COMMIT")
            # Folded into the file: the rename moves the whole store, no -wal beside it.
            dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dest.close()
    remove_with_sidecars_only(target)


def remove_with_sidecars_only(path: Path) -> None:
    """Delete the -wal/-shm/-journal of ``path`` (empty after a checkpoint), not the file."""
    for suffix in db.SIDECARS:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _checkpoint(path: Path) -> None:
    """Fold the store's WAL into the file, if it can be opened at all (best effort: a
    damaged store keeps its WAL, which then moves aside with it)."""
    try:
        conn = db.open_file(path, key=cipher.key_spec_of(path), pragmas=False)
    except (*db.errors(), OSError, StoreError):
        return
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except db.errors():
        pass
    finally:
        conn.close()
