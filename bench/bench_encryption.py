"""Encryption at rest: what SQLCipher costs, and the canary on a big store.

    .venv/bin/python bench/bench_encryption.py [--cases 10000]

Converts a copy of the demo store with `encrypt.encrypt_store`, then reports:
the conversion time, unlocking (the one key derivation), loading all facts
plain vs. encrypted, and whether any of the store's person names or case
aliases can be found in plain text in the encrypted store, its WAL or its
backups (the canary; the plain copy is scanned too, to show the scan finds them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from _common import DEMO_DAY, machine, median_ms, store_path

from regie_tui.base.clock import Clock
from regie_tui.data import backups, cipher, commands, encrypt
from regie_tui.data.store import Store

PASSPHRASE = "bench wachtzin 2026"


def canaries(path: Path, limit: int = 400) -> list[bytes]:
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM person LIMIT ?", (limit,))]
        names += [r[0] for r in conn.execute("SELECT alias FROM care_case LIMIT ?", (limit,))]
    return [n.encode("utf-8") for n in names if len(n) >= 6]


def legible(files: list[Path], words: list[bytes]) -> int:
    found = 0
    for path in files:
        data = path.read_bytes()
        found += sum(1 for w in words if w in data)
    return found


def store_files(path: Path) -> list[Path]:
    folder = path.parent
    return [p for p in folder.rglob("*") if p.is_file()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    source = store_path(args.cases)
    words = canaries(source)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain" / "regie.sqlite"
        plain.parent.mkdir()
        shutil.copy(source, plain)
        enc = Path(tmp) / "enc" / "regie.sqlite"
        enc.parent.mkdir()
        shutil.copy(source, enc)
        print(f"canary words: {len(words)}; found in the plain copy: "
              f"{legible(store_files(plain), words)}")

        cipher.set_passphrase(PASSPHRASE)
        start = time.perf_counter()
        encrypt.encrypt_store(enc, dt.datetime(2026, 11, 16, 9, 0))
        print(f"encrypt {args.cases:,}-case store ({enc.stat().st_size / 1e6:.1f} MB): "
              f"{(time.perf_counter() - start) * 1000:.0f} ms")

        cipher.forget_passphrase()
        start = time.perf_counter()
        cipher.unlock(enc, PASSPHRASE)
        print(f"unlock (derive the key once): {(time.perf_counter() - start) * 1000:.0f} ms")

        for label, path in (("plain", plain), ("encrypted", enc)):
            store = Store(path, Clock(DEMO_DAY))
            store.load_caseload()
            print(f"load all facts, {label:<9}: {median_ms(store.load_caseload, runs=9):6.0f} ms "
                  "(median of 9)")

        store = Store(enc, Clock(DEMO_DAY), actor="Sanne Voorbeeld")
        saved = commands.create_case(store, code="CANARY-1", alias="Gezin Zwaluwstaart",
                                     opened_on=DEMO_DAY,
                                     process_director_id=store.consultant_id("Sanne Voorbeeld"))
        assert saved.case_id
        backups.daily_backup(enc, DEMO_DAY + dt.timedelta(days=1))
        files = store_files(enc)
        words.append(b"Zwaluwstaart")
        print(f"files scanned after encrypting and writing: "
              f"{', '.join(sorted(p.name for p in files))}")
        print(f"canary words found in plain text: {legible(files, words)} "
              f"(of {len(words)} words, {len(files)} files)")
        store.close()


if __name__ == "__main__":
    main()
