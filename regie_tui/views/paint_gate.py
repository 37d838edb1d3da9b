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

from regie_tui.views import first_rows, first_snapshot


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
        # The parent writes one byte here once the store's check (and the daily
        # backup) passed: a child that paints after that paints its frame unmarked.
        self._passed_r, self._passed_w = os.pipe()
        # A frame painted marked is kept aside under this name until the check passed.
        self._pending = first_snapshot.pending_name()
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
            return True  # unknown: as if the child had not begun (a frame it painted stays marked)
        return struct.unpack("i", waiting)[0] > 0

    def paint(self, context, me: int, rows: list, *, checking: bool = False) -> bool:
        """In the child: write the first frame of ``rows`` (the active cases ``me``
        directs) if the app has not painted yet; remember it for the next start.

        ``checking``: read before the store's check passed. Unless the parent has
        said by now that it passed, the frame is marked as such on the screen and
        only kept aside: it becomes the remembered one once the check passed
        (:meth:`checked`), never before (a later start shows only checked rows).
        """
        from regie_tui.base import i18n
        from regie_tui.views import first_paint

        lines = first_paint.lines(
            rows, me, first_paint.title(context.user, context.today, context.demo),
            self.width, self.height)
        if not self._take_token():
            return False
        # Asked only with the right to paint taken: the parent says "passed" before
        # it looks whether the child has begun, so one of the two sees the other.
        marked = checking and not self._check_passed()
        match = first_snapshot.key(context.store.path, context.user, context.today,
                                   i18n.current_language(), self.width, self.height)
        if marked:
            # Kept aside before the frame is said to be written: the parent waits
            # for that before it confirms the frame.
            self._write_taken(first_paint.frame(first_paint.checking(lines)),
                              lambda: first_snapshot.remember(match, lines, self._pending))
        else:
            self._write_taken(first_paint.frame(lines))
            first_snapshot.remember(match, lines)
        return True

    def paint_remembered(self, match: dict) -> bool:
        """In the CLI, before the store is opened and before any child: the frame
        remembered for ``match``, marked as being refreshed. True if painted."""
        from regie_tui.views import first_paint

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
        self._write_taken(text)
        return True

    def _write_taken(self, text: str, then=None) -> None:
        """Write a frame with the right to paint taken, call ``then()``; then say it is written."""
        try:
            _write_all(self.fd, text.encode("utf-8"))
            if then is not None:
                then()
        finally:
            os.write(self._done_w, b"d")
        first_rows._bench_log("first-paint")

    def _check_passed(self) -> bool:
        """In the child: whether the parent has said the store's check passed."""
        try:
            return bool(select.select([self._passed_r], [], [], 0)[0])
        except (OSError, ValueError):
            return False  # unknown: marked (never a mark left off too early)

    def checked(self) -> bool:
        """In the CLI, once the store's check and the daily backup have passed and
        before the app starts: the child's frame, painted while the check ran,
        loses its "being checked" status line and is remembered for a later
        start. True if it was rewritten.

        Said first on a pipe the child reads when it takes the right to paint: a
        child that has not begun yet paints its frame unmarked. A child that has
        begun gets its status line rewritten only once its frame is finished
        (never under its writing).
        """
        from regie_tui.views import first_paint

        if self.claimed:
            return False  # the app has the terminal
        os.write(self._passed_w, b"p")
        if self._token_left():
            return False  # the child has not begun: it paints unmarked
        if not select.select([self._done_r], [], [], self.WAIT_SECONDS)[0]:
            return False  # a stuck child: its marked frame stays
        _write_all(self.fd, first_paint.status(self.height).encode("utf-8"))
        first_snapshot.confirm(self._pending)  # now remembered for a later start
        first_rows._bench_log("checked-paint")
        return True

    def wait_painted(self, gave_up, limit: float) -> bool:
        """In the CLI: wait until the child's frame is written, ``gave_up()`` (the
        child ended without painting), or ``limit`` seconds. True if painted."""
        import time

        end = time.monotonic() + limit
        while not self.claimed and time.monotonic() < end:
            if select.select([self._done_r], [], [], 0.02)[0]:
                return True
            if gave_up():
                return False
        return False

    def claim(self) -> None:
        """In the app, before it writes a frame: from now on the child paints nothing."""
        if self.claimed:
            return
        self.claimed = True
        self.painted = not self._take_token()
        if self.painted:
            select.select([self._done_r], [], [], self.WAIT_SECONDS)
        for fd in (self._token, self._done_r, self._done_w, self._passed_r, self._passed_w):
            os.close(fd)

    def release(self) -> None:
        """After the app: if it never took the terminal over, leave the frames painted."""
        first_snapshot.drop(self._pending)  # not confirmed by now: the check did not pass
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
