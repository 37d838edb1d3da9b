"""The command line: open the app, and the headless sub-commands.

    regie-tui [--db PATH | --demo] [--today DATE] [--as NAME] [--lang nl|en]
    regie-tui demo --cases N --out PATH
    regie-tui config
    regie-tui signals [--all] [--case CODE] [--format table|json|csv]

Slow imports (Textual, SQLAlchemy) are deferred to the commands that need them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
from pathlib import Path

from regie_tui import __version__
from regie_tui.base import i18n
from regie_tui.base.i18n import _


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date: {text!r} (use YYYY-MM-DD)").format(text=text)) from None


def store_arg(text: str) -> Path | str:
    """A file path, or a team store's URL kept as typed (a Path would fold its ``//``)."""
    return text if is_team_url(text) else Path(text)


def is_team_url(text: str | Path | None) -> bool:
    return isinstance(text, str) and text.startswith(("postgresql://", "postgres://"))


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", type=store_arg, default=default,
                        help=_("the case store to open (default: your own store)"))
    parser.add_argument("--demo", action="store_true",
                        default=argparse.SUPPRESS if suppress else False,
                        help=_("open the fictional demo caseload instead of your own store"))
    parser.add_argument("--today", type=_date_arg, default=default,
                        help=_("act as if today were this date (YYYY-MM-DD)"))
    parser.add_argument("--as", dest="user", default=default, metavar="NAME",
                        help=_("work as this consultant"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default,
                        help=_("language of the interface"))
    parser.add_argument("--create", action="store_true",
                        default=argparse.SUPPRESS if suppress else False,
                        help=_("make a new, empty store when the file given with --db "
                               "does not exist yet"))


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv`` given, sub-commands only when argv may name one.

    Opening the app is the common case and the one that must start fast:
    importing the eight sub-command modules costs 10-20 ms it does not need.
    """
    parser = argparse.ArgumentParser(
        prog="regie-tui", description=_("Regie: process direction for youth consultants."))
    parser.add_argument("--version", action="version", version=f"regie-tui {__version__}")
    _common(parser, suppress=False)
    if argv is not None and not _may_name_subcommand(argv):
        return parser
    sub = parser.add_subparsers(dest="command")
    for name in SUBCOMMANDS:
        module = importlib.import_module(f"regie_tui.subcommands.{name}")
        command = module.register(sub)
        _common(command, suppress=True)
        command.set_defaults(handler=module.run)
    return parser


# Headless sub-commands: one module each under regie_tui.subcommands, with
# ``register(subparsers) -> parser`` and ``run(args) -> exit code``.
SUBCOMMANDS = (
    "demo",
    "config",
    "signals",
    "export",
    "backup",
    "restore",
    "audit",
    "import_",
    "encrypt",
    "team",
    "take",
    "sync",
)


def _may_name_subcommand(argv: list[str]) -> bool:
    names = {name.rstrip("_") for name in SUBCOMMANDS}
    values = _option_values(argv)
    return any(arg in names or arg in ("-h", "--help")
               or (not arg.startswith("-") and arg not in values) for arg in argv)


def _option_values(argv: list[str]) -> set[str]:
    """The arguments that are the value of an option before them (``--db PATH``)."""
    takes_value = {"--db", "--today", "--as", "--lang"}
    return {argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg in takes_value}


class CliError(Exception):
    """A problem to report in one sentence, without a traceback."""


def _lang_in(argv: list[str]) -> str | None:
    """--lang, read before parsing, so that --help and argument errors are translated too."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        elif arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        else:
            continue
        return value if value in i18n.LANGUAGES else None
    return None


def _setup_language(args) -> None:
    from regie_tui.base.config import load_settings

    language = args.lang or load_settings().language or i18n.system_language()
    i18n.set_language(language)


def make_context(args, *, for_app: bool = False, backup_today: bool = True):
    """Open the store the arguments point at and build the run's context.

    ``backup_today=False``: no daily backup now (``audit verify`` takes it only
    after the log has passed, so a backup never launders a tampered log).
    """
    from regie_tui.base import config
    from regie_tui.base.clock import Clock
    from regie_tui.data import backups, db, health
    from regie_tui.session.context import AppContext

    clock = Clock(args.today)
    if not args.demo and is_team_url(_store_target(args)):
        return _team_context(args, _store_target(args), clock)
    settings = config.load_settings()
    warnings: list[str] = []
    if args.demo:
        from regie_tui.data import demo

        path = demo.ensure_demo(config.demo_db_path(), clock.today())
    else:
        path = _store_path(args, for_app=for_app)
        from regie_tui.session.passphrase import ensure_unlocked

        ensure_unlocked(path)
    # Refuses a network drive, a folder, a device, a read-only folder; opens a
    # damaged file read-only (store.blocked).
    store = health.open_store(path, clock, actor=actor_of(args, settings),
                              daily=not args.demo)
    if store.blocked:
        if not for_app:  # the app shows it on its own screen
            print(f"regie-tui: {store.blocked}", file=sys.stderr)
    elif not args.demo and backup_today:
        # The first start of the day backs up; later starts only stat one file.
        # A backup that fails (a full disk) warns: it never locks anyone out.
        try:
            backups.daily_backup(store.path, clock.today())
        except (OSError, *db.errors()) as exc:
            warnings.append(_(
                "Today's backup could not be made ({reason}); your work is saved as usual, "
                "but make room on the disk so tomorrow's backup succeeds.").format(
                    reason=getattr(exc, "strerror", None) or exc))
            if not for_app:
                print(_("regie-tui: warning: {message}").format(message=warnings[-1]),
                      file=sys.stderr)
    user = args.user or (None if args.demo else settings.user)
    if args.demo and user is None:
        user = demo.TEAM[0][0]
    if user is not None and store.consultant_id(user) is None and not for_app:
        raise CliError(_("There is no consultant called {name} in {path}.").format(
            name=user, path=path))
    context = AppContext(store=store, clock=clock, user=user, demo=args.demo,
                         language=i18n.current_language(), remember_user=not args.user)
    context.intervals = load_intervals()
    context.warnings = warnings
    if user is not None:
        store.actor = user
    return context


def _store_target(args) -> Path | str | None:
    """What --db, REGIE_DB or ``store = …`` in config.toml names: a file's path, a team
    store's URL, or None."""
    from regie_tui.base import config

    return args.db or config.configured_store()


# Sub-commands that work on a team store (or never open the store named); the
# others refuse it plainly (below).
TEAM_READY = frozenset({"signals", "team", "config", "demo", "export", "import", "audit",
                        "take", "sync"})
FILE_ONLY = frozenset({"backup", "restore", "encrypt"})


def refuse_unready_on_team_store(args) -> None:
    """A command that does not work on a team store (yet) says so before it starts."""
    target = _store_target(args)
    command = getattr(args, "command", None)
    if (getattr(args, "demo", False) or not is_team_url(target) or command in TEAM_READY
            or command is None):  # None: the app, which works on a team store
        return
    if command in FILE_ONLY:
        from regie_tui.data import engines

        raise CliError(engines.for_target(target).file_operations_refused(
            f"regie-tui {command}"))
    raise CliError(_("regie-tui {command} does not work on a team store yet: the app and "
                     "regie-tui signals do. Nothing was changed.").format(
                         command=command.rstrip("_")))


def _team_context(args, url: str, clock):
    """A team store: the user is the database login (no --as, nothing remembered);
    no file checks and no daily backup (the server's administrator runs pg_dump)."""
    from regie_tui.data.store import Store
    from regie_tui.session.context import AppContext

    if getattr(args, "user", None):
        raise CliError(_("On a team store you work as the database login you connect "
                         "with; --as is not used there."))
    store = Store.open(url, clock)
    context = AppContext(store=store, clock=clock, user=store.actor, demo=False,
                         language=i18n.current_language(), remember_user=False)
    context.intervals = load_intervals()
    context.warnings = []
    return context


def _store_path(args, *, for_app: bool) -> Path:
    """The store the arguments name. A path typed with --db (or REGIE_DB) that does
    not exist is created only when asked: ``--create``, or a yes in the terminal
    before the app starts; a mistyped path would otherwise start an empty store."""
    from regie_tui.base import config
    from regie_tui.data import db

    explicit = _store_target(args)
    path = explicit or config.default_db_path()
    db.refuse_non_file(path)
    if explicit is None or path.exists() or getattr(args, "create", False):
        return path
    if for_app and _confirm_create(path):
        return path
    raise CliError(_("There is no case store at {path}. Check the path; to make a new, "
                     "empty store there, add --create.").format(path=path))


def _confirm_create(path: Path) -> bool:
    """Ask in the terminal before the app makes a new store; no terminal: no."""
    if sys.stdin is None or not sys.stdin.isatty():
        return False
    try:
        answer = input(_("There is no case store at {path}. Make a new, empty store "
                         "there? [y/N] ").format(path=path))
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes", "j", "ja"}


def actor_of(args, settings) -> str:
    """Who the audit log names: --as, the remembered identity, else the computer login.

    Never a made-up "system": a read by someone who has not said who they are
    still has to be traceable to a person (NEN 7513).
    """
    if args.user or settings.user:
        return args.user or settings.user
    import getpass

    try:
        login = getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name to be found
        login = "unknown"
    return f"login:{login}"[:200]


def audit_store_action(args, path: Path, action: str, obj: str) -> None:
    """One audit entry for something done to the store file as a whole (restore, encrypt)."""
    from regie_tui.base import config
    from regie_tui.base.clock import Clock
    from regie_tui.data import audit_log
    from regie_tui.data.store import Store

    store = Store.open(path, Clock(args.today),
                       actor=actor_of(args, config.load_settings()))
    try:
        audit_log.record(store, action, obj)
    finally:
        store.close()


def load_intervals():
    """The team's intervals from rules.toml, or the defaults; a bad file stops with a message."""
    from regie_tui.base.config import read_toml, rules_path
    from regie_tui.rules.intervals import Intervals, IntervalsError

    path = rules_path()
    try:
        return Intervals.from_mapping(read_toml(path), str(path))
    except IntervalsError as exc:
        raise CliError(str(exc)) from None


def cmd_open_app(args) -> int:
    # Start-up paints the caseload before Textual is even imported (views.paint_gate):
    # the frame shown at an earlier start today, at once and marked as being
    # refreshed, then the rows just read, from a child process that computes
    # them while Textual is imported (views.first_rows; Linux only, else the
    # screen reads them). The app's first frame replaces both.
    from regie_tui.views import first_rows, paint_gate

    gate = paint_gate.for_terminal()
    try:
        early = None
        if gate is not None:
            match = _remembered_frame_key(args, gate)
            if match is not None:
                gate.paint_remembered(match)
            early = _first_rows_before_check(args, gate)
        if early is not None:
            context = _checked_context(args, gate, early)
        else:
            context = make_context(args, for_app=True)
            context.first_rows = first_rows.start(context, gate)
        from regie_tui.app import create_app, gated_driver

        extra = {"driver_class": gated_driver(gate)} if gate is not None else {}
        create_app(context, **extra).run()
    finally:
        if gate is not None:
            gate.release()  # the app never painted (an error): leave the frames painted
    return 0


def _checked_context(args, gate, early):
    """The check, any schema upgrade and the daily backup, all before the app
    exists (so nothing can be saved before they are done); then the rows the
    child read meanwhile count, and its frame loses its mark.

    The child reading and painting the first rows comes first on the CPU (two
    cores, shared with other work): the check runs in a thread at a lower
    priority (:func:`_yielding`), and, unless two cores are free, Textual is
    imported, at the normal priority, only once the child's frame is on the
    screen (or after half a second: the app's own frame, when keys work, is
    kept waiting no longer than that).
    """
    from regie_tui.views import first_rows

    def check():
        context = make_context(args, for_app=True)
        context.first_rows = first_rows.confirmed(early, context)
        if context.first_rows is not None:
            gate.checked()  # the check and the backup passed: the mark goes
        return context

    result = _yielding(check)
    if not _cores_to_spare():
        gate.wait_painted(early.finished, limit=0.5)
    import regie_tui.app  # noqa: F401 - the slow part of what follows, beside the check

    return result()


def _cores_to_spare() -> bool:
    """Whether two cores are free (by the load average): then Textual's import runs
    beside the start-up child without slowing its frame, and need not wait for it."""
    try:
        return (os.cpu_count() or 1) - os.getloadavg()[0] >= 2
    except OSError:  # no load average known: as if busy
        return False


# How much nicer than the process the thread that checks the store is, while the
# start-up child computes the first rows: on two cores shared with other work the
# child's frame comes first; the check takes the CPU the child leaves.
YIELD_NICE = 10


def _yielding(fn):
    """Start ``fn()`` in a thread at a lower CPU priority; returns a function that
    waits for it and gives its result (or raises its error).

    On Linux the nice value is per thread, and an unprivileged process cannot
    lower it again: the thread ends with the work, the app runs at the
    normal priority. SQLite's check and the backup release the GIL.
    """
    import contextlib
    import threading

    outcome: dict = {}

    def run() -> None:
        # Not Linux, or not allowed: the normal priority.
        with contextlib.suppress(OSError, AttributeError):
            me = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, me,
                           min(19, os.getpriority(os.PRIO_PROCESS, me) + YIELD_NICE))
        try:
            outcome["value"] = fn()
        except BaseException as error:  # noqa: BLE001 - raised in the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=run, name="regie-check", daemon=True)
    worker.start()

    def result():
        worker.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    return result


