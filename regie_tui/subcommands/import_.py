"""regie-tui import FILE: cases from a JSON case file, or a caseload from CSV/XLSX."""

from __future__ import annotations

import sys
from pathlib import Path

from regie_tui.base.i18n import _

# More lines than this and the report lists the first ones and a count.
SHOWN = 50


def register(sub):
    parser = sub.add_parser("import", help=_("import cases from a case file (.json) or a "
                                             "caseload spreadsheet (.csv, .xlsx)"))
    parser.add_argument("file", type=Path, nargs="?", help=_("the file to import"))
    parser.add_argument("--update", action="store_true",
                        help=_("for cases the store already has: add the history it does "
                               "not have yet"))
    parser.add_argument("--skip-invalid", action="store_true",
                        help=_("import the valid cases and list the rejected ones (default: "
                               "import nothing when anything is wrong)"))
    parser.add_argument("--template", type=Path, metavar="FILE",
                        help=_("write an empty caseload spreadsheet to fill in (.csv or .xlsx)"))
    parser.add_argument("--report", type=Path, metavar="FILE",
                        help=_("also write the whole report, every line, to this file "
                               "(readable only by you)"))
    return parser


def run(args) -> int:
    from regie_tui.cli import CliError

    if args.template is not None:
        return _template(args.template)
    if args.file is None:
        raise CliError(_("Give the file to import, or --template FILE for an empty "
                         "spreadsheet."))
    from regie_tui.cli import make_context
    from regie_tui.exchange import sources

    if args.report is not None:  # a report that cannot be written stops before the import
        _write_report(args.report, None)
    context = make_context(args)
    parsed = sources.parse(args.file)
    from regie_tui.exchange.importer import import_cases

    report = import_cases(context.store, parsed, update=args.update,
                          skip_invalid=args.skip_invalid)
    if args.report is not None:
        _write_report(args.report, report)
    print_report(report, report_file=args.report)
    return 0 if report.ok else 1


def _lines(items, shown: int | None, hint: bool):
    for item in items[:shown]:
        yield f"  {item}"
    if shown is not None and len(items) > shown:
        more = len(items) - shown
        yield "  " + (_("… and {n} more; add --report FILE to write every line to a file.")
                      if hint else _("… and {n} more.")).format(n=more)


def report_lines(report, shown: int | None = SHOWN, hint: bool = True):
    """(to_stderr, line) of the report; at most ``shown`` lines per list (None: all)."""
    if report.problems:
        yield True, _("Problems found:")
        yield from ((True, line) for line in _lines(report.problems, shown, hint))
    if not report.written:
        yield True, _("Nothing was imported. Fix the problems above, or use --skip-invalid to "
                      "import only the valid cases.")
        return
    yield False, _("Imported: {created} new case(s), {updated} updated, {unchanged} "
                   "unchanged.").format(created=len(report.created),
                                        updated=len(report.updated),
                                        unchanged=len(report.unchanged))
    if report.updated:
        yield False, _("History entries added: {n}.").format(n=sum(report.updated.values()))
    if report.consultants_created:
        yield False, _("Consultants added: {names}.").format(
            names=", ".join(report.consultants_created))
    if report.notes:
        yield False, _("Kept as in the store (the file differs):")
        yield from ((False, line) for line in _lines(report.notes, shown, hint))
    if report.skipped:
        yield True, _("Not imported ({n}):").format(n=len(report.skipped))
        yield from ((True, line) for line in _lines(report.skipped, shown, hint))


def print_report(report, report_file: Path | None = None) -> None:
    # With --report the whole report is in the file already: no hint to add one.
    for to_err, line in report_lines(report, hint=report_file is None):
        print(line, file=sys.stderr if to_err else sys.stdout)
    if report_file is not None:
        print(_("The whole report is in {path} (readable only by you).").format(
            path=report_file))


def _write_report(path: Path, report) -> None:
    """Every line of the report, 0600: it names cases and what is wrong in them."""
    from regie_tui.base.config import write_private_text
    from regie_tui.cli import CliError

    text = "" if report is None else "".join(
        line + "\n" for _err, line in report_lines(report, shown=None))
    try:
        write_private_text(path, text)
    except OSError as exc:
        raise CliError(_("Cannot write {path}: {reason}.").format(
            path=path, reason=exc.strerror or exc.__class__.__name__)) from None


def _template(path: Path) -> int:
    from regie_tui.cli import CliError
    from regie_tui.exchange import spreadsheet

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise CliError(_("A template is a .csv or .xlsx file."))
    spreadsheet.write_template(path)
    print(_("Wrote an empty caseload spreadsheet to {path}. Fill in one case per row and "
            "import it with: regie-tui import {path}").format(path=path))
    return 0
