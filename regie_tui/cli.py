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


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", type=Path, default=default,
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


def make_context(args, *, for_app: bool = False):
    """Open the store the arguments point at and build the run's context."""
    from regie_tui.base import config
    from regie_tui.base.clock import Clock
    from regie_tui.data import backups, health
    from regie_tui.session.context import AppContext

    clock = Clock(args.today)
    settings = config.load_settings()
    if args.demo:
        from regie_tui.data import demo

        path = demo.ensure_demo(config.demo_db_path(), clock.today())
    else:
        path = args.db or config.default_db_path()
        from regie_tui.session.passphrase import ensure_unlocked

        ensure_unlocked(path)
    # Refuses a network drive; opens a damaged file read-only (store.blocked).
    store = health.open_store(path, clock, actor=args.user or settings.user or "system")
    if store.blocked:
        if not for_app:  # the app shows it on its own screen
            print(f"regie-tui: {store.blocked}", file=sys.stderr)
    elif not args.demo:
        # The first start of the day backs up; later starts only stat one file.
        backups.daily_backup(store.path, clock.today())
    user = args.user or (None if args.demo else settings.user)
    if args.demo and user is None:
        user = demo.TEAM[0][0]
    if user is not None and store.consultant_id(user) is None and not for_app:
        raise CliError(_("There is no consultant called {name} in {path}.").format(
            name=user, path=path))
    context = AppContext(store=store, clock=clock, user=user, demo=args.demo,
                         language=i18n.current_language(), remember_user=not args.user)
    context.intervals = load_intervals()
    if user is not None:
        store.actor = user
    return context


def audit_store_action(args, path: Path, action: str, obj: str) -> None:
    """One audit entry for something done to the store file as a whole (restore, encrypt)."""
    from regie_tui.base import config
    from regie_tui.base.clock import Clock
    from regie_tui.data import audit_log
    from regie_tui.data.store import Store

    store = Store.open(path, Clock(args.today),
                       actor=args.user or config.load_settings().user or "system")
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
    context = make_context(args, for_app=True)
    # The first screen's rows are computed in a child process while Textual is
    # imported (regie_tui.views.first_rows; Linux only, else the screen reads them).
    from regie_tui.views import first_rows

    context.first_rows = first_rows.start(context)
    from regie_tui.app import create_app

    create_app(context).run()
    return 0




def main(argv: list[str] | None = None) -> int:
    from regie_tui.base.config import ConfigError
    from regie_tui.base.errors import RegieError

    argv = sys.argv[1:] if argv is None else argv
    args = argparse.Namespace(lang=_lang_in(argv))
    try:
        _setup_language(args)
        args = build_parser(argv).parse_args(argv)
        handler = getattr(args, "handler", cmd_open_app)
        return handler(args)
    except (CliError, ConfigError, RegieError) as exc:
        print(f"regie-tui: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - never show a traceback with case data
        from regie_tui.base.errorlog import log_unexpected

        error_id = log_unexpected(exc)
        print(_("regie-tui: something unexpected went wrong (error {id}). Nothing was lost "
                "that was saved before; the details are in {path}.").format(
            id=error_id, path=os.fspath(_error_log_path())), file=sys.stderr)
        return 1


def _error_log_path() -> Path:
    from regie_tui.base.errorlog import log_path

    return log_path()


if __name__ == "__main__":
    raise SystemExit(main())