def _first_rows_before_check(args, gate):
    """Start the child that reads and paints the first rows now, before the store's
    check (``integrity_check`` and the daily backup on the first start of a day,
    else ``quick_check``), on read-only connections; its frame is marked as being
    checked unless the check has passed when it paints (``first_rows.start_before_check``).
    None when the store is not a plain local file, or the user is not known yet:
    then the rows are read after the check, as before."""
    from regie_tui.base import config
    from regie_tui.base.clock import Clock
    from regie_tui.data import health
    from regie_tui.session.context import AppContext
    from regie_tui.views import first_rows

    if args.demo or is_team_url(_store_target(args)):
        return None
    settings = config.load_settings()
    user = args.user or settings.user
    path = _store_target(args) or config.default_db_path()
    clock = Clock(args.today)
    if user is None or not health.may_read_before_check(path):
        return None
    try:
        intervals = load_intervals()
    except CliError:
        return None  # said by make_context, before anything is shown
    store = health.reader_before_check(path, clock, actor_of(args, settings))
    context = AppContext(store=store, clock=clock, user=user, demo=False,
                         language=i18n.current_language(), remember_user=False)
    context.intervals = intervals
    return first_rows.start_before_check(context, gate)


def _remembered_frame_key(args, gate):
    """What a remembered first frame must match, known before the store is opened;
    None when it cannot be known yet (no user, or a store that is not a plain file)."""
    from regie_tui.base import config
    from regie_tui.base.clock import Clock
    from regie_tui.data import cipher
    from regie_tui.views import first_snapshot

    if not args.demo and is_team_url(_store_target(args)):
        return None  # a team store's rows are never remembered on the laptop
    user = args.user or (None if args.demo else config.load_settings().user)
    path = config.demo_db_path() if args.demo else (args.db or config.default_db_path())
    if user is None or not path.is_file() or cipher.is_encrypted(path):
        return None
    return first_snapshot.key(path, user, Clock(args.today).today(), i18n.current_language(),
                              gate.width, gate.height)


