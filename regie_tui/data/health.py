"""Opening a store safely: never on a network drive, never writing to a damaged file.

``open_store`` is what the CLI and the app use instead of ``Store.open``:

* a store on NFS or SMB/CIFS is refused, because SQLite's file locking is not
  reliable there and two writers could damage the file;
* a path that is no regular file, a read-only folder or file, a wiped header
  each get their own message, and nothing is changed;
* an existing file gets ``PRAGMA quick_check`` first, or the slower
  ``integrity_check`` (which also finds a damaged index) before the first
  daily backup of the day and after an unclean shutdown. When it fails, the
  store is opened read-only (``Store.blocked`` holds the reason; every writing
  path refuses with it) and the message names the newest good backup. No
  schema upgrade and no daily backup are run on a damaged file: a backup of it
  could push a good one out of the rotation.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from regie_tui.base.clock import Clock
from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _
from regie_tui.data import backups, cipher, db
from regie_tui.data.store import Store

MOUNTS = Path("/proc/mounts")
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "ncpfs", "9p",
    "ceph", "glusterfs", "lustre", "gpfs", "davfs", "fuse.sshfs", "fuse.davfs2",
    "fuse.glusterfs", "fuse.smbnetfs", "fuse.rclone",
})


def _unescape(field: str) -> str:
    # /proc/mounts writes a space in a mount point as \040 (octal escapes).
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, filesystem type) per line of a /proc/mounts table."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append((_unescape(fields[1]), fields[2]))
    return mounts


def filesystem_type(folder: Path, mounts: str | None = None) -> str | None:
    """The type of the filesystem holding ``folder``; None when unknown (no /proc)."""
    if mounts is None:
        try:
            mounts = MOUNTS.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = os.path.realpath(folder)
    best, kind = -1, None
    for point, fstype in parse_mounts(mounts):
        prefix = point.rstrip("/") + "/"
        if (target == point or target.startswith(prefix)) and len(point) > best:
            best, kind = len(point), fstype
    return kind


def is_network(fstype: str | None) -> bool:
    return fstype is not None and (fstype in NETWORK_FILESYSTEMS or fstype.startswith("nfs"))


def refuse_network_store(path: Path, mounts: str | None = None) -> None:
    fstype = filesystem_type(Path(path).parent, mounts)
    if is_network(fstype):
        raise StoreError(_(
            "The case store {path} is on a network drive ({fstype}). Regie cannot keep "
            "records safe there: SQLite's file locking does not work reliably on network "
            "drives, so records could be lost or the file damaged. Keep the store on this "
            "computer's own disk (the default location) and use backups to copy it.").format(
                path=path, fstype=fstype))


# SQLite errors that say the file could not be opened or written here, not that
# its content is damaged: no "restore a backup" advice for those.
ACCESS_ERRORS = ("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH")


class CannotOpen(Exception):
    """SQLite could not open or lock the file (permissions, a read-only folder)."""


def check(path: Path, *, full: bool = False) -> str:
    """``ok`` or SQLite's first complaint. ``full``: ``integrity_check``, which also
    finds an index that disagrees with its table ("wrong # of entries in index");
    ``quick_check`` does not. Raises sqlite3.DatabaseError for a file that is not
    a database at all (or whose first page is destroyed), CannotOpen when SQLite
    cannot open it here."""
    try:
        conn = db.open_file(path, readonly=True, pragmas=False)
    except db.errors("DatabaseError") as exc:
        if getattr(exc, "sqlite_errorname", "") in ACCESS_ERRORS:
            raise CannotOpen(str(exc)) from None
        raise
    try:
        return conn.execute(f"PRAGMA {'integrity_check' if full else 'quick_check'}"
                            ).fetchone()[0]
    except db.errors("DatabaseError") as exc:
        name = getattr(exc, "sqlite_errorname", "")
        if name == "SQLITE_NOTADB":
            raise
        if name in ACCESS_ERRORS:
            raise CannotOpen(str(exc)) from None
        return str(exc)  # SQLITE_CORRUPT: damaged, but perhaps partly readable
    finally:
        conn.close()


def quick_check(path: Path) -> str:
    return check(path)


def needs_full_check(path: Path, today) -> bool:
    """``integrity_check`` instead of ``quick_check``: before the first daily backup of
    the day (a backup of a damaged store would push a good one out of the rotation),
    and when a -wal is left (another process has the store open, or the last one
    did not close it: an unclean shutdown)."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return True
    return today is not None and not backups.daily_path(path, today).exists()


