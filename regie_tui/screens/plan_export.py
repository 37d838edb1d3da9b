"""Exporting a plan version from a screen: in a worker, with a toast that says where it went.

Shared by the plan screen and the plan history (which therefore no longer import each other).
"""

from __future__ import annotations

from regie_tui.base.errors import NotFoundError, StoreError
from regie_tui.base.i18n import _
from regie_tui.exchange.plan_file import export_plan


def export_version(screen, context, case_id: int, number: int) -> None:
    """Export in a worker; notify the path and that the file holds personal data."""

    def run() -> None:
        try:
            path = export_plan(context.store, case_id, number)
        except (NotFoundError, StoreError) as exc:
            screen.app.call_from_thread(screen.notify, str(exc), severity="error")
            return
        screen.app.call_from_thread(
            screen.notify,
            _("Version {n} written to {path}. The file contains personal data: only you can "
              "open it; delete it after the MDO.").format(n=number, path=path),
            timeout=12)

    screen.run_worker(run, thread=True, exclusive=True, group="plan-export")
