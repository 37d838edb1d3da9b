"""Exporting a plan version from a screen: in a worker, with a toast that says where it went.

Shared by the plan screen and the plan history (which therefore no longer import each other).
"""

from __future__ import annotations

from pathlib import Path

from regie_tui.base.errors import NotFoundError, RegieError, StoreError
from regie_tui.base.i18n import _
from regie_tui.exchange.plan_file import export_plan


def export_version(screen, context, case_id: int, number: int) -> None:
    """Ask where to save (a PDF for the MDO by default; .md for Markdown), export in a
    worker, and notify the path and that the file holds personal data."""
    from regie_tui.screens.export_commands import _code
    from regie_tui.screens.export_dialog import ExportDialog, free_name, start_folder

    try:
        code = _code(context.store, case_id)
        suggested = free_name(start_folder(), f"plan-{code}-v{number}", ".pdf")
    except (RegieError, OSError) as exc:
        screen.notify(str(exc), severity="error")
        return

    def run(path: Path) -> None:
        from regie_tui.screens.export_dialog import remember_folder

        try:
            path = export_plan(context.store, case_id, number, path)
        except (NotFoundError, StoreError) as exc:
            screen.app.call_from_thread(screen.notify, str(exc), severity="error")
            return
        remember_folder(path)
        screen.app.call_from_thread(
            screen.notify,
            _("Version {n} written to {path}. The file contains personal data: only you can "
              "open it; delete it after the MDO.").format(n=number, path=path),
            timeout=12)

    def chosen(path: Path | None) -> None:
        if path is not None:
            screen.run_worker(lambda: run(path), thread=True, exclusive=True,
                              group="plan-export")

    screen.app.push_screen(ExportDialog(
        _("Export version {n} of the plan").format(n=number), suggested,
        _("End the name in .pdf for a PDF, in .md for Markdown.")), chosen)
