"""The cheap look for the team store (session.reachability): a port that accepts
a connection, over TCP or PostgreSQL's Unix socket."""

from __future__ import annotations

import socket

from regie_tui.session import reachability as R


def test_endpoints_of_the_url_forms():
    assert R.endpoints("postgresql://anna@server.example/regie") == [
        ("tcp", ("server.example", 5432))]
    assert R.endpoints("postgresql://anna@10.0.0.5:6543/regie") == [("tcp", ("10.0.0.5", 6543))]
    assert R.endpoints("postgresql:///regie?host=/run/pg&port=5433") == [
        ("unix", "/run/pg/.s.PGSQL.5433")]
    assert R.endpoints("postgresql:///regie") == [
        ("unix", "/var/run/postgresql/.s.PGSQL.5432"), ("unix", "/tmp/.s.PGSQL.5432")]


def test_a_listening_port_is_reachable_and_a_closed_one_is_not():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert R.reachable(f"postgresql://anna@127.0.0.1:{port}/regie", timeout=1)
    # Closed now: refused at once, no waiting for a time-out.
    assert not R.reachable(f"postgresql://anna@127.0.0.1:{port}/regie", timeout=1)


def test_a_unix_socket_is_reachable_while_it_listens(tmp_path):
    path = tmp_path / ".s.PGSQL.5432"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        server.listen()
        assert R.reachable(f"postgresql:///regie?host={tmp_path}", timeout=1)
    path.unlink()
    assert not R.reachable(f"postgresql:///regie?host={tmp_path}", timeout=1)
