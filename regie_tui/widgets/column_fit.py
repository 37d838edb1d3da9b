"""Columns of a wide table on a narrow terminal: what a consultant needs stays in view.

A table designed for 160 columns loses its right-hand columns at 100 or 80,
and those were the ones that matter (signals, youth seen, duo partner). The
layout is chosen in three steps, from the designed one down:

1. everything fits at its designed width: the designed layout;
2. everything fits when columns give up their slack (never below a minimum,
   nor below their header): the designed order, narrower;
3. otherwise the *priority* columns come first, narrowed to fit the screen,
   and the others follow at their designed width, reached by scrolling right.

Pure: widths in, widths out (no Textual), so it is tested without a screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

# DataTable pads every cell by one on each side.
CELL_PADDING = 2


def _total(widths: Sequence[int]) -> int:
    return sum(w + CELL_PADDING for w in widths)


def _shrink(widths: list[int], minimums: list[int], available: int) -> bool:
    """Narrow the columns with the most slack first, one cell at a time, until the row
    fits in ``available``; False (widths at their minimum) when it cannot."""
    while _total(widths) > available:
        slack = [(w - m, i) for i, (w, m) in enumerate(zip(widths, minimums, strict=True))]
        most, index = max(slack)
        if most <= 0:
            return False
        widths[index] -= 1
    return True


def fit_columns(columns: Sequence[tuple[str, str, int]], available: int,
                priority: Sequence[str], minimum: dict[str, int]
                ) -> list[tuple[str, str, int]]:
    """``(key, label, width)`` in the order and widths to show in ``available`` cells.

    ``columns`` as designed (labels translated); ``priority`` the keys that must
    stay in view, in the order to show them; ``minimum`` per key (default: the
    designed width, so a column without one never narrows).
    """
    def floor(key: str, label: str, width: int) -> int:
        return min(width, max(minimum.get(key, width), cell_len(label)))

    widths = [width for _key, _label, width in columns]
    if _total(widths) <= available:
        return list(columns)
    floors = [floor(*column) for column in columns]
    if _shrink(widths, floors, available):
        return [(key, label, w) for (key, label, _w), w in zip(columns, widths, strict=True)]
    by_key = {key: (key, label, width) for key, label, width in columns}
    first = [by_key[key] for key in priority if key in by_key]
    rest = [column for column in columns if column[0] not in priority]
    widths = [width for _key, _label, width in first]
    _shrink(widths, [floor(*column) for column in first], available)
    return [(key, label, w) for (key, label, _w), w in zip(first, widths, strict=True)] + rest
