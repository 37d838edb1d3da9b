"""The rows of the first caseload paint, computed in a child process during start-up.

Start-up is two long steps that do not need each other: importing Textual
and starting the app (Python, a few hundred ms) and reading, evaluating and
building the rows of the user's own and duo cases (a few hundred ms more).
On Linux the CLI forks a child for the second right after opening the store
and before importing the app, so on two cores both run at once; the child
sends the rows back through a pipe and the caseload screen takes them
instead of reading them again. A thread would not do: building the facts
and rows is Python and would hold the GIL the import needs (measured: no
gain).

Elsewhere (no ``fork``: Windows; macOS, where forking without exec is not
safe with some system libraries) nothing is started and the screen reads the
rows itself, as it does in the tests. Whatever goes wrong in the child, the
screen falls back to reading itself; the child never writes anything but the
pipe and never shows anything.

Core module: no Textual here (the CLI imports it before the app).
"""

from __future__ import annotations

import os
import pickle
import sys
import threading


def involved_rows(context, consultant_id: int) -> list:
    """Rows of the cases ``consultant_id`` directs or is duo partner of, with unread marks."""
    from regie_tui.data.case_index import load_involved_caseload
    from regie_tui.rules.engine import evaluate
    from regie_tui.views import caseload as V

    today = context.today
    caseload = load_involved_caseload(context.store, consultant_id)
    signals = evaluate(caseload, today, context.intervals)
    rows = V.build_rows(caseload, signals, today, context.intervals)
    mark_unread(context, rows)
    return rows


def mark_unread(context, rows: list) -> None:
    """Duo reviews the user has not opened yet, on the cases they direct."""
    from regie_tui.data.review_view import unread_review_counts

    me = context.user_id()
    if me is None:
        return
    unread = unread_review_counts(context.store, me)
    for row in rows:
        row.unread_reviews = unread.get(row.case_id, 0) if row.process_director_id == me else 0


def _child(context, write_end: int) -> None:
    """In the forked child: compute, pickle to the pipe, exit. Never returns."""
    code = 1
    try:
        me = context.user_id()
        rows = involved_rows(context, me) if me is not None else None
        data = pickle.dumps((me, rows), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as out:
            out.write(data)
        code = 0
    except BaseException:  # noqa: BLE001, S110 - the screen reads the rows itself then
        pass
    finally:
        # No atexit handlers, no flushing of the parent's buffers: they are the parent's.
        os._exit(code)


class FirstRows:
    """The user's first rows, computed in a child process and received by a thread."""

    def __init__(self, context):
        self._done = threading.Event()
        self._result: tuple[int | None, list | None] = (None, None)
        self._error: BaseException | None = None
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _child(context, write_end)
        os.close(write_end)
        self._pid, self._fd = pid, read_end
        threading.Thread(target=self._receive, name="regie-first-rows", daemon=True).start()

    def _receive(self) -> None:
        chunks = []
        try:
            # Read while the child writes: a pipe holds far less than the rows.
            while chunk := os.read(self._fd, 1 << 20):
                chunks.append(chunk)
            os.close(self._fd)
            _pid, status = os.waitpid(self._pid, 0)
            if chunks and os.waitstatus_to_exitcode(status) == 0:
                self._result = pickle.loads(b"".join(chunks))
        except BaseException as error:  # noqa: BLE001 - handed to the taker, which reports it
            self._error = error
        finally:
            self._done.set()

    def ready(self) -> bool:
        """True when the rows are there (a failed read is left to :meth:`take` in a worker)."""
        return self._done.is_set() and self._error is None

    def take(self) -> tuple[int | None, list | None]:
        """(the user's consultant id, their rows), or (None, None) if the child failed.

        Call from a worker thread, not the UI thread: it waits for the child.
        """
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._result


def supported() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def start(context) -> FirstRows | None:
    """Start computing the first rows, when the caseload screen will want them.

    Call before any thread is started (forking a threaded process is unsafe).
    """
    if not supported() or context.user is None or context.store.blocked:
        return None  # the identity screen comes first, or the store is damaged
    try:
        return FirstRows(context)
    except OSError:
        return None  # no process or pipe to spare: the screen reads the rows itself
