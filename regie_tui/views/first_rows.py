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

import gc
import os
import pickle
import sys
import threading


def involved_rows(context, consultant_id: int, paint=None) -> list:
    """Rows of the cases ``consultant_id`` directs or is duo partner of, with unread marks.

    With ``paint``, the active cases they direct (the first view) are read
    first and handed to ``paint(rows)`` before the others are read.
    """
    from regie_tui.data import case_index

    unread = _unread(context)
    if paint is None:
        return _rows(context, consultant_id, case_index.INVOLVED, unread)
    from regie_tui.views import caseload as V

    directed = _rows(context, consultant_id, case_index.DIRECTED, unread)
    paint(directed)
    others = _rows(context, consultant_id, case_index.OTHERS, unread)
    # Urgency is a total order (it ends with the code): the same order as one read.
    return V.sort_rows(directed + others)


def _rows(context, consultant_id: int, role: str, unread: dict[int, int] | None) -> list:
    from regie_tui.data.case_index import load_involved_caseload
    from regie_tui.rules.engine import evaluate
    from regie_tui.views import caseload as V

    today = context.today
    caseload = load_involved_caseload(context.store, consultant_id, role)
    signals = evaluate(caseload, today, context.intervals)
    rows = V.build_rows(caseload, signals, today, context.intervals)
    _apply_unread(context, rows, unread)
    return rows


def mark_unread(context, rows: list) -> None:
    """Duo reviews the user has not opened yet, on the cases they direct."""
    _apply_unread(context, rows, _unread(context))


def _unread(context) -> dict[int, int] | None:
    from regie_tui.data.review_view import unread_review_counts

    me = context.user_id()
    return None if me is None else unread_review_counts(context.store, me)


def _apply_unread(context, rows: list, unread: dict[int, int] | None) -> None:
    if unread is None:
        return
    me = context.user_id()
    for row in rows:
        row.unread_reviews = unread.get(row.case_id, 0) if row.process_director_id == me else 0


def _child(context, write_end: int, gate, checking: bool = False) -> None:
    """In the forked child: compute, paint the first frame, pickle to the pipe, exit.

    ``checking``: the store's check has not passed yet (:func:`start_before_check`).
    Never returns.
    """
    # A short-lived process: its memory goes back at exit, and a collection over the
    # facts it builds would only delay its frame.
    gc.disable()
    code = 1
    try:
        if checking and not _schema_current(context.store):
            raise RuntimeError("older schema")  # rows after the upgrade: the screen reads them
        me = context.user_id()
        paint = None if gate is None else (
            lambda directed: gate.paint(context, me, directed, checking=checking))
        rows = involved_rows(context, me, paint) if me is not None else None
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

    def __init__(self, context, gate=None, checking: bool = False):
        self.gate = gate
        self.checking = checking
        self._done = threading.Event()
        self._result: tuple[int | None, list | None] = (None, None)
        self._error: BaseException | None = None
        read_end, write_end = os.pipe()
        _bench_log("fork")
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _child(context, write_end, gate, checking)
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

    def finished(self) -> bool:
        """Whether the child has ended (its rows received, or it failed)."""
        return self._done.is_set()

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


def start(context, gate=None) -> FirstRows | None:
    """Start computing the first rows, when the caseload screen will want them.

    ``gate`` (``paint_gate.PaintGate``): the child may paint a first frame through it.
    Call before any thread is started (forking a threaded process is unsafe).
    """
    if not supported() or context.user is None or context.store.blocked:
        return None  # the identity screen comes first, or the store is damaged
    if context.store.team:
        # A team store: the screen reads the rows itself. The child's painted
        # frame is remembered in a local file (views.first_snapshot), and case
        # rows of the team's server do not belong on the laptop's disk.
        return None
    try:
        return FirstRows(context, gate)
    except OSError:
        return None  # no process or pipe to spare: the screen reads the rows itself


def start_before_check(context, gate) -> FirstRows | None:
    """Read and paint the first rows while the parent runs the store's check
    (``integrity_check`` and the daily backup on the first start of a day, else
    ``quick_check``).

    ``context.store`` is ``health.reader_before_check``'s: read-only connections
    only, so this child cannot write whatever the check finds. Unless the check
    has passed by the time it paints, its frame says the store is being checked
    (``first_paint.checking``) until the parent, once the check and the backup
    passed, takes the mark off (``PaintGate.checked``); only then is it
    remembered for a later start. The rows count only once the check has passed
    (:func:`confirmed`).
    """
    if not supported() or gate is None or context.user is None:
        return None
    try:
        return FirstRows(context, gate, checking=True)
    except OSError:
        return None


def confirmed(early: FirstRows | None, context) -> FirstRows | None:
    """The rows read before the check, for the app: only when the check passed
    (a damaged store opens read-only and its screen reads what it can itself)."""
    if early is None or context.store.blocked or context.user is None:
        return None
    return early


def _schema_current(store) -> bool:
    """Rows read with this Regie's queries only from a store at its schema (an older
    one is upgraded after the check, by the parent; a newer one is refused there)."""
    from regie_tui.data import migrate

    with store.read() as conn:
        return not migrate.needs_upgrade(conn)


def _bench_log(event: str) -> None:
    """Timing hook for the benchmarks (as the caseload screen's); off unless REGIE_BENCH_LOG."""
    path = os.environ.get("REGIE_BENCH_LOG")
    if path:
        import time

        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{event} {time.time():.6f} {time.process_time():.6f}\n")
