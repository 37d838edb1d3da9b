"""Who paints the terminal first during start-up: Regie's light first frames, or the app.

Before Textual is imported and started, two light frames of the caseload may
be written straight to the terminal (``views.first_paint``): the one this
consultant saw at an earlier start today, dimmed and marked as being
refreshed (``views.first_snapshot``), and then, from the start-up child
process (``views.first_rows``), the frame of the rows just read. The app's
first frame replaces them; nothing may be painted under or after it.

Core module: no Textual here.
"""

from __future__ import annotations

import os
import select

from regie_tui.views import first_rows


class PaintGate:
    """Who paints the terminal first: the child its light first frame, or the app.

    The child may paint only before the app writes its first frame, and the
    app must not write while the child paints. One byte in a pipe is the
    right to paint: whoever reads it first has it. The child says on a
    second pipe when its frame is written; the app, finding the byte gone,
    waits for that (briefly) before it writes.
    """

    # The app waits at most this long for a frame being written (a stuck child must not hang it).
    WAIT_SECONDS = 1.0

    def __init__(self, terminal_fd: int, width: int, height: int):
        self.fd, self.width, self.height = terminal_fd, width, height
        self._token, token_w = os.pipe()
        os.write(token_w, b"t")
        os.close(token_w)
        os.set_blocking(self._token, False)
        self._done_r, self._done_w = os.pipe()
        self.claimed = False
        self.painted = False  # the child painted (known once claimed)
        self.early = False  # the remembered frame was painted

    def _take_token(self) -> bool:
        try:
            return os.read(self._token, 1) == b"t"
        except BlockingIOError:
            return False

    def _token_left(self) -> bool:
        """Whether the right to paint is still in its pipe, seen without taking it
        (FIONREAD; its write end is closed, so select would also say "readable" at EOF)."""
        import fcntl
        import struct
        import termios

        try:
            waiting = fcntl.ioctl(self._token, termios.FIONREAD, b"\0\0\0\0")
        except OSError:
            return True  # unknown: as if the child had not begun (its frame stays marked)
        return struct.unpack("i", waiting)[0] > 0

    def paint(self, context, me: int, rows: list, *, checking: bool = False) -> bool:
        """In the child: write the first frame of ``rows`` (the active cases ``me``
        directs) if the app has not painted yet; remember it for the next start.

        ``checking``: read before the store's check passed: marked as such on the
        screen, and never remembered (a later start shows only checked rows).
        """
        from regie_tui.base import i18n
        from regie_tui.views import first_paint, first_snapshot

        lines = first_paint.lines(
            rows, me, first_paint.title(context.user, context.today, context.demo),
            self.width, self.height)
        if checking:
            return self._write_first(first_paint.frame(first_paint.checking(lines)))
        done = self._write_first(first_paint.frame(lines))
        first_snapshot.remember(first_snapshot.key(
            context.store.path, context.user, context.today, i18n.current_language(),
            self.width, self.height), lines)
        return done

    def paint_remembered(self, match: dict) -> bool:
        """In the CLI, before the store is opened and before any child: the frame
        remembered for ``match``, marked as being refreshed. True if painted."""
        from regie_tui.views import first_paint, first_snapshot

        lines = first_snapshot.recall(match)
        if lines is None:
            return False
        _write_all(self.fd, first_paint.frame(first_paint.refreshing(lines)).encode("utf-8"))
        self.early = True
        first_rows._bench_log("remembered-paint")
        return True

    def _write_first(self, text: str) -> bool:
        if not self._take_token():
            return False
        try:
            _write_all(self.fd, text.encode("utf-8"))
        finally:
            os.write(self._done_w, b"d")
        first_rows._bench_log("first-paint")
        return True

    def checked(self) -> bool:
        """In the CLI, once the store's check and the daily backup have passed and
        before the app starts: the child's frame, painted while the check ran,
        loses its "being checked" status line. True if it was rewritten.

        Only when the child took the right to paint and has finished its frame
        (never under its writing); a child that has not begun yet paints its
        frame marked as being checked, which stays until the app replaces it
        (the safe way round: never a mark taken away too early).
        """
        from regie_tui.views import first_paint

        if self.claimed or self._token_left():
            return False  # the app has the terminal, or the child has not begun
        if not select.select([self._done_r], [], [], self.WAIT_SECONDS)[0]:
            return False  # a stuck child: its marked frame stays
        _write_all(self.fd, first_paint.status(self.height).encode("utf-8"))
        first_rows._bench_log("checked-paint")
        return True

    def claim(self) -> None:
        """In the app, before it writes a frame: from now on the child paints nothing."""
        if self.claimed:
            return
        self.claimed = True
        self.painted = not self._take_token()
        if self.painted:
            select.select([self._done_r], [], [], self.WAIT_SECONDS)
        for fd in (self._token, self._done_r, self._done_w):
            os.close(fd)

    def release(self) -> None:
        """After the app: if it never took the terminal over, leave the frames painted."""
        if not self.claimed:
            self.claim()
            if self.painted or self.early:
                from regie_tui.views.first_paint import LEAVE

                os.write(self.fd, LEAVE.encode())


def for_terminal() -> PaintGate | None:
    """A gate for a first frame when the app will draw on a terminal (Textual uses stderr)."""
    fd = 2
    if (not first_rows.supported() or os.environ.get("REGIE_FIRST_PAINT", "1") == "0"
            or not (os.isatty(fd) and os.isatty(0))):
        return None
    try:
        width, height = os.get_terminal_size(fd)
    except OSError:
        return None
    if width < 20 or height < 10:
        return None  # no size known yet, or too small to show rows in
    return PaintGate(fd, width, height)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
