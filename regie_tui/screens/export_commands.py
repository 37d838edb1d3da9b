"""Command palette entries for the exports (ctrl+p, "Export …").

Exports run in a worker thread and land in the exports folder of Regie's
data folder (0700; each file 0600, audit-logged); the notification names the
file and says it holds personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual.command import DiscoveryHit, Hit, Hits, Provider

from regie_tui.base.i18n import _


def _free(folder: Path, stem: str, suffix: str) -> Path:
    """A file name in ``folder`` that is not taken yet (never overwrite an earlier export)."""
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def run_export(app, kind: str, case_id: int | None = None) -> None:
    """Start one export in a worker; the result comes back as a notification."""
    app.run_worker(partial(_export, app, kind, case_id), thread=True, group="export",
                   exclusive=True, name=f"export-{kind}")


def _export(app, kind: str, case_id: int | None) -> None:
    from regie_tui.base.errors import RegieError
    from regie_tui.exchange import exports
    from regie_tui.exchange.files import default_folder, personal_data_notice

    context = app.context
    today = context.today.isoformat()
    try:
        folder = default_folder()
        user_id = context.user_id()
        if kind in ("caseload-xlsx", "caseload-csv", "team-xlsx"):
            suffix = ".csv" if kind == "caseload-csv" else ".xlsx"
            stem = "team-caseload" if kind == "team-xlsx" else "caseload"
            path, _n = exports.caseload(context, _free(folder, f"{stem}-{today}", suffix),
                                        suffix[1:], None if kind == "team-xlsx" else user_id)
        elif kind == "calendar":
            path, _n = exports.calendar(context, _free(folder, f"deadlines-{today}", ".ics"),
                                        user_id)
        elif kind == "all-cases":
            path, _n = exports.cases(context, _free(folder, f"cases-{today}", ".json"), None)
        else:
            code = _code(context.store, case_id)
            if kind == "summary":
                path, _n = exports.summary(context, _free(folder, f"summary-{code}-{today}",
                                                          ".md"), code)
            else:
                path, _n = exports.cases(context, _free(folder, f"case-{code}-{today}",
                                                        ".json"), [code])
    except (RegieError, OSError) as exc:
        message = str(exc) if isinstance(exc, RegieError) else _(
            "The file could not be written ({reason}).").format(
            reason=exc.strerror or exc.__class__.__name__)
        app.call_from_thread(app.notify, message, title=_("Export failed"), severity="error")
        return
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


class ExportCommands(Provider):
    """Exports of the caseload, the calendar and (on a case screen) the open case."""

    def _commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        app = self.app
        commands = [
            (_("Export my caseload (Excel)"),
             _("Your active cases with their signals, as an .xlsx file"),
             partial(run_export, app, "caseload-xlsx")),
            (_("Export my caseload (CSV)"),
             _("Your active cases with their signals, as a .csv file"),
             partial(run_export, app, "caseload-csv")),
            (_("Export the team's caseload (Excel)"),
             _("All active cases with their signals, as an .xlsx file"),
             partial(run_export, app, "team-xlsx")),
            (_("Export my deadlines to a calendar (.ics)"),
             _("Upcoming MDOs, duo reviews, escalation decisions and goal deadlines"),
             partial(run_export, app, "calendar")),
            (_("Export all cases (case file, JSON)"),
             _("Every case with its whole history, to move to another laptop"),
             partial(run_export, app, "all-cases")),
        ]
        case_id = getattr(self.screen, "case_id", None)
        if case_id is not None:
            commands[:0] = [
                (_("Export a summary of this case (Markdown)"),
                 _("Facts, current plan, open signals and last evaluation, for an MDO or "
                   "a hand-over"), partial(run_export, app, "summary", case_id)),
                (_("Export this case (case file, JSON)"),
                 _("The case with its whole history"),
                 partial(run_export, app, "case", case_id)),
            ]
        return commands

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, text=title, help=help_text)
