"""Is the team store there? A cheap check for an app opened on a copy (issue 18).

Opening a PostgreSQL connection costs a login and TLS; to notice that the
laptop is back on the network it is enough that the server's port accepts a
connection. The app runs this off its UI thread every ``CHECK_SECONDS`` and
synchronises when the answer turns from no to yes. A yes is only a hint: the
synchronisation itself still says plainly when it fails.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import parse_qs, urlsplit

# Every half minute: the laptop is usually back on the network long before the
# consultant thinks of synchronising, and a refused or timed-out connect costs
# nothing noticeable at this rate.
CHECK_SECONDS = 30.0
TIMEOUT_SECONDS = 2.0
DEFAULT_PORT = 5432
# Where libpq looks for the server's socket when a URL names no host.
SOCKET_DIRS = ("/var/run/postgresql", "/tmp")  # noqa: S108 - libpq's own default


def endpoints(url: str) -> list[tuple[str, object]]:
    """Where the server of ``url`` listens: ("tcp", (host, port)) or ("unix", path)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    host = parts.hostname or (query.get("host") or [""])[0]
    try:
        port = parts.port or int((query.get("port") or [DEFAULT_PORT])[0])
    except ValueError:
        port = DEFAULT_PORT
    if host and not host.startswith("/"):
        return [("tcp", (host, port))]
    dirs = (host,) if host else SOCKET_DIRS
    return [("unix", os.path.join(d, f".s.PGSQL.{port}")) for d in dirs]


def reachable(url: str, timeout: float = TIMEOUT_SECONDS) -> bool:
    """Whether the team store's server accepts a connection now (no login)."""
    for kind, address in endpoints(url):
        try:
            if kind == "tcp":
                with socket.create_connection(address, timeout=timeout):
                    return True
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(timeout)
                sock.connect(address)
                return True
        except OSError:
            continue
    return False
