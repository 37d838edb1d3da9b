"""Encryption at rest with SQLCipher (the optional extra ``regie-tui[encrypted]``).

An encrypted store is recognised by its first 16 bytes: a plain SQLite file
starts with ``SQLite format 3``, an SQLCipher file with its random salt.

The passphrase is held in this process only (never written anywhere). Turning
it into a key costs SQLCipher's 256,000 PBKDF2-HMAC-SHA512 rounds, about half a
second; Regie opens a short-lived connection for every read, so the key is
derived once per file salt here, exactly as SQLCipher 4 would, and handed to
SQLCipher as a raw key together with the salt. A copy made with that raw key
(backups) gets the same salt, so the passphrase opens it too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
# SQLCipher 4 defaults: what a passphrase-keyed database uses.
KDF_ITERATIONS = 256_000
KDF_DIGEST = "sha512"
KEY_BYTES = 32
MIN_PASSPHRASE = 8


class PassphraseNeeded(StoreError):
    """The file is encrypted and this process has no passphrase yet."""


class WrongPassphrase(StoreError):
    """The passphrase does not open the file."""


_passphrase: str | None = None
_keys: dict[bytes, str] = {}


def module():
    """The SQLCipher DB-API module; a clear message when the extra is not installed."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise StoreError(_(
            "This store is encrypted, and this installation of Regie cannot open encrypted "
            "stores. Install it with the extra: pip install 'regie-tui[encrypted]'.")) from None
    return dbapi2


def available() -> bool:
    try:
        module()
    except StoreError:
        return False
    return True


# -- the passphrase ---------------------------------------------------------------

def set_passphrase(passphrase: str) -> None:
    global _passphrase
    if "\x00" in passphrase:
        raise StoreError(_("A passphrase cannot contain a NUL character."))
    if passphrase != _passphrase:
        _keys.clear()
    _passphrase = passphrase


def forget_passphrase() -> None:
    global _passphrase
    _passphrase = None
    _keys.clear()


def has_passphrase() -> bool:
    return _passphrase is not None


def passphrase_matches(candidate: str) -> bool:
    """Whether ``candidate`` is the passphrase in use (for unlocking the lock screen)."""
    import hmac

    if _passphrase is None:
        return False
    return hmac.compare_digest(candidate.encode("utf-8"), _passphrase.encode("utf-8"))


def check_new_passphrase(passphrase: str, repeated: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise StoreError(_("The passphrase must have at least {n} characters.").format(
            n=MIN_PASSPHRASE))
    if passphrase != repeated:
        raise StoreError(_("The two passphrases are not the same; nothing was changed."))


# -- files and keys ---------------------------------------------------------------

# Descriptors this process opened to read a database file's first bytes, one per
# file (device, inode), kept open until the process ends. Closing ANY descriptor
# of a file drops every POSIX lock this process holds on it, SQLite's included
# ("How to corrupt an SQLite database", 2.2): a connection of this process would
# lose its lock while it works, and a short-lived second Regie process closing
# the store would delete the -wal and -shm under it (lost writes, a damaged
# index). SQLite itself defers such closes; Python cannot know when SQLite is
# done, so these are never closed.
_held: dict[tuple[int, int], int] = {}


def header(path: Path) -> bytes:
    """The first 16 bytes of ``path``; b"" when it is missing or not a regular file.

    Safe while connections to the file are open: see ``_held``.
    """
    try:
        known = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return b""
    if not stat.S_ISREG(known.st_mode):
        return b""
    fd = _held.get((known.st_dev, known.st_ino))
    if fd is None:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
        except FileNotFoundError:
            return b""
        opened = os.fstat(fd)
        # Replaced between stat and open: the descriptor is the new file's.
        _held.setdefault((opened.st_dev, opened.st_ino), fd)
    return os.pread(fd, len(SQLITE_HEADER), 0)


def is_zeroed(path: Path) -> bool:
    """A file whose header was wiped with zero bytes (no database, plain or encrypted,
    starts so: a random 16-byte salt of zeros does not happen)."""
    return header(path) == bytes(len(SQLITE_HEADER))


def is_encrypted(path: Path) -> bool:
    """A file of whole database pages that does not start like a plain SQLite database.

    An encrypted file looks like random bytes; its size (whole pages of at
    least 512 bytes) is what tells it from any other file that is no database.
    """
    first = header(path)
    if len(first) != len(SQLITE_HEADER) or first in (SQLITE_HEADER, bytes(len(SQLITE_HEADER))):
        return False
    size = os.path.getsize(path)
    return size >= 512 and size % 512 == 0


def key_spec(salt: bytes) -> str:
    """SQLCipher's raw key-and-salt form for the current passphrase and ``salt``."""
    if _passphrase is None:
        raise PassphraseNeeded(_("This store is encrypted: Regie needs its passphrase."))
    spec = _keys.get(salt)
    if spec is None:
        import hashlib  # OpenSSL: only when a store is encrypted

        key = hashlib.pbkdf2_hmac(KDF_DIGEST, _passphrase.encode("utf-8"), salt,
                                  KDF_ITERATIONS, KEY_BYTES)
        spec = f"x'{key.hex()}{salt.hex()}'"
        _keys[salt] = spec
    return spec


def key_spec_of(path: Path) -> str | None:
    """The key of an encrypted file (None for a plain one)."""
    return key_spec(header(path)) if is_encrypted(path) else None


def new_key_spec() -> str:
    """A key with a fresh random salt, for a file about to be encrypted."""
    import secrets

    return key_spec(secrets.token_bytes(SALT_BYTES))


def connect(path: Path | str, spec: str, **options):
    """An SQLCipher connection keyed with ``spec``; WrongPassphrase if it does not open.

    ``options`` go to ``connect`` (timeout, uri, check_same_thread).
    """
    dbapi = module()
    conn = dbapi.connect(path, isolation_level=None, **options)
    try:
        # Before the key: otherwise SQLCipher prints its own errors onto the terminal.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{spec}"')
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi.DatabaseError:
        conn.close()
        raise WrongPassphrase(_("The passphrase is not right for {name}.").format(
            name=os.path.basename(str(path).split("?", 1)[0]))) from None
    return conn


def unlock(path: Path, passphrase: str) -> None:
    """Take ``passphrase`` for this process if it opens ``path``; WrongPassphrase if not."""
    previous = _passphrase
    set_passphrase(passphrase)
    try:
        connect(path, key_spec(header(path))).close()
    except WrongPassphrase:
        if previous is None:
            forget_passphrase()
        else:
            set_passphrase(previous)
        raise