def backup_offer(path: Path) -> str:
    good = backups.newest_good_backup(path)
    if good is None:
        return _("No good backup was found in {folder}.").format(folder=backups.backup_dir(path))
    return _("The newest good backup is {backup}. Close Regie and restore it with: "
             "regie-tui restore {backup}").format(backup=good)


def refuse_unwritable(path: Path) -> None:
    """A store Regie cannot write: its folder or the file is read-only. Said as such
    (not as damage), before SQLite tries to create its -wal/-shm there."""
    folder = path.parent
    if not folder.exists():
        return
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(_(
            "The folder {folder} is read-only for you, and Regie must be able to write "
            "there: SQLite keeps its journal files next to the store. Make the folder "
            "writable, or copy the store to a folder you can write to. Nothing was changed."
        ).format(folder=folder))
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(_(
            "The case store {path} is read-only for you (or not readable). Change its "
            "permissions so you can read and write it. Nothing was changed.").format(path=path))


def may_read_before_check(path: Path) -> bool:
    """Whether the start-up child may read the first rows while the store's check
    still runs (``integrity_check`` on the first start of a day or with a -wal
    left, else ``quick_check``): only an existing plain file that passes the
    cheap refusals of :func:`open_store`. An encrypted store waits for its
    passphrase and its check as before. Which check runs does not matter: the
    rows count only once it has passed."""
    path = Path(path)
    try:
        db.refuse_non_file(path)
        refuse_network_store(path)
        refuse_unwritable(path)
        if not path.is_file() or path.stat().st_size == 0:
            return False
        return not cipher.is_zeroed(path) and not cipher.is_encrypted(path)
    except (StoreError, OSError):
        return False  # open_store says what is wrong, with the check done first


def reader_before_check(path: Path, clock: Clock, actor: str) -> Store:
    """The store as the start-up child reads it before the check has passed:
    every connection read-only, every write refused. No schema upgrade, no
    backup: those come after the check (:func:`open_store`, ``daily_backup``)."""
    store = Store(Path(path), clock, actor)
    store.blocked = _("The case store is still being checked; nothing can be saved yet.")
    return store


def open_store(path: Path, clock: Clock | None = None, actor: str = "system", *,
               mounts: str | None = None, daily: bool = False) -> Store:
    """``daily``: the caller takes the daily backup after this (the CLI and the app,
    not the demo), so the first opening of a day gets the full check."""
    path = Path(path)
    db.refuse_non_file(path)
    refuse_network_store(path, mounts)
    refuse_unwritable(path)
    if path.exists() and path.stat().st_size > 0:
        if cipher.is_zeroed(path):
            raise StoreError(_(
                "The start of the file {path} has been overwritten with zeros, so it can no "
                "longer be read as a case store (this is damage, not a passphrase question). "
                "Nothing was changed. {offer}").format(path=path, offer=backup_offer(path)))
        today = (clock or Clock()).today() if daily else None
        try:
            result = check(path, full=needs_full_check(path, today))
        except CannotOpen as exc:
            raise StoreError(_(
                "The case store {path} could not be opened here ({reason}). Check that you "
                "may read and write the file and its folder. Nothing was changed.").format(
                    path=path, reason=exc)) from None
        except db.errors("DatabaseError"):
            raise StoreError(_("The file {path} is not a Regie store, or it is damaged beyond "
                               "reading. {offer}").format(path=path, offer=backup_offer(path))
                             ) from None
        if result != "ok":
            store = Store(path, clock, actor)
            store.blocked = _(
                "The case store did not pass its check when it was opened, so Regie opened "
                "it read-only: you can look, but nothing can be saved. {offer}").format(
                    offer=backup_offer(path))
            return store
    return Store.open(path, clock, actor)
