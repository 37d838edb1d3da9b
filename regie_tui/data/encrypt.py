"""Converting a plain store, and its backups, to an SQLCipher-encrypted one.

Each file is exported into a new encrypted file next to it (``sqlcipher_export``),
checked (integrity and the row count of every table), and only then renamed
over the plain one. A crash at any moment leaves either the plain file or the
checked encrypted one in place, never half of each. A plain backup of the
store is taken first and is itself converted last, once everything else is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _
from regie_tui.data import backups, cipher, db


@dataclass
class Converted:
    store: Path
    safety_backup: Path
    backups: list[Path] = field(default_factory=list)
    # Earlier stores a restore set aside next to the store (``-replaced-``).
    replaced: list[Path] = field(default_factory=list)  # encrypted
    removed: list[Path] = field(default_factory=list)  # could not be: deleted


def _table_counts(conn, schema: str = "main") -> dict[str, int]:
    names = [row[0] for row in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0]
            for name in names}


def encrypt_file(path: Path, key: str) -> None:
    """Replace the plain SQLite file ``path`` by an encrypted copy keyed with ``key``."""
    path = Path(path)
    partial = path.with_name(path.name + ".encrypting")
    backups.remove_with_sidecars(partial)
    db.prepare_file(partial)
    source = cipher.module().connect(path, isolation_level=None)
    try:
        # Fold the WAL into the file first: after the rename an old -wal must
        # not hold anything the encrypted file lacks.
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        expected = _table_counts(source)
        version = source.execute("PRAGMA user_version").fetchone()[0]
        source.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(partial), key))
        source.execute("BEGIN IMMEDIATE")  # nobody writes while the copy is made
        source.execute("SELECT sqlcipher_export('encrypted')")
        source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        source.execute("COMMIT")
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()
    check = cipher.connect(partial, key)
    try:
        problem = check.execute("PRAGMA integrity_check").fetchone()[0]
        counts = _table_counts(check)
    finally:
        check.close()
    if problem != "ok" or counts != expected:
        backups.remove_with_sidecars(partial)
        raise StoreError(_("The encrypted copy of {name} did not match the original, so "
                           "nothing was changed.").format(name=path.name))
    os.replace(partial, path)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
    db.secure_files(path)


def plain_backups(store_path: Path) -> list[Path]:
    folder = backups.backup_dir(store_path)
    if not folder.is_dir():
        return []
    stem = Path(store_path).stem
    return sorted(p for p in folder.iterdir()
                  if p.name.startswith(stem + "-") and p.name.endswith(".sqlite")
                  and p.is_file() and not cipher.is_encrypted(p))


def set_aside(store_path: Path) -> list[Path]:
    """The plain stores ``backups.restore`` put aside next to the store."""
    store_path = Path(store_path)
    return sorted(p for p in store_path.parent.glob(f"{store_path.stem}-replaced-*.sqlite")
                  if p.is_file() and not cipher.is_encrypted(p))


def _encrypt_or_remove(path: Path, key: str, result: Converted) -> None:
    """A store set aside is often the damaged one a restore replaced: when it cannot be
    encrypted it is deleted, because a plain copy beside an encrypted store defeats it."""
    try:
        encrypt_file(path, key)
    except (StoreError, OSError, *db.errors()):
        backups.remove_with_sidecars(path)
        backups.remove_with_sidecars(path.with_name(path.name + ".encrypting"))
        result.removed.append(path)
    else:
        result.replaced.append(path)


def encrypt_store(store_path: Path, now: dt.datetime) -> Converted:
    """Encrypt the store and every plain backup of it with the passphrase set in ``cipher``."""
    store_path = Path(store_path)
    if not store_path.is_file() or store_path.stat().st_size == 0:
        raise StoreError(_("There is no case store at {path}.").format(path=store_path))
    if cipher.is_encrypted(store_path):
        raise StoreError(_("The case store {path} is already encrypted.").format(path=store_path))
    problem = backups.integrity(store_path)
    if problem != "ok":
        raise StoreError(_("The case store did not pass its check ({problem}); restore a "
                           "good backup before encrypting it.").format(problem=problem))
    safety = backups.make_backup(store_path, backups.backup_dir(store_path) / (
        f"{store_path.stem}-before-encrypt-{now:%Y%m%d-%H%M%S}.sqlite"))
    key = cipher.new_key_spec()
    encrypt_file(store_path, key)
    result = Converted(store=store_path, safety_backup=safety)
    # The safety backup sorts with the others; it is converted once the store is.
    for backup in plain_backups(store_path):
        encrypt_file(backup, key)
        result.backups.append(backup)
    for aside in set_aside(store_path):
        _encrypt_or_remove(aside, key, result)
    return result
