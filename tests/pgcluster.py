"""A throwaway PostgreSQL cluster for the test suite, started by the suite itself.

``make test`` on a fresh machine needs nothing running: the first test that asks
for PostgreSQL starts a private cluster in a temporary folder, on its own port
and Unix socket, and the session stops it. ``initdb`` refuses to run as root (CI
runs as root), so as root the server runs as the ``postgres`` system user
through ``runuser``; the suite connects as the cluster's superuser over TCP on
loopback with ``trust`` (nothing outside this machine can reach it).

A missing PostgreSQL is an error, never a skip: the team store must be tested.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "postgres"


def _bin_dir() -> Path:
    """The newest installed server's binaries (Debian keeps them off the PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql "
                       "(the team-store tests need a server; they are never skipped)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reachable_tmp(as_root: bool) -> str | None:
    """A temporary folder the ``postgres`` user can reach (root's /tmp may be 0700)."""
    if not as_root:
        return None
    for candidate in (tempfile.gettempdir(), "/var/tmp", "/dev/shm"):
        if os.stat(candidate).st_mode & 0o001:
            return candidate
    raise RuntimeError("no temporary folder the postgres user can reach")


class Cluster:
    """One private server: ``start()``, ``url(dbname)``, ``stop(mode)``."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="regie-pg-", dir=_reachable_tmp(self.as_root)))
        self.data = self.root / "data"
        self.port = _free_port()
        if self.as_root:
            shutil.chown(self.root, user=SUPERUSER)
        self._initdb()

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", SUPERUSER, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, cwd=self.root)

    def _initdb(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8")
        conf = self.data / "postgresql.conf"
        extra = (f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                 f"unix_socket_directories = '{self.root}'\n"
                 # A test server: durability traded for speed, two cores shared.
                 "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                 "max_connections = 60\nshared_buffers = 64MB\n")
        if self.as_root:
            subprocess.run(["runuser", "-u", SUPERUSER, "--", "sh", "-c",
                            f"cat >> '{conf}'"], input=extra, text=True, check=True)
        else:
            with conf.open("a") as fh:
                fh.write(extra)

    def start(self) -> Cluster:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-w", "-t", "60", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(
                    ("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.1)
        raise RuntimeError("the test PostgreSQL did not start")
