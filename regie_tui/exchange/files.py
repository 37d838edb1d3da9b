"""Writing exported files: private (0600), audit-logged, with the privacy notice."""

from __future__ import annotations

from pathlib import Path

from regie_tui.base.config import private_dir, write_private_bytes
from regie_tui.base.errors import RegieError
from regie_tui.base.i18n import _
from regie_tui.exchange import audit_log


class ExportError(RegieError):
    """The export file could not be written; nothing was exported."""


def personal_data_notice() -> str:
    return _("This file holds personal data: keep it on this device or a secured drive, "
             "share it only with those who need it, and delete it when it is no longer needed.")


def write_export(store, path: Path, data: bytes | str, *, kind: str, cases: int,
                 case_id: int | None = None, case_code: str | None = None) -> Path:
    """Write ``data`` to ``path`` readable by the user only, then log the export."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    try:
        write_private_bytes(path, data)
    except OSError as exc:
        raise ExportError(_("Cannot write {path}: {reason}.").format(
            path=path, reason=exc.strerror or exc.__class__.__name__)) from None
    try:
        audit_log.log_export(store, kind, cases, case_id=case_id, case_code=case_code)
    except BaseException:
        # An export that is not in the audit log must not exist.
        path.unlink(missing_ok=True)
        raise
    return path


def default_folder() -> Path:
    """Where the app puts exports: ``exports/`` in Regie's data folder, 0700."""
    from regie_tui.base.config import data_dir

    return private_dir(data_dir() / "exports")
