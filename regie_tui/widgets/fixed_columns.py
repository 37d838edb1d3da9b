"""Filling a DataTable with columns as wide as their content, set together with the rows.

With DataTable's automatic widths the columns widen on a later idle pass after
rows arrive, and the header line can be painted at the old widths while the
rows show the new ones: a render that differs from run to run (two flaky
snapshots, the team overview and the access log). Setting explicit widths in
the same call as the rows leaves nothing to re-measure; every table whose
rows come later than its first paint (from a worker, or after an edit) is
filled this way.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain


def cell_width(cell) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(str(cell))


def column_widths(labels: Sequence[str], rows: Sequence[tuple],
                  minimum: dict[int, int] | None = None) -> list[int]:
    """Per column: the widest of its label and its cells, and at least ``minimum[i]``."""
    minimum = minimum or {}
    return [max([cell_len(label), minimum.get(i, 0), *(cell_width(row[i]) for row in rows)])
            for i, label in enumerate(labels)]


def translated(columns: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(key, label)`` pairs marked with ``N_``, labels in the current language.

    A blank label stays as it is (gettext of "" is the catalog's header).
    """
    return [(key, _(label) if label.strip() else label) for key, label in columns]


def fill(table: DataTable, columns: Sequence[tuple[str, str]], rows: Sequence[tuple],
         keys: Sequence[str] | None = None, minimum: dict[int, int] | None = None) -> None:
    """Replace columns (``(key, label)``, labels already translated) and rows in one go."""
    # A plain str cell would be read as markup (a name or note with "[/]" crashed
    # the table): store text is shown as it was typed, controls as visible escapes.
    rows = [tuple(plain(c) if isinstance(c, str) else c for c in row) for row in rows]
    widths = column_widths([label for _key, label in columns], rows, minimum)
    table.clear(columns=True)
    for (key, label), width in zip(columns, widths, strict=True):
        table.add_column(label, width=width, key=key)
    for i, row in enumerate(rows):
        table.add_row(*row, key=keys[i] if keys is not None else None)
