"""The fault tests' TCP proxy (tests/tcp_proxy.py) forwards, cuts and refuses as told."""

from __future__ import annotations

import socket
import threading

import pytest

from tests.tcp_proxy import TcpProxy


@pytest.fixture
def echo():
    """A server that sends back what it receives, on its own port."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve(conn):
        with conn:
            while data := _recv(conn):
                conn.sendall(data)

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    stop.set()
    server.close()


def _recv(conn, n=65536) -> bytes:
    try:
        return conn.recv(n)
    except OSError:
        return b""


def _connect(proxy) -> socket.socket:
    client = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
    return client


def _exchange(client, data: bytes) -> bytes:
    client.sendall(data)
    got = b""
    while len(got) < len(data):
        chunk = client.recv(65536)
        if not chunk:
            break
        got += chunk
    return got


def _is_cut(client) -> bool:
    """The connection is dead: a read gives a reset or the end, never data."""
    try:
        client.sendall(b"more")
        return client.recv(10) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True


def test_it_forwards_both_ways_and_counts(echo):
    with TcpProxy("127.0.0.1", echo) as proxy, _connect(proxy) as client:
        assert _exchange(client, b"hallo" * 1000) == b"hallo" * 1000
        assert proxy.accepted == 1 and proxy.bytes_up == 5000
        assert proxy.open_connections == 1


def test_cut_resets_every_open_connection_and_new_ones_work(echo):
    with TcpProxy("127.0.0.1", echo) as proxy:
        first, second = _connect(proxy), _connect(proxy)
        assert _exchange(first, b"a") == b"a" and _exchange(second, b"b") == b"b"
        assert proxy.cut() == 2
        assert _is_cut(first) and _is_cut(second)
        with _connect(proxy) as third:
            assert _exchange(third, b"c") == b"c"
        first.close()
        second.close()


def test_refuse_then_allow_on_the_same_port(echo):
    with TcpProxy("127.0.0.1", echo) as proxy:
        port = proxy.port
        proxy.refuse()
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=5)
        proxy.allow()
        assert proxy.port == port
        with _connect(proxy) as client:
            assert _exchange(client, b"weer") == b"weer"


def test_cut_after_a_number_of_bytes_passes_exactly_those(echo):
    with TcpProxy("127.0.0.1", echo) as proxy, _connect(proxy) as client:
        proxy.cut_after(6)  # 4 up, 4 back would be 8: the echo is cut after 2 of them
        client.sendall(b"abcd")
        got = b""
        try:
            while chunk := client.recv(10):
                got += chunk
        except ConnectionResetError:
            pass
        assert got == b"ab"
        assert proxy.cuts == 1 and proxy.bytes_up == 4 and proxy.bytes_down == 2
        assert proxy.open_connections == 0


def test_a_target_that_is_down_resets_the_client():
    unused = socket.create_server(("127.0.0.1", 0))
    port = unused.getsockname()[1]
    unused.close()
    with TcpProxy("127.0.0.1", port) as proxy:
        try:
            client = _connect(proxy)
        except ConnectionResetError:  # reset before the connect returned
            pass
        else:
            with client:
                assert _is_cut(client)
        assert proxy.accepted == 0
