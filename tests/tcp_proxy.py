"""A small userspace TCP proxy for fault tests: cut the connection under a running sync.

    with TcpProxy("127.0.0.1", pg_port) as proxy:
        url = f"postgresql://anna@127.0.0.1:{proxy.port}/regie"
        proxy.cut_after(4096)        # reset every connection once 4 KiB went through
        proxy.cut()                  # reset every open connection now
        proxy.refuse()               # new connections are refused (ECONNREFUSED) ...
        proxy.allow()                # ... until allowed again, on the same port

Threads, no asyncio: one accepting, two per connection (one each way). A cut
closes both sockets with SO_LINGER 0, so each side gets a reset (RST), as when
a cable is pulled and the connection is then found dead, rather than a polite
end of stream. Counters (``accepted``, ``bytes_up``, ``bytes_down``, ``cuts``)
let a test say how far a connection got. Only for tests: it listens on
localhost and forwards to one address.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

_RESET = struct.pack("ii", 1, 0)  # SO_LINGER on, 0 s: close() sends RST


def _reset(sock: socket.socket) -> None:
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET)
        # Wakes a pump thread blocked reading it (a close alone would not, and the
        # socket, still in use by that read, would not be released: no RST). SHUT_RD
        # sends nothing, so the close below still ends it with a reset.
        sock.shutdown(socket.SHUT_RD)
    except OSError:
        pass
    with contextlib.suppress(OSError):
        sock.close()


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, *, host: str = "127.0.0.1",
                 port: int = 0, chunk: int = 65536):
        self.target = (target_host, target_port)
        self.host = host
        self.port = port
        self.chunk = chunk
        self.accepted = 0
        self.bytes_up = 0  # client -> target
        self.bytes_down = 0  # target -> client
        self.cuts = 0
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self._cut_after: int | None = None  # bytes (both ways, per connection)
        self._closed = False

    # -- life --------------------------------------------------------------
    def start(self) -> TcpProxy:
        self._listen()
        return self

    def close(self) -> None:
        self._closed = True
        self._stop_listening()
        self.cut()

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.close()

    # -- faults ------------------------------------------------------------
    def cut(self) -> int:
        """Reset every open connection now; the number cut."""
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for client, server in pairs:
            _reset(client)
            _reset(server)
        if pairs:
            with self._lock:
                self.cuts += len(pairs)
        return len(pairs)

    def cut_after(self, n_bytes: int | None) -> None:
        """Reset each connection once ``n_bytes`` went through it (both ways together);
        None: no more. Applies to open connections too, counted from their start."""
        self._cut_after = n_bytes

    def refuse(self) -> None:
        """Stop listening: new connections are refused; open ones go on (cut them too
        with :meth:`cut`)."""
        self._stop_listening()

    def allow(self) -> None:
        """Listen again, on the same port."""
        if self._listener is None and not self._closed:
            self._listen()

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._pairs)

    # -- inside ------------------------------------------------------------
    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._acceptor = threading.Thread(target=self._accept, args=(listener,),
                                          name=f"tcp-proxy-{self.port}", daemon=True)
        self._acceptor.start()

    def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is None:
            return
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        listener.close()
        if self._acceptor is not None:
            self._acceptor.join(timeout=5)
            self._acceptor = None

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # stopped listening
            try:
                server = socket.create_connection(self.target, timeout=10)
                server.settimeout(None)
            except OSError:
                _reset(client)  # the target is down: so is the proxy, to the client
                continue
            with self._lock:
                self.accepted += 1
                self._pairs.append((client, server))
            moved = [0]  # bytes through this connection, both ways
            for source, sink, up in ((client, server, True), (server, client, False)):
                threading.Thread(target=self._pump, args=(source, sink, up, moved, client),
                                 name="tcp-proxy-pump", daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, up: bool, moved: list[int],
              client: socket.socket) -> None:
        while True:
            try:
                data = source.recv(self.chunk)
            except OSError:
                data = b""
            if not data:
                self._end(client)
                return
            passing = self._admit(len(data), up, moved)
            if passing:
                try:
                    sink.sendall(data[:passing])
                except OSError:
                    self._end(client)
                    return
            if passing < len(data):
                self._cut_one(client)
                return

    def _admit(self, n: int, up: bool, moved: list[int]) -> int:
        """How many of ``n`` bytes may pass, counted before they are sent: the answer
        to bytes sent one way must never pass before those bytes are counted."""
        with self._lock:
            limit = self._cut_after
            passing = n if limit is None else max(0, min(n, limit - moved[0]))
            moved[0] += passing
            if up:
                self.bytes_up += passing
            else:
                self.bytes_down += passing
        return passing

    def _take(self, client: socket.socket) -> tuple[socket.socket, socket.socket] | None:
        with self._lock:
            for pair in self._pairs:
                if pair[0] is client:
                    self._pairs.remove(pair)
                    return pair
        return None

    def _cut_one(self, client: socket.socket) -> None:
        pair = self._take(client)
        if pair is not None:
            with self._lock:
                self.cuts += 1
            _reset(pair[0])
            _reset(pair[1])

    def _end(self, client: socket.socket) -> None:
        """One side ended (or was cut): end the other side as it ended, politely."""
        pair = self._take(client)
        if pair is None:
            return
        for sock in pair:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
