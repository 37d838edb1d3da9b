"""Columns on a narrow terminal (widgets/column_fit): the designed layout when it fits,
narrower columns when slack allows, else the priority columns first."""

from __future__ import annotations

from regie_tui.widgets.column_fit import CELL_PADDING, fit_columns

COLUMNS = [("sev", " ", 1), ("code", "Code", 9), ("family", "Family", 16),
           ("phase", "Phase", 14), ("director", "Case director", 15),
           ("signals", "Signals", 30), ("duo", "Duo partner", 12)]
PRIORITY = ("sev", "code", "family", "signals", "duo")
MINIMUM = {"family": 10, "signals": 16, "duo": 8, "phase": 10, "director": 10}


def _width(columns) -> int:
    return sum(w + CELL_PADDING for _k, _l, w in columns)


def test_designed_layout_when_it_fits():
    assert fit_columns(COLUMNS, 200, PRIORITY, MINIMUM) == COLUMNS


def test_slack_given_up_in_the_designed_order():
    columns = fit_columns(COLUMNS, _width(COLUMNS) - 10, PRIORITY, MINIMUM)
    assert [k for k, _l, _w in columns] == [k for k, _l, _w in COLUMNS]
    assert _width(columns) <= _width(COLUMNS) - 10
    assert dict((k, w) for k, _l, w in columns)["signals"] < 30  # the widest gives first


def test_priority_columns_first_and_whole_on_a_narrow_screen():
    columns = fit_columns(COLUMNS, 78, PRIORITY, MINIMUM)
    keys = [k for k, _l, _w in columns]
    assert keys[:5] == list(PRIORITY)
    assert keys[5:] == ["phase", "director"]  # after them, reached by scrolling right
    assert _width(columns[:5]) <= 78
    widths = {k: w for k, _l, w in columns}
    assert widths["phase"] == 14 and widths["director"] == 15  # the rest keep their width


def test_never_narrower_than_the_minimum_or_the_header():
    columns = fit_columns(COLUMNS, 40, PRIORITY, MINIMUM)
    widths = {k: w for k, _l, w in columns}
    assert widths["signals"] == 16 and widths["family"] == 10
    assert widths["duo"] == len("Duo partner")  # the header stays readable
    assert widths["code"] == 9  # no minimum given: the designed width
