"""Command palette entries for the exports (ctrl+p, "Export …").

Each export first asks where to save (ExportDialog: a free name in the folder
of the last export, else the exports folder of Regie's data folder), then
runs in a worker thread: each file 0600, audit-logged; the notification
names the file and says it holds personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from regie_tui.base.i18n import _
from regie_tui.screens.listed_commands import ListedCommands

# kind: (file name stem, suffix); {code} is the open case, {today} the day.
_NAMES = {
    "caseload-xlsx": ("caseload-{today}", ".xlsx"),
    "caseload-csv": ("caseload-{today}", ".csv"),
    "team-xlsx": ("team-caseload-{today}", ".xlsx"),
    "calendar": ("deadlines-{today}", ".ics"),
    "all-cases": ("cases-{today}", ".json"),
    "summary": ("summary-{code}-{today}", ".md"),
    "summary-pdf": ("summary-{code}-{today}", ".pdf"),
    "case": ("case-{code}-{today}", ".json"),
}


def run_export(app, kind: str, case_id: int | None = None, title: str = "") -> None:
    """Ask where to save, then export in a worker; the result comes back as a toast."""
    from regie_tui.base.errors import RegieError
    from regie_tui.screens.export_dialog import ExportDialog, free_name, start_folder

    stem, suffix = _NAMES[kind]
    try:
        code = _code(app.context.store, case_id) if "{code}" in stem else ""
        folder = start_folder()
    except (RegieError, OSError) as exc:
        app.notify(str(exc), title=_("Export failed"), severity="error")
        return
    suggested = free_name(folder, stem.format(code=code, today=app.context.today.isoformat()),
                          suffix)
    hint = _("End the name in .pdf for a PDF, in .md for Markdown.") \
        if kind.startswith("summary") else ""

    def chosen(path: Path | None) -> None:
        if path is not None:
            app.run_worker(partial(_export, app, kind, code, path), thread=True,
                           group="export", exclusive=True, name=f"export-{kind}")

    app.push_screen(ExportDialog(title or _("Export"), suggested, hint), chosen)


def _export(app, kind: str, code: str, path: Path) -> None:
    from regie_tui.base.errors import RegieError
    from regie_tui.exchange import exports
    from regie_tui.exchange.files import personal_data_notice
    from regie_tui.screens.export_dialog import remember_folder

    context = app.context
    try:
        user_id = context.user_id()
        if kind in ("caseload-xlsx", "caseload-csv", "team-xlsx"):
            path, _n = exports.caseload(context, path, _NAMES[kind][1][1:],
                                        None if kind == "team-xlsx" else user_id)
        elif kind == "calendar":
            path, _n = exports.calendar(context, path, user_id)
        elif kind == "all-cases":
            path, _n = exports.cases(context, path, None)
        elif kind in ("summary", "summary-pdf"):
            path, _n = exports.summary(context, path, code)
        else:
            path, _n = exports.cases(context, path, [code])
    except (RegieError, OSError) as exc:
        message = str(exc) if isinstance(exc, RegieError) else _(
            "The file could not be written ({reason}).").format(
            reason=exc.strerror or exc.__class__.__name__)
        app.call_from_thread(app.notify, message, title=_("Export failed"), severity="error")
        return
    remember_folder(path)
    app.call_from_thread(
        app.notify, _("Saved to {path}.").format(path=path) + "\n" + personal_data_notice(),
        title=_("Exported"), timeout=15)


def _code(store, case_id: int | None) -> str:
    from regie_tui.base.errors import NotFoundError

    with store.read() as conn:
        row = conn.execute("SELECT code FROM care_case WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("This case no longer exists."))
    return row[0]


class ExportCommands(ListedCommands):
    """Exports of the caseload, the calendar and (on a case screen) the open case."""

    def _commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        """(title, help, command) of every export offered here."""
        app = self.app
        commands = [
            (_("Export my caseload (Excel)"),
             _("Your active cases with their signals, as an .xlsx file"), "caseload-xlsx"),
            (_("Export my caseload (CSV)"),
             _("Your active cases with their signals, as a .csv file"), "caseload-csv"),
            (_("Export the team's caseload (Excel)"),
             _("All active cases with their signals, as an .xlsx file"), "team-xlsx"),
            (_("Export my deadlines to a calendar (.ics)"),
             _("Upcoming MDOs, duo reviews, escalation decisions and goal deadlines"),
             "calendar"),
            (_("Export all cases (case file, JSON)"),
             _("Every case with its whole history, to move to another laptop"), "all-cases"),
        ]
        case_id = getattr(self.screen, "case_id", None)
        if case_id is not None:
            commands[:0] = [
                (_("Export a summary of this case (PDF)"),
                 _("Facts, current plan, open signals and last evaluation, for an MDO or "
                   "a hand-over"), "summary-pdf"),
                (_("Export a summary of this case (Markdown)"),
                 _("Facts, current plan, open signals and last evaluation, for an MDO or "
                   "a hand-over"), "summary"),
                (_("Export this case (case file, JSON)"),
                 _("The case with its whole history"), "case"),
            ]
        return [(title, help_text,
                 partial(run_export, app, kind, case_id if kind in ("summary", "summary-pdf",
                                                                    "case") else None, title))
                for title, help_text, kind in commands]
