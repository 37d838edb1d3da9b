"""Where to save an export: a path, ready with a free name in the last folder used.

Enter saves there, Escape cancels. The folder must exist (Regie makes no
folders it was not asked for) and an existing file is never overwritten.
The folder of a saved export is remembered in config.toml for the next one.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from regie_tui.base.i18n import _


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """A file name in ``folder`` that is not taken yet (never overwrite an earlier export)."""
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def start_folder() -> Path:
    """The folder of the last export, while it exists; else Regie's exports folder."""
    from regie_tui.base.config import ConfigError, load_settings
    from regie_tui.exchange.files import default_folder

    try:
        last = load_settings().export_folder
    except ConfigError:
        last = None
    if last and Path(last).expanduser().is_dir():
        return Path(last).expanduser()
    return default_folder()


def remember_folder(path: Path) -> None:
    from regie_tui.base.config import remember

    # The export is written; a config that cannot be saved loses only the suggestion.
    with contextlib.suppress(OSError):
        remember("export_folder", str(Path(path).parent))


def problem(path: Path) -> str | None:
    """Why ``path`` cannot take the export (None: it can)."""
    if not path.name or path.is_dir():
        return _("Type a file name, not only a folder.")
    if not path.parent.is_dir():
        return _("The folder {folder} does not exist.").format(folder=path.parent)
    if path.exists():
        return _("{path} already exists; Regie does not overwrite it. Choose another "
                 "name.").format(path=path)
    return None


class ExportDialog(ModalScreen[Path | None]):
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    #export-body { width: 100; max-width: 100%; height: auto; border: round $primary;
                   background: $surface; padding: 1 2; }
    #export-path { margin: 1 0 0 0; }
    #export-error { color: $error; }
    #export-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="export.cancel",
                tooltip=_("Close without exporting")),
    ]

    def __init__(self, title: str, suggested: Path, hint: str = ""):
        super().__init__()
        self._title = title
        self._suggested = suggested
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="export-body"):
            yield Label(Text(self._title), classes="title")
            yield Static(Text(_("Save as (Enter saves, Escape cancels):")))
            yield Input(str(self._suggested), id="export-path")
            yield Static("", id="export-error")
            hint = _("The file holds personal data: save it on this device or a secured "
                     "drive.")
            yield Static(Text(f"{self._hint} {hint}".strip()), id="export-hint")

    def on_mount(self) -> None:
        field = self.query_one("#export-path", Input)
        field.focus()
        # The cursor on the name, so typing another name replaces only that.
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        path = Path(text).expanduser() if text else Path()
        if text and not path.is_absolute():
            path = self._suggested.parent / path
        reason = problem(path) if text else _("Type a file name, not only a folder.")
        if reason:
            self.query_one("#export-error", Static).update(Text(reason))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