def main(argv: list[str] | None = None) -> int:
    """Run one command; everything it prints passes safe_text's terminal guard.

    Codes, names and file contents reach the terminal in reports, tables and
    errors; an ESC or C1 byte in them would be obeyed by the terminal
    (``\\x1b]0;pwned\\x07`` retitles the window). Each is shown as a visible
    escape instead. Textual draws the app on ``sys.__stdout__``, untouched.
    """
    from regie_tui.base.safe_text import TerminalStream

    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalStream(sys.stdout), TerminalStream(sys.stderr)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _run(argv: list[str] | None) -> int:
    from regie_tui.base.config import ConfigError
    from regie_tui.base.errors import RegieError

    argv = sys.argv[1:] if argv is None else argv
    args = argparse.Namespace(lang=_lang_in(argv))
    try:
        _setup_language(args)
        args = build_parser(argv).parse_args(argv)
        handler = getattr(args, "handler", cmd_open_app)
        refuse_unready_on_team_store(args)
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except (CliError, ConfigError, RegieError) as exc:
        print(f"regie-tui: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`signals | head`): not an error. Point stdout at
        # /dev/null so the interpreter's last flush at exit stays quiet too.
        _quiet_stdout()
        return 141  # 128 + SIGPIPE, what a shell reports for a killed writer
    except Exception as exc:  # noqa: BLE001 - never show a traceback with case data
        from regie_tui.base.errorlog import log_unexpected

        error_id = log_unexpected(exc)
        print(_("regie-tui: something unexpected went wrong (error {id}). Nothing was lost "
                "that was saved before; the details are in {path}.").format(
            id=error_id, path=os.fspath(_error_log_path())), file=sys.stderr)
        return 1


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (tests): nothing to silence
        pass


def _error_log_path() -> Path:
    from regie_tui.base.errorlog import log_path

    return log_path()


if __name__ == "__main__":
    raise SystemExit(main())
